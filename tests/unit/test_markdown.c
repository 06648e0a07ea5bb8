/* test_markdown.c — the Markdown loader against fixtures/markdown/, the TOML reader's
 * edge cases, YAML and JSON front matter, the field mapping, dates and sections from
 * the path, and inputs that must fail cleanly (malformed, empty, binary, huge). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the four above first */
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "fixtures.h"
#include "frontmatter.h"
#include "json.h"
#include "load.h"
#include "util.h"

#define LIT(s) s, sizeof(s) - 1
#define MIN_FIXTURES 13

typedef struct test_env {
    char root[PATH_MAX];
} test_env;

/* ---- loading ----------------------------------------------------------------------- */

static int load_as(const char *name, const char *data, size_t len, galley_article **out, char *err, size_t errsize) {
    fixture_load c = {NULL, 0};
    /* load_memory wants the data NUL-terminated at len, as read_file leaves it */
    char *copy = malloc(len + 1);
    assert_non_null(copy);
    memcpy(copy, data, len);
    copy[len] = '\0';
    int rc = load_memory(name, copy, len, "markdown", NULL, fixture_collect, &c, NULL, err, errsize);
    free(copy);
    if (rc == GALLEY_OK) assert_int_equal(c.count, 1);
    *out = c.a;
    return rc;
}

static galley_article *load_named(const char *name, const char *data, size_t len) {
    char err[512];
    galley_article *a;
    int rc = load_as(name, data, len, &a, err, sizeof err);
    if (rc != GALLEY_OK) fail_msg("load failed (%d): %s", rc, err);
    return a;
}

static galley_article *load_ok(const char *data, size_t len) { return load_named("post.md", data, len); }

static void expect_error(const char *data, size_t len, const char *message) {
    char err[512];
    galley_article *a;
    int rc = load_as("post.md", data, len, &a, err, sizeof err);
    assert_null(a);
    assert_int_equal(rc, GALLEY_EFORMAT);
    assert_string_equal(err, message);
}

static const char *field(const galley_article *a, const char *name) { return galley_article_get(a, name); }

/* ---- TOML ------------------------------------------------------------------------------ */

static fm_node *toml_ok(const char *text) {
    char err[256] = "";
    fm_node *root = fm_parse_toml(text, strlen(text), 2, err, sizeof err);
    if (!root) fail_msg("TOML refused: %s\n%s", err, text);
    return root;
}

static void toml_fails(const char *text, const char *message) {
    char err[256] = "";
    fm_node *root = fm_parse_toml(text, strlen(text), 2, err, sizeof err);
    if (root) {
        fm_free(root);
        fail_msg("TOML accepted what it should refuse (%s):\n%s", message, text);
    }
    assert_string_equal(err, message);
}

/* The JSON of a TOML document: every value with its type, in one comparable string. */
static void toml_is(const char *text, const char *json) {
    fm_node *root = toml_ok(text);
    gbuf b = GBUF_INIT;
    fm_json(&b, root);
    assert_false(b.failed);
    assert_string_equal(b.data, json);
    gbuf_free(&b);
    fm_free(root);
}

static void test_toml_strings(void **state) {
    (void)state;
    toml_is("a = \"tab\\there \\\"q\\\" \\\\ \\u00e9\\U0001F600\"", "{\"a\":\"tab\\there \\\"q\\\" \\\\ é😀\"}");
    toml_is("a = 'C:\\path\\n'", "{\"a\":\"C:\\\\path\\\\n\"}");
    /* multi-line basic: the first newline is dropped, a backslash at the end of a line
     * swallows the line end and the blanks that follow */
    toml_is("a = \"\"\"\none\ntwo \\\n     three\"\"\"", "{\"a\":\"one\\ntwo three\"}");
    /* up to two quotes may touch the closing ones */
    toml_is("a = \"\"\"say \"hi\"\"\"\"\"", "{\"a\":\"say \\\"hi\\\"\\\"\"}");
    toml_is("a = '''\nraw \\n ''kept'''", "{\"a\":\"raw \\\\n ''kept\"}");
    toml_is("a = \"\"\n", "{\"a\":\"\"}");
    toml_fails("a = \"open\nb = 1", "line 2: TOML front matter: unterminated string (a newline inside \"...\"; use \"\"\"...\"\"\")");
    toml_fails("x = 1\na = \"\"\"never\nclosed", "line 3: TOML front matter: unterminated string");
    toml_fails("a = \"bad \\q\"", "line 2: TOML front matter: unknown escape \\q");
    toml_fails("a = \"\\uD800\"", "line 2: TOML front matter: \\uD800 is not a Unicode scalar value");
    toml_fails("a = \"\\u12\"", "line 2: TOML front matter: \\u needs 4 hexadecimal digits");
    toml_fails("a = \"ctl \x01\"", "line 2: TOML front matter: control character U+0001 in a string");
}

