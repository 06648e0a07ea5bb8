/* test_article.c — the article model: fields, blocks, metadata, categories, renditions,
 * plain text, the content hash and the JSON form. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "article.h"
#include "json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const all_fields[] = {
    "uid",       "source",        "format",   "url",          "title", "subtitle",    "site_name", "section",
    "published", "published_raw", "modified", "modified_raw", "lang",  "description", "image",
};

static galley_article *new_article(void) {
    galley_article *a = galley_article_new();
    assert_non_null(a);
    return a;
}

/* A copy of the article's hash, computed afresh. */
static void hash_of(galley_article *a, char out[17]) {
    article_compute_hash(a);
    memcpy(out, a->hash, 17);
}

/* An article with something in every part the hash covers. */
static galley_article *full_article(void) {
    galley_article *a = new_article();
    for (size_t i = 0; i < AF_COUNT; i++) {
        char value[64];
        snprintf(value, sizeof value, "value of %s", all_fields[i]);
        assert_int_equal(galley_article_set(a, all_fields[i], value), GALLEY_OK);
    }
    assert_int_equal(strlist_push(&a->authors, "Ann Author"), 0);
    assert_int_equal(strlist_push(&a->tags, "tag"), 0);
    assert_int_equal(article_add_block(a, GALLEY_BLOCK_HEADING, 2, "Heading", NULL, NULL), 0);
    assert_int_equal(article_add_block(a, GALLEY_BLOCK_IMAGE, 0, "caption", "http://x/i.png", "alt"), 0);
    assert_int_equal(article_set_meta(a, "encoding", "UTF-8"), 0);
    return a;
}

/* ---- fields --------------------------------------------------------------------------- */

static void test_field_names_match_the_enum(void **state) {
    (void)state;
    assert_int_equal(sizeof all_fields / sizeof *all_fields, AF_COUNT);
    for (int i = 0; i < AF_COUNT; i++) {
        assert_string_equal(article_field_names[i], all_fields[i]);
        assert_int_equal(article_field_index(all_fields[i]), i);
    }
    assert_int_equal(article_field_index("authors"), -1);
    assert_int_equal(article_field_index("Title"), -1);
    assert_int_equal(article_field_index(NULL), -1);
}

static void test_set_and_get_every_field(void **state) {
    (void)state;
    galley_article *a = new_article();
    for (size_t i = 0; i < AF_COUNT; i++)
        assert_null(galley_article_get(a, all_fields[i]));
    for (size_t i = 0; i < AF_COUNT; i++) {
        char value[64];
        snprintf(value, sizeof value, "v%zu", i);
        assert_int_equal(galley_article_set(a, all_fields[i], value), GALLEY_OK);
    }
    for (size_t i = 0; i < AF_COUNT; i++) {
        char value[64];
        snprintf(value, sizeof value, "v%zu", i);
        assert_string_equal(galley_article_get(a, all_fields[i]), value);
    }
    /* The value is copied. */
    char buf[] = "mutable";
    assert_int_equal(galley_article_set(a, "title", buf), GALLEY_OK);
    buf[0] = 'X';
    assert_string_equal(galley_article_get(a, "title"), "mutable");
    /* Replacing and clearing. */
    assert_int_equal(galley_article_set(a, "title", "second"), GALLEY_OK);
    assert_string_equal(galley_article_get(a, "title"), "second");
    assert_int_equal(galley_article_set(a, "title", NULL), GALLEY_OK);
    assert_null(galley_article_get(a, "title"));
    assert_string_equal(galley_article_get(a, "lang"), "v12");
    galley_article_free(a);
}

static void test_unknown_field_is_a_usage_error(void **state) {
    (void)state;
    galley_article *a = new_article();
    assert_int_equal(galley_article_set(a, "headline", "x"), GALLEY_EUSAGE);
    assert_int_equal(galley_article_set(a, "", "x"), GALLEY_EUSAGE);
    assert_int_equal(galley_article_set(a, "hash", "x"), GALLEY_EUSAGE);
    assert_null(galley_article_get(a, "headline"));
    assert_null(galley_article_get(a, "authors"));
    for (size_t i = 0; i < AF_COUNT; i++)
        assert_null(galley_article_get(a, all_fields[i]));
    galley_article_free(a);
}

static void test_free_null_is_a_no_op(void **state) {
    (void)state;
    galley_article_free(NULL);
}

