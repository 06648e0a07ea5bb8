/* common.c — helpers every command of the `galley` CLI uses: usage errors, the plugin
 * path, opening a handle, printing errors and logs, strings and files. */
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int cli_usage_error(const char *cmd, const char *fmt, const char *arg) {
    fprintf(stderr, "galley%s%s: ", cmd ? " " : "", cmd ? cmd : "");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'galley %s%s--help'.\n", cmd ? cmd : "", cmd ? " " : "");
    return EXIT_USAGE;
}

/* The plugins folder of the source tree the binary was built in (build/galley ->
 * plugins/), or "" when /proc/self/exe cannot be read. */
static void source_tree_plugins(char *out, size_t size) {
    char exe[PATH_MAX];
    out[0] = '\0';
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) return;
    exe[n] = '\0';
    for (int up = 0; up < 2; up++) {
        char *slash = strrchr(exe, '/');
        if (slash) *slash = '\0';
    }
    snprintf(out, size, "%s/plugins", exe);
}

/* Appends folder to the path when it exists and is not there already (by real path). */
static void add_folder(sbuf *path, char (*seen)[PATH_MAX], size_t *nseen, const char *folder) {
    char real[PATH_MAX];
    struct stat st;
    if (!folder || !*folder || !realpath(folder, real) || stat(real, &st) != 0 || !S_ISDIR(st.st_mode))
        return;
    for (size_t k = 0; k < *nseen; k++)
        if (strcmp(seen[k], real) == 0) return;
    memcpy(seen[(*nseen)++], real, sizeof real);
    if (path->len) sbuf_puts(path, ":");
    sbuf_puts(path, folder);
}

char *cli_plugin_path(void) {
    char beside[PATH_MAX + 16];
    source_tree_plugins(beside, sizeof beside);
    const char *env = getenv("GALLEY_PLUGIN_PATH");
    sbuf path = SBUF_INIT;
    if (env && *env) sbuf_puts(&path, env); /* the variable is taken as it is */
    char seen[3][PATH_MAX];
    size_t nseen = 0;
    add_folder(&path, seen, &nseen, "plugins");
    add_folder(&path, seen, &nseen, beside);
    add_folder(&path, seen, &nseen, galley_default_plugin_dir());
    sbuf_puts(&path, "");
    if (path.failed) {
        sbuf_free(&path);
        return NULL;
    }
    return path.data;
}

int cli_exit_code(int rc) { return rc == GALLEY_EUSAGE || rc == GALLEY_ENOTFOUND ? EXIT_USAGE : EXIT_FATAL; }

static int open_with(galley **g, galley_options *o, const char *cmd) {
    char *pp = cli_plugin_path();
    o->plugin_path = pp;
    int rc = pp ? galley_open(g, o) : GALLEY_ENOMEM;
    free(pp);
    if (rc == GALLEY_OK) return 0;
    fprintf(stderr, "galley %s: %s\n", cmd, galley_errmsg(*g)); /* NULL: "out of memory" */
    galley_close(*g);
    *g = NULL;
    return cli_exit_code(rc);
}

int cli_open_handle(galley **g, const char *db, const char *config, int read_only, const char *cmd) {
    galley_options o = GALLEY_OPTIONS_INIT;
    o.config_path = config;
    o.read_only = read_only;
    o.db_path = db;
    o.db_default = "galley.db";
    *g = NULL;
    return open_with(g, &o, cmd);
}

int cli_open_bare(galley **g, const char *config, const char *cmd) {
    galley_options o = GALLEY_OPTIONS_INIT;
    o.config_path = config;
    /* A config may name a database; an in-memory one keeps the disk untouched. */
    o.db_path = config ? ":memory:" : NULL;
    *g = NULL;
    return open_with(g, &o, cmd);
}

void cli_json_string(FILE *f, const char *s) {
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p == '\n')
            fputs("\\n", f);
        else if (*p < 0x20)
            fprintf(f, "\\u%04x", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

/* Prints text one line at a time, each after prefix. */
static void print_indented(FILE *f, const char *prefix, const char *text) {
    for (const char *line = text; *line;) {
        size_t n = strcspn(line, "\n");
        fprintf(f, "%s%.*s\n", prefix, (int)n, line);
        line += n;
        if (*line) line++;
    }
}

static void keep_error(cli *c, const char *message) {
    if (c->nerrors == c->caperrors) {
        size_t cap = c->caperrors ? c->caperrors * 2 : 16;
        char **errs = realloc(c->errors, cap * sizeof *errs);
        if (!errs) return;
        c->errors = errs;
        c->caperrors = cap;
    }
    char *copy = strdup(message);
    if (copy) c->errors[c->nerrors++] = copy;
}

void cli_clear_progress(cli *c) {
    if (!c->progress_shown) return;
    fputs("\r\033[K", stderr);
    c->progress_shown = 0;
}

void cli_on_error(void *ud, const galley_error *e) {
    cli *c = ud;
    cli_clear_progress(c);
    fprintf(stderr, "galley: error: %s\n", e->message);
    /* The Lua frames under the message, when there is more than the line it names. */
    if (e->traceback && strchr(e->traceback, '\n')) print_indented(stderr, "    ", e->traceback);
    if (c->summary_json) keep_error(c, e->message);
}

void cli_free_errors(cli *c) {
    for (size_t i = 0; i < c->nerrors; i++)
        free(c->errors[i]);
    free(c->errors);
    c->errors = NULL;
    c->nerrors = c->caperrors = 0;
}

void cli_on_log(void *ud, const char *level, const char *plugin, const char *source, const char *message) {
    cli *c = ud;
    int important = strcmp(level, "warn") == 0 || strcmp(level, "error") == 0;
    if (!important && !c->verbose) return;
    cli_clear_progress(c);
    if (source)
        fprintf(stderr, "galley: %s: %s: %s (article '%s')\n", level, plugin, message, source);
    else
        fprintf(stderr, "galley: %s: %s: %s\n", level, plugin, message);
}

/* ---- strings and files ---------------------------------------------------------- */

static int sbuf_grow(sbuf *b, size_t more) {
    if (b->failed) return -1;
    if (b->len + more + 1 <= b->cap) return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + more + 1)
        cap *= 2;
    char *data = realloc(b->data, cap);
    if (!data) {
        b->failed = 1;
        return -1;
    }
    b->data = data;
    b->cap = cap;
    return 0;
}

void sbuf_put(sbuf *b, const char *s, size_t n) {
    if (sbuf_grow(b, n) < 0) return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void sbuf_puts(sbuf *b, const char *s) { sbuf_put(b, s, strlen(s)); }

void sbuf_printf(sbuf *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || sbuf_grow(b, (size_t)n) < 0) return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void sbuf_free(sbuf *b) {
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = 0;
}
