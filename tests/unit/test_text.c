/* test_text.c — the plain-text loader against fixtures/text/, the real corpus, and the
 * rules one at a time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the four above first */
#include <cmocka.h>

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "article.h"
#include "json.h"
#include "load.h"
#include "util.h"
#include "fixtures.h"

#define LIT(s) s, sizeof(s) - 1
#define MIN_FIXTURES 11

/* Where the repository is, found once in main() and handed to every test. */
typedef struct test_env {
    char root[PATH_MAX];
} test_env;

/* ---- loading ----------------------------------------------------------------- */

typedef struct collected {
    galley_article *a;
    int count;
} collected;

static int collect(void *ud, galley_article *a) {
    collected *c = ud;
    galley_article_free(c->a);
    c->a = a;
    c->count++;
    return GALLEY_OK;
}

/* Runs the loader over data (NUL-terminated at len); *out gets the article or NULL. */
static int load(const char *name, const char *data, size_t len, galley_article **out, char *err,
                size_t errsize) {
    collected c = {NULL, 0};
    err[0] = '\0';
    load_sink sink = {.fn = collect, .ud = &c, .err = err, .errsize = errsize};
    int rc = load_text(name, data, len, &sink);
    if (rc == GALLEY_OK) assert_int_equal(c.count, 1);
    *out = c.a;
    return rc;
}

static galley_article *load_ok(const char *data, size_t len) {
    char err[256];
    galley_article *a;
    int rc = load("memory.txt", data, len, &a, err, sizeof err);
    if (rc != GALLEY_OK) fail_msg("load_text failed (%d): %s", rc, err);
    return a;
}

static galley_article *load_path(const char *path) {
    char *data;
    size_t len;
    if (read_file(path, &data, &len) < 0) fail_msg("cannot read %s", path);
    char err[256];
    galley_article *a;
    int rc = load(path, data, len, &a, err, sizeof err);
    free(data);
    if (rc != GALLEY_OK) fail_msg("%s: load_text failed (%d): %s", path, rc, err);
    return a;
}

static void expect_failure(const char *data, size_t len, const char *message) {
    char err[256];
    galley_article *a;
    assert_int_equal(load("memory.txt", data, len, &a, err, sizeof err), GALLEY_EFORMAT);
    assert_null(a);
    assert_string_equal(err, message);
}

static const char *field(const galley_article *a, const char *name) { return galley_article_get(a, name); }

static void expect_block(const galley_article *a, size_t i, galley_block_type type, const char *text) {
    if (i >= a->nblocks) fail_msg("block %zu missing (%zu blocks)", i, a->nblocks);
    if (a->blocks[i].type != type || strcmp(a->blocks[i].text, text) != 0)
        fail_msg("block %zu: expected %s \"%s\", got %s \"%s\"", i, block_type_name(type), text,
                 block_type_name(a->blocks[i].type), a->blocks[i].text);
}

static void test_fixtures(void **state) {
    const test_env *env = *state;
    check_fixtures(env->root, "text", ".txt", MIN_FIXTURES);
}

/* ---- the real corpus ---------------------------------------------------------------- */

static int corpus_path(const test_env *env, const char *rel, char *out, size_t size) {
    char dir[PATH_MAX];
    struct stat st;
    make_path(dir, sizeof dir, "%s/../shared/corpus", env->root);
    if (stat(dir, &st) < 0) return -1;
    make_path(out, size, "%s/%s", dir, rel);
    return 0;
}

#define NEED_CORPUS(env, rel, path)                                                                          \
    do {                                                                                                     \
        if (corpus_path(env, rel, path, sizeof path) < 0) {                                                  \
            printf("SKIP: ../shared/corpus absent\n");                                                       \
            skip();                                                                                          \
        }                                                                                                    \
    } while (0)

static void expect_valid_utf8(const galley_article *a, const char *source) {
    for (int f = 0; f < AF_COUNT; f++)
        if (a->field[f] && !utf8_valid(a->field[f], strlen(a->field[f])))
            fail_msg("%s: field %s is not valid UTF-8", source, article_field_names[f]);
    for (size_t i = 0; i < a->authors.n; i++)
        if (!utf8_valid(a->authors.v[i], strlen(a->authors.v[i])))
            fail_msg("%s: author %zu is not valid UTF-8", source, i);
    for (size_t i = 0; i < a->nblocks; i++)
        if (!utf8_valid(a->blocks[i].text, strlen(a->blocks[i].text)))
            fail_msg("%s: block %zu is not valid UTF-8", source, i);
}