/* ---- blocks ---------------------------------------------------------------------------- */

static void test_blocks_keep_type_level_text_url_alt(void **state) {
    (void)state;
    galley_article *a = new_article();
    assert_int_equal(galley_article_block_count(a), 0);
    assert_int_equal(galley_article_add_block(a, GALLEY_BLOCK_HEADING, 3, "Title"), GALLEY_OK);
    assert_int_equal(galley_article_add_block(a, GALLEY_BLOCK_PARAGRAPH, 0, NULL), GALLEY_OK);
    assert_int_equal(article_add_block(a, GALLEY_BLOCK_IMAGE, 0, "cap", "http://x/a.jpg", "an alt"), 0);
    for (int i = 0; i < 20; i++) /* grow past the first allocation */
        assert_int_equal(galley_article_add_block(a, GALLEY_BLOCK_LIST_ITEM, 1 + i % 3, "item"), GALLEY_OK);
    assert_int_equal(galley_article_block_count(a), 23);

    galley_block b;
    assert_int_equal(galley_article_block(a, 0, &b), GALLEY_OK);
    assert_int_equal(b.type, GALLEY_BLOCK_HEADING);
    assert_int_equal(b.level, 3);
    assert_string_equal(b.text, "Title");
    assert_null(b.url);
    assert_null(b.alt);
    assert_int_equal(galley_article_block(a, 1, &b), GALLEY_OK);
    assert_int_equal(b.type, GALLEY_BLOCK_PARAGRAPH);
    assert_non_null(b.text); /* never NULL */
    assert_string_equal(b.text, "");
    assert_int_equal(galley_article_block(a, 2, &b), GALLEY_OK);
    assert_int_equal(b.type, GALLEY_BLOCK_IMAGE);
    assert_string_equal(b.text, "cap");
    assert_string_equal(b.url, "http://x/a.jpg");
    assert_string_equal(b.alt, "an alt");
    assert_int_equal(galley_article_block(a, 22, &b), GALLEY_OK);
    assert_int_equal(b.type, GALLEY_BLOCK_LIST_ITEM);
    assert_int_equal(b.level, 1 + 19 % 3);
    assert_int_equal(galley_article_block(a, 23, &b), GALLEY_EUSAGE);
    galley_article_free(a);
}

static void test_add_block_refuses_unknown_type(void **state) {
    (void)state;
    galley_article *a = new_article();
    assert_int_equal(galley_article_add_block(a, (galley_block_type)(GALLEY_BLOCK_TABLE_ROW + 1), 0, "x"),
                     GALLEY_EUSAGE);
    assert_int_equal(galley_article_add_block(a, (galley_block_type)-1, 0, "x"), GALLEY_EUSAGE);
    assert_int_equal(galley_article_block_count(a), 0);
    assert_int_equal(galley_article_add_block(a, GALLEY_BLOCK_TABLE_ROW, 0, "a | b"), GALLEY_OK);
    assert_int_equal(galley_article_block_count(a), 1);
    galley_article_free(a);
}

static void test_block_type_names(void **state) {
    (void)state;
    static const char *const names[] = {"paragraph", "heading", "list_item", "quote",
                                        "code",      "image",   "table_row"};
    for (int i = 0; i < 7; i++) {
        assert_string_equal(block_type_name((galley_block_type)i), names[i]);
        assert_int_equal(block_type_from_name(names[i]), i);
    }
    assert_int_equal(block_type_from_name("figure"), -1);
    assert_string_equal(block_type_name((galley_block_type)42), "paragraph");
}

static void test_clear_blocks(void **state) {
    (void)state;
    galley_article *a = new_article();
    assert_int_equal(article_add_block(a, GALLEY_BLOCK_CODE, 0, "x = 1", NULL, NULL), 0);
    article_clear_blocks(a);
    assert_int_equal(galley_article_block_count(a), 0);
    assert_int_equal(article_add_block(a, GALLEY_BLOCK_QUOTE, 0, "q", NULL, NULL), 0);
    assert_int_equal(galley_article_block_count(a), 1);
    galley_article_free(a);
}

/* ---- text ------------------------------------------------------------------------------ */