static void test_toml_numbers_and_dates(void **state) {
    (void)state;
    toml_is("a = +99\nb = -17\nc = 0\nd = 1_000_000\ne = 0xDEAD_beef\nf = 0o755\ng = 0b1101",
            "{\"a\":99,\"b\":-17,\"c\":0,\"d\":1000000,\"e\":3735928559,\"f\":493,\"g\":13}");
    toml_is("a = 3.14\nb = -0.01\nc = 5e+22\nd = 6.626e-34\ne = 224_617.445_991\nf = inf\ng = -nan",
            "{\"a\":3.14,\"b\":-0.01,\"c\":5e+22,\"d\":6.626e-34,\"e\":224617.445991,\"f\":\"inf\",\"g\":\"-nan\"}");
    toml_is("a = true\nb = false", "{\"a\":true,\"b\":false}");
    toml_is("a = 1979-05-27T07:32:00Z\nb = 1979-05-27T00:32:00.999999-07:00\nc = 1979-05-27 07:32:00\n"
            "d = 1979-05-27\ne = 07:32:00\nf = 2024-02-29",
            "{\"a\":\"1979-05-27T07:32:00Z\",\"b\":\"1979-05-27T00:32:00.999999-07:00\",\"c\":\"1979-05-27T07:32:00\","
            "\"d\":\"1979-05-27\",\"e\":\"07:32:00\",\"f\":\"2024-02-29\"}");
    toml_fails("a = 2023-02-29", "line 2: TOML front matter: 2023-02-29 is not a date");
    toml_fails("a = 2023-01-01T25:00:00", "line 2: TOML front matter: bad time in '2023-01-01T25:00:00'");
    toml_fails("a = 012", "line 2: TOML front matter: leading zeros in '012'");
    toml_fails("a = 1__0", "line 2: TOML front matter: bad value '1__0'");
    toml_fails("a = 1_", "line 2: TOML front matter: bad value '1_'");
    toml_fails("a = .5", "line 2: TOML front matter: bad value '.5'");
    toml_fails("a = 1.", "line 2: TOML front matter: a '.' needs digits on both sides in '1.'");
    toml_fails("a = 9223372036854775808", "line 2: TOML front matter: '9223372036854775808' does not fit 64 bits");
    toml_fails("a = yes", "line 2: TOML front matter: bad value 'yes'");
    toml_fails("a = True", "line 2: TOML front matter: bad value 'True'");
}

