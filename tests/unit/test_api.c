/* test_api.c — the public API end to end, through galley.h only: open, load, run over
 * a folder with plugins written by the test, skip what is unchanged, report plugin
 * failures, export, and the error messages of the handle. The database is checked
 * with sqlite3 directly, as users of the schema would. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "helpers.h"

#include "galley.h"

#include <dirent.h>
#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define MAX_REPORTS 8

typedef struct report {
    char source[256], plugin[128], message[1024], traceback[1024];
} report;

typedef struct fixture {
    char dir[64];
    char db[128];
    char plugins[128];
    char in[128];
    int nreports;
    report reports[MAX_REPORTS];
    galley *g; /* closed by teardown: for tests whose assertions may fail halfway */
} fixture;

/* ---- helpers ------------------------------------------------------------------------- */


/* Writes content to <dir>/<rel>, creating folders on the way. */
static void write_at(const char *dir, const char *rel, const char *content) {
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    for (char *p = path + strlen(dir) + 1; *p; p++) {
        if (*p != '/') continue;
        *p = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST) fail_msg("mkdir %s: %s", path, strerror(errno));
        *p = '/';
    }
    FILE *fp = fopen(path, "w");
    if (!fp) fail_msg("cannot write %s", path);
    fputs(content, fp);
    fclose(fp);
}

static const char stamp_src[] =
    "-- format/stamp: brackets the title and emits the plain text\n"
    "return { kind = 'format', version = '1', options = { left = '[', right = ']' },\n"
    "  process = function(article, ctx)\n"
    "    article.title = ctx.options.left .. article.title .. ctx.options.right\n"
    "    ctx:emit('plain', article:text())\n"
    "  end }\n";

static const char words_src[] = "-- categorize/words: long or short by the number of words in the body\n"
                                "return { kind = 'categorize', version = '1',\n"
                                "  process = function(article)\n"
                                "    local n = #galley.text.words(article:text())\n"
                                "    article:categorize('length', n > 10 and 'long' or 'short', 0.5)\n"
                                "  end }\n";

static const char broken_src[] =
    "-- categorize/broken: fails on articles whose title mentions Boom\n"
    "local function check(title)\n"
    "  if title:find('Boom') then error('cannot categorize ' .. title) end --@boom\n"
    "end\n"
    "return { kind = 'categorize', process = function(article)\n"
    "  check(article.title)\n"
    "  article:categorize('topic', 'ok')\n"
    "end }\n";

static const char nofilter_src[] = "return { kind = 'filter', process = function(article)\n"
                                   "  return not article.title:find('Drop')\n"
                                   "end }\n";

static const char export_src[] =
    "-- export/lines: one line per article: uid, title, first category\n"
    "return { kind = 'export', export = function(articles, ctx)\n"
    "  local out = ctx:open()\n"
    "  for a in articles do\n"
    "    local c = a:categories()[1]\n"
    "    out:write(a.uid:match('[^/]*$'), '\\t', a.title, '\\t', c and c.label or '-', '\\n')\n"
    "  end\n"
    "  out:close()\n"
    "end }\n";

static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    if (!f) return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/gt-api-XXXXXX");
    if (!mkdtemp(f->dir)) {
        free(f);
        return -1;
    }
    snprintf(f->db, sizeof f->db, "%s/galley.db", f->dir);
    snprintf(f->plugins, sizeof f->plugins, "%s/plugins", f->dir);
    snprintf(f->in, sizeof f->in, "%s/in", f->dir);
    write_at(f->dir, "plugins/format/stamp.lua", stamp_src);
    write_at(f->dir, "plugins/categorize/words.lua", words_src);
    write_at(f->dir, "plugins/categorize/broken.lua", broken_src);
    write_at(f->dir, "plugins/filter/nodrop.lua", nofilter_src);
    write_at(f->dir, "plugins/export/lines.lua", export_src);
    write_at(f->dir, "in/a.txt",
             "Alpha headline\n\nThe first article has a body with quite a few words in it, more than ten.\n\n"
             "A second paragraph.\n");
    write_at(f->dir, "in/b.txt", "Bravo headline\n\nShort body here.\n");
    write_at(f->dir, "in/sub/c.txt", "Charlie headline\n\nAnother short body.\n");
    /* What a folder walk leaves alone. */
    write_at(f->dir, "in/.hidden.txt", "Hidden headline\n\nNot loaded.\n");
    write_at(f->dir, "in/a.expected.json", "{}\n");
    write_at(f->dir, "in/picture.png", "\x89PNG\r\n");
    *state = f;
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    galley_close(f->g);
    remove_tree(f->dir);
    free(f);
    return 0;
}

