/* test_store.c — the SQLite store on real files: schema creation and refusal of foreign
 * or newer files, what counts as processed, replacing articles, reading them back, runs
 * and errors, the full-text index and transactions. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "helpers.h"

#include "store.h"
#include "util.h"

#include <dirent.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct fixture {
    char dir[64];
    char db[128];
} fixture;

/* ---- helpers ------------------------------------------------------------------------- */


static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    if (!f) return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/galley-test-store-XXXXXX");
    if (!mkdtemp(f->dir)) {
        free(f);
        return -1;
    }
    snprintf(f->db, sizeof f->db, "%s/galley.db", f->dir);
    *state = f;
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    remove_tree(f->dir);
    struct stat st;
    int gone = stat(f->dir, &st) != 0;
    free(f);
    return gone ? 0 : -1;
}

static store *open_store(const char *path) {
    store *st;
    char err[512] = "";
    int rc = store_open(&st, path, 0, err, sizeof err);
    if (rc != GALLEY_OK) fail_msg("store_open(%s): %d %s", path, rc, err);
    assert_non_null(st);
    return st;
}

/* Runs sql on a separate connection and returns the first column of the first row
 * (a copy, "" for NULL), or NULL when there is no row. */
static char *sql_text(const char *path, const char *sql) {
    sqlite3 *db;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK) fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    char *out = NULL;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(s, 0);
        out = strdup(t ? t : "");
    } else if (rc != SQLITE_DONE) {
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    }
    sqlite3_finalize(s);
    sqlite3_close(db);
    return out;
}

static long long sql_int(const char *path, const char *sql) {
    char *t = sql_text(path, sql);
    if (!t) fail_msg("%s returned no row", sql);
    long long v = atoll(t);
    free(t);
    return v;
}

static void assert_sql_text(const char *path, const char *sql, const char *expected) {
    char *t = sql_text(path, sql);
    if (!t) fail_msg("%s returned no row, expected '%s'", sql, expected);
    if (strcmp(t, expected) != 0) fail_msg("%s returned '%s', expected '%s'", sql, t, expected);
    free(t);
}

static void sql_exec(const char *path, const char *sql) {
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) fail_msg("%s: %s", sql, msg);
    sqlite3_close(db);
}

/* The rowids the full-text index finds for a query. */
static long long fts_match(const char *path, const char *word) {
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT rowid FROM articles_fts WHERE articles_fts MATCH '%s'", word);
    char *t = sql_text(path, sql);
    long long id = t ? atoll(t) : 0;
    free(t);
    return id;
}

static galley_article *make_article(const char *uid, const char *title, const char *body) {
    galley_article *a = galley_article_new();
    assert_non_null(a);
    assert_int_equal(article_set(a, AF_UID, uid), 0);
    assert_int_equal(article_set(a, AF_SOURCE, "in/a.txt"), 0);
    assert_int_equal(article_set(a, AF_FORMAT, "text"), 0);
    assert_int_equal(article_set(a, AF_TITLE, title), 0);
    assert_int_equal(article_add_block(a, GALLEY_BLOCK_PARAGRAPH, 0, body, NULL, NULL), 0);
    article_compute_hash(a);
    return a;
}

static const store_plugin_state two_plugins[] = {
    {"format/markdown", "1", "0000000000000001"},
    {"categorize/keywords", "2", "00000000000000aa"},
};
static const int both_ok[] = {1, 1};

static galley_article *read_single(store *st) {
    store_iter *it;
    assert_int_equal(store_iter_open(st, NULL, &it), GALLEY_OK);
    galley_article *a = NULL, *extra = NULL;
    assert_int_equal(store_iter_next(it, &a), GALLEY_OK);
    assert_non_null(a);
    assert_int_equal(store_iter_next(it, &extra), GALLEY_OK);
    assert_null(extra);
    store_iter_close(it);
    return a;
}

static size_t count_stored(store *st) {
    store_iter *it;
    assert_int_equal(store_iter_open(st, NULL, &it), GALLEY_OK);
    size_t n = 0;
    galley_article *a;
    while (store_iter_next(it, &a) == GALLEY_OK && a) {
        n++;
        galley_article_free(a);
    }
    store_iter_close(it);
    return n;
}

/* ---- opening ------------------------------------------------------------------------- */

