/* test_csv.c — the CSV/TSV loader (RFC 4180 quoting, line ends, BOM, bad rows, large
 * cells) and the field mapping it shares with JSON Lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the four above first */
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "article.h"
#include "load.h"
#include "util.h"
#include "helpers.h"

#define LIT(s) s, sizeof(s) - 1
#define MAX_ARTICLES 16
#define MAX_ERRORS 16

/* Everything one load produced: the articles and the bad-record messages. */
typedef struct loaded {
    galley_article *a[MAX_ARTICLES];
    int n;
    char *errors[MAX_ERRORS];
    int nerrors;
    char err[512];
} loaded;

static int collect(void *ud, galley_article *a) {
    loaded *l = ud;
    if (l->n == MAX_ARTICLES) fail_msg("more than %d articles", MAX_ARTICLES);
    l->a[l->n++] = a;
    return GALLEY_OK;
}

static void record_error(void *ud, const char *message) {
    loaded *l = ud;
    if (l->nerrors == MAX_ERRORS) fail_msg("more than %d record errors", MAX_ERRORS);
    l->errors[l->nerrors++] = g_strdup(message);
}

static void loaded_free(loaded *l) {
    for (int i = 0; i < l->n; i++) galley_article_free(l->a[i]);
    for (int i = 0; i < l->nerrors; i++) free(l->errors[i]);
    memset(l, 0, sizeof *l);
}

/* Loads data (copied, NUL-terminated) as `name` with the loader its name calls for. */
static int load_as(loaded *l, const char *name, const char *data, size_t len, const load_map *map,
                   int per_record) {
    memset(l, 0, sizeof *l);
    char *copy = malloc(len + 1);
    assert_non_null(copy);
    memcpy(copy, data, len);
    copy[len] = '\0';
    int rc = load_memory(name, copy, len, NULL, map, collect, l, per_record ? record_error : NULL, l->err,
                         sizeof l->err);
    free(copy);
    return rc;
}

static void load_ok(loaded *l, const char *name, const char *data, size_t len, const load_map *map) {
    int rc = load_as(l, name, data, len, map, 1);
    if (rc != GALLEY_OK) fail_msg("load of %s failed (%d): %s", name, rc, l->err);
}

static const char *field(const galley_article *a, const char *name) { return galley_article_get(a, name); }

static load_map *map_of(const char *spec) {
    load_map *m;
    char err[512];
    const char *specs[] = {spec};
    int rc = load_map_parse(specs, 1, &m, err, sizeof err);
    if (rc != GALLEY_OK) fail_msg("map '%s': %s", spec, err);
    return m;
}

/* ---- RFC 4180 ----------------------------------------------------------------------- */

static void test_quotes_commas_and_newlines(void **state) {
    (void)state;
    loaded l;
    /* CRLF rows, a BOM, doubled quotes, a comma and a CRLF inside quotes, no final CRLF */
    load_ok(&l, "q.csv",
            LIT("\xEF\xBB\xBFtitle,text,url\r\n"
                "\"A, B and \"\"C\"\"\",\"line one\r\n\r\nline two\",https://e.org/1\r\n"
                "plain,\"\",https://e.org/2"),
            NULL);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.nerrors, 0);
    assert_string_equal(field(l.a[0], "title"), "A, B and \"C\"");
    assert_int_equal(l.a[0]->nblocks, 2);
    assert_string_equal(l.a[0]->blocks[0].text, "line one");
    assert_string_equal(l.a[0]->blocks[1].text, "line two");
    assert_string_equal(field(l.a[0], "format"), "csv");
    assert_string_equal(field(l.a[0], "uid"), "https://e.org/1");
    assert_string_equal(field(l.a[1], "title"), "plain");
    assert_int_equal(l.a[1]->nblocks, 0);
    loaded_free(&l);
}

static void test_line_ends_and_blank_lines(void **state) {
    (void)state;
    loaded l;
    /* LF rows, a blank line between rows, trailing newlines, a lone-CR row end */
    load_ok(&l, "lf.csv", LIT("title,url\na,https://e.org/a\n\nb,https://e.org/b\rc,https://e.org/c\n\n"), NULL);
    assert_int_equal(l.n, 3);
    assert_string_equal(field(l.a[0], "title"), "a");
    assert_string_equal(field(l.a[1], "title"), "b");
    assert_string_equal(field(l.a[2], "title"), "c");
    loaded_free(&l);
}