static void test_corpus_bbc(void **state) {
    char path[PATH_MAX];
    NEED_CORPUS(*state, "bbc-news/bbc/business/001.txt", path);
    galley_article *a = load_path(path);
    assert_string_equal(field(a, "title"), "Ad sales boost Time Warner profit");
    assert_null(field(a, "site_name"));
    assert_null(field(a, "section"));
    assert_null(field(a, "published"));
    assert_int_equal(a->authors.n, 0);
    assert_int_equal(a->nblocks, 5);
    for (size_t i = 0; i < a->nblocks; i++)
        assert_int_equal(a->blocks[i].type, GALLEY_BLOCK_PARAGRAPH);
    assert_true(strncmp(a->blocks[0].text, "Quarterly profits at US media giant TimeWarner", 46) == 0);
    assert_null(article_get_meta(a, "encoding"));
    galley_article_free(a);
}

static void test_corpus_invalid_utf8(void **state) {
    char path[PATH_MAX];
    NEED_CORPUS(*state, "bbc-news/bbc/sport/199.txt", path);
    galley_article *a = load_path(path);
    expect_valid_utf8(a, path);
    char *text = galley_article_text(a);
    assert_non_null(text);
    assert_non_null(strstr(text, "a \xC2\xA3"
                                 "15.8m signing")); /* the stray 0xA3 was a pound sign */
    free(text);
    assert_string_equal(article_get_meta(a, "encoding"), "WINDOWS-1252");
    galley_article_free(a);
}

static void test_corpus_cp1252(void **state) {
    char path[PATH_MAX];
    NEED_CORPUS(*state, "horne2017/Public Data/Buzzfeed Political News Dataset/Fake/10_Fake.txt", path);
    galley_article *a = load_path(path);
    expect_valid_utf8(a, path);
    assert_string_equal(article_get_meta(a, "encoding"), "WINDOWS-1252");
    char *text = galley_article_text(a);
    assert_non_null(text);
    assert_non_null(strstr(text, "\xE2\x80\x9CWhen I walked in")); /* “ */
    assert_non_null(strstr(text, "I\xE2\x80\x99ll"));              /* ’ */
    assert_null(strstr(text, "\xEF\xBF\xBD"));
    assert_null(strchr(text, '\r'));
    free(text);
    galley_article_free(a);
}

/* Every horne2017 file, whatever its code page, loads to valid UTF-8. */
static void test_corpus_horne_all(void **state) {
    char base[PATH_MAX];
    static const char *const folders[] = {
        "Buzzfeed Political News Dataset/Fake", "Buzzfeed Political News Dataset/Real",
        "Random Poltical News Dataset/Fake",    "Random Poltical News Dataset/Real",
        "Random Poltical News Dataset/Satire",  NULL};
    NEED_CORPUS(*state, "horne2017/Public Data", base);
    int loaded = 0, cp1252 = 0;
    for (size_t f = 0; folders[f]; f++) {
        char dir[PATH_MAX];
        make_path(dir, sizeof dir, "%s/%s", base, folders[f]);
        DIR *d = opendir(dir);
        if (!d) continue;
        struct dirent *e;
        while ((e = readdir(d))) {
            if (!strstr(e->d_name, ".txt")) continue;
            char path[PATH_MAX + 256];
            make_path(path, sizeof path, "%s/%s", dir, e->d_name);
            char *data;
            size_t len;
            if (read_file(path, &data, &len) < 0) fail_msg("cannot read %s", path);
            char err[256];
            galley_article *a;
            int rc = load(path, data, len, &a, err, sizeof err);
            free(data);
            if (rc != GALLEY_OK && strcmp(err, "empty file") != 0) fail_msg("%s: %s", path, err);
            if (!a) continue;
            expect_valid_utf8(a, path);
            const char *enc = article_get_meta(a, "encoding");
            cp1252 += enc && strcmp(enc, "WINDOWS-1252") == 0;
            loaded++;
            galley_article_free(a);
        }
        closedir(d);
    }
    printf("horne2017: %d files loaded, %d read as Windows-1252\n", loaded, cp1252);
    assert_true(loaded > 100);
    assert_true(cp1252 > 50);
}

/* ---- failures ---------------------------------------------------------------------- */

static void test_empty_and_binary(void **state) {
    (void)state;
    expect_failure(LIT(""), "empty file");
    expect_failure(LIT("  \n\t \r\n\r\n"), "empty file");
    expect_failure(LIT("\xC2\xA0\n\xE2\x80\x8B \xE3\x80\x80\n"),
                   "empty file"); /* NBSP, ZWSP, ideographic space */
    expect_failure(LIT("\xEF\xBB\xBF\r\n"), "empty file");
    expect_failure(LIT("GIF89a\x01\0\x01\0\x80\0\0\xFF\xFF\xFF\0\0\0!"), "binary file, not text");
    expect_failure(LIT("\x7F"
                       "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0"),
                   "binary file, not text");
}

