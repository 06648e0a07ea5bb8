/* main.c — the `galley` command: arguments, messages, exit codes. It uses only the
 * public header, exactly as an integrator would. */
#include "galley.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { EXIT_PARTIAL = 1, EXIT_USAGE = 2, EXIT_FATAL = 3 };

static const char usage_main[] =
    "usage: galley COMMAND [OPTIONS] [ARGS]\n"
    "\n"
    "Loads news and CMS articles, runs Lua plugins over them (format, categorize, export)\n"
    "and keeps every result in SQLite.\n"
    "\n"
    "commands:\n"
    "  run       load files and folders, run the plugins, store the results\n"
    "  extract   show what galley makes of files, without a database\n"
    "  export    write the stored articles out through an export plugin\n"
    "\n"
    "  galley COMMAND --help   shows a command's options;  galley --version\n"
    "\n"
    "exit status: 0 all well, 1 some inputs or plugins failed (the rest was done),\n"
    "2 usage error, 3 fatal error (e.g. the database cannot be opened)\n";

static const char usage_run[] =
    "usage: galley run [--db FILE] [--config galley.lua] [--plugin NAME]... [--input-format F]\n"
    "                  [--fail-fast] [--summary json] [--quiet] [--verbose] INPUT...\n"
    "\n"
    "Loads every INPUT (files; folders are walked recursively, hidden files and files no\n"
    "loader takes are left out), runs the plugins over each new or changed article and\n"
    "stores everything in the database. Unchanged articles are skipped.\n"
    "\n"
    "  --db FILE          SQLite database (default: the config's db, else galley.db)\n"
    "  --config FILE      a galley.lua with db, inputs and plugins with options\n"
    "  --plugin NAME      a plugin to run, in order; repeatable. NAME is kind/name\n"
    "                     (format/markdown) or a path to a .lua file. Default: the\n"
    "                     config's list, else format/markdown and categorize/keywords\n"
    "  --input-format F   load every input with this loader (text)\n"
    "  --fail-fast        stop at the first failure (what was done before it is kept)\n"
    "  --summary json     print {\"loaded\",\"skipped\",\"filtered\",\"failed\",\"errors\",\"seconds\",\n"
    "                     \"plugins\":{NAME:{\"processed\",\"failed\",\"seconds\"}}} on standard output\n"
    "  -q, --quiet        no summary line on standard error (errors are still shown)\n"
    "  -v, --verbose      show the plugins' info and debug messages\n";

static const char usage_extract[] =
    "usage: galley extract [--format jsonl|markdown|text] [--input-format F] FILE...\n"
    "\n"
    "Loads each FILE and prints the articles found, without a database: the way to see\n"
    "what a loader made of a file.\n"
    "\n"
    "  --format jsonl     one JSON object per article, the keys of `galley export` (default)\n"
    "  --format markdown  the article through the format/markdown plugin\n"
    "  --format text      title, then the plain body text\n"
    "  --input-format F   load with this loader (text) instead of guessing\n";

static const char usage_export[] =
    "usage: galley export [--db FILE] [--config galley.lua] (--format jsonl | --plugin NAME)\n"
    "                     [-o PATH]\n"
    "\n"
    "Runs an export plugin over every stored article.\n"
    "\n"
    "  --db FILE        the database to read (default: the config's db, else galley.db)\n"
    "  --format NAME    a bundled exporter: the plugin export/NAME (jsonl)\n"
    "  --plugin NAME    any export plugin, by name or path\n"
    "  -o, --output P   the output file (or folder, for exporters that write several\n"
    "                   files); default: standard output\n"
    "  --config FILE    a galley.lua giving the exporter's options\n";

typedef struct cli {
    const char *cmd;
    int verbose;
    int summary_json;
    char **errors; /* collected for --summary json */
    size_t nerrors, caperrors;
} cli;

static int usage_error(const char *cmd, const char *fmt, const char *arg) {
    fprintf(stderr, "galley%s%s: ", cmd ? " " : "", cmd ? cmd : "");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'galley %s--help'.\n", cmd ? (strcmp(cmd, "run") == 0 ? "run " : strcmp(cmd, "export") == 0 ? "export " : "extract ") : "");
    return EXIT_USAGE;
}