static void test_text_joins_blocks_with_blank_lines(void **state) {
    (void)state;
    galley_article *a = new_article();
    char *t = galley_article_text(a);
    assert_non_null(t);
    assert_string_equal(t, "");
    free(t);
    assert_int_equal(galley_article_add_block(a, GALLEY_BLOCK_HEADING, 2, "One"), GALLEY_OK);
    assert_int_equal(galley_article_add_block(a, GALLEY_BLOCK_PARAGRAPH, 0, ""), GALLEY_OK);
    assert_int_equal(galley_article_add_block(a, GALLEY_BLOCK_PARAGRAPH, 0, "Two\nlines"), GALLEY_OK);
    assert_int_equal(article_add_block(a, GALLEY_BLOCK_IMAGE, 0, "", "http://x/i.png", NULL), 0);
    assert_int_equal(galley_article_add_block(a, GALLEY_BLOCK_QUOTE, 0, "Three"), GALLEY_OK);
    t = galley_article_text(a);
    assert_string_equal(t, "One\n\nTwo\nlines\n\nThree");
    free(t);
    galley_article_free(a);
}

static void test_text_skips_leading_empty_blocks(void **state) {
    (void)state;
    galley_article *a = new_article();
    assert_int_equal(galley_article_add_block(a, GALLEY_BLOCK_PARAGRAPH, 0, ""), GALLEY_OK);
    assert_int_equal(galley_article_add_block(a, GALLEY_BLOCK_PARAGRAPH, 0, "only"), GALLEY_OK);
    char *t = galley_article_text(a);
    assert_string_equal(t, "only");
    free(t);
    galley_article_free(a);
}

/* ---- meta -------------------------------------------------------------------------------- */

static void test_meta_set_replace_remove(void **state) {
    (void)state;
    galley_article *a = new_article();
    assert_null(article_get_meta(a, "k"));
    assert_int_equal(article_set_meta(a, "a", "1"), 0);
    assert_int_equal(article_set_meta(a, "b", "2"), 0);
    assert_int_equal(article_set_meta(a, "c", "3"), 0);
    assert_int_equal(a->nmeta, 3);
    assert_int_equal(article_set_meta(a, "b", "two"), 0);
    assert_int_equal(a->nmeta, 3);
    assert_string_equal(article_get_meta(a, "b"), "two");
    /* Removing from the middle keeps the order of the others. */
    assert_int_equal(article_set_meta(a, "b", NULL), 0);
    assert_int_equal(a->nmeta, 2);
    assert_null(article_get_meta(a, "b"));
    assert_string_equal(a->meta[0].key, "a");
    assert_string_equal(a->meta[1].key, "c");
    assert_string_equal(article_get_meta(a, "c"), "3");
    /* Removing what is not there changes nothing. */
    assert_int_equal(article_set_meta(a, "zz", NULL), 0);
    assert_int_equal(a->nmeta, 2);
    for (int i = 0; i < 20; i++) {
        char k[16];
        snprintf(k, sizeof k, "key%d", i);
        assert_int_equal(article_set_meta(a, k, k), 0);
    }
    assert_int_equal(a->nmeta, 22);
    assert_string_equal(article_get_meta(a, "key19"), "key19");
    galley_article_free(a);
}

/* ---- categories ------------------------------------------------------------------------- */

static void test_categories_add_and_replace_same_scheme_label(void **state) {
    (void)state;
    galley_article *a = new_article();
    assert_int_equal(galley_article_category_count(a), 0);
    assert_int_equal(article_add_category(a, "topic", "politics", 0.4, "categorize/a"), 0);
    assert_int_equal(article_add_category(a, "place", "politics", 0.3, NULL), 0);
    assert_int_equal(article_add_category(a, "topic", "sport", 0.2, "categorize/a"), 0);
    assert_int_equal(galley_article_category_count(a), 3);
    /* The same (scheme, label) again replaces score and plugin. */
    assert_int_equal(article_add_category(a, "topic", "politics", 0.9, "categorize/b"), 0);
    assert_int_equal(galley_article_category_count(a), 3);
    galley_category c;
    assert_int_equal(galley_article_category(a, 0, &c), GALLEY_OK);
    assert_string_equal(c.scheme, "topic");
    assert_string_equal(c.label, "politics");
    assert_true(c.score == 0.9);
    assert_string_equal(c.plugin, "categorize/b");
    assert_int_equal(galley_article_category(a, 1, &c), GALLEY_OK);
    assert_string_equal(c.scheme, "place");
    assert_true(c.score == 0.3);
    assert_null(c.plugin);
    assert_int_equal(article_add_category(a, "place", "politics", 0.5, NULL), 0);
    assert_int_equal(galley_article_category(a, 1, &c), GALLEY_OK);
    assert_true(c.score == 0.5);
    assert_null(c.plugin);
    assert_int_equal(galley_article_category(a, 3, &c), GALLEY_EUSAGE);
    galley_article_free(a);
}

