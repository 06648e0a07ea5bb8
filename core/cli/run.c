/* run.c — the commands over articles and the store: `galley run`, `galley extract` and
 * `galley export`. */
#include "cli.h"

#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage_run[] =
    "usage: galley run [--db FILE] [--config galley.lua] [--plugin NAME]... [-j N]\n"
    "                  [--shard I/N] [--input-format F] [--map T=COL,...] [--fail-fast]\n"
    "                  [--summary json] [--stdin-jsonl] [--stdout-jsonl] [--quiet] [--verbose]\n"
    "                  INPUT...\n"
    "\n"
    "Loads every INPUT (files; folders are walked recursively, hidden files and files no\n"
    "loader takes are left out; - is standard input, its format forced with --input-format\n"
    "or sniffed from its content), runs the plugins over each new or changed article and\n"
    "stores everything in the database. Unchanged articles are skipped. Interrupted\n"
    "(Ctrl-C, SIGTERM), it stores what is done and exits 130 or 143; a rerun finishes.\n"
    "\n"
    "  --db FILE          SQLite database (default: the config's db, else galley.db)\n"
    "  --config FILE      a galley.lua with db, inputs and plugins with options\n"
    "  --plugin NAME      a plugin to run, in order; repeatable. NAME is kind/name\n"
    "                     (format/markdown) or a path to a .lua file. Default: the\n"
    "                     config's list, else format/markdown and categorize/keywords\n"
    "  -j, --jobs N       worker threads (default: the config's jobs, else one per\n"
    "                     processor); the database is the same whatever N is\n"
    "  --shard I/N        process only the I-th (1..N) of N partitions of the files, chosen\n"
    "                     by a hash of each path; combine shard databases with galley merge\n"
    "  --input-format F   load every input with this loader (text, jsonl, html, feed,\n"
    "                     markdown, csv, tsv, warc, arc)\n"
    "  --map T=COL,...    datasets (CSV, TSV, JSON Lines): fill field T from column (or\n"
    "                     key) COL, e.g. title=headline,text=content,published=date;\n"
    "                     repeatable. T is an article field, text, authors, tags, uid or\n"
    "                     meta.KEY; other columns go by their common names, the rest to meta\n"
    "  --stdin-jsonl      read articles from standard input, one JSON object a line (the\n"
    "                     form galley export --format jsonl writes), besides any INPUT\n"
    "  --stdout-jsonl     write the processed articles to standard output, one JSON object\n"
    "                     a line in input order, instead of storing them (no database):\n"
    "                     for Spark's RDD.pipe, Hadoop Streaming, GNU parallel --pipe\n"
    "  --fail-fast        stop at the first failure (what was done before it is kept)\n"
    "  --summary json     print {\"loaded\",\"skipped\",\"filtered\",\"failed\",\"errors\",\"seconds\",\n"
    "                     \"plugins\":{NAME:{\"processed\",\"failed\",\"seconds\"}}} on standard output\n"
    "  -q, --quiet        no progress or summary line on standard error (errors are\n"
    "                     still shown); progress is drawn only on a terminal\n"
    "  -v, --verbose      show the plugins' info and debug messages\n";

static const char usage_extract[] =
    "usage: galley extract [--format jsonl|markdown|text] [--input-format F] [--map T=COL,...]\n"
    "                      FILE...\n"
    "\n"
    "Loads each FILE (- is standard input) and prints the articles found, without a\n"
    "database: the way to see what a loader made of a file.\n"
    "\n"
    "  --format jsonl     one JSON object per article, the keys of `galley export` (default)\n"
    "  --format markdown  the article through the format/markdown plugin\n"
    "  --format text      title, then the plain body text\n"
    "  --input-format F   load with this loader (text, jsonl, html, feed, markdown, csv, tsv,\n"
    "                     warc, arc) instead of guessing\n"
    "  --map T=COL,...    datasets: fill field T from column COL (see galley run --help)\n"
    "  -v, --verbose      also show the loaders' notes (the records a WARC reader skipped)\n";

