/* plugin_test.c — `galley plugin test`: runs one plugin over the articles of some files
 * without a database and shows, per article, what it changed, the categories and
 * renditions it made, what it logged and how it failed; with --expect, checks that
 * against expectation files beside the articles (--update writes them). */
#include "ptest.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char usage_plugin_test[] =
    "usage: galley plugin test PLUGIN FILE... [--expect [--update]] [--output DIR]\n"
    "                          [--config galley.lua] [--input-format F]\n"
    "\n"
    "Runs one plugin (kind/name or a path to a .lua file) over the articles loaded from\n"
    "each FILE, without a database, and shows per article what it did: the fields it\n"
    "changed, whether a filter dropped it, the categories and renditions it made, its log\n"
    "lines and its errors with their traceback. An export plugin runs once over all the\n"
    "articles, and the files it wrote are listed.\n"
    "\n"
    "  --expect         compare each result with its expectation file, beside the article:\n"
    "                   <FILE without extension>.expected.<kind>-<name>.json (for an\n"
    "                   export plugin, beside the first FILE)\n"
    "  --update         write the expectation files from this run instead (check them!)\n"
    "  -o, --output DIR export plugins: write into DIR/<name>.out (default: a new temporary\n"
    "                   folder, which is kept)\n"
    "  --config FILE    a galley.lua giving the plugin's options\n"
    "  --input-format F load with this loader (text, jsonl, html, feed, markdown, csv,\n"
    "                   tsv, warc, arc) instead of guessing\n"
    "\n"
    "An expectation file holds what the plugin is responsible for: {\"renditions\"} and the\n"
    "changed fields (format), {\"categories\": [{\"scheme\",\"label\",\"score\"}]} (categorize;\n"
    "scores match within 0.005), {\"kept\"} (filter), {\"files\": {path: text}} (export).\n"
    "\n"
    "exit status: 0 all well, 1 the plugin failed on an article or a result differs from\n"
    "its expectation, 2 usage error, 3 the plugin does not load\n";

typedef struct ptest {
    const ptest_options *o;
    galley *g;
    char *path, *kind, *version, *broken; /* what the plugin declares (broken: why it does not load) */
    char *name;                           /* its file name without .lua */
    const char *file;                     /* the FILE being loaded */
    size_t index;                         /* the article's index within it */
    sbuf notes;                           /* the current article's log and error lines */
    size_t errors;                        /* errors reported for the current article */
    size_t articles, failed;
    int fatal;             /* the exit code when the plugin could not run */
    galley_article **list; /* export: the articles */
    size_t nlist, caplist;
} ptest;

/* ---- what the plugin declares ---------------------------------------------------- */

static char *dup0(const char *s) { return strdup(s ? s : ""); }

static int describe(void *ud, const galley_plugin_info *info) {
    ptest *t = ud;
    t->path = dup0(info->path);
    if (info->kind) {
        t->kind = dup0(info->kind);
        t->version = dup0(info->version);
    } else {
        t->broken = dup0(info->description);
    }
    const char *base = strrchr(t->path ? t->path : "", '/');
    t->name = dup0(base ? base + 1 : t->path);
    size_t n = t->name ? strlen(t->name) : 0;
    if (n > 4 && strcmp(t->name + n - 4, ".lua") == 0) t->name[n - 4] = '\0';
    return t->path && t->name && (t->kind || t->broken) ? GALLEY_OK : GALLEY_ENOMEM;
}

/* Finds and describes the plugin; returns 0 or the exit code. */
static int plugin_declaration(ptest *t) {
    int rc = galley_plugin_describe(t->g, t->o->plugin, describe, t);
    if (rc != GALLEY_OK) {
        fprintf(stderr, "galley plugin test: %s\n",
                rc == GALLEY_ENOMEM ? "out of memory" : galley_errmsg(t->g));
        return cli_exit_code(rc);
    }
    if (t->broken) {
        fprintf(stderr, "galley plugin test: %s\n", t->broken);
        return EXIT_FATAL;
    }
    if (t->o->output && strcmp(t->kind, "export") != 0)
        return cli_usage_error("plugin test", "--output is for export plugins; %s is not one", t->o->plugin);
    if (!t->o->quiet) printf("plugin %s: %s, version %s (%s)\n", t->o->plugin, t->kind, t->version, t->path);
    return 0;
}

/* ---- callbacks ------------------------------------------------------------------- */