static void test_category_score_is_clamped(void **state) {
    (void)state;
    galley_article *a = new_article();
    assert_int_equal(article_add_category(a, "t", "high", 1.5, NULL), 0);
    assert_int_equal(article_add_category(a, "t", "low", -0.25, NULL), 0);
    assert_int_equal(article_add_category(a, "t", "nan", NAN, NULL), 0);
    assert_int_equal(article_add_category(a, "t", "inf", INFINITY, NULL), 0);
    assert_int_equal(article_add_category(a, "t", "mid", 0.75, NULL), 0);
    const double expected[] = {1, 0, 0, 1, 0.75};
    for (size_t i = 0; i < 5; i++) {
        galley_category c;
        assert_int_equal(galley_article_category(a, i, &c), GALLEY_OK);
        if (c.score != expected[i])
            fail_msg("category %s: score %g, expected %g", c.label, c.score, expected[i]);
    }
    /* A replacement is clamped too. */
    assert_int_equal(article_add_category(a, "t", "mid", 7, NULL), 0);
    galley_category c;
    assert_int_equal(galley_article_category(a, 4, &c), GALLEY_OK);
    assert_true(c.score == 1);
    galley_article_free(a);
}

/* ---- renditions -------------------------------------------------------------------------- */

static void test_renditions_set_and_replace(void **state) {
    (void)state;
    galley_article *a = new_article();
    assert_null(galley_article_rendition(a, "markdown"));
    assert_int_equal(article_set_rendition(a, "markdown", "# one", "format/markdown"), 0);
    assert_int_equal(article_set_rendition(a, "html", "<h1>one</h1>", NULL), 0);
    assert_string_equal(galley_article_rendition(a, "markdown"), "# one");
    assert_int_equal(article_set_rendition(a, "markdown", "# two", "format/other"), 0);
    assert_int_equal(a->nrends, 2);
    assert_string_equal(galley_article_rendition(a, "markdown"), "# two");
    assert_string_equal(a->rends[0].plugin, "format/other");
    assert_string_equal(galley_article_rendition(a, "html"), "<h1>one</h1>");
    assert_null(galley_article_rendition(a, "Markdown"));
    assert_int_equal(article_set_rendition(a, "empty", NULL, NULL), 0);
    assert_string_equal(galley_article_rendition(a, "empty"), "");
    galley_article_free(a);
}

/* ---- hash --------------------------------------------------------------------------------- */

static int is_hex16(const char *h) {
    if (strlen(h) != 16) return 0;
    for (int i = 0; i < 16; i++)
        if (!((h[i] >= '0' && h[i] <= '9') || (h[i] >= 'a' && h[i] <= 'f'))) return 0;
    return 1;
}

static void test_hash_is_stable(void **state) {
    (void)state;
    galley_article *a = full_article(), *b = full_article();
    const char *ha = galley_article_hash(a);
    assert_true(is_hex16(ha));
    assert_string_equal(ha, galley_article_hash(b));
    char again[17];
    hash_of(a, again);
    assert_string_equal(again, galley_article_hash(b));
    galley_article_free(a);
    galley_article_free(b);
    /* Empty articles hash alike, and unlike a full one. */
    galley_article *e1 = new_article(), *e2 = new_article(), *f = full_article();
    assert_string_equal(galley_article_hash(e1), galley_article_hash(e2));
    assert_string_not_equal(galley_article_hash(e1), galley_article_hash(f));
    galley_article_free(e1);
    galley_article_free(e2);
    galley_article_free(f);
}

static void test_hash_changes_with_every_field(void **state) {
    (void)state;
    char base[17], changed[17];
    for (int f = 0; f < AF_COUNT; f++) {
        galley_article *a = full_article();
        hash_of(a, base);
        assert_int_equal(galley_article_set(a, all_fields[f], "another value"), GALLEY_OK);
        hash_of(a, changed);
        if (strcmp(base, changed) == 0) fail_msg("changing %s did not change the hash", all_fields[f]);
        /* Unset and empty are different too. */
        assert_int_equal(galley_article_set(a, all_fields[f], NULL), GALLEY_OK);
        hash_of(a, base);
        assert_int_equal(galley_article_set(a, all_fields[f], ""), GALLEY_OK);
        hash_of(a, changed);
        if (strcmp(base, changed) == 0) fail_msg("%s: NULL and \"\" hash alike", all_fields[f]);
        galley_article_free(a);
    }
}