/* Plugin folders: $GALLEY_PLUGIN_PATH, ./plugins, the plugins folder of the source tree
 * the binary was built in (build/galley -> plugins/), then the installed ones; each
 * folder once. */
static char *plugin_path(void) {
    char exe[PATH_MAX], beside[PATH_MAX + 16] = "";
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) *slash = '\0';
        slash = strrchr(exe, '/');
        if (slash) *slash = '\0';
        snprintf(beside, sizeof beside, "%s/plugins", exe);
    }
    const char *env = getenv("GALLEY_PLUGIN_PATH");
    const char *parts[4] = {env && *env ? env : NULL, "plugins", beside[0] ? beside : NULL,
                            galley_default_plugin_dir()};
    char seen[4][PATH_MAX];
    size_t nseen = 0, len = 1;
    for (int i = 0; i < 4; i++) len += parts[i] ? strlen(parts[i]) + 1 : 0;
    char *out = malloc(len);
    if (!out) return NULL;
    out[0] = '\0';
    for (int i = 0; i < 4; i++) {
        if (!parts[i]) continue;
        if (i > 0) { /* folders that exist, each once (the variable is taken as it is) */
            char real[PATH_MAX];
            struct stat st;
            if (!realpath(parts[i], real) || stat(real, &st) != 0 || !S_ISDIR(st.st_mode)) continue;
            int dup = 0;
            for (size_t k = 0; k < nseen; k++) dup |= strcmp(seen[k], real) == 0;
            if (dup) continue;
            memcpy(seen[nseen++], real, sizeof real);
        }
        if (out[0]) strcat(out, ":");
        strcat(out, parts[i]);
    }
    return out;
}

static void json_string(FILE *f, const char *s) {
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') fprintf(f, "\\%c", *p);
        else if (*p == '\n') fputs("\\n", f);
        else if (*p < 0x20) fprintf(f, "\\u%04x", *p);
        else fputc(*p, f);
    }
    fputc('"', f);
}

static void on_error(void *ud, const galley_error *e) {
    cli *c = ud;
    fprintf(stderr, "galley: error: %s\n", e->message);
    /* The Lua frames under the message, when there is more than the line it names. */
    if (e->traceback && strchr(e->traceback, '\n')) {
        for (const char *line = e->traceback; *line;) {
            size_t n = strcspn(line, "\n");
            fprintf(stderr, "    %.*s\n", (int)n, line);
            line += n;
            if (*line) line++;
        }
    }
    if (!c->summary_json) return;
    if (c->nerrors == c->caperrors) {
        size_t cap = c->caperrors ? c->caperrors * 2 : 16;
        char **errs = realloc(c->errors, cap * sizeof *errs);
        if (!errs) return;
        c->errors = errs;
        c->caperrors = cap;
    }
    char *copy = strdup(e->message);
    if (copy) c->errors[c->nerrors++] = copy;
}

static void on_log(void *ud, const char *level, const char *plugin, const char *source, const char *message) {
    cli *c = ud;
    int important = strcmp(level, "warn") == 0 || strcmp(level, "error") == 0;
    if (!important && !c->verbose) return;
    if (source) fprintf(stderr, "galley: %s: %s: %s (article '%s')\n", level, plugin, message, source);
    else fprintf(stderr, "galley: %s: %s: %s\n", level, plugin, message);
}

/* Opens the handle with the database and configuration; prints why not. */
static int open_handle(galley **g, const char *db, const char *config, int read_only, const char *cmd) {
    galley_options o = GALLEY_OPTIONS_INIT;
    char *pp = plugin_path();
    o.plugin_path = pp;
    o.config_path = config;
    o.read_only = read_only;
    o.db_path = db;
    o.db_default = "galley.db";
    int rc = galley_open(g, &o);
    free(pp);
    if (rc != GALLEY_OK) {
        fprintf(stderr, "galley %s: %s\n", cmd, *g ? galley_errmsg(*g) : "out of memory");
        galley_close(*g);
        *g = NULL;
        return rc == GALLEY_EUSAGE ? EXIT_USAGE : EXIT_FATAL;
    }
    return 0;
}