static void on_log(void *ud, const char *level, const char *plugin, const char *source, const char *message) {
    ptest *t = ud;
    (void)plugin;
    (void)source;
    sbuf_printf(&t->notes, "  log %s: %s\n", level, message);
}

static void on_error(void *ud, const galley_error *e) {
    ptest *t = ud;
    t->errors++;
    sbuf_printf(&t->notes, "  error: %s\n", e->message);
    for (const char *line = e->traceback; line && *line;) {
        size_t n = strcspn(line, "\n");
        sbuf_printf(&t->notes, "      %.*s\n", (int)n, line);
        line += n + (line[n] == '\n');
    }
}

/* ---- showing what changed -------------------------------------------------------- */

static size_t show_fields(sbuf *r, const jv *before, const jv *after) {
    size_t shown = 0;
    for (size_t i = 0; i < after->n; i++) {
        const jv *was = jv_get(before, after->keys[i]);
        if (!expect_is_field(after->keys[i]) || (was && jv_equal(was, &after->items[i]))) continue;
        sbuf_printf(r, "  %s: ", after->keys[i]);
        if (was)
            expect_show(r, was, 60);
        else
            sbuf_puts(r, "nothing");
        sbuf_puts(r, " -> ");
        expect_show(r, &after->items[i], 60);
        sbuf_puts(r, "\n");
        shown++;
    }
    return shown;
}

static size_t show_categories(sbuf *r, const jv *result) {
    const jv *cats = jv_get(result, "categories");
    for (size_t i = 0; cats && i < cats->n; i++) {
        const jv *score = jv_get(&cats->items[i], "score");
        sbuf_printf(r, "  category %s/%s %.2f\n", jv_str(jv_get(&cats->items[i], "scheme")),
                    jv_str(jv_get(&cats->items[i], "label")), score ? score->number : 0);
    }
    return cats ? cats->n : 0;
}

/* "rendition markdown (1234 bytes)" and its first three lines. */
static size_t show_renditions(sbuf *r, const jv *result) {
    const jv *rends = jv_get(result, "renditions");
    for (size_t i = 0; rends && i < rends->n; i++) {
        const char *text = jv_str(&rends->items[i]);
        sbuf_printf(r, "  rendition %s (%zu bytes)\n", rends->keys[i], text ? strlen(text) : 0);
        int lines = 0;
        for (const char *line = text; line && *line; lines++) {
            size_t n = strcspn(line, "\n");
            if (lines < 3) sbuf_printf(r, "%s%.*s\n", n ? "      " : "", (int)n, line);
            line += n + (line[n] == '\n');
        }
        if (lines > 3) sbuf_printf(r, "      ... (%d lines)\n", lines);
    }
    return rends ? rends->n : 0;
}

static void show_changes(const ptest *t, sbuf *r, const jv *before, const jv *after, const jv *result) {
    const jv *kept = jv_get(result, "kept");
    size_t shown = show_fields(r, before, after);
    if (kept) sbuf_puts(r, kept->type == JV_TRUE ? "  kept by the filter\n" : "  dropped by the filter\n");
    shown += show_categories(r, result) + show_renditions(r, result);
    if (!shown && !kept && !t->errors) sbuf_puts(r, "  no change\n");
}

/* ---- expectations ---------------------------------------------------------------- */

static int update_expectation(const ptest *t, sbuf *r, const char *path, const jv *result) {
    if (t->errors) {
        sbuf_printf(r, "  not updated %s: the plugin failed on this article\n", path);
        return 1;
    }
    const char *what = expect_write(path, result);
    if (what)
        sbuf_printf(r, "  %s %s\n", what, path);
    else
        sbuf_printf(r, "  cannot write %s: %s\n", path, strerror(errno));
    return !what;
}

static int check_expectation(sbuf *r, const char *path, const jv *result) {
    char err[1024];
    struct stat st;
    if (stat(path, &st) != 0 && errno == ENOENT) {
        sbuf_printf(r, "  no expectation file %s (create it with --update)\n", path);
        return 1;
    }
    jv *expected = expect_read(path, err, sizeof err);
    if (!expected) {
        sbuf_printf(r, "  bad expectation file %s\n", err);
        return 1;
    }
    size_t n = expect_compare(expected, result, r);
    jv_free(expected);
    if (n)
        sbuf_printf(r, "  %zu difference%s from %s\n", n, n == 1 ? "" : "s", path);
    else
        sbuf_printf(r, "  as expected (%s)\n", path);
    return n > 0;
}