static void on_error(void *ud, const galley_error *e) {
    fixture *f = ud;
    if (f->nreports >= MAX_REPORTS) return;
    report *r = &f->reports[f->nreports++];
    snprintf(r->source, sizeof r->source, "%s", e->source ? e->source : "-");
    snprintf(r->plugin, sizeof r->plugin, "%s", e->plugin ? e->plugin : "-");
    snprintf(r->message, sizeof r->message, "%s", e->message);
    snprintf(r->traceback, sizeof r->traceback, "%s", e->traceback ? e->traceback : "");
}

static galley *open_handle(fixture *f) {
    galley_options o = GALLEY_OPTIONS_INIT;
    o.db_path = f->db;
    o.plugin_path = f->plugins;
    galley *g = NULL;
    int rc = galley_open(&g, &o);
    if (rc != GALLEY_OK) fail_msg("galley_open: %d %s", rc, galley_errmsg(g));
    assert_string_equal(galley_errmsg(g), "");
    return g;
}

static galley_run_stats run_with(fixture *f, galley *g, const char *const *plugins, size_t n) {
    galley_run_options ro = GALLEY_RUN_OPTIONS_INIT;
    ro.plugins = plugins;
    ro.nplugins = n;
    ro.on_error = on_error;
    ro.ud = f;
    galley_run_stats stats;
    memset(&stats, 0xff, sizeof stats);
    const char *inputs[] = {f->in};
    f->nreports = 0;
    int rc = galley_run(g, inputs, 1, &ro, &stats);
    if (rc != GALLEY_OK) fail_msg("galley_run: %d %s", rc, galley_errmsg(g));
    assert_true(stats.seconds >= 0);
    return stats;
}

static void assert_stats(galley_run_stats s, size_t loaded, size_t skipped, size_t filtered, size_t failed) {
    if (s.loaded != loaded || s.skipped != skipped || s.filtered != filtered || s.failed != failed)
        fail_msg("stats: loaded %zu skipped %zu filtered %zu failed %zu; expected %zu %zu %zu %zu", s.loaded,
                 s.skipped, s.filtered, s.failed, loaded, skipped, filtered, failed);
}

/* The first column of the first row of sql on the database, as a new string ("" for
 * NULL), or NULL when there is no row. */
static char *sql_text(const char *db_path, const char *sql) {
    sqlite3 *db;
    assert_int_equal(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK) fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    char *out = NULL;
    if (sqlite3_step(s) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(s, 0);
        out = strdup(t ? t : "");
    }
    sqlite3_finalize(s);
    sqlite3_close(db);
    return out;
}

static void assert_sql(const char *db, const char *sql, const char *expected) {
    char *t = sql_text(db, sql);
    if (!t || strcmp(t, expected) != 0)
        fail_msg("%s gave '%s', expected '%s'", sql, t ? t : "(no row)", expected);
    free(t);
}

static int line_of(const char *src, const char *marker) {
    const char *at = strstr(src, marker);
    assert_non_null(at);
    int line = 1;
    for (const char *p = src; p < at; p++)
        line += *p == '\n';
    return line;
}

static char *slurp(const char *path) {
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    char *buf = calloc(1, 65536);
    assert_non_null(buf);
    size_t n = fread(buf, 1, 65535, fp);
    buf[n] = '\0';
    fclose(fp);
    return buf;
}

/* ---- handle ----------------------------------------------------------------------------- */

static void test_open_without_store(void **state) {
    (void)state;
    galley *g = NULL;
    assert_int_equal(galley_open(&g, NULL), GALLEY_OK);
    assert_non_null(g);
    assert_string_equal(galley_errmsg(g), "");
    const char *inputs[] = {"x"};
    assert_int_equal(galley_run(g, inputs, 1, NULL, NULL), GALLEY_EUSAGE);
    assert_non_null(strstr(galley_errmsg(g), "needs a database"));
    galley_export_options eo = GALLEY_EXPORT_OPTIONS_INIT;
    eo.plugin = "export/lines";
    assert_int_equal(galley_export(g, &eo, NULL), GALLEY_EUSAGE);
    assert_non_null(strstr(galley_errmsg(g), "needs a database"));
    galley_close(g);
    galley_close(NULL);
    assert_non_null(galley_default_plugin_dir());
}