static const char usage_export[] =
    "usage: galley export [--db FILE] [--config galley.lua] (--format jsonl | --plugin NAME)\n"
    "                     [-o PATH]\n"
    "\n"
    "Runs an export plugin over every stored article.\n"
    "\n"
    "  --db FILE        the database to read (default: the config's db, else galley.db)\n"
    "  --format NAME    a bundled exporter: the plugin export/NAME (jsonl, csv,\n"
    "                   atom, jsonfeed)\n"
    "  --plugin NAME    any export plugin, by name or path\n"
    "  -o, --output P   the output file (or folder, for exporters that write several\n"
    "                   files); default: standard output\n"
    "  --config FILE    a galley.lua giving the exporter's options\n";

/* ---- run ------------------------------------------------------------------------ */

typedef struct run_args {
    const char *db, *config, *input_format;
    const char **plugins;
    size_t nplugins;
    const char **maps; /* --map, as given */
    size_t nmaps;
    int quiet, fail_fast, jobs, shard, shards, stdin_jsonl, stdout_jsonl;
} run_args;

/* Reads run's options; returns -1 to go on, else the exit code. */
static int run_parse(int argc, char **argv, run_args *a, cli *c) {
    static const struct option longopts[] = {{"db", required_argument, NULL, OPT_DB},
                                             {"config", required_argument, NULL, OPT_CONFIG},
                                             {"plugin", required_argument, NULL, OPT_PLUGIN},
                                             {"input-format", required_argument, NULL, OPT_INPUT_FORMAT},
                                             {"map", required_argument, NULL, OPT_MAP},
                                             {"summary", required_argument, NULL, OPT_SUMMARY},
                                             {"quiet", no_argument, NULL, 'q'},
                                             {"verbose", no_argument, NULL, 'v'},
                                             {"help", no_argument, NULL, 'h'},
                                             {"fail-fast", no_argument, NULL, OPT_FAIL_FAST},
                                             {"jobs", required_argument, NULL, 'j'},
                                             {"shard", required_argument, NULL, OPT_SHARD},
                                             {"stdin-jsonl", no_argument, NULL, OPT_STDIN_JSONL},
                                             {"stdout-jsonl", no_argument, NULL, OPT_STDOUT_JSONL},
                                             {NULL, 0, NULL, 0}};
    int opt;
    while ((opt = getopt_long(argc, argv, "qvhj:", longopts, NULL)) != -1) {
        switch (opt) {
        case OPT_DB: a->db = optarg; break;
        case OPT_CONFIG: a->config = optarg; break;
        case OPT_PLUGIN: a->plugins[a->nplugins++] = optarg; break;
        case OPT_INPUT_FORMAT: a->input_format = optarg; break;
        case OPT_MAP: a->maps[a->nmaps++] = optarg; break;
        case OPT_SUMMARY:
            if (strcmp(optarg, "json") != 0)
                return cli_usage_error("run", "--summary takes 'json', not '%s'", optarg);
            c->summary_json = 1;
            break;
        case 'q': a->quiet = 1; break;
        case 'v': c->verbose = 1; break;
        case OPT_FAIL_FAST: a->fail_fast = 1; break;
        case 'j': {
            char *end;
            long n = strtol(optarg, &end, 10);
            if (*end || n < 1 || n > 256) return cli_usage_error("run", "-j takes a number from 1 to 256, not '%s'", optarg);
            a->jobs = (int)n;
            break;
        }
        case OPT_STDIN_JSONL: a->stdin_jsonl = 1; break;
        case OPT_STDOUT_JSONL: a->stdout_jsonl = 1; break;
        case OPT_SHARD: {
            char slash;
            if (sscanf(optarg, "%d%c%d", &a->shard, &slash, &a->shards) != 3 || slash != '/' || a->shards < 1 ||
                a->shard < 1 || a->shard > a->shards)
                return cli_usage_error("run", "--shard takes I/N with 1 <= I <= N (e.g. 2/4), not '%s'", optarg);
            break;
        }
        case 'h': fputs(usage_run, stdout); return 0;
        default: fputs(usage_run, stderr); return EXIT_USAGE;
        }
    }
    return -1;
}