/* Checks or writes the expectation of the current article; 1 when that failed. */
static int expectation(const ptest *t, sbuf *r, const jv *result) {
    if (t->o->mode == PTEST_SHOW) return 0;
    if (!result) {
        sbuf_puts(r, "  out of memory\n");
        return 1;
    }
    char *path = expect_path(t->file, t->kind, t->name, t->index);
    if (!path) {
        sbuf_puts(r, "  out of memory\n");
        return 1;
    }
    int bad = t->o->mode == PTEST_UPDATE ? update_expectation(t, r, path, result)
                                         : check_expectation(r, path, result);
    free(path);
    return bad;
}

/* Prints an article's report (only a failing one when quiet) and counts it. */
static void finish_article(ptest *t, sbuf *r, int bad) {
    bad |= t->errors > 0 || r->failed || t->notes.failed;
    if (!t->o->quiet || bad) {
        fputs(r->failed ? "galley plugin test: out of memory\n" : r->data, stdout);
        fflush(stdout);
    }
    t->failed += (size_t)bad;
    sbuf_free(&t->notes);
    t->errors = 0;
}

static void article_header(const ptest *t, sbuf *r) {
    sbuf_printf(r, "== %s", t->file);
    if (t->index) sbuf_printf(r, " (article %zu)", t->index + 1);
    sbuf_puts(r, "\n");
}

/* ---- format, categorize, filter ---------------------------------------------------- */

/* Stops the test: the plugin cannot run (exit status 2 or 3). Returns rc. */
static int stop(ptest *t, int rc, const char *message) {
    fprintf(stderr, "galley plugin test: %s\n", message);
    t->fatal = cli_exit_code(rc);
    return rc;
}

/* The article as a JSON value; NULL (the test stopped, with the reason) on failure. */
static jv *article_json(ptest *t, const galley_article *a) {
    char *json = galley_article_to_json(a);
    char err[256] = "out of memory";
    jv *v = json ? jv_parse(json, err, sizeof err) : NULL;
    galley_free(json);
    if (!v) stop(t, GALLEY_ERROR, err);
    return v;
}

static void report_article(ptest *t, const jv *before, const jv *after, int kept) {
    sbuf r = SBUF_INIT;
    jv *result = expect_result(t->kind, before, after, kept);
    article_header(t, &r);
    if (result) show_changes(t, &r, before, after, result);
    sbuf_put(&r, t->notes.data ? t->notes.data : "", t->notes.len);
    int bad = expectation(t, &r, result);
    t->articles++;
    finish_article(t, &r, bad || !result);
    sbuf_free(&r);
    jv_free(result);
}

/* Runs the plugin on one article; a negative code when the test cannot go on. */
static int process_article(ptest *t, galley_article *a) {
    galley_run_options ro = GALLEY_RUN_OPTIONS_INIT;
    ro.on_error = on_error;
    ro.on_log = on_log;
    ro.ud = t;
    int kept = 1;
    size_t failed = 0;
    /* As a run does before its plugins; without textcat's data the test goes on. */
    galley_article_detect_lang(t->g, a);
    jv *before = article_json(t, a), *after = NULL;
    if (!before) return GALLEY_ERROR;
    int rc = galley_article_process(t->g, a, &t->o->plugin, 1, &ro, &kept, &failed);
    if (rc != GALLEY_OK)
        stop(t, rc, galley_errmsg(t->g));
    else if (!(after = article_json(t, a)))
        rc = GALLEY_ERROR;
    else
        report_article(t, before, after, kept);
    jv_free(before);
    jv_free(after);
    return rc;
}

static int on_article(void *ud, galley_article *a) {
    ptest *t = ud;
    int rc = process_article(t, a);
    galley_article_free(a);
    t->index++;
    return rc;
}

/* A file that did not load is one failed article. */
static void load_failed(ptest *t, const char *message) {
    sbuf r = SBUF_INIT;
    article_header(t, &r);
    sbuf_printf(&r, "  error: %s\n", message);
    t->errors++;
    t->articles++;
    finish_article(t, &r, 1);
    sbuf_free(&r);
}