static void test_hash_changes_with_authors_tags_meta(void **state) {
    (void)state;
    char base[17], changed[17];
    galley_article *a = full_article();
    hash_of(a, base);
    assert_int_equal(strlist_push(&a->authors, "Bob"), 0);
    hash_of(a, changed);
    assert_string_not_equal(base, changed);

    memcpy(base, changed, 17);
    assert_int_equal(strlist_push(&a->tags, "more"), 0);
    hash_of(a, changed);
    assert_string_not_equal(base, changed);

    memcpy(base, changed, 17);
    assert_int_equal(article_set_meta(a, "encoding", "WINDOWS-1252"), 0);
    hash_of(a, changed);
    assert_string_not_equal(base, changed);

    memcpy(base, changed, 17);
    assert_int_equal(article_set_meta(a, "new", "x"), 0);
    hash_of(a, changed);
    assert_string_not_equal(base, changed);

    memcpy(base, changed, 17);
    assert_int_equal(article_set_meta(a, "new", NULL), 0);
    hash_of(a, changed);
    assert_string_not_equal(base, changed);
    galley_article_free(a);

    /* The same string as an author or as a tag is not the same article. */
    galley_article *x = new_article(), *y = new_article();
    assert_int_equal(strlist_push(&x->authors, "same"), 0);
    assert_int_equal(strlist_push(&y->tags, "same"), 0);
    hash_of(x, base);
    hash_of(y, changed);
    assert_string_not_equal(base, changed);
    galley_article_free(x);
    galley_article_free(y);
}

static void test_hash_changes_with_every_part_of_a_block(void **state) {
    (void)state;
    char base[17], changed[17];
    struct {
        galley_block_type type;
        int level;
        const char *text, *url, *alt;
    } variants[] = {
        {GALLEY_BLOCK_PARAGRAPH, 2, "Heading", NULL, NULL}, /* type */
        {GALLEY_BLOCK_HEADING, 3, "Heading", NULL, NULL},   /* level */
        {GALLEY_BLOCK_HEADING, 2, "Heading!", NULL, NULL},  /* text */
        {GALLEY_BLOCK_HEADING, 2, "Heading", "u", NULL},    /* url */
        {GALLEY_BLOCK_HEADING, 2, "Heading", NULL, "a"},    /* alt */
        {GALLEY_BLOCK_HEADING, 2, "Heading", "", NULL},     /* url "" vs none */
    };
    galley_article *a = new_article();
    assert_int_equal(article_add_block(a, GALLEY_BLOCK_HEADING, 2, "Heading", NULL, NULL), 0);
    hash_of(a, base);
    galley_article_free(a);
    for (size_t i = 0; i < sizeof variants / sizeof *variants; i++) {
        galley_article *b = new_article();
        assert_int_equal(article_add_block(b, variants[i].type, variants[i].level, variants[i].text,
                                           variants[i].url, variants[i].alt),
                         0);
        hash_of(b, changed);
        if (strcmp(base, changed) == 0) fail_msg("block variant %zu hashes like the original", i);
        galley_article_free(b);
    }
    /* One more block, or the same blocks in another order. */
    galley_article *c = new_article(), *d = new_article();
    assert_int_equal(article_add_block(c, GALLEY_BLOCK_PARAGRAPH, 0, "one", NULL, NULL), 0);
    assert_int_equal(article_add_block(c, GALLEY_BLOCK_PARAGRAPH, 0, "two", NULL, NULL), 0);
    assert_int_equal(article_add_block(d, GALLEY_BLOCK_PARAGRAPH, 0, "two", NULL, NULL), 0);
    assert_int_equal(article_add_block(d, GALLEY_BLOCK_PARAGRAPH, 0, "one", NULL, NULL), 0);
    hash_of(c, base);
    hash_of(d, changed);
    assert_string_not_equal(base, changed);
    assert_int_equal(article_add_block(d, GALLEY_BLOCK_PARAGRAPH, 0, "", NULL, NULL), 0);
    memcpy(base, changed, 17);
    hash_of(d, changed);
    assert_string_not_equal(base, changed);
    galley_article_free(c);
    galley_article_free(d);
}