/* Options shared by the commands, with the same names everywhere. */
enum { OPT_DB = 256, OPT_CONFIG, OPT_PLUGIN, OPT_INPUT_FORMAT, OPT_SUMMARY, OPT_FORMAT, OPT_FAIL_FAST };

static int cmd_run(int argc, char **argv) {
    static const struct option longopts[] = {
        {"db", required_argument, NULL, OPT_DB},           {"config", required_argument, NULL, OPT_CONFIG},
        {"plugin", required_argument, NULL, OPT_PLUGIN},   {"input-format", required_argument, NULL, OPT_INPUT_FORMAT},
        {"summary", required_argument, NULL, OPT_SUMMARY}, {"quiet", no_argument, NULL, 'q'},
        {"verbose", no_argument, NULL, 'v'},               {"help", no_argument, NULL, 'h'},
        {"fail-fast", no_argument, NULL, OPT_FAIL_FAST},   {NULL, 0, NULL, 0}};
    cli c = {"run", 0, 0, NULL, 0, 0};
    int fail_fast = 0;
    const char *db = NULL, *config = NULL, *input_format = NULL;
    int quiet = 0, opt;
    const char **plugins = calloc((size_t)argc, sizeof *plugins);
    size_t nplugins = 0;
    if (!plugins) return EXIT_FATAL;
    while ((opt = getopt_long(argc, argv, "qvh", longopts, NULL)) != -1) {
        switch (opt) {
        case OPT_DB: db = optarg; break;
        case OPT_CONFIG: config = optarg; break;
        case OPT_PLUGIN: plugins[nplugins++] = optarg; break;
        case OPT_INPUT_FORMAT: input_format = optarg; break;
        case OPT_SUMMARY:
            if (strcmp(optarg, "json") != 0) {
                free(plugins);
                return usage_error("run", "--summary takes 'json', not '%s'", optarg);
            }
            c.summary_json = 1;
            break;
        case 'q': quiet = 1; break;
        case 'v': c.verbose = 1; break;
        case OPT_FAIL_FAST: fail_fast = 1; break;
        case 'h': free(plugins); fputs(usage_run, stdout); return 0;
        default: free(plugins); fputs(usage_run, stderr); return EXIT_USAGE;
        }
    }
    galley *g;
    int rc = open_handle(&g, db, config, 0, "run");
    if (rc) {
        free(plugins);
        return rc;
    }
    size_t ninputs = (size_t)(argc - optind);
    if (!ninputs) galley_config_inputs(g, &ninputs);
    if (!ninputs) {
        galley_close(g);
        free(plugins);
        return usage_error("run", "%s", "no INPUT given: name files or folders to load (or `inputs` in a config)");
    }
    galley_run_options ro = GALLEY_RUN_OPTIONS_INIT;
    ro.plugins = plugins;
    ro.nplugins = nplugins;
    ro.input_format = input_format;
    ro.fail_fast = fail_fast;
    ro.on_error = on_error;
    ro.on_log = on_log;
    ro.ud = &c;
    galley_run_stats stats;
    rc = galley_run(g, (const char *const *)argv + optind, (size_t)(argc - optind), &ro, &stats);
    int status = 0;
    if (rc != GALLEY_OK) {
        fprintf(stderr, "galley run: %s\n", galley_errmsg(g));
        status = rc == GALLEY_EUSAGE || rc == GALLEY_ENOTFOUND ? EXIT_USAGE : EXIT_FATAL;
    } else if (stats.failed) {
        status = EXIT_PARTIAL;
    }
    if (!quiet && (rc == GALLEY_OK || stats.loaded || stats.skipped))
        fprintf(stderr, "galley: %zu loaded, %zu skipped, %zu filtered, %zu failed in %.2f s%s\n", stats.loaded,
                stats.skipped, stats.filtered, stats.failed, stats.seconds,
                stats.stopped ? " (stopped at the first failure: --fail-fast)" : "");
    if (c.summary_json) {
        printf("{\"loaded\":%zu,\"skipped\":%zu,\"filtered\":%zu,\"failed\":%zu,\"errors\":[", stats.loaded,
               stats.skipped, stats.filtered, stats.failed);
        for (size_t i = 0; i < c.nerrors; i++) {
            if (i) putchar(',');
            json_string(stdout, c.errors[i]);
        }
        if (rc != GALLEY_OK) {
            if (c.nerrors) putchar(',');
            json_string(stdout, galley_errmsg(g));
        }
        printf("],\"seconds\":%.3f,\"plugins\":{", stats.seconds);
        for (size_t i = 0; rc == GALLEY_OK && i < stats.nplugins; i++) {
            const galley_plugin_stats *p = &stats.plugins[i];
            if (i) putchar(',');
            json_string(stdout, p->name);
            printf(":{\"processed\":%zu,\"failed\":%zu,\"seconds\":%.3f}", p->processed, p->failed, p->seconds);
        }
        printf("}}\n");
    }
    for (size_t i = 0; i < c.nerrors; i++) free(c.errors[i]);
    free(c.errors);
    free(plugins);
    galley_close(g);
    return status;
}