/* Loads every file, handing each article to fn; stops when the plugin cannot run. */
static void load_files(ptest *t, galley_article_fn fn) {
    for (size_t i = 0; i < t->o->nfiles && !t->fatal; i++) {
        t->file = t->o->files[i];
        t->index = 0;
        int rc = galley_load(t->g, t->file, t->o->input_format, fn, t);
        if (rc != GALLEY_OK && !t->fatal) load_failed(t, galley_errmsg(t->g));
    }
}

/* ---- export ---------------------------------------------------------------------- */

static int keep_article(void *ud, galley_article *a) {
    ptest *t = ud;
    if (t->nlist == t->caplist) {
        size_t cap = t->caplist ? t->caplist * 2 : 16;
        galley_article **list = realloc(t->list, cap * sizeof(galley_article *));
        if (!list) {
            galley_article_free(a);
            return stop(t, GALLEY_ENOMEM, "out of memory");
        }
        t->list = list;
        t->caplist = cap;
    }
    t->list[t->nlist++] = a;
    return GALLEY_OK;
}

/* The output folder: --output (created), else a new temporary one. Caller frees. */
static char *output_folder(const ptest *t) {
    if (t->o->output) {
        if (cli_mkdirs(t->o->output) == 0) return strdup(t->o->output);
        fprintf(stderr, "galley plugin test: cannot create %s: %s\n", t->o->output, strerror(errno));
        return NULL;
    }
    const char *tmp = getenv("TMPDIR");
    char *folder = cli_path_join(tmp && *tmp ? tmp : "/tmp", "galley-plugin-test-XXXXXX");
    if (folder && !mkdtemp(folder)) {
        fprintf(stderr, "galley plugin test: cannot create a temporary folder %s: %s\n", folder,
                strerror(errno));
        free(folder);
        return NULL;
    }
    return folder;
}

/* path without the folder it is in. */
static const char *relative_to(const char *folder, const char *path) {
    size_t n = strlen(folder);
    if (strcmp(folder, ".") == 0 || strncmp(path, folder, n) != 0) return path;
    while (path[n] == '/')
        n++;
    return path + n;
}

/* Adds one written file to map and its "wrote PATH (N bytes)" line; -1 on failure. */
static int add_written(sbuf *r, jv *map, const char *folder, const char *path) {
    size_t len;
    char *text = cli_read_file(path, &len);
    if (!text) {
        sbuf_printf(r, "  cannot read %s: %s\n", path, strerror(errno));
        return -1;
    }
    sbuf_printf(r, "  wrote %s (%zu bytes)\n", path, len);
    int rc = jv_set(map, relative_to(folder, path), jv_string(text));
    free(text);
    if (rc < 0) sbuf_puts(r, "  out of memory\n");
    return rc;
}

/* {"files": {path relative to the folder: text}}, and what was written; NULL on failure. */
static jv *written_files(sbuf *r, const char *folder, const char *root) {
    strs files = {0};
    jv *map = jv_new(JV_OBJECT), *result = jv_new(JV_OBJECT);
    int bad = !map || !result;
    if (!bad && cli_list_tree(root, &files) != 0 && errno != ENOENT) {
        sbuf_printf(r, "  cannot list %s: %s\n", root, strerror(errno));
        bad = 1;
    }
    for (size_t i = 0; i < files.n && !bad; i++)
        bad = add_written(r, map, folder, files.v[i]) < 0;
    if (!files.n && !bad) sbuf_puts(r, "  wrote no file\n");
    strs_free(&files);
    if (!bad && jv_set(result, "files", map) == 0) return result; /* map is moved, even on failure */
    if (bad) jv_free(map);
    jv_free(result);
    return NULL;
}

/* Runs the exporter into root; 0, or the exit code when it could not run. */
static int run_export(ptest *t, const char *root) {
    galley_export_options eo = GALLEY_EXPORT_OPTIONS_INIT;
    eo.plugin = t->o->plugin;
    eo.output = root;
    eo.on_error = on_error;
    eo.on_log = on_log;
    eo.ud = t;
    size_t count;
    int rc = galley_export_articles(t->g, &eo, t->list, t->nlist, &count);
    if (rc == GALLEY_OK || t->errors) return 0; /* a failure of the plugin itself is in the notes */
    fprintf(stderr, "galley plugin test: %s\n", galley_errmsg(t->g));
    return cli_exit_code(rc);
}

/* The output is <folder>/<name>.out: the file ctx:open() writes, or the folder that
 * ctx:open(path) writes into. */