static void print_summary_json(const cli *c, const galley_run_stats *stats, const char *fatal) {
    printf("{\"loaded\":%zu,\"skipped\":%zu,\"filtered\":%zu,\"failed\":%zu,\"errors\":[", stats->loaded,
           stats->skipped, stats->filtered, stats->failed);
    for (size_t i = 0; i < c->nerrors; i++) {
        if (i) putchar(',');
        cli_json_string(stdout, c->errors[i]);
    }
    if (fatal) {
        if (c->nerrors) putchar(',');
        cli_json_string(stdout, fatal);
    }
    printf("],\"seconds\":%.3f,\"plugins\":{", stats->seconds);
    for (size_t i = 0; !fatal && i < stats->nplugins; i++) {
        const galley_plugin_stats *p = &stats->plugins[i];
        if (i) putchar(',');
        cli_json_string(stdout, p->name);
        printf(":{\"processed\":%zu,\"failed\":%zu,\"seconds\":%.3f}", p->processed, p->failed, p->seconds);
    }
    printf("}}\n");
}

/* The signal that asked the run to stop (SIGINT, SIGTERM), or 0. */
static volatile sig_atomic_t stop_signal;

static void on_signal(int sig) {
    stop_signal = sig;
    /* A second Ctrl-C ends the process at once. */
    signal(sig, SIG_DFL);
}