typedef struct extract_state {
    galley *g;
    const char *format;
    cli *c;
    size_t failed;
} extract_state;

static int print_article(void *ud, galley_article *a) {
    extract_state *x = ud;
    if (strcmp(x->format, "jsonl") == 0) {
        char *json = galley_article_to_json(a);
        if (json) printf("%s\n", json);
        galley_free(json);
    } else if (strcmp(x->format, "text") == 0) {
        char *text = galley_article_text(a);
        const char *title = galley_article_get(a, "title");
        if (title) printf("%s\n\n", title);
        if (text) printf("%s\n", text);
        galley_free(text);
    } else {
        static const char *const md[] = {"format/markdown"};
        int kept;
        size_t failed;
        galley_run_options ro = GALLEY_RUN_OPTIONS_INIT;
        ro.on_error = on_error;
        ro.on_log = on_log;
        ro.ud = x->c;
        if (galley_article_process(x->g, a, md, 1, &ro, &kept, &failed) != GALLEY_OK) {
            fprintf(stderr, "galley extract: %s\n", galley_errmsg(x->g));
            galley_article_free(a);
            return GALLEY_EPLUGIN;
        }
        x->failed += failed;
        const char *text = galley_article_rendition(a, "markdown");
        if (text) printf("%s%s", text, *text && text[strlen(text) - 1] == '\n' ? "" : "\n");
    }
    galley_article_free(a);
    return GALLEY_OK;
}