static void test_hash_ignores_categories_and_renditions(void **state) {
    (void)state;
    char base[17], after[17];
    galley_article *a = full_article();
    hash_of(a, base);
    assert_int_equal(article_add_category(a, "topic", "politics", 0.5, "p"), 0);
    assert_int_equal(article_set_rendition(a, "markdown", "# x", "format/markdown"), 0);
    hash_of(a, after);
    assert_string_equal(base, after);
    galley_article_free(a);
}

static void test_hash_separates_adjacent_strings(void **state) {
    (void)state;
    char h1[17], h2[17];
    galley_article *a = new_article(), *b = new_article();
    assert_int_equal(galley_article_set(a, "title", "ab"), GALLEY_OK);
    assert_int_equal(galley_article_set(a, "subtitle", "c"), GALLEY_OK);
    assert_int_equal(galley_article_set(b, "title", "a"), GALLEY_OK);
    assert_int_equal(galley_article_set(b, "subtitle", "bc"), GALLEY_OK);
    hash_of(a, h1);
    hash_of(b, h2);
    assert_string_not_equal(h1, h2);
    galley_article_free(a);
    galley_article_free(b);

    a = new_article();
    b = new_article();
    assert_int_equal(strlist_push(&a->authors, "ab"), 0);
    assert_int_equal(strlist_push(&a->authors, "c"), 0);
    assert_int_equal(strlist_push(&b->authors, "a"), 0);
    assert_int_equal(strlist_push(&b->authors, "bc"), 0);
    hash_of(a, h1);
    hash_of(b, h2);
    assert_string_not_equal(h1, h2);
    galley_article_free(a);
    galley_article_free(b);

    a = new_article();
    b = new_article();
    assert_int_equal(article_set_meta(a, "ab", "c"), 0);
    assert_int_equal(article_set_meta(b, "a", "bc"), 0);
    hash_of(a, h1);
    hash_of(b, h2);
    assert_string_not_equal(h1, h2);
    galley_article_free(a);
    galley_article_free(b);
}

static void test_public_setters_refresh_the_hash(void **state) {
    (void)state;
    galley_article *a = new_article();
    assert_int_equal(galley_article_set(a, "title", "first"), GALLEY_OK);
    char first[17];
    snprintf(first, sizeof first, "%s", galley_article_hash(a));
    assert_int_equal(galley_article_set(a, "title", "second"), GALLEY_OK);
    assert_string_not_equal(galley_article_hash(a), first);
    char second[17];
    snprintf(second, sizeof second, "%s", galley_article_hash(a));
    assert_int_equal(galley_article_add_block(a, GALLEY_BLOCK_PARAGRAPH, 0, "body"), GALLEY_OK);
    assert_string_not_equal(galley_article_hash(a), second);
    galley_article_free(a);
}

static void test_internal_setters_keep_the_loaded_hash(void **state) {
    (void)state;
    /* Plugins change articles through the internal setters after loading; the hash
     * stays the one of the article as loaded, so that an unchanged input is skipped. */
    galley_article *a = full_article();
    article_compute_hash(a);
    char loaded[17];
    memcpy(loaded, a->hash, 17);
    assert_int_equal(article_set(a, AF_TITLE, "Changed by a plugin"), 0);
    assert_int_equal(article_set_meta(a, "plugin", "x"), 0);
    assert_string_equal(galley_article_hash(a), loaded);
    galley_article_free(a);
}

/* ---- JSON ----------------------------------------------------------------------------- */

static json_value *parse_json(const char *text) {
    char err[256];
    json_value *v = json_parse(text, strlen(text), err, sizeof err);
    if (!v) fail_msg("to_json is not valid JSON (%s): %s", err, text);
    return v;
}