static void catch_signals(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

static void format_eta(char *out, size_t size, double seconds) {
    long s = (long)(seconds + 0.5);
    if (s >= 3600) snprintf(out, size, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
    else snprintf(out, size, "%ld:%02ld", s / 60, s % 60);
}

/* The progress line on a terminal: done/total, rate, ETA, failures; cleared at the end. */
static void on_progress(void *ud, const galley_progress *p) {
    cli *c = ud;
    if (p->final) {
        cli_clear_progress(c);
        return;
    }
    double rate = p->seconds > 0 ? (double)p->articles / p->seconds : 0;
    char eta[32] = "";
    if (p->total_known && p->done && p->done < p->total) {
        char t[24];
        format_eta(t, sizeof t, p->seconds / (double)p->done * (double)(p->total - p->done));
        snprintf(eta, sizeof eta, "  ETA %s", t);
    }
    char total[32], failed[40] = "";
    snprintf(total, sizeof total, p->total_known ? "%zu" : "%zu+", p->total);
    if (p->failed) snprintf(failed, sizeof failed, "  %zu failed", p->failed);
    fprintf(stderr, "\r\033[Kgalley: %zu/%s files  %zu articles  %.0f/s%s%s", p->done, total, p->articles, rate,
            eta, failed);
    fflush(stderr);
    c->progress_shown = 1;
}

/* The progress line of an export: articles handed to the plugin of those stored. */
static void on_export_progress(void *ud, const galley_progress *p) {
    cli *c = ud;
    if (p->final) {
        cli_clear_progress(c);
        return;
    }
    double rate = p->seconds > 0 ? (double)p->done / p->seconds : 0;
    char eta[32] = "";
    if (p->done && p->done < p->total && rate > 0) {
        char t[24];
        format_eta(t, sizeof t, (double)(p->total - p->done) / rate);
        snprintf(eta, sizeof eta, "  ETA %s", t);
    }
    fprintf(stderr, "\r\033[Kgalley: %zu/%zu articles  %.0f/s%s", p->done, p->total, rate, eta);
    fflush(stderr);
    c->progress_shown = 1;
}

/* Runs the plugins over the inputs and reports; returns the exit code. */
static int run_inputs(galley *g, const run_args *a, cli *c, char **inputs, size_t ninputs) {
    galley_run_options ro = GALLEY_RUN_OPTIONS_INIT;
    ro.plugins = a->plugins;
    ro.nplugins = a->nplugins;
    ro.input_format = a->input_format;
    ro.field_map = a->maps;
    ro.nfield_map = a->nmaps;
    ro.fail_fast = a->fail_fast;
    ro.on_error = cli_on_error;
    ro.on_log = cli_on_log;
    ro.ud = c;
    ro.jobs = a->jobs;
    ro.shard = a->shard;
    ro.shards = a->shards;
    if (a->stdin_jsonl) ro.jsonl_in = stdin;
    if (a->stdout_jsonl) ro.jsonl_out = stdout;
    ro.cancel = &stop_signal;
    if (!a->quiet && isatty(STDERR_FILENO)) ro.on_progress = on_progress;
    catch_signals();
    galley_run_stats stats;
    int rc = galley_run(g, (const char *const *)inputs, ninputs, &ro, &stats);
    int status = stats.failed ? EXIT_PARTIAL : 0;
    if (rc == GALLEY_EINTERRUPTED) {
        fprintf(stderr, "galley run: %s\n", galley_errmsg(g));
        status = 128 + (int)stop_signal;
    } else if (rc != GALLEY_OK) {
        fprintf(stderr, "galley run: %s\n", galley_errmsg(g));
        status = cli_exit_code(rc);
    }
    if (!a->quiet && (rc == GALLEY_OK || rc == GALLEY_EINTERRUPTED || stats.loaded || stats.skipped))
        fprintf(stderr, "galley: %zu loaded, %zu skipped, %zu filtered, %zu failed in %.2f s%s\n",
                stats.loaded, stats.skipped, stats.filtered, stats.failed, stats.seconds,
                stats.stopped ? " (stopped at the first failure: --fail-fast)" : "");
    if (c->summary_json) print_summary_json(c, &stats, rc != GALLEY_OK ? galley_errmsg(g) : NULL);
    return status;
}

int cmd_run(int argc, char **argv) {
    cli c = {"run", 0, 0, NULL, 0, 0, 0};
    run_args a = {0};
    a.plugins = calloc((size_t)argc, sizeof *a.plugins);
    a.maps = calloc((size_t)argc, sizeof *a.maps);
    if (!a.plugins || !a.maps) {
        free(a.plugins);
        free(a.maps);
        return EXIT_FATAL;
    }
    int status = run_parse(argc, argv, &a, &c);
    galley *g = NULL;
    int dashes = 0;
    for (int i = optind; i < argc; i++) dashes += strcmp(argv[i], "-") == 0;
    if (status < 0 && (dashes > 1 || (dashes && a.stdin_jsonl)))
        status = cli_usage_error("run", "%s", "standard input (-) can be read once: give - once, without --stdin-jsonl");
    if (status < 0 && a.stdout_jsonl && (c.summary_json || a.db))
        status = cli_usage_error("run", "%s", "--stdout-jsonl writes articles, not a database: drop --db and --summary");
    if (status < 0)
        status = a.stdout_jsonl ? cli_open_bare(&g, a.config, "run") : cli_open_handle(&g, a.db, a.config, 0, "run");
    if (status == 0 && g) {
        size_t ninputs = (size_t)(argc - optind);
        if (!ninputs) galley_config_inputs(g, &ninputs);
        if (ninputs || a.stdin_jsonl)
            status = run_inputs(g, &a, &c, argv + optind, (size_t)(argc - optind));
        else
            status = cli_usage_error(
                "run", "%s", "no INPUT given: name files or folders to load (or `inputs` in a config)");
    }
    cli_free_errors(&c);
    free(a.plugins);
    free(a.maps);
    galley_close(g);
    return status;
}

/* ---- extract -------------------------------------------------------------------- */

typedef struct extract_state {
    galley *g;
    const char *format;
    cli *c;
    size_t failed;
} extract_state;

static void print_text(const galley_article *a) {
    char *text = galley_article_text(a);
    const char *title = galley_article_get(a, "title");
    if (title) printf("%s\n\n", title);
    if (text) printf("%s\n", text);
    galley_free(text);
}

static int print_markdown(extract_state *x, galley_article *a) {
    static const char *const md[] = {"format/markdown"};
    int kept;
    size_t failed;
    galley_run_options ro = GALLEY_RUN_OPTIONS_INIT;
    ro.on_error = cli_on_error;
    ro.on_log = cli_on_log;
    ro.ud = x->c;
    if (galley_article_process(x->g, a, md, 1, &ro, &kept, &failed) != GALLEY_OK) {
        fprintf(stderr, "galley extract: %s\n", galley_errmsg(x->g));
        return GALLEY_EPLUGIN;
    }
    x->failed += failed;
    const char *text = galley_article_rendition(a, "markdown");
    if (text) printf("%s%s", text, *text && text[strlen(text) - 1] == '\n' ? "" : "\n");
    return GALLEY_OK;
}

static int print_article(void *ud, galley_article *a) {
    extract_state *x = ud;
    int rc = GALLEY_OK;
    if (strcmp(x->format, "jsonl") == 0) {
        char *json = galley_article_to_json(a);
        if (json) printf("%s\n", json);
        galley_free(json);
    } else if (strcmp(x->format, "text") == 0) {
        print_text(a);
    } else {
        rc = print_markdown(x, a);
    }
    galley_article_free(a);
    return rc;
}

/* A bad record (a CSV row): reported, and the file goes on. */
static void extract_record_error(void *ud, const galley_error *e) {
    extract_state *x = ud;
    cli_on_error(x->c, e);
    x->failed++;
}

/* A loader's note (what a WARC reader skipped), shown with --verbose. */
static void extract_log(void *ud, const char *level, const char *plugin, const char *source, const char *message) {
    extract_state *x = ud;
    cli_on_log(x->c, level, plugin, source, message);
}

/* Loads and prints every file; returns the exit code. */
static int extract_files(extract_state *x, galley_load_options *lo, char **files, int n) {
    int status = 0;
    lo->on_error = extract_record_error;
    lo->on_log = extract_log;
    lo->ud = x;
    for (int i = 0; i < n; i++) {
        int rc = galley_load_with(x->g, files[i], lo, print_article, x);
        if (rc == GALLEY_EUSAGE) {
            fprintf(stderr, "galley extract: %s\n", galley_errmsg(x->g));
            return EXIT_USAGE;
        }
        if (rc == GALLEY_EPLUGIN) return EXIT_FATAL;
        if (rc != GALLEY_OK) {
            fprintf(stderr, "galley: error: %s\n", galley_errmsg(x->g));
            status = EXIT_PARTIAL;
        }
    }
    return status || !x->failed ? status : EXIT_PARTIAL;
}

static int extract_main(cli *c, const char *format, galley_load_options *lo, int argc, char **argv);

int cmd_extract(int argc, char **argv) {
    static const struct option longopts[] = {{"format", required_argument, NULL, OPT_FORMAT},
                                             {"input-format", required_argument, NULL, OPT_INPUT_FORMAT},
                                             {"map", required_argument, NULL, OPT_MAP},
                                             {"verbose", no_argument, NULL, 'v'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    cli c = {"extract", 0, 0, NULL, 0, 0, 0};
    const char *format = "jsonl";
    galley_load_options lo = GALLEY_LOAD_OPTIONS_INIT;
    const char **maps = calloc((size_t)argc, sizeof *maps);
    if (!maps) return EXIT_FATAL;
    lo.field_map = maps;
    int opt, status = -1;
    while (status < 0 && (opt = getopt_long(argc, argv, "vh", longopts, NULL)) != -1) {
        switch (opt) {
        case OPT_FORMAT: format = optarg; break;
        case OPT_INPUT_FORMAT: lo.format = optarg; break;
        case OPT_MAP: maps[lo.nfield_map++] = optarg; break;
        case 'v': c.verbose = 1; break;
        case 'h': fputs(usage_extract, stdout); status = 0; break;
        default: fputs(usage_extract, stderr); status = EXIT_USAGE; break;
        }
    }
    if (status < 0) status = extract_main(&c, format, &lo, argc, argv);
    free(maps);
    return status;
}

/* Checks what cmd_extract read, then loads and prints the files. */
static int extract_main(cli *c, const char *format, galley_load_options *lo, int argc, char **argv) {
    if (strcmp(format, "jsonl") != 0 && strcmp(format, "markdown") != 0 && strcmp(format, "text") != 0)
        return cli_usage_error("extract", "--format must be jsonl, markdown or text, not '%s'", format);
    if (optind == argc) return cli_usage_error("extract", "%s", "no FILE given");
    int dashes = 0;
    for (int i = optind; i < argc; i++) dashes += strcmp(argv[i], "-") == 0;
    if (dashes > 1) return cli_usage_error("extract", "%s", "standard input (-) can be read once: give - once");
    galley *g;
    if (cli_open_bare(&g, NULL, "extract")) return EXIT_FATAL;
    extract_state x = {g, format, c, 0};
    int status = extract_files(&x, lo, argv + optind, argc - optind);
    fflush(stdout);
    galley_close(g);
    return status;
}

/* ---- export --------------------------------------------------------------------- */

typedef struct export_args {
    const char *db, *config, *format, *plugin, *output;
} export_args;

/* Reads export's options; returns -1 to go on, else the exit code. */
static int export_parse(int argc, char **argv, export_args *a, cli *c) {
    static const struct option longopts[] = {{"db", required_argument, NULL, OPT_DB},
                                             {"config", required_argument, NULL, OPT_CONFIG},
                                             {"format", required_argument, NULL, OPT_FORMAT},
                                             {"plugin", required_argument, NULL, OPT_PLUGIN},
                                             {"output", required_argument, NULL, 'o'},
                                             {"verbose", no_argument, NULL, 'v'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    int opt;
    while ((opt = getopt_long(argc, argv, "o:vh", longopts, NULL)) != -1) {
        switch (opt) {
        case OPT_DB: a->db = optarg; break;
        case OPT_CONFIG: a->config = optarg; break;
        case OPT_FORMAT: a->format = optarg; break;
        case OPT_PLUGIN: a->plugin = optarg; break;
        case 'o': a->output = optarg; break;
        case 'v': c->verbose = 1; break;
        case 'h': fputs(usage_export, stdout); return 0;
        default: fputs(usage_export, stderr); return EXIT_USAGE;
        }
    }
    if (optind != argc) return cli_usage_error("export", "unexpected argument '%s'", argv[optind]);
    if (!a->format == !a->plugin)
        return cli_usage_error("export", "%s", "give one of --format NAME or --plugin NAME");
    if (a->format && (strchr(a->format, '/') || strchr(a->format, '.')))
        return cli_usage_error("export", "--format takes a bundled exporter's name (jsonl, csv, atom, "
                                         "jsonfeed), not '%s'", a->format);
    return -1;
}

int cmd_export(int argc, char **argv) {
    cli c = {"export", 0, 0, NULL, 0, 0, 0};
    export_args a = {0};
    int status = export_parse(argc, argv, &a, &c);
    if (status >= 0) return status;
    char name[256];
    if (a.format) snprintf(name, sizeof name, "export/%s", a.format);
    galley *g;
    status = cli_open_handle(&g, a.db, a.config, 1, "export");
    if (status) return status;
    galley_export_options eo = GALLEY_EXPORT_OPTIONS_INIT;
    eo.plugin = a.format ? name : a.plugin;
    eo.output = a.output && strcmp(a.output, "-") != 0 ? a.output : NULL;
    eo.on_log = cli_on_log;
    eo.ud = &c;
    /* Progress only where it cannot mix with the exported text. */
    if (eo.output && isatty(STDERR_FILENO)) eo.on_progress = on_export_progress;
    size_t count;
    int rc = galley_export(g, &eo, &count);
    if (rc != GALLEY_OK) {
        fprintf(stderr, "galley export: %s\n", galley_errmsg(g));
        status = rc == GALLEY_EPLUGIN ? EXIT_PARTIAL : cli_exit_code(rc);
    } else if (eo.output) {
        fprintf(stderr, "galley: exported %zu articles to %s\n", count, eo.output);
    }
    galley_close(g);
    return status;
}