static void test_tsv(void **state) {
    (void)state;
    loaded l;
    load_ok(&l, "t.tsv", LIT("headline\tbody\tlink\nA, with comma\t\"x\ty\"\thttps://e.org/t\n"), NULL);
    assert_int_equal(l.n, 1);
    assert_string_equal(field(l.a[0], "title"), "A, with comma");
    assert_string_equal(l.a[0]->blocks[0].text, "x\ty");
    assert_string_equal(field(l.a[0], "format"), "tsv");
    loaded_free(&l);
}

/* ---- bad rows ----------------------------------------------------------------------- */

static void test_bad_rows_fail_alone(void **state) {
    (void)state;
    loaded l;
    load_ok(&l, "bad.csv",
            LIT("title,url\n"
                "one,https://e.org/1\n"
                "two,https://e.org/2,extra\n"
                "three\n"
                "\"four\"x,https://e.org/4\n"
                "five,https://e.org/5\n"
                "\"six,https://e.org/6\n"
                "seven,https://e.org/7\n"),
            NULL);
    assert_int_equal(l.n, 3);
    assert_string_equal(field(l.a[0], "title"), "one");
    assert_string_equal(field(l.a[1], "title"), "five");
    /* the unterminated quote of line 7 gives up that line only */
    assert_string_equal(field(l.a[2], "title"), "seven");
    assert_int_equal(l.nerrors, 4);
    assert_string_equal(l.errors[0], "bad.csv:3: 3 fields where the header has 2");
    assert_string_equal(l.errors[1], "bad.csv:4: 1 field where the header has 2");
    assert_string_equal(l.errors[2], "bad.csv:5: text after the closing quote of field 1");
    assert_string_equal(l.errors[3], "bad.csv:7: a quote opened in field 1 is never closed");
    loaded_free(&l);
}

static void test_line_numbers_count_embedded_newlines(void **state) {
    (void)state;
    loaded l;
    load_ok(&l, "n.csv", LIT("title,text\n\"a\",\"1\n2\n3\"\nb,x,y\n"), NULL);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.nerrors, 1);
    assert_string_equal(l.errors[0], "n.csv:5: 3 fields where the header has 2");
    loaded_free(&l);
}

static void test_without_record_errors_the_file_fails(void **state) {
    (void)state;
    loaded l;
    int rc = load_as(&l, "f.csv", LIT("title\na\n\"b\"c\n"), NULL, 0);
    assert_int_equal(rc, GALLEY_EFORMAT);
    assert_string_equal(l.err, "f.csv: line 3: text after the closing quote of field 1");
    loaded_free(&l);
}

static void test_encodings(void **state) {
    (void)state;
    loaded l;
    /* a UTF-8 file: the damaged row fails, the Windows-1252 row is read as such */
    load_ok(&l, "enc.csv",
            LIT("title,text\n"
                "ok,\xC3\xA9t\xC3\xA9 \xE2\x80\x94 na\xC3\xAFve \xE2\x80\x9Cquoted\xE2\x80\x9D \xC3\xBC\xC3\xB6\n"
                "cut,caf\xE2\x82 end\n"
                "cp1252,caf\xE9 \x93x\x94\n"),
            NULL);
    assert_int_equal(l.n, 2);
    assert_string_equal(field(l.a[1], "title"), "cp1252");
    assert_string_equal(l.a[1]->blocks[0].text, "caf\xC3\xA9 \xE2\x80\x9Cx\xE2\x80\x9D");
    assert_int_equal(l.nerrors, 1);
    assert_string_equal(l.errors[0], "enc.csv:3: invalid UTF-8 in column 'text'");
    loaded_free(&l);
    /* a whole file in Windows-1252 is converted as a whole */
    load_ok(&l, "w.csv", LIT("title\nMa\xEEtre \x96 caf\xE9\n"), NULL);
    assert_int_equal(l.n, 1);
    assert_string_equal(field(l.a[0], "title"), "Ma\xC3\xAEtre \xE2\x80\x93 caf\xC3\xA9");
    loaded_free(&l);
    /* UTF-16 with a BOM */
    load_ok(&l, "u16.csv", LIT("\xFF\xFEt\0i\0t\0l\0e\0\n\0h\0\xE9\0\n\0"), NULL);
    assert_int_equal(l.n, 1);
    assert_string_equal(field(l.a[0], "title"), "h\xC3\xA9");
    loaded_free(&l);
}