static int cmd_extract(int argc, char **argv) {
    static const struct option longopts[] = {{"format", required_argument, NULL, OPT_FORMAT},
                                             {"input-format", required_argument, NULL, OPT_INPUT_FORMAT},
                                             {"verbose", no_argument, NULL, 'v'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    cli c = {"extract", 0, 0, NULL, 0, 0};
    const char *format = "jsonl", *input_format = NULL;
    int opt;
    while ((opt = getopt_long(argc, argv, "vh", longopts, NULL)) != -1) {
        switch (opt) {
        case OPT_FORMAT: format = optarg; break;
        case OPT_INPUT_FORMAT: input_format = optarg; break;
        case 'v': c.verbose = 1; break;
        case 'h': fputs(usage_extract, stdout); return 0;
        default: fputs(usage_extract, stderr); return EXIT_USAGE;
        }
    }
    if (strcmp(format, "jsonl") != 0 && strcmp(format, "markdown") != 0 && strcmp(format, "text") != 0)
        return usage_error("extract", "--format must be jsonl, markdown or text, not '%s'", format);
    if (optind == argc) return usage_error("extract", "%s", "no FILE given");
    galley *g;
    galley_options o = GALLEY_OPTIONS_INIT; /* no database */
    char *pp = plugin_path();
    o.plugin_path = pp;
    int rc = galley_open(&g, &o);
    free(pp);
    if (rc != GALLEY_OK) {
        fprintf(stderr, "galley extract: %s\n", g ? galley_errmsg(g) : "out of memory");
        galley_close(g);
        return EXIT_FATAL;
    }
    extract_state x = {g, format, &c, 0};
    int status = 0;
    for (int i = optind; i < argc; i++) {
        rc = galley_load(g, argv[i], input_format, print_article, &x);
        if (rc == GALLEY_EUSAGE) {
            fprintf(stderr, "galley extract: %s\n", galley_errmsg(g));
            status = EXIT_USAGE;
            break;
        }
        if (rc == GALLEY_EPLUGIN) {
            status = EXIT_FATAL;
            break;
        }
        if (rc != GALLEY_OK) {
            fprintf(stderr, "galley: error: %s\n", galley_errmsg(g));
            status = EXIT_PARTIAL;
        }
    }
    if (!status && x.failed) status = EXIT_PARTIAL;
    fflush(stdout);
    galley_close(g);
    return status;
}

static int cmd_export(int argc, char **argv) {
    static const struct option longopts[] = {
        {"db", required_argument, NULL, OPT_DB},         {"config", required_argument, NULL, OPT_CONFIG},
        {"format", required_argument, NULL, OPT_FORMAT}, {"plugin", required_argument, NULL, OPT_PLUGIN},
        {"output", required_argument, NULL, 'o'},        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},                {NULL, 0, NULL, 0}};
    cli c = {"export", 0, 0, NULL, 0, 0};
    const char *db = NULL, *config = NULL, *format = NULL, *plugin = NULL, *output = NULL;
    int opt;
    while ((opt = getopt_long(argc, argv, "o:vh", longopts, NULL)) != -1) {
        switch (opt) {
        case OPT_DB: db = optarg; break;
        case OPT_CONFIG: config = optarg; break;
        case OPT_FORMAT: format = optarg; break;
        case OPT_PLUGIN: plugin = optarg; break;
        case 'o': output = optarg; break;
        case 'v': c.verbose = 1; break;
        case 'h': fputs(usage_export, stdout); return 0;
        default: fputs(usage_export, stderr); return EXIT_USAGE;
        }
    }
    if (optind != argc) return usage_error("export", "unexpected argument '%s'", argv[optind]);
    if (!format == !plugin) return usage_error("export", "%s", "give one of --format NAME or --plugin NAME");
    char name[256];
    if (format) {
        if (strchr(format, '/') || strchr(format, '.'))
            return usage_error("export", "--format takes a bundled exporter's name (jsonl), not '%s'", format);
        snprintf(name, sizeof name, "export/%s", format);
        plugin = name;
    }
    galley *g;
    int rc = open_handle(&g, db, config, 1, "export");
    if (rc) return rc;
    galley_export_options eo = GALLEY_EXPORT_OPTIONS_INIT;
    eo.plugin = plugin;
    eo.output = output && strcmp(output, "-") != 0 ? output : NULL;
    eo.on_log = on_log;
    eo.ud = &c;
    size_t count;
    rc = galley_export(g, &eo, &count);
    int status = 0;
    if (rc != GALLEY_OK) {
        fprintf(stderr, "galley export: %s\n", galley_errmsg(g));
        status = rc == GALLEY_EUSAGE || rc == GALLEY_ENOTFOUND ? EXIT_USAGE : rc == GALLEY_EPLUGIN ? EXIT_PARTIAL : EXIT_FATAL;
    } else if (eo.output) {
        fprintf(stderr, "galley: exported %zu articles to %s\n", count, eo.output);
    }
    galley_close(g);
    return status;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fputs(usage_main, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage_main, stdout);
        return 0;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        printf("galley %s\n", GALLEY_VERSION);
        return 0;
    }
    /* Each command parses its own options, from argv[1] on. */
    argc--;
    argv++;
    if (strcmp(cmd, "run") == 0) return cmd_run(argc, argv);
    if (strcmp(cmd, "extract") == 0) return cmd_extract(argc, argv);
    if (strcmp(cmd, "export") == 0) return cmd_export(argc, argv);
    fprintf(stderr, "galley: unknown command '%s'\n\n", cmd);
    fputs(usage_main, stderr);
    return EXIT_USAGE;
}