/* ---- the rules one by one ------------------------------------------------------------ */

static void test_utf16_input(void **state) {
    (void)state;
    /* "Title\n\nBody text.\n" in UTF-16LE with its BOM */
    galley_article *a = load_ok(LIT("\xFF\xFET\0i\0t\0l\0e\0\n\0\n\0B\0o\0d\0y\0 \0t\0e\0x\0t\0.\0\n\0"));
    assert_string_equal(field(a, "title"), "Title");
    assert_string_equal(article_get_meta(a, "encoding"), "UTF-16LE");
    assert_int_equal(a->nblocks, 1);
    expect_block(a, 0, GALLEY_BLOCK_PARAGRAPH, "Body text.");
    galley_article_free(a);
}

static void test_sentence_is_not_title(void **state) {
    (void)state;
    galley_article *a = load_ok(LIT("The council met on Monday. It approved the budget for next year.\n\n"
                                    "The vote was close, with nine members in favour and eight against.\n"));
    assert_null(field(a, "title"));
    assert_int_equal(a->nblocks, 2);
    expect_block(a, 0, GALLEY_BLOCK_PARAGRAPH,
                 "The council met on Monday. It approved the budget for next year.");
    galley_article_free(a);
}

static void test_site_line_rules(void **state) {
    (void)state;
    /* one separator: each side at most three words, else it is a title with a dash */
    galley_article *a = load_ok(LIT("Iran-backed militias gain more ground - Baghdadpost\n\n"
                                    "Fighters moved into three more districts on Sunday, officials said.\n"));
    assert_string_equal(field(a, "title"), "Iran-backed militias gain more ground - Baghdadpost");
    assert_null(field(a, "site_name"));
    galley_article_free(a);
    /* no title after it: not a site line either */
    a = load_ok(
        LIT("News | Sport\n\nThe match was abandoned after twenty minutes because of heavy rain and a "
            "waterlogged pitch. Both clubs agreed to replay it next month.\n"));
    assert_string_equal(field(a, "title"), "News | Sport");
    assert_null(field(a, "site_name"));
    galley_article_free(a);
    /* a site alone, Arabic home word, segments of four words */
    a = load_ok(LIT("الرئيسية › أخبار › العراق\n\nعنوان الخبر\n\nنص الخبر هنا.\n"));
    assert_null(field(a, "site_name"));
    assert_string_equal(field(a, "section"), "العراق");
    assert_string_equal(field(a, "title"), "عنوان الخبر");
    galley_article_free(a);
    a = load_ok(
        LIT("The Daily Evening Star » Local Politics And Courts » Region\n\nMayor resigns\n\nText.\n"));
    assert_string_equal(field(a, "site_name"), "Region");
    assert_string_equal(field(a, "section"), "Local Politics And Courts");
    galley_article_free(a);
}

static void test_bylines(void **state) {
    (void)state;
    galley_article *a =
        load_ok(LIT("Title of the story\n\nBy Sara Lind | Published on 2 March 2021, 14:05 GMT\n\n"
                    "Body text of the story goes here.\n"));
    assert_int_equal(a->authors.n, 1);
    assert_string_equal(a->authors.v[0], "Sara Lind");
    assert_string_equal(field(a, "published"), "2021-03-02T14:05:00Z");
    assert_string_equal(field(a, "published_raw"), "2 March 2021, 14:05 GMT");
    assert_int_equal(a->nblocks, 1);
    galley_article_free(a);
    a = load_ok(LIT("Title of the story\n\nBY ANNA DE LA CRUZ, Mark O'Neill, Ali al-Sistani\n\nBody.\n"));
    assert_int_equal(a->authors.n, 3);
    assert_string_equal(a->authors.v[0], "ANNA DE LA CRUZ");
    assert_string_equal(a->authors.v[2], "Ali al-Sistani");
    galley_article_free(a);
    a = load_ok(LIT("عنوان الخبر\n\nبقلم: أحمد علي\n\nنص الخبر.\n"));
    assert_int_equal(a->authors.n, 1);
    assert_string_equal(a->authors.v[0], "أحمد علي");
    galley_article_free(a);
    /* a sentence that starts with "By" is body */
    a = load_ok(LIT("Title of the story\n\nBy the way, the council never voted on the plan.\n\nMore text "
                    "follows here.\n"));
    assert_int_equal(a->authors.n, 0);
    expect_block(a, 0, GALLEY_BLOCK_PARAGRAPH, "By the way, the council never voted on the plan.");
    galley_article_free(a);
    /* a byline after the body has begun is body */
    a = load_ok(
        LIT("Title\n\nThe first paragraph of the story.\n\nBy John Smith\n\nThe second paragraph.\n"));
    assert_int_equal(a->authors.n, 0);
    assert_int_equal(a->nblocks, 3);
    galley_article_free(a);
}