static void test_toml_arrays_and_tables(void **state) {
    (void)state;
    toml_is("a = [ 1, 'two', [3.0], {x = 4} ]", "{\"a\":[1,\"two\",[3.0],{\"x\":4}]}");
    toml_is("a = [\n  1, # one\n  2,\n]\n", "{\"a\":[1,2]}");
    toml_is("a = []\nb = {}", "{\"a\":[],\"b\":{}}");
    toml_is("p = { name = \"x\", dims.w = 2, dims.h = 3 }", "{\"p\":{\"name\":\"x\",\"dims\":{\"w\":2,\"h\":3}}}");
    toml_is("\"quoted key\" = 1\n'lit.key' = 2\nbare-key_1 = 3\nsite.\"owner name\" = 4",
            "{\"quoted key\":1,\"lit.key\":2,\"bare-key_1\":3,\"site\":{\"owner name\":4}}");
    toml_is("title = \"t\"\n[params]\na = 1\n[params.deep]\nb = 2\n[other]\nc = 3",
            "{\"title\":\"t\",\"params\":{\"a\":1,\"deep\":{\"b\":2}},\"other\":{\"c\":3}}");
    /* [a.b] first makes a implicitly; [a] may still define it once */
    toml_is("[a.b]\nx = 1\n[a]\ny = 2", "{\"a\":{\"b\":{\"x\":1},\"y\":2}}");
    toml_is("[[menu]]\nname = \"one\"\n[[menu]]\nname = \"two\"\n[menu.sub]\nz = 1",
            "{\"menu\":[{\"name\":\"one\"},{\"name\":\"two\",\"sub\":{\"z\":1}}]}");
    toml_is("# only a comment\n\n", "{}");
    toml_is("", "{}");
    toml_fails("a = 1\na = 2", "line 3: TOML front matter: 'a' is given twice");
    toml_fails("[t]\nx = 1\n[t]\ny = 2", "line 4: TOML front matter: table [t] is defined twice");
    toml_fails("a = 1\n[a]", "line 3: TOML front matter: 'a' is already defined as a value");
    toml_fails("p = {x = 1}\n[p]", "line 3: TOML front matter: 'p' is already defined as a value");
    toml_fails("p = {x = 1}\np.y = 2", "line 3: TOML front matter: 'p' is already defined and cannot take more keys");
    toml_fails("a = {x = 1,}", "line 2: TOML front matter: a trailing comma in an inline table");
    toml_fails("a = {x = 1,\n y = 2}", "line 2: TOML front matter: a key is missing");
    toml_fails("a = [1, 2", "line 2: TOML front matter: unterminated array");
    toml_fails("a = [1 2]", "line 2: TOML front matter: expected ',' or ']' in an array, not '2'");
    toml_fails("a = 1 b = 2", "line 2: TOML front matter: unexpected 'b' where the line should end");
    toml_fails("a", "line 2: TOML front matter: expected '=' after the key 'a'");
    toml_fails("a =", "line 2: TOML front matter: a value is missing");
    toml_fails("= 1", "line 2: TOML front matter: '=' cannot start a key");
    toml_fails("[a\nx = 1", "line 2: TOML front matter: expected ']' to close the header");
    toml_fails("[[a]\n", "line 2: TOML front matter: expected ']]' to close the header");
    toml_fails("a = 1\n[[a]]", "line 3: TOML front matter: 'a' is already defined and is not an array of tables");
}

static void test_toml_limits(void **state) {
    (void)state;
    /* nesting is bounded, so a hostile file cannot exhaust the stack */
    gbuf b = GBUF_INIT;
    gbuf_puts(&b, "a = ");
    for (int i = 0; i < 100000; i++)
        gbuf_putc(&b, '[');
    assert_false(b.failed);
    toml_fails(b.data, "line 2: TOML front matter: values nested more than 64 deep");
    gbuf_free(&b);
}

/* ---- YAML and JSON ---------------------------------------------------------------------- */

