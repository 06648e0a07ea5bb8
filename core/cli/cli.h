/* cli.h — what the files of the `galley` command share: exit codes, option ids, the
 * callbacks that print a run's errors and logs, a growable string, and each command's
 * entry point. Only galley.h is used from the library. */
#ifndef GALLEY_CLI_H
#define GALLEY_CLI_H

#include "galley.h"

#include <stdio.h>

enum { EXIT_PARTIAL = 1, EXIT_USAGE = 2, EXIT_FATAL = 3 };

/* Long options without a short form, with the same names in every command. */
enum {
    OPT_DB = 256,
    OPT_CONFIG,
    OPT_PLUGIN,
    OPT_INPUT_FORMAT,
    OPT_SUMMARY,
    OPT_FORMAT,
    OPT_FAIL_FAST,
    OPT_JSON,
    OPT_KIND,
    OPT_DIR,
    OPT_EXPECT,
    OPT_UPDATE,
    OPT_JOBS,
    OPT_SHARD,
    OPT_STDIN_JSONL,
    OPT_STDOUT_JSONL,
    OPT_MAP
};

/* The state the run/extract/export callbacks print with. */
typedef struct cli {
    const char *cmd;
    int verbose;
    int summary_json;
    char **errors; /* collected for --summary json */
    size_t nerrors, caperrors;
    int progress_shown; /* a progress line is on the terminal: clear it before printing */
} cli;

/* Clears the progress line, if one is shown, so that a message starts on a clean line. */
void cli_clear_progress(cli *c);

/* Prints "galley CMD: <fmt with arg>" and where to find help; returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, const char *arg);

/* The plugin folders, ':'-separated: $GALLEY_PLUGIN_PATH, ./plugins, the source tree's
 * plugins, the installed ones. Caller frees; NULL when out of memory. */
char *cli_plugin_path(void);

/* Opens a handle on a database (db, else the config's, else galley.db); prints why not
 * and returns an exit code. */
int cli_open_handle(galley **g, const char *db, const char *config, int read_only, const char *cmd);

/* Opens a handle without a database (a config still gives plugin options). */
int cli_open_bare(galley **g, const char *config, const char *cmd);

/* The exit code for a library status: usage, not found -> 2, the rest -> 3. */
int cli_exit_code(int rc);

/* on_error / on_log for run, extract and export: one line on standard error each. */
void cli_on_error(void *ud, const galley_error *e);
void cli_on_log(void *ud, const char *level, const char *plugin, const char *source, const char *message);
void cli_free_errors(cli *c);

/* s as a JSON string. */
void cli_json_string(FILE *f, const char *s);

/* A growable string; `failed` is set (and the text kept as it was) when out of memory. */
typedef struct sbuf {
    char *data;
    size_t len, cap;
    int failed;
} sbuf;

#define SBUF_INIT {NULL, 0, 0, 0}

void sbuf_put(sbuf *b, const char *s, size_t n);
void sbuf_puts(sbuf *b, const char *s);
void sbuf_printf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sbuf_free(sbuf *b);

/* A list of strings the list owns. */
typedef struct strs {
    char **v;
    size_t n, cap;
} strs;

int strs_push(strs *l, const char *s); /* copies s; -1 when out of memory */
void strs_sort(strs *l);
void strs_free(strs *l);

/* a "/" b, or b alone when a is NULL or "."; caller frees; NULL when out of memory. */
char *cli_path_join(const char *a, const char *b);

/* Reads a whole file into a NUL-terminated string; NULL with errno set on failure. */
char *cli_read_file(const char *path, size_t *len);

/* Writes data to path, creating it; with exclusive set, fails (EEXIST) when it exists. */
int cli_write_file(const char *path, const char *data, size_t len, int exclusive);

/* Creates a folder and the folders above it; 0 when it is there, -1 with errno. */
int cli_mkdirs(const char *path);

/* The regular files under root (root itself when it is a file), sorted; symbolic links
 * are not followed. -1 with errno when root cannot be read. */
int cli_list_tree(const char *root, strs *out);

/* Removes a file or a folder with everything in it; -1 with errno on failure. */
int cli_remove_tree(const char *path);

/* The commands; each takes its argv from the command's name on. */
int cmd_run(int argc, char **argv);
int cmd_extract(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_plugins(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_plugin(int argc, char **argv);
int cmd_plugin_new(int argc, char **argv);
int cmd_plugin_test(int argc, char **argv);
int cmd_train(int argc, char **argv);
int cmd_eval_categories(int argc, char **argv);

#endif