static void test_to_json_has_every_key_in_order(void **state) {
    (void)state;
    static const char *const keys[] = {
        "uid",       "source",      "format",     "url",           "title",    "subtitle",
        "site_name", "section",     "published",  "published_raw", "modified", "modified_raw",
        "lang",      "description", "image",      "authors",       "tags",     "text",
        "blocks",    "meta",        "categories", "renditions",    "rendition_plugins", "hash"};
    galley_article *a = full_article();
    assert_int_equal(galley_article_set(a, "title", "Quote \" and \xe2\x80\xa8 separator"), GALLEY_OK);
    assert_int_equal(strlist_push(&a->authors, "Bob"), 0);
    assert_int_equal(strlist_push(&a->tags, "t2"), 0);
    assert_int_equal(article_add_block(a, GALLEY_BLOCK_PARAGRAPH, 0, "Body\ttext", NULL, NULL), 0);
    assert_int_equal(article_set_meta(a, "k2", "v2"), 0);
    assert_int_equal(article_add_category(a, "topic", "politics", 0.75, "categorize/x"), 0);
    assert_int_equal(article_add_category(a, "place", "IQ", 1, NULL), 0);
    assert_int_equal(article_set_rendition(a, "markdown", "# md", "format/markdown"), 0);
    const char *hash = galley_article_hash(a);

    char *text = galley_article_to_json(a);
    assert_non_null(text);
    assert_null(strchr(text, '\n'));
    json_value *v = parse_json(text);
    assert_int_equal(v->type, JSON_OBJECT);
    assert_int_equal(v->len, sizeof keys / sizeof *keys);
    for (size_t i = 0; i < v->len; i++)
        assert_string_equal(v->keys[i], keys[i]);

    for (size_t i = 0; i < AF_COUNT; i++) {
        const char *want = galley_article_get(a, all_fields[i]);
        const char *got = json_get_string(v, all_fields[i]);
        if (!got || strcmp(got, want) != 0) fail_msg("%s: '%s', expected '%s'", all_fields[i], got, want);
    }
    const json_value *authors = json_get(v, "authors");
    assert_int_equal(authors->type, JSON_ARRAY);
    assert_int_equal(authors->len, 2);
    assert_string_equal(authors->items[0].string, "Ann Author");
    assert_string_equal(authors->items[1].string, "Bob");
    const json_value *tags = json_get(v, "tags");
    assert_int_equal(tags->len, 2);
    assert_string_equal(tags->items[1].string, "t2");
    assert_string_equal(json_get_string(v, "text"), "Heading\n\ncaption\n\nBody\ttext");

    const json_value *blocks = json_get(v, "blocks");
    assert_int_equal(blocks->type, JSON_ARRAY);
    assert_int_equal(blocks->len, 3);
    assert_string_equal(json_get_string(&blocks->items[0], "type"), "heading");
    assert_true(json_get(&blocks->items[0], "level")->number == 2);
    assert_string_equal(json_get_string(&blocks->items[0], "text"), "Heading");
    assert_null(json_get(&blocks->items[0], "url"));
    assert_string_equal(json_get_string(&blocks->items[1], "type"), "image");
    assert_null(json_get(&blocks->items[1], "level"));
    assert_string_equal(json_get_string(&blocks->items[1], "url"), "http://x/i.png");
    assert_string_equal(json_get_string(&blocks->items[1], "alt"), "alt");
    assert_string_equal(json_get_string(&blocks->items[2], "text"), "Body\ttext");

    const json_value *meta = json_get(v, "meta");
    assert_int_equal(meta->type, JSON_OBJECT);
    assert_int_equal(meta->len, 2);
    assert_string_equal(json_get_string(meta, "encoding"), "UTF-8");
    assert_string_equal(json_get_string(meta, "k2"), "v2");

    const json_value *cats = json_get(v, "categories");
    assert_int_equal(cats->type, JSON_ARRAY);
    assert_int_equal(cats->len, 2);
    assert_string_equal(json_get_string(&cats->items[0], "scheme"), "topic");
    assert_string_equal(json_get_string(&cats->items[0], "label"), "politics");
    assert_true(json_get(&cats->items[0], "score")->number == 0.75);
    assert_string_equal(json_get_string(&cats->items[0], "plugin"), "categorize/x");
    assert_int_equal(json_get(&cats->items[1], "plugin")->type, JSON_NULL);
    assert_true(json_get(&cats->items[1], "score")->number == 1);

    const json_value *rends = json_get(v, "renditions");
    assert_int_equal(rends->type, JSON_OBJECT);
    assert_int_equal(rends->len, 1);
    assert_string_equal(json_get_string(rends, "markdown"), "# md");
    const json_value *made_by = json_get(v, "rendition_plugins");
    assert_int_equal(made_by->type, JSON_OBJECT);
    assert_int_equal(made_by->len, 1);
    assert_string_equal(json_get_string(made_by, "markdown"), "format/markdown");
    assert_string_equal(json_get_string(v, "hash"), hash);
    json_free(v);
    free(text);
    galley_article_free(a);
}