static void test_whole_file_failures(void **state) {
    (void)state;
    loaded l;
    assert_int_equal(load_as(&l, "e.csv", "", 0, NULL, 1), GALLEY_EFORMAT);
    assert_string_equal(l.err, "e.csv: empty file (no header row)");
    assert_int_equal(load_as(&l, "h.csv", LIT("title,url\n"), NULL, 1), GALLEY_EFORMAT);
    assert_string_equal(l.err, "h.csv: no rows after the header");
    assert_int_equal(load_as(&l, "u.csv", LIT("\"title,url\na,b\n"), NULL, 1), GALLEY_EFORMAT);
    assert_string_equal(l.err, "u.csv: the header row (line 1): a quote opened in field 1 is never closed");
    loaded_free(&l);
}

/* A 16 MB quoted cell full of doubled quotes and newlines loads in one pass. */
static void test_large_cell_is_linear(void **state) {
    (void)state;
    size_t cell = (size_t)16 << 20;
    gbuf b = GBUF_INIT;
    gbuf_puts(&b, "title,text\nbig,\"");
    for (size_t i = 0; i < cell / 64; i++)
        gbuf_puts(&b, "word word word word word \"\"quoted\"\" word word word word word.\n\n");
    gbuf_puts(&b, "\"\nsmall,x\n");
    assert_false(b.failed);
    clock_t t0 = clock();
    loaded l;
    load_ok(&l, "big.csv", b.data, b.len, NULL);
    double seconds = (double)(clock() - t0) / CLOCKS_PER_SEC;
    assert_int_equal(l.n, 2);
    assert_int_equal(l.a[0]->nblocks, cell / 64);
    assert_string_equal(l.a[0]->blocks[0].text, "word word word word word \"quoted\" word word word word word.");
    /* quadratic copying would take minutes; generous for sanitizers and a busy machine */
    if (seconds > 30) fail_msg("16 MB cell took %.1f s", seconds);
    loaded_free(&l);
    gbuf_free(&b);
}

/* ---- the field mapping ---------------------------------------------------------------- */

static void test_default_mapping(void **state) {
    (void)state;
    loaded l;
    load_ok(&l, "d.csv",
            LIT("ID,Headline,Story,Link,Publish_Date,Byline,Keywords,tags,Domain,Language,Summary,type,\n"
                "7,H,\"p1\n\np2\",https://e.org/7,\"3 May 2024\",\"A; B | C\",\"k1,k2\",t1,e.org,en,S,fake,x\n"),
            NULL);
    assert_int_equal(l.n, 1);
    galley_article *a = l.a[0];
    assert_string_equal(field(a, "uid"), "7");
    assert_string_equal(field(a, "title"), "H");
    assert_int_equal(a->nblocks, 2);
    assert_string_equal(field(a, "url"), "https://e.org/7");
    assert_string_equal(field(a, "published"), "2024-05-03");
    assert_string_equal(field(a, "published_raw"), "3 May 2024");
    assert_int_equal(a->authors.n, 3);
    assert_string_equal(a->authors.v[2], "C");
    /* both tag columns feed tags */
    assert_int_equal(a->tags.n, 3);
    assert_string_equal(field(a, "site_name"), "e.org");
    assert_string_equal(field(a, "lang"), "en");
    assert_string_equal(field(a, "description"), "S");
    assert_string_equal(article_get_meta(a, "type"), "fake");
    assert_string_equal(article_get_meta(a, "column 13"), "x");
    loaded_free(&l);
}

static void test_first_alias_wins(void **state) {
    (void)state;
    loaded l;
    /* "title" beats "headline"; the loser goes to meta */
    load_ok(&l, "w.csv", LIT("headline,title,name\nH,T,N\n"), NULL);
    assert_string_equal(field(l.a[0], "title"), "T");
    assert_string_equal(article_get_meta(l.a[0], "headline"), "H");
    assert_string_equal(article_get_meta(l.a[0], "name"), "N");
    loaded_free(&l);
}