static void test_open_refuses_unknown_options_version(void **state) {
    (void)state;
    galley_options o = GALLEY_OPTIONS_INIT;
    o.version = 99;
    galley *g = NULL;
    assert_int_equal(galley_open(&g, &o), GALLEY_EUSAGE);
    assert_non_null(g);
    assert_non_null(strstr(galley_errmsg(g), "version 99"));
    galley_close(g);
}

static void test_open_on_a_directory_fails_with_a_message(void **state) {
    fixture *f = *state;
    galley_options o = GALLEY_OPTIONS_INIT;
    o.db_path = f->in; /* a folder */
    galley *g = NULL;
    assert_int_equal(galley_open(&g, &o), GALLEY_ESTORE);
    assert_non_null(g);
    const char *msg = galley_errmsg(g);
    if (!strstr(msg, f->in)) fail_msg("the message does not name the path: '%s'", msg);
    assert_true(strlen(msg) > strlen(f->in) + 10);
    galley_close(g);
}

/* ---- loading ---------------------------------------------------------------------------------- */

typedef struct collected {
    galley_article *a[4];
    int n;
    int stop_after;
} collected;

static int collect(void *ud, galley_article *a) {
    collected *c = ud;
    if (c->n < 4)
        c->a[c->n++] = a;
    else
        galley_article_free(a);
    return c->stop_after && c->n >= c->stop_after ? GALLEY_ERROR : GALLEY_OK;
}

static void test_load_buffer_gives_an_article(void **state) {
    (void)state;
    galley *g;
    assert_int_equal(galley_open(&g, NULL), GALLEY_OK);
    const char text[] =
        "A headline in memory\n\nThe body paragraph of the article in memory.\n\nAnd one more.\n";
    collected c = {0};
    assert_int_equal(galley_load_buffer(g, "mem/one.txt", text, sizeof text - 1, NULL, collect, &c),
                     GALLEY_OK);
    assert_int_equal(c.n, 1);
    galley_article *a = c.a[0];
    assert_string_equal(galley_article_get(a, "title"), "A headline in memory");
    assert_string_equal(galley_article_get(a, "source"), "mem/one.txt");
    assert_string_equal(galley_article_get(a, "uid"), "mem/one.txt");
    assert_string_equal(galley_article_get(a, "format"), "text");
    assert_true(galley_article_block_count(a) >= 1);
    char *body = galley_article_text(a);
    assert_non_null(strstr(body, "The body paragraph of the article in memory."));
    assert_null(strstr(body, "A headline in memory"));
    galley_free(body);
    assert_int_equal(strlen(galley_article_hash(a)), 16);
    char *json = galley_article_to_json(a);
    assert_non_null(strstr(json, "\"uid\":\"mem/one.txt\""));
    assert_non_null(strstr(json, "\"title\":\"A headline in memory\""));
    galley_free(json);
    galley_article_free(a);

    /* The same bytes give the same hash; a changed body another. */
    collected d = {0};
    assert_int_equal(galley_load_buffer(g, "mem/one.txt", text, sizeof text - 1, "text", collect, &d),
                     GALLEY_OK);
    collected e = {0};
    const char other[] =
        "A headline in memory\n\nThe body paragraph of the article, changed.\n\nAnd one more.\n";
    assert_int_equal(galley_load_buffer(g, "mem/one.txt", other, sizeof other - 1, "text", collect, &e),
                     GALLEY_OK);
    assert_int_equal(d.n, 1);
    assert_int_equal(e.n, 1);
    assert_string_not_equal(galley_article_hash(d.a[0]), galley_article_hash(e.a[0]));
    galley_article_free(d.a[0]);
    galley_article_free(e.a[0]);
    galley_close(g);
}