static void test_to_json_of_an_empty_article(void **state) {
    (void)state;
    galley_article *a = new_article();
    char *text = galley_article_to_json(a);
    json_value *v = parse_json(text);
    assert_string_equal(json_get_string(v, "uid"), "");
    for (size_t i = 1; i < AF_COUNT; i++) {
        const json_value *f = json_get(v, all_fields[i]);
        if (!f || f->type != JSON_NULL) fail_msg("%s should be null in an empty article", all_fields[i]);
    }
    assert_int_equal(json_get(v, "authors")->len, 0);
    assert_int_equal(json_get(v, "blocks")->len, 0);
    assert_int_equal(json_get(v, "meta")->type, JSON_OBJECT);
    assert_int_equal(json_get(v, "categories")->len, 0);
    assert_int_equal(json_get(v, "renditions")->len, 0);
    assert_string_equal(json_get_string(v, "text"), "");
    /* The hash is there even when nothing asked for it before. */
    assert_true(is_hex16(json_get_string(v, "hash")));
    assert_string_equal(json_get_string(v, "hash"), galley_article_hash(a));
    json_free(v);
    free(text);
    galley_article_free(a);
}

static void test_to_json_hash_follows_public_changes(void **state) {
    (void)state;
    galley_article *a = full_article();
    char before[17];
    snprintf(before, sizeof before, "%s", galley_article_hash(a));
    assert_int_equal(galley_article_set(a, "title", "A new title"), GALLEY_OK);
    char *text = galley_article_to_json(a);
    json_value *v = parse_json(text);
    const char *h = json_get_string(v, "hash");
    assert_true(is_hex16(h));
    assert_string_not_equal(h, before);
    assert_string_equal(h, galley_article_hash(a));
    json_free(v);
    free(text);
    galley_article_free(a);
}

static void test_to_json_replaces_invalid_utf8(void **state) {
    (void)state;
    galley_article *a = new_article();
    assert_int_equal(galley_article_set(a, "title", "bad \xff byte"), GALLEY_OK);
    assert_int_equal(article_set_meta(a, "k\xfe", "v"), 0);
    char *text = galley_article_to_json(a);
    json_value *v = parse_json(text);
    assert_string_equal(json_get_string(v, "title"), "bad \xef\xbf\xbd byte");
    assert_string_equal(json_get_string(json_get(v, "meta"), "k\xef\xbf\xbd"), "v");
    json_free(v);
    free(text);
    galley_article_free(a);
}

int main(void) {
    const struct CMUnitTest article_model[] = {
        cmocka_unit_test(test_field_names_match_the_enum),
        cmocka_unit_test(test_set_and_get_every_field),
        cmocka_unit_test(test_unknown_field_is_a_usage_error),
        cmocka_unit_test(test_free_null_is_a_no_op),
        cmocka_unit_test(test_blocks_keep_type_level_text_url_alt),
        cmocka_unit_test(test_add_block_refuses_unknown_type),
        cmocka_unit_test(test_block_type_names),
        cmocka_unit_test(test_clear_blocks),
        cmocka_unit_test(test_text_joins_blocks_with_blank_lines),
        cmocka_unit_test(test_text_skips_leading_empty_blocks),
        cmocka_unit_test(test_meta_set_replace_remove),
        cmocka_unit_test(test_categories_add_and_replace_same_scheme_label),
        cmocka_unit_test(test_category_score_is_clamped),
        cmocka_unit_test(test_renditions_set_and_replace),
        cmocka_unit_test(test_hash_is_stable),
        cmocka_unit_test(test_hash_changes_with_every_field),
        cmocka_unit_test(test_hash_changes_with_authors_tags_meta),
        cmocka_unit_test(test_hash_changes_with_every_part_of_a_block),
        cmocka_unit_test(test_hash_ignores_categories_and_renditions),
        cmocka_unit_test(test_hash_separates_adjacent_strings),
        cmocka_unit_test(test_public_setters_refresh_the_hash),
        cmocka_unit_test(test_internal_setters_keep_the_loaded_hash),
        cmocka_unit_test(test_to_json_has_every_key_in_order),
        cmocka_unit_test(test_to_json_of_an_empty_article),
        cmocka_unit_test(test_to_json_hash_follows_public_changes),
        cmocka_unit_test(test_to_json_replaces_invalid_utf8),
    };
    return cmocka_run_group_tests(article_model, NULL, NULL);
}