static char *output_root(const ptest *t, const char *folder) {
    sbuf base = SBUF_INIT;
    sbuf_printf(&base, "%s.out", t->name);
    char *root = base.failed ? NULL : cli_path_join(folder, base.data);
    sbuf_free(&base);
    struct stat st;
    if (root && stat(root, &st) == 0 && S_ISDIR(st.st_mode)) {
        fprintf(stderr,
                "galley plugin test: %s is there from an earlier test: remove it or give another --output\n",
                root);
        free(root);
        return NULL;
    }
    return root;
}

static void export_articles(ptest *t, const char *folder) {
    char *root = output_root(t, folder);
    int rc = root ? run_export(t, root) : EXIT_USAGE;
    if (rc) {
        t->fatal = rc;
        free(root);
        return;
    }
    sbuf r = SBUF_INIT;
    t->file = t->o->files[0];
    t->index = 0;
    sbuf_printf(&r, "== export of %zu article%s into %s\n", t->nlist, t->nlist == 1 ? "" : "s", root);
    sbuf_put(&r, t->notes.data ? t->notes.data : "", t->notes.len);
    jv *result = written_files(&r, folder, root);
    int bad = expectation(t, &r, result);
    t->articles += t->nlist;
    finish_article(t, &r, bad || !result);
    sbuf_free(&r);
    jv_free(result);
    free(root);
}

static void export_test(ptest *t) {
    load_files(t, keep_article);
    if (t->fatal || !t->nlist) return; /* nothing loaded: the failures are shown */
    char *folder = output_folder(t);
    if (!folder) {
        t->fatal = EXIT_FATAL;
        return;
    }
    export_articles(t, folder);
    int temporary = !t->o->output;
    if (temporary && (t->fatal || t->o->quiet))
        cli_remove_tree(folder);
    else if (temporary)
        printf("output folder: %s (kept)\n", folder);
    free(folder);
}

/* ---- the test ---------------------------------------------------------------------- */

static void ptest_free(ptest *t) {
    for (size_t i = 0; i < t->nlist; i++)
        galley_article_free(t->list[i]);
    free(t->list);
    free(t->path);
    free(t->kind);
    free(t->version);
    free(t->broken);
    free(t->name);
    sbuf_free(&t->notes);
    galley_close(t->g);
}

int ptest_run(const ptest_options *o) {
    ptest t = {0};
    t.o = o;
    int status = cli_open_bare(&t.g, o->config, "plugin test");
    if (!status) status = plugin_declaration(&t);
    if (!status) {
        if (strcmp(t.kind, "export") == 0)
            export_test(&t);
        else
            load_files(&t, on_article);
        status = t.fatal ? t.fatal : t.failed ? EXIT_PARTIAL : 0;
        if (!t.fatal && !o->quiet)
            printf("%zu article%s, %zu failure%s\n", t.articles, t.articles == 1 ? "" : "s", t.failed,
                   t.failed == 1 ? "" : "s");
    }
    ptest_free(&t);
    return status;
}

/* ---- the command ------------------------------------------------------------------- */

int cmd_plugin_test(int argc, char **argv) {
    static const struct option longopts[] = {{"expect", no_argument, NULL, OPT_EXPECT},
                                             {"update", no_argument, NULL, OPT_UPDATE},
                                             {"output", required_argument, NULL, 'o'},
                                             {"config", required_argument, NULL, OPT_CONFIG},
                                             {"input-format", required_argument, NULL, OPT_INPUT_FORMAT},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    ptest_options o = {0};
    int expect = 0, update = 0, opt;
    while ((opt = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
        switch (opt) {
        case OPT_EXPECT: expect = 1; break;
        case OPT_UPDATE: update = 1; break;
        case 'o': o.output = optarg; break;
        case OPT_CONFIG: o.config = optarg; break;
        case OPT_INPUT_FORMAT: o.input_format = optarg; break;
        case 'h': fputs(usage_plugin_test, stdout); return 0;
        default: fputs(usage_plugin_test, stderr); return EXIT_USAGE;
        }
    }
    if (argc - optind < 2)
        return cli_usage_error("plugin test", "%s", argc == optind ? "no PLUGIN given" : "no FILE given");
    o.mode = update ? PTEST_UPDATE : expect ? PTEST_EXPECT : PTEST_SHOW;
    o.plugin = argv[optind];
    o.files = argv + optind + 1;
    o.nfiles = (size_t)(argc - optind - 1);
    return ptest_run(&o);
}