static void test_explicit_map(void **state) {
    (void)state;
    load_map *m = map_of("title=hed, text=copy,published=when,authors=who,meta.slug=id,tags=labels");
    loaded l;
    load_ok(&l, "m.csv", LIT("hed,copy,when,who,id,labels,title\nH,\"a\nb\",2024-01-02,X|Y,s-1,l1;l2,T\n"), m);
    galley_article *a = l.a[0];
    assert_string_equal(field(a, "title"), "H");
    assert_int_equal(a->nblocks, 2); /* no blank line: a paragraph per line */
    assert_string_equal(field(a, "published"), "2024-01-02");
    assert_int_equal(a->authors.n, 2);
    assert_int_equal(a->tags.n, 2);
    assert_string_equal(article_get_meta(a, "slug"), "s-1");
    assert_string_equal(article_get_meta(a, "title"), "T"); /* title is taken by the map */
    /* no id or url: the uid names the row */
    assert_string_equal(field(a, "uid"), "m.csv:2");
    loaded_free(&l);
    load_map_free(m);
}

static void test_map_errors(void **state) {
    (void)state;
    load_map *m = NULL;
    char err[512];
    const char *unknown[] = {"title=a,headline=b"};
    assert_int_equal(load_map_parse(unknown, 1, &m, err, sizeof err), GALLEY_EUSAGE);
    assert_null(m);
    assert_non_null(strstr(err, "unknown target 'headline'"));
    assert_non_null(strstr(err, "title, subtitle, site_name"));
    assert_non_null(strstr(err, "text, authors, tags, meta.KEY"));
    const char *twice[] = {"title=a", "title=b"};
    assert_int_equal(load_map_parse(twice, 2, &m, err, sizeof err), GALLEY_EUSAGE);
    assert_string_equal(err, "field map: 'title' is mapped twice ('a' and 'b')");
    const char *shape[] = {"title"};
    assert_int_equal(load_map_parse(shape, 1, &m, err, sizeof err), GALLEY_EUSAGE);
    const char *source[] = {"source=x"};
    assert_int_equal(load_map_parse(source, 1, &m, err, sizeof err), GALLEY_EUSAGE);
}

static void test_jsonl_keys_are_mapped(void **state) {
    (void)state;
    load_map *m = map_of("text=copy");
    loaded l;
    load_ok(&l, "d.jsonl",
            LIT("{\"headline\":\"H\",\"copy\":\"p1\\n\\np2\",\"date\":\"2024-02-29\",\"author\":[\"A, Jr.\",\"B\"],"
                "\"n\":3}\n"
                "{\"title\":\"T\",\"headline\":\"kept in meta\"}\n"),
            m);
    assert_int_equal(l.n, 2);
    assert_string_equal(field(l.a[0], "title"), "H");
    assert_int_equal(l.a[0]->nblocks, 2);
    assert_string_equal(field(l.a[0], "published"), "2024-02-29");
    assert_int_equal(l.a[0]->authors.n, 2); /* array items are not split */
    assert_string_equal(l.a[0]->authors.v[0], "A, Jr.");
    assert_string_equal(article_get_meta(l.a[0], "n"), "3");
    assert_string_equal(field(l.a[1], "title"), "T");
    assert_string_equal(article_get_meta(l.a[1], "headline"), "kept in meta");
    loaded_free(&l);
    load_map_free(m);
}

/* ---- through the public API ----------------------------------------------------------- */

static void count_error(void *ud, const galley_error *e) {
    loaded *l = ud;
    if (l->nerrors == MAX_ERRORS) fail_msg("more than %d errors", MAX_ERRORS);
    l->errors[l->nerrors++] = g_strdup(e->message);
}