static void test_open_creates_schema_in_wal_mode(void **state) {
    fixture *f = *state;
    store *st = open_store(f->db);
    assert_int_equal(sql_int(f->db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
    assert_sql_text(f->db, "PRAGMA journal_mode", "wal");
    static const char *const tables[] = {"articles", "categories", "renditions",  "processed",
                                         "runs",     "errors",     "articles_fts"};
    for (size_t i = 0; i < sizeof tables / sizeof *tables; i++) {
        char sql[128];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM sqlite_schema WHERE type='table' AND name='%s'",
                 tables[i]);
        if (sql_int(f->db, sql) != 1) fail_msg("table %s is missing", tables[i]);
    }
    /* Inserts are indexed by the store at commit, updates and deletes by triggers. */
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM sqlite_schema WHERE type='trigger'"), 2);
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM articles"), 0);
    assert_string_equal(store_errmsg(st), "");
    store_close(st);
}

static void test_reopening_keeps_data_and_schema(void **state) {
    fixture *f = *state;
    store *st = open_store(f->db);
    galley_article *a = make_article("u1", "Kept title", "kept body");
    assert_int_equal(store_put_article(st, a, 0, two_plugins, both_ok, 2), GALLEY_OK);
    char hash[17];
    memcpy(hash, a->hash, 17);
    galley_article_free(a);
    store_close(st);

    st = open_store(f->db);
    assert_int_equal(store_is_current(st, "u1", hash, two_plugins, 2), 1);
    galley_article *b = read_single(st);
    assert_string_equal(b->field[AF_TITLE], "Kept title");
    assert_string_equal(b->hash, hash);
    galley_article_free(b);
    store_close(st);
    assert_int_equal(sql_int(f->db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM sqlite_schema WHERE name='articles'"), 1);
}

static void test_open_refuses_foreign_database_untouched(void **state) {
    fixture *f = *state;
    char path[192];
    snprintf(path, sizeof path, "%s/other.db", f->dir);
    sql_exec(path, "CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT);"
                   "INSERT INTO customers(name) VALUES ('Ann');");
    store *st = (store *)1;
    char err[512] = "";
    assert_int_equal(store_open(&st, path, 0, err, sizeof err), GALLEY_ESTORE);
    assert_null(st);
    if (!strstr(err, path) || !strstr(err, "tables that are not galley's"))
        fail_msg("unclear message: %s", err);
    /* Nothing of galley's was added, and the file was not changed in any way. */
    assert_int_equal(sql_int(path, "SELECT count(*) FROM sqlite_schema"), 1);
    assert_int_equal(sql_int(path, "PRAGMA user_version"), 0);
    assert_sql_text(path, "SELECT name FROM customers", "Ann");
    assert_sql_text(path, "PRAGMA journal_mode", "delete");
    /* Read-only: the same refusal. */
    st = (store *)1;
    err[0] = '\0';
    assert_int_equal(store_open(&st, path, 1, err, sizeof err), GALLEY_ESTORE);
    assert_null(st);
    assert_non_null(strstr(err, path));
}

static void test_open_refuses_newer_schema(void **state) {
    fixture *f = *state;
    store *st = open_store(f->db);
    store_close(st);
    char newer[64], expect[64];
    snprintf(newer, sizeof newer, "PRAGMA user_version = %d", STORE_SCHEMA_VERSION + 1);
    snprintf(expect, sizeof expect, "schema version %d", STORE_SCHEMA_VERSION + 1);
    sql_exec(f->db, newer);
    char err[512] = "";
    assert_int_equal(store_open(&st, f->db, 0, err, sizeof err), GALLEY_ESTORE);
    assert_null(st);
    if (!strstr(err, expect) || !strstr(err, "newer")) fail_msg("unclear message: %s", err);
    assert_int_equal(sql_int(f->db, "PRAGMA user_version"), STORE_SCHEMA_VERSION + 1);
    err[0] = '\0';
    assert_int_equal(store_open(&st, f->db, 1, err, sizeof err), GALLEY_ESTORE);
    assert_non_null(strstr(err, expect));
}

/* A version 1 database (before errors.traceback) is upgraded in place, data kept; a
 * read-only open of it says how to upgrade. */
static void test_version_1_database_is_migrated(void **state) {
    fixture *f = *state;
    store *st = open_store(f->db);
    long long run;
    assert_int_equal(store_run_start(st, "[]", &run), GALLEY_OK);
    assert_int_equal(store_add_error(st, run, "in/a.txt", NULL, "kept", NULL), GALLEY_OK);
    store_close(st);
    sql_exec(f->db, "ALTER TABLE errors DROP COLUMN traceback; DROP TABLE fingerprints; PRAGMA user_version = 1");
    char err[512] = "";
    assert_int_equal(store_open(&st, f->db, 1, err, sizeof err), GALLEY_ESTORE);
    if (!strstr(err, "schema version 1") || !strstr(err, "galley run")) fail_msg("unclear message: %s", err);
    st = open_store(f->db);
    store_close(st);
    assert_int_equal(sql_int(f->db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM errors WHERE message = 'kept' AND traceback IS NULL"), 1);
}

static void test_open_refuses_a_file_that_is_not_a_database(void **state) {
    fixture *f = *state;
    char path[192];
    snprintf(path, sizeof path, "%s/notes.txt", f->dir);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    const char *content = "These are my notes, not a database. They are long enough to fill a header.\n";
    fputs(content, fp);
    fclose(fp);
    store *st;
    char err[512] = "";
    assert_int_equal(store_open(&st, path, 0, err, sizeof err), GALLEY_ESTORE);
    assert_null(st);
    if (!strstr(err, path) || !strstr(err, "not a database")) fail_msg("unclear message: %s", err);
    char *data = NULL;
    size_t len = 0;
    assert_int_equal(read_file(path, &data, &len), 0);
    assert_string_equal(data, content);
    free(data);
}

static void test_open_read_only_missing_file_fails(void **state) {
    fixture *f = *state;
    char path[192];
    snprintf(path, sizeof path, "%s/missing.db", f->dir);
    store *st;
    char err[512] = "";
    assert_int_equal(store_open(&st, path, 1, err, sizeof err), GALLEY_ESTORE);
    assert_null(st);
    assert_non_null(strstr(err, path));
    struct stat sb;
    assert_int_not_equal(stat(path, &sb), 0); /* not created */
}

static void test_read_only_store_reads(void **state) {
    fixture *f = *state;
    store *st = open_store(f->db);
    galley_article *a = make_article("ro", "Read only", "body");
    assert_int_equal(store_put_article(st, a, 0, NULL, NULL, 0), GALLEY_OK);
    galley_article_free(a);
    store_close(st);
    char err[512] = "";
    assert_int_equal(store_open(&st, f->db, 1, err, sizeof err), GALLEY_OK);
    galley_article *b = read_single(st);
    assert_string_equal(b->field[AF_UID], "ro");
    galley_article_free(b);
    /* Writing through it fails with a message instead of writing. */
    galley_article *c = make_article("ro2", "x", "y");
    assert_int_equal(store_put_article(st, c, 0, NULL, NULL, 0), GALLEY_ESTORE);
    assert_true(strlen(store_errmsg(st)) > 0);
    galley_article_free(c);
    store_close(st);
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM articles"), 1);
}

/* ---- what was processed ---------------------------------------------------------------- */

static void test_is_current_semantics(void **state) {
    fixture *f = *state;
    store *st = open_store(f->db);
    galley_article *a = make_article("u1", "Title", "body");
    char hash[17];
    memcpy(hash, a->hash, 17);

    assert_int_equal(store_is_current(st, "u1", hash, two_plugins, 2), 0); /* not stored yet */
    assert_int_equal(store_put_article(st, a, 0, two_plugins, both_ok, 2), GALLEY_OK);
    assert_int_equal(store_is_current(st, "u1", hash, two_plugins, 2), 1);
    assert_int_equal(store_is_current(st, "u1", hash, two_plugins, 1), 1);
    assert_int_equal(store_is_current(st, "u1", hash, NULL, 0), 1);
    assert_int_equal(store_is_current(st, "u2", hash, two_plugins, 2), 0);
    /* The input changed. */
    assert_int_equal(store_is_current(st, "u1", "0123456789abcdef", two_plugins, 2), 0);
    assert_int_equal(store_is_current(st, "u1", "0123456789abcdef", NULL, 0), 0);
    /* A plugin changed version, or its options changed. */
    store_plugin_state changed[2] = {two_plugins[0], two_plugins[1]};
    changed[1].version = "3";
    assert_int_equal(store_is_current(st, "u1", hash, changed, 2), 0);
    changed[1] = two_plugins[1];
    changed[0].options_hash = "0000000000000002";
    assert_int_equal(store_is_current(st, "u1", hash, changed, 2), 0);
    /* A plugin that never ran on it. */
    store_plugin_state three[3] = {two_plugins[0], two_plugins[1], {"filter/lang", "1", "0000000000000000"}};
    assert_int_equal(store_is_current(st, "u1", hash, three, 3), 0);

    /* Stored again with the second plugin failed: it is no longer recorded, and the
     * earlier record does not survive the replacement. */
    const int second_failed[] = {1, 0};
    assert_int_equal(store_put_article(st, a, 0, two_plugins, second_failed, 2), GALLEY_OK);
    assert_int_equal(store_is_current(st, "u1", hash, two_plugins, 2), 0);
    assert_int_equal(store_is_current(st, "u1", hash, two_plugins, 1), 1);
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM processed"), 1);
    char expected[128];
    snprintf(expected, sizeof expected, "format/markdown 1 0000000000000001 %s", hash);
    assert_sql_text(f->db,
                    "SELECT plugin || ' ' || version || ' ' || options_hash || ' ' || hash FROM processed",
                    expected);
    galley_article_free(a);
    store_close(st);
}

static void test_processed_rows_record_version_options_and_hash(void **state) {
    fixture *f = *state;
    store *st = open_store(f->db);
    galley_article *a = make_article("u1", "Title", "body");
    assert_int_equal(store_put_article(st, a, 0, two_plugins, both_ok, 2), GALLEY_OK);
    char expected[128];
    snprintf(expected, sizeof expected, "categorize/keywords 2 00000000000000aa %s", a->hash);
    assert_sql_text(f->db,
                    "SELECT plugin || ' ' || version || ' ' || options_hash || ' ' || hash FROM processed"
                    " ORDER BY plugin",
                    expected);
    galley_article_free(a);
    store_close(st);
}

/* ---- writing and reading articles -------------------------------------------------- */

static void test_put_replaces_results_and_keeps_id(void **state) {
    fixture *f = *state;
    store *st = open_store(f->db);
    galley_article *first = make_article("other", "Other", "x");
    assert_int_equal(store_put_article(st, first, 0, NULL, NULL, 0), GALLEY_OK);
    galley_article_free(first);

    galley_article *a = make_article("u1", "Old title", "old body");
    assert_int_equal(article_add_category(a, "topic", "old", 0.5, "p"), 0);
    assert_int_equal(article_add_category(a, "topic", "kept", 0.4, "p"), 0);
    assert_int_equal(article_set_rendition(a, "markdown", "# Old", "format/markdown"), 0);
    assert_int_equal(article_set_rendition(a, "html", "<h1>Old</h1>", "format/html"), 0);
    assert_int_equal(store_put_article(st, a, 0, NULL, NULL, 0), GALLEY_OK);
    long long id = sql_int(f->db, "SELECT id FROM articles WHERE uid='u1'");
    assert_int_equal(id, 2);
    galley_article_free(a);

    galley_article *b = make_article("u1", "New title", "new body");
    assert_int_equal(article_add_category(b, "topic", "kept", 0.9, "q"), 0);
    assert_int_equal(article_add_category(b, "place", "IQ", 1, "q"), 0);
    assert_int_equal(article_set_rendition(b, "markdown", "# New", "format/markdown"), 0);
    assert_int_equal(store_put_article(st, b, 0, NULL, NULL, 0), GALLEY_OK);
    galley_article_free(b);

    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM articles"), 2);
    assert_int_equal(sql_int(f->db, "SELECT id FROM articles WHERE uid='u1'"), id);
    assert_sql_text(f->db, "SELECT title FROM articles WHERE uid='u1'", "New title");
    assert_sql_text(f->db, "SELECT text FROM articles WHERE uid='u1'", "new body");
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM categories WHERE article_id=2"), 2);
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM categories WHERE label='old'"), 0);
    assert_sql_text(f->db, "SELECT score || ' ' || plugin FROM categories WHERE label='kept'", "0.9 q");
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM renditions"), 1);
    assert_sql_text(f->db, "SELECT body FROM renditions WHERE format='markdown'", "# New");
    store_close(st);
}

static void test_iterator_returns_articles_exactly_as_stored(void **state) {
    fixture *f = *state;
    store *st = open_store(f->db);
    galley_article *a = galley_article_new();
    assert_non_null(a);
    static const char *const values[AF_COUNT] = {"https://example.com/a",
                                                 "in/a.txt",
                                                 "text",
                                                 "https://example.com/a",
                                                 "A \"quoted\" title",
                                                 NULL,
                                                 "Example \xd8\xa8",
                                                 "World",
                                                 "2017-07-14",
                                                 "14 July 2017",
                                                 NULL,
                                                 NULL,
                                                 "en",
                                                 "Desc\nribed",
                                                 "i.png"};
    for (int i = 0; i < AF_COUNT; i++)
        assert_int_equal(article_set(a, (article_field)i, values[i]), 0);
    assert_int_equal(strlist_push(&a->authors, "Ann"), 0);
    assert_int_equal(strlist_push(&a->authors, "Bob \"B\" Jones"), 0);
    assert_int_equal(strlist_push(&a->tags, "iraq"), 0);
    assert_int_equal(article_set_meta(a, "encoding", "WINDOWS-1252"), 0);
    assert_int_equal(article_set_meta(a, "zeta", "last"), 0);
    assert_int_equal(article_set_meta(a, "alpha", "\xe2\x80\xa8"), 0);
    assert_int_equal(article_add_block(a, GALLEY_BLOCK_HEADING, 2, "Section", NULL, NULL), 0);
    assert_int_equal(article_add_block(a, GALLEY_BLOCK_PARAGRAPH, 0, "Para\twith tab", NULL, NULL), 0);
    assert_int_equal(article_add_block(a, GALLEY_BLOCK_LIST_ITEM, 2, "nested item", NULL, NULL), 0);
    assert_int_equal(article_add_block(a, GALLEY_BLOCK_IMAGE, 0, "caption", "https://x/i.png", "alt text"),
                     0);
    assert_int_equal(article_add_block(a, GALLEY_BLOCK_IMAGE, 0, "", "https://x/j.png", NULL), 0);
    assert_int_equal(article_add_block(a, GALLEY_BLOCK_TABLE_ROW, 0, "a | b", NULL, NULL), 0);
    assert_int_equal(article_add_block(a, GALLEY_BLOCK_CODE, 0, "x = 1", NULL, NULL), 0);
    assert_int_equal(article_add_block(a, GALLEY_BLOCK_QUOTE, 0, "quoted", NULL, NULL), 0);
    assert_int_equal(article_add_category(a, "topic", "politics", 0.5, "categorize/k"), 0);
    assert_int_equal(article_add_category(a, "topic", "conflict", 0.75, "categorize/k"), 0);
    assert_int_equal(article_add_category(a, "place", "IQ", 1, NULL), 0);
    assert_int_equal(article_add_category(a, "topic", "aid", 0.5, "categorize/k"), 0);
    assert_int_equal(article_set_rendition(a, "markdown", "# A title\n\nbody", "format/markdown"), 0);
    assert_int_equal(article_set_rendition(a, "html", "<p>x</p>", NULL), 0);
    article_compute_hash(a);
    assert_int_equal(store_put_article(st, a, 0, NULL, NULL, 0), GALLEY_OK);
    galley_article *second = make_article("z-second", "Second", "two");
    assert_int_equal(store_put_article(st, second, 0, NULL, NULL, 0), GALLEY_OK);
    galley_article_free(second);

    store_iter *it;
    assert_int_equal(store_iter_open(st, NULL, &it), GALLEY_OK);
    galley_article *b;
    assert_int_equal(store_iter_next(it, &b), GALLEY_OK);
    assert_non_null(b);
    for (int i = 0; i < AF_COUNT; i++) {
        if (!values[i]) {
            if (b->field[i]) fail_msg("%s: '%s', expected NULL", article_field_names[i], b->field[i]);
        } else if (!b->field[i] || strcmp(b->field[i], values[i]) != 0) {
            fail_msg("%s: '%s', expected '%s'", article_field_names[i], b->field[i], values[i]);
        }
    }
    assert_int_equal(b->authors.n, 2);
    assert_string_equal(b->authors.v[1], "Bob \"B\" Jones");
    assert_int_equal(b->tags.n, 1);
    assert_string_equal(b->tags.v[0], "iraq");
    assert_int_equal(b->nmeta, 3);
    assert_string_equal(b->meta[0].key, "encoding");
    assert_string_equal(b->meta[1].key, "zeta");
    assert_string_equal(b->meta[2].key, "alpha");
    assert_string_equal(b->meta[2].value, "\xe2\x80\xa8");
    assert_int_equal(b->nblocks, a->nblocks);
    for (size_t i = 0; i < a->nblocks; i++) {
        const block *x = &a->blocks[i], *y = &b->blocks[i];
        if (x->type != y->type || x->level != y->level || strcmp(x->text, y->text) != 0 ||
            (x->url == NULL) != (y->url == NULL) || (x->url && strcmp(x->url, y->url) != 0) ||
            (x->alt == NULL) != (y->alt == NULL) || (x->alt && strcmp(x->alt, y->alt) != 0))
            fail_msg("block %zu differs: %s/%d '%s' -> %s/%d '%s'", i, block_type_name(x->type), x->level,
                     x->text, block_type_name(y->type), y->level, y->text);
    }
    /* Categories come back by scheme, then score (highest first), then label. */
    static const struct {
        const char *scheme, *label, *plugin;
        double score;
    } cats[] = {{"place", "IQ", NULL, 1},
                {"topic", "conflict", "categorize/k", 0.75},
                {"topic", "aid", "categorize/k", 0.5},
                {"topic", "politics", "categorize/k", 0.5}};
    assert_int_equal(b->ncats, 4);
    for (size_t i = 0; i < 4; i++) {
        galley_category c;
        assert_int_equal(galley_article_category(b, i, &c), GALLEY_OK);
        assert_string_equal(c.scheme, cats[i].scheme);
        assert_string_equal(c.label, cats[i].label);
        assert_true(c.score == cats[i].score);
        if (cats[i].plugin)
            assert_string_equal(c.plugin, cats[i].plugin);
        else
            assert_null(c.plugin);
    }
    assert_int_equal(b->nrends, 2);
    assert_string_equal(galley_article_rendition(b, "markdown"), "# A title\n\nbody");
    assert_string_equal(galley_article_rendition(b, "html"), "<p>x</p>");
    assert_string_equal(b->rends[1].plugin, "format/markdown"); /* by format: html, markdown */
    assert_null(b->rends[0].plugin);
    assert_string_equal(b->hash, a->hash);
    /* What comes back hashes like what went in. */
    char h[17];
    memcpy(h, b->hash, 17);
    article_compute_hash(b);
    assert_string_equal(b->hash, h);
    galley_article_free(b);

    assert_int_equal(store_iter_next(it, &b), GALLEY_OK);
    assert_non_null(b);
    assert_string_equal(b->field[AF_UID], "z-second");
    assert_int_equal(b->ncats, 0);
    assert_int_equal(b->nrends, 0);
    galley_article_free(b);
    assert_int_equal(store_iter_next(it, &b), GALLEY_OK);
    assert_null(b);
    store_iter_close(it);
    galley_article_free(a);
    store_close(st);
}

static void test_json_columns_are_readable_with_sqlite(void **state) {
    fixture *f = *state;
    store *st = open_store(f->db);
    galley_article *a = make_article("u1", "T", "body");
    assert_int_equal(strlist_push(&a->authors, "Ann \"A\""), 0);
    assert_int_equal(article_set_meta(a, "k", "v"), 0);
    assert_int_equal(article_add_block(a, GALLEY_BLOCK_HEADING, 3, "H", NULL, NULL), 0);
    assert_int_equal(store_put_article(st, a, 0, NULL, NULL, 0), GALLEY_OK);
    assert_sql_text(f->db, "SELECT authors FROM articles", "[\"Ann \\\"A\\\"\"]");
    assert_sql_text(f->db, "SELECT tags FROM articles", "[]");
    assert_sql_text(f->db, "SELECT json_extract(meta, '$.k') FROM articles", "v");
    assert_sql_text(f->db, "SELECT json_extract(blocks, '$[1].level') FROM articles", "3");
    assert_sql_text(f->db, "SELECT json_extract(blocks, '$[1].type') FROM articles", "heading");
    assert_sql_text(f->db, "SELECT hash FROM articles", a->hash);
    galley_article_free(a);
    store_close(st);
}

static void test_put_without_uid_fails_with_a_message(void **state) {
    fixture *f = *state;
    store *st = open_store(f->db);
    galley_article *a = make_article("x", "T", "b");
    assert_int_equal(article_set(a, AF_UID, NULL), 0);
    assert_int_equal(store_put_article(st, a, 0, NULL, NULL, 0), GALLEY_ESTORE);
    assert_non_null(strstr(store_errmsg(st), "writing an article"));
    galley_article_free(a);
    assert_int_equal(count_stored(st), 0);
    store_close(st);
}

static void test_damaged_json_column_is_an_error_naming_the_article(void **state) {
    fixture *f = *state;
    store *st = open_store(f->db);
    galley_article *a = make_article("u1", "T", "b");
    assert_int_equal(store_put_article(st, a, 0, NULL, NULL, 0), GALLEY_OK);
    galley_article_free(a);
    sql_exec(f->db, "UPDATE articles SET authors = '[\"unterminated' WHERE uid = 'u1'");
    store_iter *it;
    assert_int_equal(store_iter_open(st, NULL, &it), GALLEY_OK);
    galley_article *b = (galley_article *)1;
    int rc = store_iter_next(it, &b);
    assert_true(rc < 0);
    assert_null(b);
    if (!strstr(store_errmsg(st), "article 1")) fail_msg("unclear message: %s", store_errmsg(st));
    store_iter_close(it);
    store_close(st);
}

/* ---- runs and errors ---------------------------------------------------------------- */

static void test_runs_and_errors_rows(void **state) {
    fixture *f = *state;
    store *st = open_store(f->db);
    long long run1 = 0, run2 = 0;
    assert_int_equal(store_run_start(st, "{\"inputs\":[\"a\"]}", &run1), GALLEY_OK);
    assert_int_equal(store_run_start(st, "[]", &run2), GALLEY_OK);
    assert_true(run1 > 0);
    assert_true(run2 > run1);
    assert_sql_text(f->db, "SELECT status FROM runs WHERE id=1", "running");
    assert_sql_text(f->db, "SELECT json_extract(args, '$.inputs[0]') FROM runs WHERE id=1", "a");
    assert_int_equal(sql_int(f->db, "SELECT finished IS NULL FROM runs WHERE id=1"), 1);
    assert_int_equal(store_run_finish(st, run1, "done", 3, 2, 1), GALLEY_OK);
    assert_sql_text(f->db,
                    "SELECT status || ' ' || loaded || ' ' || skipped || ' ' || failed FROM runs WHERE id=1",
                    "done 3 2 1");
    assert_int_equal(
        sql_int(f->db, "SELECT finished IS NOT NULL AND started <= finished FROM runs WHERE id=1"), 1);
    assert_sql_text(f->db, "SELECT status FROM runs WHERE id=2", "running");

    assert_int_equal(store_add_error(st, run1, "in/a.txt", "format/x", "x.lua:3: boom (article 'in/a.txt')", "x.lua:3: in function 'process'"),
                     GALLEY_OK);
    assert_int_equal(store_add_error(st, 0, NULL, NULL, "no run", NULL), GALLEY_OK);
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM errors"), 2);
    assert_sql_text(
        f->db, "SELECT run_id || '|' || source || '|' || plugin || '|' || message FROM errors WHERE id=1",
        "1|in/a.txt|format/x|x.lua:3: boom (article 'in/a.txt')");
    assert_int_equal(
        sql_int(f->db, "SELECT run_id IS NULL AND source IS NULL AND plugin IS NULL FROM errors WHERE id=2"),
        1);
    /* An article written during a run records it. */
    galley_article *a = make_article("u", "T", "b");
    assert_int_equal(store_put_article(st, a, run2, two_plugins, both_ok, 2), GALLEY_OK);
    assert_int_equal(sql_int(f->db, "SELECT run_id FROM articles"), run2);
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM processed WHERE run_id=2"), 2);
    galley_article_free(a);
    store_close(st);
}

/* ---- full-text index ---------------------------------------------------------------- */

static void test_fts_follows_inserts_and_updates(void **state) {
    fixture *f = *state;
    store *st = open_store(f->db);
    galley_article *a = make_article("u1", "Militias in Mosul", "The flamingo population grew.");
    assert_int_equal(store_put_article(st, a, 0, NULL, NULL, 0), GALLEY_OK);
    galley_article_free(a);
    galley_article *other = make_article("u2", "Weather", "Rain expected tomorrow.");
    assert_int_equal(store_put_article(st, other, 0, NULL, NULL, 0), GALLEY_OK);
    galley_article_free(other);

    assert_int_equal(fts_match(f->db, "flamingo"), 1);
    assert_int_equal(fts_match(f->db, "militias"), 1);
    assert_int_equal(fts_match(f->db, "rain"), 2);
    assert_int_equal(fts_match(f->db, "pelican"), 0);

    /* The update drops "flamingo" and brings "pelican". */
    galley_article *b = make_article("u1", "Militias in Mosul", "The pelican population grew.");
    assert_int_equal(store_put_article(st, b, 0, NULL, NULL, 0), GALLEY_OK);
    galley_article_free(b);
    assert_int_equal(fts_match(f->db, "flamingo"), 0);
    assert_int_equal(fts_match(f->db, "pelican"), 1);
    assert_int_equal(fts_match(f->db, "militias"), 1);
    assert_int_equal(
        sql_int(f->db, "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'population'"), 1);
    /* The index is consistent with its content table. */
    sql_exec(f->db, "INSERT INTO articles_fts(articles_fts, rank) VALUES('integrity-check', 1)");
    store_close(st);
}

/* ---- transactions -------------------------------------------------------------------- */

static void test_rollback_leaves_nothing(void **state) {
    fixture *f = *state;
    store *st = open_store(f->db);
    long long run = 0;
    assert_int_equal(store_begin(st), GALLEY_OK);
    assert_int_equal(store_run_start(st, "[]", &run), GALLEY_OK);
    galley_article *a = make_article("u1", "Rolled back", "unicorn");
    assert_int_equal(article_add_category(a, "topic", "x", 1, NULL), 0);
    assert_int_equal(article_set_rendition(a, "markdown", "m", NULL), 0);
    assert_int_equal(store_put_article(st, a, run, two_plugins, both_ok, 2), GALLEY_OK);
    assert_int_equal(store_add_error(st, run, "s", NULL, "m", NULL), GALLEY_OK);
    assert_int_equal(store_is_current(st, "u1", a->hash, two_plugins, 2), 1); /* visible inside */
    store_rollback(st);
    assert_int_equal(store_is_current(st, "u1", a->hash, two_plugins, 2), 0);
    assert_int_equal(count_stored(st), 0);
    static const char *const tables[] = {"articles",  "categories", "renditions",
                                         "processed", "runs",       "errors"};
    for (size_t i = 0; i < sizeof tables / sizeof *tables; i++) {
        char sql[64];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", tables[i]);
        if (sql_int(f->db, sql) != 0) fail_msg("%s is not empty after a rollback", tables[i]);
    }
    assert_int_equal(fts_match(f->db, "unicorn"), 0);
    /* A rollback outside a transaction does nothing, and the store goes on working. */
    store_rollback(st);
    assert_int_equal(store_begin(st), GALLEY_OK);
    assert_int_equal(store_put_article(st, a, 0, NULL, NULL, 0), GALLEY_OK);
    assert_int_equal(store_commit(st), GALLEY_OK);
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM articles"), 1);
    assert_int_equal(fts_match(f->db, "unicorn"), 1);
    galley_article_free(a);
    store_close(st);
}

/* In a transaction the new articles' full-text entries are written at the commit, all
 * at once; an article updated in the same transaction gets them written first, so that
 * the update trigger takes out of the index what is in it. */
static void test_fts_filled_at_commit(void **state) {
    fixture *f = *state;
    store *st = open_store(f->db);
    assert_int_equal(store_begin(st), GALLEY_OK);
    galley_article *a = make_article("u1", "Birds", "A heron in the reeds.");
    galley_article *b = make_article("u2", "More birds", "An egret on the shore.");
    galley_article *a2 = make_article("u1", "Birds", "An ibis in the reeds.");
    assert_int_equal(store_put_article(st, a, 0, NULL, NULL, 0), GALLEY_OK);
    assert_int_equal(store_put_article(st, b, 0, NULL, NULL, 0), GALLEY_OK);
    assert_int_equal(store_put_article(st, a2, 0, NULL, NULL, 0), GALLEY_OK);
    galley_article *c = make_article("u3", "Last", "A stork after the update.");
    assert_int_equal(store_put_article(st, c, 0, NULL, NULL, 0), GALLEY_OK);
    assert_int_equal(store_commit(st), GALLEY_OK);
    assert_int_equal(fts_match(f->db, "heron"), 0);
    assert_int_equal(fts_match(f->db, "ibis"), 1);
    assert_int_equal(fts_match(f->db, "egret"), 2);
    assert_int_equal(fts_match(f->db, "stork"), 3);
    sql_exec(f->db, "INSERT INTO articles_fts(articles_fts, rank) VALUES('integrity-check', 1)");
    galley_article_free(a);
    galley_article_free(b);
    galley_article_free(a2);
    galley_article_free(c);
    store_close(st);
}

static void test_commit_without_begin_fails(void **state) {
    fixture *f = *state;
    store *st = open_store(f->db);
    assert_int_equal(store_commit(st), GALLEY_ESTORE);
    assert_non_null(strstr(store_errmsg(st), "no transaction"));
    store_close(st);
}

/* ---- near-duplicates -------------------------------------------------------------- */

#define STORY_HEAD                                                                              \
    "The city council voted on Tuesday to close the old harbour bridge for repairs after "     \
    "engineers found cracks in two of its steel supports during a routine inspection last "    \
    "month. Traffic will be diverted through the northern ring road for at least six weeks, "  \
    "and the ferry service will run every fifteen minutes instead of every half hour while "   \
    "the work goes on, the council said in a statement. Shop owners near the bridge said "     \
    "they feared losing customers during the busiest weeks of the year, and asked for the "    \
    "work to be done at night. The council replied that night work would cost twice as much " \
    "and take longer, but promised free parking in the old town until the bridge reopens. "   \
    "The bridge, built in 1902, carries about "

static const char story[] = STORY_HEAD "twelve thousand cars a day.";
/* One word changed: a near copy (simhash one bit away). */
static const char story_edited[] = STORY_HEAD "eleven thousand cars a day.";

static const char other[] =
    "Shares in the largest chip maker rose sharply in early trading as investors welcomed "
    "a forecast of higher demand from car makers and data centres, while analysts warned "
    "that supply shortages could return later in the year if new factories open late and "
    "prices of raw materials keep climbing across Asia and Europe this winter.";

static void put(store *st, const char *uid, const char *body) {
    galley_article *a = make_article(uid, "A title", body);
    assert_int_equal(store_put_article(st, a, 0, NULL, NULL, 0), GALLEY_OK);
    galley_article_free(a);
}

/* "uid>original score" for every duplicate link, by uid. */
static char *links(const char *db) {
    return sql_text(db, "SELECT group_concat(x, ' ') FROM (SELECT a.uid || '>' || c.label || ' ' ||"
                        " printf('%.3f', c.score) AS x FROM categories c JOIN articles a ON a.id = c.article_id"
                        " WHERE c.scheme = 'duplicate' ORDER BY a.uid)");
}

/* Exact and near copies link to the first article (by uid when undated), whatever the
 * order they are stored in; unrelated text links to nothing. */
static void test_duplicates_link_to_the_first_copy_in_any_order(void **state) {
    fixture *f = *state;
    store *st = open_store(f->db);
    put(st, "c", story);
    put(st, "d", other);
    put(st, "a", story_edited);
    put(st, "b", story);
    store_close(st);
    char *got = links(f->db);
    assert_non_null(got);
    /* b and c have the same text (1.000); both are near copies of a. */
    if (!strstr(got, "b>a ") || !strstr(got, "c>a ") || strstr(got, "d>") || strstr(got, "a>"))
        fail_msg("links: %s", got);
    free(got);
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM fingerprints"), 4);

    /* a takes d's text: b and c now copy each other, b first; d copies a. */
    st = open_store(f->db);
    put(st, "a", other);
    store_close(st);
    got = links(f->db);
    assert_non_null(got);
    assert_string_equal(got, "c>b 1.000 d>a 1.000"); /* and d copies a now, a first */
    free(got);
}

/* A database from before the index (version 2) gets it, with the links, on upgrade. */
static void test_version_2_database_gets_the_duplicate_index(void **state) {
    fixture *f = *state;
    store *st = open_store(f->db);
    put(st, "x", story);
    put(st, "y", story_edited);
    store_close(st);
    sql_exec(f->db, "DELETE FROM categories; DROP TABLE fingerprints; PRAGMA user_version = 2");
    st = open_store(f->db);
    store_close(st);
    assert_int_equal(sql_int(f->db, "SELECT count(*) FROM fingerprints"), 2);
    char *got = links(f->db);
    assert_non_null(got);
    assert_string_equal(got, "y>x 0.984");
    free(got);
}

int main(void) {
    const struct CMUnitTest sqlite_store[] = {
        cmocka_unit_test_setup_teardown(test_open_creates_schema_in_wal_mode, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reopening_keeps_data_and_schema, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_refuses_foreign_database_untouched, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_refuses_newer_schema, setup, teardown),
        cmocka_unit_test_setup_teardown(test_version_1_database_is_migrated, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_refuses_a_file_that_is_not_a_database, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_read_only_missing_file_fails, setup, teardown),
        cmocka_unit_test_setup_teardown(test_read_only_store_reads, setup, teardown),
        cmocka_unit_test_setup_teardown(test_is_current_semantics, setup, teardown),
        cmocka_unit_test_setup_teardown(test_processed_rows_record_version_options_and_hash, setup, teardown),
        cmocka_unit_test_setup_teardown(test_put_replaces_results_and_keeps_id, setup, teardown),
        cmocka_unit_test_setup_teardown(test_iterator_returns_articles_exactly_as_stored, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_columns_are_readable_with_sqlite, setup, teardown),
        cmocka_unit_test_setup_teardown(test_put_without_uid_fails_with_a_message, setup, teardown),
        cmocka_unit_test_setup_teardown(test_damaged_json_column_is_an_error_naming_the_article, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_runs_and_errors_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fts_follows_inserts_and_updates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rollback_leaves_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fts_filled_at_commit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_commit_without_begin_fails, setup, teardown),
        cmocka_unit_test_setup_teardown(test_duplicates_link_to_the_first_copy_in_any_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_version_2_database_gets_the_duplicate_index, setup, teardown),
    };
    return cmocka_run_group_tests(sqlite_store, NULL, NULL);
}