/* data as one gzip member, into out (of size *n, set to the length). */
static void gzip_into(const char *data, size_t len, unsigned char *out, size_t *n) {
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    assert_int_equal(deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
    zs.next_in = (unsigned char *)data;
    zs.avail_in = (uInt)len;
    zs.next_out = out;
    zs.avail_out = (uInt)*n;
    assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
    *n = zs.total_out;
    deflateEnd(&zs);
}

/* galley_load_buffer reads gzip bytes as what they hold, by their signature. */
static void test_load_buffer_reads_gzip(void **state) {
    (void)state;
    galley *g;
    assert_int_equal(galley_open(&g, NULL), GALLEY_OK);
    const char page[] = "<html><head><title>Packed page</title></head><body><p>A paragraph that "
                        "arrived gzip-compressed, as a server may send it.</p></body></html>";
    unsigned char packed[1024];
    size_t n = sizeof packed;
    gzip_into(page, sizeof page - 1, packed, &n);
    collected c = {0};
    assert_int_equal(galley_load_buffer(g, "mem/page.html.gz", packed, n, NULL, collect, &c), GALLEY_OK);
    assert_int_equal(c.n, 1);
    assert_string_equal(galley_article_get(c.a[0], "format"), "html");
    assert_string_equal(galley_article_get(c.a[0], "title"), "Packed page");
    assert_string_equal(galley_article_get(c.a[0], "source"), "mem/page.html.gz");
    galley_article_free(c.a[0]);
    /* Cut short: an error naming the input. */
    collected d = {0};
    assert_int_equal(galley_load_buffer(g, "mem/cut.html.gz", packed, n / 2, NULL, collect, &d), GALLEY_EFORMAT);
    assert_int_equal(d.n, 0);
    assert_string_equal(galley_errmsg(g),
                        "mem/cut.html.gz: truncated gzip data (it ends before the end of the compressed stream)");
    galley_close(g);
}

static void test_load_errors_name_the_input(void **state) {
    fixture *f = *state;
    galley *g;
    assert_int_equal(galley_open(&g, NULL), GALLEY_OK);
    collected c = {0};
    char missing[256];
    snprintf(missing, sizeof missing, "%s/in/missing.txt", f->dir);
    assert_int_equal(galley_load(g, missing, NULL, collect, &c), GALLEY_EIO);
    assert_int_equal(c.n, 0);
    if (!strstr(galley_errmsg(g), missing)) fail_msg("'%s' does not name %s", galley_errmsg(g), missing);
    assert_non_null(strstr(galley_errmsg(g), "no such file"));

    assert_int_equal(galley_load_buffer(g, "mem/x.txt", "x", 1, "nope", collect, &c), GALLEY_EUSAGE);
    assert_non_null(strstr(galley_errmsg(g), "unknown input format 'nope'"));

    char png[256];
    snprintf(png, sizeof png, "%s/in/picture.png", f->dir);
    assert_int_equal(galley_load(g, png, NULL, collect, &c), GALLEY_EFORMAT);
    assert_non_null(strstr(galley_errmsg(g), png));
    assert_int_equal(c.n, 0);
    galley_close(g);
}

static void test_load_callback_can_stop(void **state) {
    fixture *f = *state;
    galley *g;
    assert_int_equal(galley_open(&g, NULL), GALLEY_OK);
    collected c = {0};
    c.stop_after = 1;
    char path[256];
    snprintf(path, sizeof path, "%s/in/a.txt", f->dir);
    assert_int_equal(galley_load(g, path, NULL, collect, &c), GALLEY_ERROR);
    assert_int_equal(c.n, 1);
    assert_string_equal(galley_article_get(c.a[0], "source"), path);
    galley_article_free(c.a[0]);
    galley_close(g);
}

/* ---- runs ------------------------------------------------------------------------------------- */

static void test_run_stores_then_skips_then_reprocesses_changes(void **state) {
    fixture *f = *state;
    galley *g = open_handle(f);
    const char *plugins[] = {"format/stamp", "categorize/words"};

    galley_run_stats s = run_with(f, g, plugins, 2);
    assert_stats(s, 3, 0, 0, 0);
    assert_int_equal(f->nreports, 0);
    char a_uid[256], b_uid[256];
    snprintf(a_uid, sizeof a_uid, "%s/in/a.txt", f->dir);
    snprintf(b_uid, sizeof b_uid, "%s/in/b.txt", f->dir);
    char sql[512];
    assert_sql(f->db, "SELECT count(*) FROM articles", "3");
    snprintf(sql, sizeof sql, "SELECT title || '|' || source || '|' || format FROM articles WHERE uid = '%s'",
             a_uid);
    char expected[512];
    snprintf(expected, sizeof expected, "[Alpha headline]|%s|text", a_uid);
    assert_sql(f->db, sql, expected);
    assert_sql(f->db,
               "SELECT group_concat(label, ',') FROM (SELECT c.label FROM categories c JOIN articles a"
               " ON a.id = c.article_id ORDER BY a.uid)",
               "long,short,short");
    assert_sql(f->db, "SELECT plugin FROM categories LIMIT 1", "categorize/words");
    snprintf(sql, sizeof sql,
             "SELECT r.body FROM renditions r JOIN articles a ON a.id = r.article_id"
             " WHERE a.uid = '%s' AND r.format = 'plain'",
             b_uid);
    assert_sql(f->db, sql, "Short body here.");
    assert_sql(f->db, "SELECT count(*) FROM processed", "6");
    assert_sql(f->db, "SELECT status || ' ' || loaded || ' ' || skipped || ' ' || failed FROM runs",
               "done 3 0 0");
    assert_sql(f->db, "SELECT count(*) FROM articles WHERE title LIKE '%Hidden%'", "0");
    snprintf(sql, sizeof sql, "SELECT id FROM articles WHERE uid = '%s'", b_uid);
    char *b_id = sql_text(f->db, sql);

    /* Nothing changed: everything is skipped, although the plugins changed the titles. */
    s = run_with(f, g, plugins, 2);
    assert_stats(s, 0, 3, 0, 0);
    assert_sql(f->db, "SELECT count(*) FROM runs WHERE status = 'done'", "2");
    assert_sql(f->db, "SELECT loaded || ' ' || skipped FROM runs ORDER BY id DESC", "0 3");

    /* One file changed: only it goes through the plugins again, and keeps its id. */
    write_at(f->dir, "in/b.txt", "Bravo headline, revised\n\nShort body here, a little longer now.\n");
    s = run_with(f, g, plugins, 2);
    assert_stats(s, 1, 2, 0, 0);
    snprintf(sql, sizeof sql, "SELECT title FROM articles WHERE uid = '%s'", b_uid);
    assert_sql(f->db, sql, "[Bravo headline, revised]");
    snprintf(sql, sizeof sql, "SELECT id FROM articles WHERE uid = '%s'", b_uid);
    assert_sql(f->db, sql, b_id);
    free(b_id);
    assert_sql(f->db, "SELECT count(*) FROM articles", "3");

    /* A plugin changed: every article goes through the run again. */
    write_at(f->dir, "plugins/format/stamp.lua",
             "return { kind = 'format', version = '2', process = function(a) a.title = '<' .. a.title .. '>' "
             "end }\n");
    s = run_with(f, g, plugins, 2);
    assert_stats(s, 3, 0, 0, 0);
    snprintf(sql, sizeof sql, "SELECT title FROM articles WHERE uid = '%s'", a_uid);
    assert_sql(f->db, sql, "<Alpha headline>");
    /* A plugin more than last time: again everything. */
    const char *three[] = {"format/stamp", "categorize/words", "categorize/broken"};
    s = run_with(f, g, three, 3);
    assert_stats(s, 3, 0, 0, 0);
    galley_close(g);
}

static void test_broken_plugin_counts_reports_and_records(void **state) {
    fixture *f = *state;
    write_at(f->dir, "in/boom.txt", "Boom goes the headline\n\nA body for the failing article.\n");
    galley *g = open_handle(f);
    const char *plugins[] = {"format/stamp", "categorize/broken"};
    galley_run_stats s = run_with(f, g, plugins, 2);
    assert_stats(s, 3, 0, 0, 1);

    char source[256], expected[1024];
    snprintf(source, sizeof source, "%s/in/boom.txt", f->dir);
    snprintf(expected, sizeof expected,
             "%s/categorize/broken.lua:%d: cannot categorize [Boom goes the headline] (article '%s')",
             f->plugins, line_of(broken_src, "--@boom"), source);
    assert_int_equal(f->nreports, 1);
    assert_string_equal(f->reports[0].source, source);
    assert_string_equal(f->reports[0].plugin, "categorize/broken");
    assert_string_equal(f->reports[0].message, expected);

    /* The errors table holds the same, and the run its counts. */
    assert_sql(f->db, "SELECT count(*) FROM errors", "1");
    assert_sql(f->db, "SELECT message FROM errors", expected);
    assert_sql(f->db, "SELECT source FROM errors", source);
    assert_sql(f->db, "SELECT plugin FROM errors", "categorize/broken");
    assert_sql(f->db, "SELECT errors.run_id = runs.id FROM errors, runs", "1");
    assert_sql(f->db, "SELECT status || ' ' || loaded || ' ' || failed FROM runs", "done 3 1");
    /* The article is stored with what the other plugin made. */
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT title FROM articles WHERE uid = '%s'", source);
    assert_sql(f->db, sql, "[Boom goes the headline]");
    snprintf(sql, sizeof sql,
             "SELECT group_concat(p.plugin) FROM processed p JOIN articles a ON a.id = p.article_id WHERE "
             "a.uid = '%s'",
             source);
    assert_sql(f->db, sql, "format/stamp");

    /* Next run: the failed article is tried again, the others are skipped. */
    s = run_with(f, g, plugins, 2);
    assert_stats(s, 0, 3, 0, 1);
    assert_int_equal(f->nreports, 1);
    assert_sql(f->db, "SELECT count(*) FROM errors", "2");
    galley_close(g);
}

static void test_filter_drops_articles(void **state) {
    fixture *f = *state;
    write_at(f->dir, "in/drop.txt", "Drop this headline\n\nIt should not be stored.\n");
    galley *g = open_handle(f);
    const char *plugins[] = {"filter/nodrop", "format/stamp"};
    galley_run_stats s = run_with(f, g, plugins, 2);
    assert_stats(s, 3, 0, 1, 0);
    assert_sql(f->db, "SELECT count(*) FROM articles", "3");
    assert_sql(f->db, "SELECT count(*) FROM articles WHERE title LIKE '%Drop%'", "0");
    galley_close(g);
}

static void test_run_walks_a_symlink_cycle_once(void **state) {
    /* A symbolic link to an ancestor folder (in/again -> .) was once followed until
     * ELOOP, storing every article ~40 times; a folder already on the walk's path is
     * not walked again. */
    fixture *f = *state;
    char link[256];
    snprintf(link, sizeof link, "%s/again", f->in);
    assert_int_equal(symlink(".", link), 0);
    f->g = open_handle(f);
    const char *plugins[] = {"format/stamp"};
    galley_run_stats s = run_with(f, f->g, plugins, 1);
    assert_stats(s, 3, 0, 0, 0);
    assert_sql(f->db, "SELECT count(*) FROM articles", "3");
}

static void test_run_reports_missing_inputs_and_goes_on(void **state) {
    fixture *f = *state;
    galley *g = open_handle(f);
    galley_run_options ro = GALLEY_RUN_OPTIONS_INIT;
    const char *plugins[] = {"format/stamp"};
    ro.plugins = plugins;
    ro.nplugins = 1;
    ro.on_error = on_error;
    ro.ud = f;
    char missing[256];
    snprintf(missing, sizeof missing, "%s/nothing-here.txt", f->dir);
    const char *inputs[] = {missing, f->in};
    galley_run_stats s;
    assert_int_equal(galley_run(g, inputs, 2, &ro, &s), GALLEY_OK);
    assert_stats(s, 3, 0, 0, 1);
    assert_int_equal(f->nreports, 1);
    assert_string_equal(f->reports[0].source, missing);
    assert_string_equal(f->reports[0].plugin, "-");
    if (!strstr(f->reports[0].message, missing))
        fail_msg("message does not name the file: %s", f->reports[0].message);
    assert_sql(f->db, "SELECT plugin IS NULL FROM errors", "1");
    galley_close(g);
}

static void test_run_with_a_plugin_that_does_not_load(void **state) {
    fixture *f = *state;
    write_at(f->dir, "plugins/format/bad.lua", "return { kind = 'format' }\n");
    galley *g = open_handle(f);
    galley_run_options ro = GALLEY_RUN_OPTIONS_INIT;
    const char *plugins[] = {"format/stamp", "format/bad"};
    ro.plugins = plugins;
    ro.nplugins = 2;
    const char *inputs[] = {f->in};
    assert_int_equal(galley_run(g, inputs, 1, &ro, NULL), GALLEY_EPLUGIN);
    assert_non_null(strstr(galley_errmsg(g), "format/bad.lua: a plugin of kind 'format' needs a function 'process'"));
    const char *absent[] = {"format/absent"};
    ro.plugins = absent;
    ro.nplugins = 1;
    assert_int_equal(galley_run(g, inputs, 1, &ro, NULL), GALLEY_ENOTFOUND);
    assert_non_null(strstr(galley_errmsg(g), "plugin 'format/absent' not found"));
    const char *export_in_run[] = {"export/lines"};
    ro.plugins = export_in_run;
    assert_int_equal(galley_run(g, inputs, 1, &ro, NULL), GALLEY_EUSAGE);
    assert_non_null(strstr(galley_errmsg(g), "export plugin"));
    galley_close(g);
    assert_sql(f->db, "SELECT count(*) FROM articles", "0");
}

/* ---- export ------------------------------------------------------------------------------------- */

static void test_export_with_a_plugin(void **state) {
    fixture *f = *state;
    galley *g = open_handle(f);
    const char *plugins[] = {"format/stamp", "categorize/words"};
    run_with(f, g, plugins, 2);
    galley_close(g);

    /* Read-only, as `galley export` opens it. */
    galley_options o = GALLEY_OPTIONS_INIT;
    o.db_path = f->db;
    o.plugin_path = f->plugins;
    o.read_only = 1;
    assert_int_equal(galley_open(&g, &o), GALLEY_OK);
    char out[256];
    snprintf(out, sizeof out, "%s/export.tsv", f->dir);
    galley_export_options eo = GALLEY_EXPORT_OPTIONS_INIT;
    eo.plugin = "export/lines";
    eo.output = out;
    eo.on_error = on_error;
    eo.ud = f;
    size_t count = 0;
    f->nreports = 0;
    int rc = galley_export(g, &eo, &count);
    if (rc != GALLEY_OK) fail_msg("galley_export: %s", galley_errmsg(g));
    assert_int_equal(count, 3);
    assert_int_equal(f->nreports, 0);
    char *text = slurp(out);
    assert_non_null(text);
    assert_string_equal(text, "a.txt\t[Alpha headline]\tlong\n"
                              "b.txt\t[Bravo headline]\tshort\n"
                              "c.txt\t[Charlie headline]\tshort\n");
    free(text);

    /* A failing export is reported and returned. */
    write_at(f->dir, "plugins/export/fails.lua",
             "return { kind = 'export', export = function(articles, ctx)\n"
             "  for a in articles do error('no export for ' .. a.uid:match('[^/]*$')) end\n"
             "end }\n");
    eo.plugin = "export/fails";
    assert_int_equal(galley_export(g, &eo, &count), GALLEY_EPLUGIN);
    assert_int_equal(count, 1);
    char expected[512];
    snprintf(expected, sizeof expected, "%s/export/fails.lua:2: no export for a.txt", f->plugins);
    assert_string_equal(galley_errmsg(g), expected);
    assert_int_equal(f->nreports, 1);
    assert_string_equal(f->reports[0].message, expected);
    assert_string_equal(f->reports[0].plugin, "export/fails");

    eo.plugin = "export/none";
    assert_int_equal(galley_export(g, &eo, &count), GALLEY_ENOTFOUND);
    assert_non_null(strstr(galley_errmsg(g), "export/none"));
    galley_close(g);
}

static void test_export_of_a_damaged_store_explains(void **state) {
    /* The export's error must carry the store's message, which names the article. */
    fixture *f = *state;
    f->g = open_handle(f);
    const char *plugins[] = {"format/stamp"};
    run_with(f, f->g, plugins, 1);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "UPDATE articles SET blocks = '[{' WHERE id = 2", NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    char out[256];
    snprintf(out, sizeof out, "%s/export.tsv", f->dir);
    galley_export_options eo = GALLEY_EXPORT_OPTIONS_INIT;
    eo.plugin = "export/lines";
    eo.output = out;
    size_t count = 0;
    assert_int_equal(galley_export(f->g, &eo, &count), GALLEY_EPLUGIN);
    assert_int_equal(count, 1);
    if (!strstr(galley_errmsg(f->g), "article 2")) fail_msg("unclear message: %s", galley_errmsg(f->g));
}

/* ---- without a store ----------------------------------------------------------------------------- */

static void test_article_process_without_store(void **state) {
    fixture *f = *state;
    galley_options o = GALLEY_OPTIONS_INIT;
    o.plugin_path = f->plugins;
    galley *g;
    assert_int_equal(galley_open(&g, &o), GALLEY_OK);
    galley_article *a = galley_article_new();
    assert_int_equal(galley_article_set(a, "title", "Boom headline"), GALLEY_OK);
    assert_int_equal(galley_article_set(a, "source", "mem/a"), GALLEY_OK);
    assert_int_equal(galley_article_add_block(a, GALLEY_BLOCK_PARAGRAPH, 0, "one two three"), GALLEY_OK);
    const char *plugins[] = {"format/stamp", "categorize/broken", "categorize/words"};
    galley_run_options ro = GALLEY_RUN_OPTIONS_INIT;
    ro.on_error = on_error;
    ro.ud = f;
    int kept = -1;
    size_t failed = 99;
    assert_int_equal(galley_article_process(g, a, plugins, 3, &ro, &kept, &failed), GALLEY_OK);
    assert_int_equal(kept, 1);
    assert_int_equal(failed, 1);
    assert_int_equal(f->nreports, 1);
    assert_string_equal(f->reports[0].plugin, "categorize/broken");
    assert_string_equal(galley_article_get(a, "title"), "[Boom headline]");
    assert_string_equal(galley_article_rendition(a, "plain"), "one two three");
    assert_int_equal(galley_article_category_count(a), 1);
    galley_category c;
    assert_int_equal(galley_article_category(a, 0, &c), GALLEY_OK);
    assert_string_equal(c.scheme, "length");
    assert_string_equal(c.label, "short");
    assert_string_equal(c.plugin, "categorize/words");

    char *found = NULL;
    assert_int_equal(galley_plugin_find(g, "format/stamp", &found), GALLEY_OK);
    char expected[256];
    snprintf(expected, sizeof expected, "%s/format/stamp.lua", f->plugins);
    assert_string_equal(found, expected);
    galley_free(found);
    assert_int_equal(galley_plugin_find(g, "format/none", &found), GALLEY_ENOTFOUND);
    assert_non_null(strstr(galley_errmsg(g), "format/none"));
    galley_article_free(a);
    galley_close(g);
}

/* ---- configuration ----------------------------------------------------------------------------- */

static void test_config_gives_db_inputs_plugins_and_options(void **state) {
    fixture *f = *state;
    char config[2048], path[256];
    snprintf(config, sizeof config,
             "return { db = '%s', inputs = { '%s' },\n"
             "  plugins = { { 'format/stamp', left = '(', right = ')' }, 'categorize/words' } }\n",
             f->db, f->in);
    write_at(f->dir, "galley.lua", config);
    snprintf(path, sizeof path, "%s/galley.lua", f->dir);
    galley_options o = GALLEY_OPTIONS_INIT;
    o.config_path = path;
    o.plugin_path = f->plugins;
    galley *g;
    assert_int_equal(galley_open(&g, &o), GALLEY_OK);
    size_t n = 0;
    const char *const *inputs = galley_config_inputs(g, &n);
    assert_int_equal(n, 1);
    assert_string_equal(inputs[0], f->in);
    galley_run_stats s;
    assert_int_equal(galley_run(g, NULL, 0, NULL, &s), GALLEY_OK);
    assert_stats(s, 3, 0, 0, 0);
    char sql[512], uid[256];
    snprintf(uid, sizeof uid, "%s/in/a.txt", f->dir);
    snprintf(sql, sizeof sql, "SELECT title FROM articles WHERE uid = '%s'", uid);
    assert_sql(f->db, sql, "(Alpha headline)");
    assert_sql(f->db, "SELECT count(*) FROM categories", "3");
    galley_close(g);

    /* A mistake in the configuration is named with the file. */
    write_at(f->dir, "galley.lua", "return { db = 'x.db', colour = 'red' }\n");
    assert_int_equal(galley_open(&g, &o), GALLEY_EUSAGE);
    char expected[512];
    snprintf(expected, sizeof expected, "%s: unknown setting 'colour' (known: db, inputs, plugins, jobs, limits)",
             path);
    assert_string_equal(galley_errmsg(g), expected);
    galley_close(g);
}

int main(void) {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest public_api_end_to_end[] = {
        T(test_open_without_store),
        T(test_open_refuses_unknown_options_version),
        T(test_open_on_a_directory_fails_with_a_message),
        T(test_load_buffer_gives_an_article),
        T(test_load_buffer_reads_gzip),
        T(test_load_errors_name_the_input),
        T(test_load_callback_can_stop),
        T(test_run_stores_then_skips_then_reprocesses_changes),
        T(test_broken_plugin_counts_reports_and_records),
        T(test_filter_drops_articles),
        T(test_run_walks_a_symlink_cycle_once),
        T(test_run_reports_missing_inputs_and_goes_on),
        T(test_run_with_a_plugin_that_does_not_load),
        T(test_export_with_a_plugin),
        T(test_export_of_a_damaged_store_explains),
        T(test_article_process_without_store),
        T(test_config_gives_db_inputs_plugins_and_options),
    };
#undef T
    return cmocka_run_group_tests(public_api_end_to_end, NULL, NULL);
}