static void test_yaml_mapping(void **state) {
    (void)state;
    galley_article *a = load_ok(LIT("---\n"
                                    "Title: Case does not matter\n"
                                    "pubDate: 'Fri, 03 May 2024 10:00:00 +0000'\n"
                                    "updated: not a date\n"
                                    "author: Ana Lima, Bo Chen and Cy Dee (@cyd)\n"
                                    "category: Science & Tech\n"
                                    "keywords: space, rockets\n"
                                    "excerpt: >\n  Folded\n  text.\n"
                                    "featured_image: {src: /a.png}\n"
                                    "language: pt-BR\n"
                                    "url: /relative/path/\n"
                                    "draft: yes\n"
                                    "count: 3\n"
                                    "empty:\n"
                                    "list: [1, two, true, null, 1.5]\n"
                                    "nested: {a: {b: c}}\n"
                                    "---\n\nBody.\n"));
    assert_string_equal(field(a, "title"), "Case does not matter");
    assert_string_equal(field(a, "published"), "2024-05-03T10:00:00Z");
    assert_string_equal(field(a, "published_raw"), "Fri, 03 May 2024 10:00:00 +0000");
    /* a date that cannot be read keeps its raw text and no ISO form */
    assert_null(field(a, "modified"));
    assert_string_equal(field(a, "modified_raw"), "not a date");
    assert_int_equal(a->authors.n, 3);
    assert_string_equal(a->authors.v[0], "Ana Lima");
    assert_string_equal(a->authors.v[1], "Bo Chen");
    assert_string_equal(a->authors.v[2], "Cy Dee");
    /* "category" is one name even with spaces; "categories" as a string splits (Jekyll) */
    assert_string_equal(field(a, "section"), "Science & Tech");
    assert_int_equal(a->tags.n, 2);
    assert_string_equal(a->tags.v[1], "rockets");
    assert_string_equal(field(a, "description"), "Folded text.");
    assert_string_equal(field(a, "image"), "/a.png");
    assert_string_equal(field(a, "lang"), "pt-BR");
    /* a relative url is no article URL: it stays in meta */
    assert_null(field(a, "url"));
    assert_string_equal(article_get_meta(a, "url"), "/relative/path/");
    assert_string_equal(article_get_meta(a, "draft"), "yes");
    assert_string_equal(article_get_meta(a, "count"), "3");
    assert_null(article_get_meta(a, "empty"));
    assert_string_equal(article_get_meta(a, "list"), "[1,\"two\",true,null,1.5]");
    assert_string_equal(article_get_meta(a, "nested.a.b"), "c");
    assert_string_equal(article_get_meta(a, "front_matter"), "yaml");
    galley_article_free(a);

    /* the first date key in priority order wins; the others stay in meta */
    a = load_ok(LIT("---\npublishDate: 2024-01-02\ndate: 2024-01-01\nauthors:\n  - {name: Jo}\n  - Max <m@x.io>\n---\n"));
    assert_string_equal(field(a, "published"), "2024-01-01");
    assert_string_equal(article_get_meta(a, "publishDate"), "2024-01-02");
    assert_int_equal(a->authors.n, 2);
    assert_string_equal(a->authors.v[0], "Jo");
    assert_string_equal(a->authors.v[1], "Max");
    galley_article_free(a);

    /* "..." also ends YAML front matter; an absolute canonical URL becomes the uid */
    a = load_ok(LIT("---\ntitle: Dots\ncanonical: https://example.org/a/\n...\nText.\n"));
    assert_string_equal(field(a, "url"), "https://example.org/a/");
    assert_string_equal(field(a, "uid"), "https://example.org/a/");
    galley_article_free(a);
}

static void test_yaml_errors(void **state) {
    (void)state;
    expect_error(LIT("---\ntitle: a\n  bad: indent\n---\n"),
                 "post.md: line 3: YAML front matter: mapping values are not allowed in this context");
    expect_error(LIT("---\n- a list\n- not a mapping\n---\n"),
                 "post.md: line 2: YAML front matter: not a mapping of keys to values");
    expect_error(LIT("---\n? [complex, key]\n: value\n---\n"),
                 "post.md: line 2: YAML front matter: a key that is a list or a mapping");
    expect_error(LIT("+++\ntitle = 'x'\n"),
                 "post.md: line 1: TOML front matter opened with '+++' is never closed (no '+++' line)");
    /* "billion laughs": each alias doubles the tree; the cap stops it, fast */
    expect_error(LIT("---\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                     "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                     "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
                     "g: [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n---\n"),
                 "post.md: line 2: YAML front matter: more than 100000 values (an alias repeated over and over?)");
    /* deep flow nesting is refused before libyaml (which is quadratic in it) reads it */
    gbuf b = GBUF_INIT;
    gbuf_puts(&b, "---\ntitle: 'not [ counted'  # nor [ this\nlist: ");
    for (int i = 0; i < 200000; i++)
        gbuf_putc(&b, '[');
    gbuf_puts(&b, "\n---\n");
    assert_false(b.failed);
    expect_error(b.data, b.len, "post.md: line 3: YAML front matter: nested too deeply");
    gbuf_free(&b);
    galley_article *ok = load_ok(LIT("---\nx: [[[[1]]], {a: [2, {b: 3}]}]\ny: \"say [ and {\"\n---\n"));
    assert_string_equal(article_get_meta(ok, "x"), "[[[[1]]],{\"a\":[2,{\"b\":3}]}]");
    galley_article_free(ok);
    /* an empty front matter is fine */
    galley_article *a = load_named("empty-fm.md", LIT("---\n---\nJust text.\n"));
    assert_string_equal(field(a, "title"), "empty fm");
    galley_article_free(a);
}