static void test_dates_in_body(void **state) {
    (void)state;
    /* an unreadable labelled date stays text; a bare date deep in the body too */
    galley_article *a = load_ok(LIT("Title\n\nFirst paragraph.\n\nSecond paragraph.\n\nThird paragraph.\n\n"
                                    "14 July 2017\n\nUpdated: shortly after the vote\n"));
    assert_null(field(a, "published"));
    assert_null(field(a, "modified"));
    assert_int_equal(a->nblocks, 5);
    expect_block(a, 3, GALLEY_BLOCK_PARAGRAPH, "14 July 2017");
    expect_block(a, 4, GALLEY_BLOCK_PARAGRAPH, "Updated: shortly after the vote");
    galley_article_free(a);
    /* the first date of a kind wins; Arabic labels */
    a = load_ok(LIT(
        "عنوان\n\nنشر في 3 مايو 2024\n\nنص.\n\nتاريخ النشر: 4 مايو 2024\n\nآخر تحديث 5 مايو 2024 09:15 ص\n"));
    assert_string_equal(field(a, "published"), "2024-05-03");
    assert_string_equal(field(a, "published_raw"), "3 مايو 2024");
    assert_string_equal(field(a, "modified"), "2024-05-05T09:15:00");
    assert_int_equal(a->nblocks, 1);
    galley_article_free(a);
}

static void test_headings(void **state) {
    (void)state;
    galley_article *a =
        load_ok(LIT("Title\n\nWhat happens next?\n\nThe committee will meet again in June to decide.\n\n"
                    "Ends with a colon:\n\nA paragraph after it.\n\n"
                    "“Quoted heading”\n\nAnother paragraph here.\n\nShare this article\n"));
    expect_block(a, 0, GALLEY_BLOCK_HEADING, "What happens next?");
    assert_int_equal(a->blocks[0].level, 2);
    expect_block(a, 2, GALLEY_BLOCK_PARAGRAPH, "Ends with a colon:");
    expect_block(a, 4, GALLEY_BLOCK_HEADING, "“Quoted heading”");
    /* nothing follows the last short line: it is not a heading */
    expect_block(a, 6, GALLEY_BLOCK_PARAGRAPH, "Share this article");
    galley_article_free(a);
}

static void test_wrapped_and_rules(void **state) {
    (void)state;
    /* wrapped text whose paragraphs are told apart only by their short last lines */
    galley_article *a = load_ok(LIT("Title\n\n"
                                    "The first paragraph is wrapped at about fifty\n"
                                    "characters and then it stops.\n"
                                    "The second paragraph starts on the next line\n"
                                    "without a blank line in between, as some do.\n\n"
                                    "* * *\n\n"
                                    "> A quoted line that the writer wrapped by hand\n"
                                    "> and continued on a second line.\n"));
    assert_int_equal(a->nblocks, 3);
    expect_block(a, 0, GALLEY_BLOCK_PARAGRAPH,
                 "The first paragraph is wrapped at about fifty characters and then it stops.");
    expect_block(a, 1, GALLEY_BLOCK_PARAGRAPH,
                 "The second paragraph starts on the next line without a blank line in between, as some do.");
    expect_block(a, 2, GALLEY_BLOCK_QUOTE,
                 "A quoted line that the writer wrapped by hand and continued on a second line.");
    galley_article_free(a);
    /* one paragraph per line: short lines that end sentences are not joined */
    a = load_ok(LIT("Title\n\nThe fire started at noon.\nIt was out by two.\nNobody was hurt.\n"));
    assert_int_equal(a->nblocks, 3);
    galley_article_free(a);
}

int main(int argc, char **argv) {
    test_env env;
    find_root(argc > 0 ? argv[0] : ".", env.root, sizeof env.root);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_prestate(test_fixtures, &env),
        cmocka_unit_test_prestate(test_corpus_bbc, &env),
        cmocka_unit_test_prestate(test_corpus_invalid_utf8, &env),
        cmocka_unit_test_prestate(test_corpus_cp1252, &env),
        cmocka_unit_test_prestate(test_corpus_horne_all, &env),
        cmocka_unit_test(test_empty_and_binary),
        cmocka_unit_test(test_utf16_input),
        cmocka_unit_test(test_sentence_is_not_title),
        cmocka_unit_test(test_site_line_rules),
        cmocka_unit_test(test_bylines),
        cmocka_unit_test(test_dates_in_body),
        cmocka_unit_test(test_headings),
        cmocka_unit_test(test_wrapped_and_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