/* Writes a CSV into a new temporary folder; returns the file's path in path. */
static void temp_csv(char *dir, char *path, size_t size, const char *text) {
    strcpy(dir, "/tmp/galley-csv-XXXXXX");
    if (!mkdtemp(dir)) fail_msg("mkdtemp");
    snprintf(path, size, "%s/d.csv", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_galley_load_with(void **state) {
    (void)state;
    char dir[64], path[128];
    temp_csv(dir, path, sizeof path, "hed,url\nOne,https://e.org/1\nTwo,https://e.org/2,x\nThree,https://e.org/3\n");
    galley *g;
    assert_int_equal(galley_open(&g, NULL), GALLEY_OK);
    loaded l;
    memset(&l, 0, sizeof l);
    const char *map[] = {"title=hed"};
    galley_load_options lo = GALLEY_LOAD_OPTIONS_INIT;
    lo.field_map = map;
    lo.nfield_map = 1;
    lo.on_error = count_error;
    lo.ud = &l;
    assert_int_equal(galley_load_with(g, path, &lo, collect, &l), GALLEY_OK);
    assert_int_equal(l.n, 2);
    assert_string_equal(galley_article_get(l.a[1], "title"), "Three");
    assert_int_equal(l.nerrors, 1);
    char want[256];
    snprintf(want, sizeof want, "%s:3: 3 fields where the header has 2", path);
    assert_string_equal(l.errors[0], want);
    loaded_free(&l);
    /* without on_error the bad row fails the file (after the rows before it) */
    assert_int_equal(galley_load(g, path, NULL, collect, &l), GALLEY_EFORMAT);
    snprintf(want, sizeof want, "%s: line 3: 3 fields where the header has 2", path);
    assert_string_equal(galley_errmsg(g), want);
    loaded_free(&l);
    const char *bad[] = {"headline=hed"};
    lo.field_map = bad;
    assert_int_equal(galley_load_with(g, path, &lo, collect, &l), GALLEY_EUSAGE);
    assert_non_null(strstr(galley_errmsg(g), "unknown target 'headline'"));
    assert_int_equal(l.n, 0);
    galley_close(g);
    remove_tree(dir);
}

/* A caller built against version 1 of galley_run_options has no field_map: whatever
 * lies past the version 1 fields is not read. */
static void test_run_options_version_1_ignores_the_map(void **state) {
    (void)state;
    char dir[64], path[128], db[160];
    temp_csv(dir, path, sizeof path, "title,url\nOne,https://e.org/1\n");
    snprintf(db, sizeof db, "%s/g.db", dir);
    galley_options o = GALLEY_OPTIONS_INIT;
    o.db_path = db;
    o.plugin_path = "plugins"; /* the source tree's: tests run from the top folder */
    galley *g;
    assert_int_equal(galley_open(&g, &o), GALLEY_OK);
    const char *plugins[] = {"format/markdown"};
    const char *bad[] = {"nope=x"};
    const char *inputs[] = {path};
    galley_run_options ro = GALLEY_RUN_OPTIONS_INIT;
    ro.plugins = plugins;
    ro.nplugins = 1;
    ro.field_map = bad;
    ro.nfield_map = 1;
    galley_run_stats st;
    assert_int_equal(galley_run(g, inputs, 1, &ro, &st), GALLEY_EUSAGE);
    assert_non_null(strstr(galley_errmsg(g), "unknown target 'nope'"));
    ro.version = 1;
    assert_int_equal(galley_run(g, inputs, 1, &ro, &st), GALLEY_OK);
    assert_int_equal(st.loaded, 1);
    galley_close(g);
    remove_tree(dir);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quotes_commas_and_newlines),
        cmocka_unit_test(test_line_ends_and_blank_lines),
        cmocka_unit_test(test_tsv),
        cmocka_unit_test(test_bad_rows_fail_alone),
        cmocka_unit_test(test_line_numbers_count_embedded_newlines),
        cmocka_unit_test(test_without_record_errors_the_file_fails),
        cmocka_unit_test(test_encodings),
        cmocka_unit_test(test_whole_file_failures),
        cmocka_unit_test(test_large_cell_is_linear),
        cmocka_unit_test(test_default_mapping),
        cmocka_unit_test(test_first_alias_wins),
        cmocka_unit_test(test_explicit_map),
        cmocka_unit_test(test_map_errors),
        cmocka_unit_test(test_jsonl_keys_are_mapped),
        cmocka_unit_test(test_galley_load_with),
        cmocka_unit_test(test_run_options_version_1_ignores_the_map),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