static void test_json_front_matter(void **state) {
    (void)state;
    galley_article *a = load_ok(LIT("{\n\"title\": \"J\",\n\"tags\": [\"a\", \"b\"],\n\"weight\": 2,\n\"ratio\": 0.5\n}\nBody.\n"));
    assert_string_equal(field(a, "title"), "J");
    assert_int_equal(a->tags.n, 2);
    assert_string_equal(article_get_meta(a, "weight"), "2");
    assert_string_equal(article_get_meta(a, "ratio"), "0.5");
    assert_string_equal(article_get_meta(a, "front_matter"), "json");
    assert_int_equal(a->nblocks, 1);
    galley_article_free(a);
    expect_error(LIT("{\n\"title\": \"J\",\n\"x\" 1\n}\n"), "post.md: line 3: JSON front matter: column 5: expected ':'");
    /* a body that merely starts with a brace is body */
    a = load_ok(LIT("{{< shortcode >}}\n\nText.\n"));
    assert_string_equal(field(a, "title"), "post");
    galley_article_free(a);
}

/* ---- path, title fallbacks and body ------------------------------------------------------ */

static void test_path_fallbacks(void **state) {
    (void)state;
    galley_article *a = load_named("site/content/blog/2024/05/03/launch.md", LIT("Text.\n"));
    assert_string_equal(field(a, "published"), "2024-05-03");
    assert_string_equal(field(a, "published_raw"), "2024/05/03");
    assert_string_equal(field(a, "section"), "blog");
    assert_string_equal(field(a, "title"), "launch");
    galley_article_free(a);
    a = load_named("_posts/2019-12-31-new-year-plans.markdown", LIT("Text.\n"));
    assert_string_equal(field(a, "published"), "2019-12-31");
    assert_string_equal(field(a, "title"), "new year plans");
    galley_article_free(a);
    /* a Hugo page bundle: the folder names the page, less its date */
    a = load_named("content/posts/2020-02-02-bundle/index.md", LIT("Text.\n"));
    assert_string_equal(field(a, "published"), "2020-02-02");
    assert_string_equal(field(a, "section"), "posts");
    assert_string_equal(field(a, "title"), "bundle");
    galley_article_free(a);
    /* front matter wins over the path; impossible dates in paths are no dates */
    a = load_named("blog/2024/13/40/x.md", LIT("---\ncategories: [Mine]\n---\nText.\n"));
    assert_null(field(a, "published"));
    assert_string_equal(field(a, "section"), "Mine");
    galley_article_free(a);
}

static void test_body_blocks(void **state) {
    (void)state;
    galley_article *a = load_ok(LIT("# Title from heading\n\n# Second h1 stays\n\n"
                                    "Para with a hard  \nbreak and https://auto.link/x.\n\n"
                                    "![only](/i.png)\n\n"
                                    "* loose item\n\n  second para of item\n\n"
                                    "> quote\n>\n> - list in quote\n\n"
                                    "<script>var x = 1;</script>\n\n"
                                    "Text[^1].\n\n[^1]: The note.\n\n"
                                    "---\n\n    indented code\n"));
    assert_string_equal(field(a, "title"), "Title from heading");
    const struct {
        galley_block_type type;
        int level;
        const char *text;
    } want[] = {
        {GALLEY_BLOCK_HEADING, 1, "Second h1 stays"},
        {GALLEY_BLOCK_PARAGRAPH, 0, "Para with a hard\nbreak and https://auto.link/x."},
        {GALLEY_BLOCK_IMAGE, 0, ""},
        {GALLEY_BLOCK_LIST_ITEM, 1, "loose item"},
        {GALLEY_BLOCK_LIST_ITEM, 1, "second para of item"},
        {GALLEY_BLOCK_QUOTE, 0, "quote"},
        {GALLEY_BLOCK_LIST_ITEM, 1, "list in quote"},
        {GALLEY_BLOCK_PARAGRAPH, 0, "Text."},
        {GALLEY_BLOCK_CODE, 0, "indented code"},
        {GALLEY_BLOCK_PARAGRAPH, 0, "The note."}, /* footnotes come last, as rendered */
    };
    size_t n = sizeof want / sizeof *want;
    for (size_t i = 0; i < n && i < a->nblocks; i++) {
        if (a->blocks[i].type != want[i].type || a->blocks[i].level != want[i].level ||
            strcmp(a->blocks[i].text, want[i].text) != 0)
            fail_msg("block %zu: expected %s/%d \"%s\", got %s/%d \"%s\"", i, block_type_name(want[i].type),
                     want[i].level, want[i].text, block_type_name(a->blocks[i].type), a->blocks[i].level,
                     a->blocks[i].text);
    }
    assert_int_equal(a->nblocks, n);
    assert_string_equal(a->blocks[2].url, "/i.png");
    assert_string_equal(a->blocks[2].alt, "only");
    galley_article_free(a);
}

/* ---- inputs that must fail cleanly, or load whatever their size ---------------------------- */

static void test_bad_inputs(void **state) {
    (void)state;
    expect_error("", 0, "post.md: empty file");
    expect_error(LIT(" \n\t\n\r\n"), "post.md: empty file");
    expect_error(LIT("\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0>\0"), "post.md: binary file, not text");
    /* front matter only: an article with no blocks */
    galley_article *a = load_ok(LIT("+++\ntitle = \"Just metadata\"\n+++\n"));
    assert_string_equal(field(a, "title"), "Just metadata");
    assert_int_equal(a->nblocks, 0);
    galley_article_free(a);
    /* a UTF-16 file with a BOM is converted before anything is read */
    static const char utf16[] = "\xff\xfe-\0-\0-\0\n\0t\0i\0t\0l\0e\0:\0 \0U\0\n\0-\0-\0-\0\n\0";
    a = load_ok(utf16, sizeof utf16 - 1);
    assert_string_equal(field(a, "title"), "U");
    galley_article_free(a);
}

static void test_huge_file(void **state) {
    (void)state;
    /* 4 MiB of paragraphs, lists and a wide table load in well under a second */
    gbuf b = GBUF_INIT;
    gbuf_puts(&b, "---\ntitle: Huge\n---\n\n");
    size_t paragraphs = 0;
    while (b.len < (4u << 20)) {
        gbuf_printf(&b, "Paragraph %zu with *some* words and a [link](http://x.org/%zu).\n\n- item\n\n", paragraphs,
                    paragraphs);
        paragraphs++;
    }
    gbuf_puts(&b, "| a | b |\n|---|---|\n");
    for (int i = 0; i < 1000; i++)
        gbuf_printf(&b, "| %d | %d |\n", i, i * 2);
    assert_false(b.failed);
    galley_article *a = load_ok(b.data, b.len);
    assert_string_equal(field(a, "title"), "Huge");
    assert_int_equal(a->nblocks, paragraphs * 2 + 1001);
    assert_string_equal(a->blocks[a->nblocks - 1].text, "999 | 1998");
    galley_article_free(a);
    gbuf_free(&b);
}

static void test_fixtures(void **state) {
    const test_env *env = *state;
    check_fixtures(env->root, "markdown", ".md", MIN_FIXTURES);
}

int main(int argc, char **argv) {
    test_env env;
    find_root(argc > 0 ? argv[0] : ".", env.root, sizeof env.root);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_prestate(test_fixtures, &env),
        cmocka_unit_test(test_toml_strings),
        cmocka_unit_test(test_toml_numbers_and_dates),
        cmocka_unit_test(test_toml_arrays_and_tables),
        cmocka_unit_test(test_toml_limits),
        cmocka_unit_test(test_yaml_mapping),
        cmocka_unit_test(test_yaml_errors),
        cmocka_unit_test(test_json_front_matter),
        cmocka_unit_test(test_path_fallbacks),
        cmocka_unit_test(test_body_blocks),
        cmocka_unit_test(test_bad_inputs),
        cmocka_unit_test(test_huge_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
