/* test_categorize.c — the places gazetteer (places.c) and language detection (lang.c):
 * the seed article, the matching rules one at a time, and detectors in several threads. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the four above first */
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "lang.h"
#include "load.h"
#include "places.h"
#include "util.h"

/* ---- places --------------------------------------------------------------------------- */

/* The codes found in body text s, as "IQ IR", best first. */
static void codes_of(places_index *ix, const char *title, const char *body, char *out, size_t size) {
    places_part parts[2];
    size_t n = 0;
    if (title) parts[n++] = (places_part){title, strlen(title), 3};
    parts[n++] = (places_part){body, strlen(body), 1};
    place_hit *hits;
    size_t nhits;
    assert_int_equal(places_find(ix, parts, n, &hits, &nhits), GALLEY_OK);
    out[0] = '\0';
    for (size_t i = 0; i < nhits; i++) {
        assert_true(hits[i].score > 0 && hits[i].score < 1);
        if (i) assert_true(hits[i - 1].score >= hits[i].score);
        snprintf(out + strlen(out), size - strlen(out), "%s%s", i ? " " : "", hits[i].code);
    }
    free(hits);
}

static void expect_places(places_index *ix, const char *body, const char *want) {
    char got[256];
    codes_of(ix, NULL, body, got, sizeof got);
    if (strcmp(got, want) != 0) fail_msg("places of \"%s\": expected \"%s\", got \"%s\"", body, want, got);
}

static void test_place_rules(void **state) {
    (void)state;
    places_index *ix = places_index_new();
    assert_non_null(ix);
    expect_places(ix, "Iraqi forces entered Mosul.", "IQ");
    expect_places(ix, "Iranian-backed militias", "IR");
    expect_places(ix, "Iraq's army", "IQ");
    expect_places(ix, "Fighting in Northern Ireland", "GB");
    expect_places(ix, "Across the Indian Ocean", "");
    expect_places(ix, "Talks in New Delhi", "IN");
    expect_places(ix, "He moved to New York last year.", "US");
    expect_places(ix, "The United States and the U.S. Senate", "US");
    expect_places(ix, "Let us go and tell us.", "");
    expect_places(ix, "She collected china plates and ate roast turkey.", "");
    expect_places(ix, "Talks between China and Turkey resumed.", "CN TR");
    expect_places(ix, "CHINA RAISES TARIFFS", "CN");
    expect_places(ix, "Michael Jordan scored 40 points.", "");
    expect_places(ix, "Jordanian troops in Amman", "JO");
    expect_places(ix, "Exports from C\xC3\xB4te d'Ivoire rose.", "CI");
    expect_places(ix, "", "");
    places_index_free(ix);
}

/* A mention in the title counts more than one in the body. */
static void test_place_position(void **state) {
    (void)state;
    places_index *ix = places_index_new();
    char got[256];
    codes_of(ix, "Syria talks", "Officials from France met in the capital.", got, sizeof got);
    assert_string_equal(got, "SY FR");
    codes_of(ix, NULL, "Syria talks. Officials from France met in the capital.", got, sizeof got);
    assert_string_equal(got, "FR SY"); /* equal evidence: by code */
    places_index_free(ix);
}

static int collect(void *ud, galley_article *a) {
    galley_article **out = ud;
    galley_article_free(*out);
    *out = a;
    return GALLEY_OK;
}

static galley_article *load_seed(void) {
    char err[512];
    galley_article *a = NULL;
    int rc = load_file("fixtures/text/baghdadpost-imis.txt", NULL, NULL, collect, &a, NULL, NULL, err, sizeof err);
    if (rc != GALLEY_OK) fail_msg("%s (run from the repository root)", err);
    return a;
}

/* The seed article, as categorize/keywords splits it: Iraq first, Iran second. */
static void test_place_seed(void **state) {
    (void)state;
    galley_article *a = load_seed();
    places_part parts[64];
    size_t n = 0;
    parts[n++] = (places_part){a->field[AF_TITLE], strlen(a->field[AF_TITLE]), 3};
    for (size_t i = 0; i < a->nblocks && n < 64; i++)
        parts[n++] = (places_part){a->blocks[i].text, strlen(a->blocks[i].text), i == 0 ? 1.5 : 1};
    places_index *ix = places_index_new();
    place_hit *hits;
    size_t nhits;
    assert_int_equal(places_find(ix, parts, n, &hits, &nhits), GALLEY_OK);
    assert_true(nhits >= 2);
    assert_string_equal(hits[0].code, "IQ");
    assert_string_equal(hits[0].name, "Iraq");
    assert_string_equal(hits[1].code, "IR");
    assert_true(hits[0].mentions > hits[1].mentions && hits[1].mentions > 5);
    free(hits);
    places_index_free(ix);
    galley_article_free(a);
}

/* ---- language ------------------------------------------------------------------------- */

static const char *const ENGLISH =
    "The government announced on Tuesday that it would raise the minimum wage next year, "
    "after months of talks with employers and trade unions about the cost of living.";
static const char *const FRENCH =
    "Le gouvernement fran\xC3\xA7" "ais a annonc\xC3\xA9 mardi une nouvelle r\xC3\xA9" "forme des retraites, "
    "qui sera pr\xC3\xA9sent\xC3\xA9" "e au parlement la semaine prochaine par le Premier ministre.";

static void expect_lang(lang_detector *d, const char *text, const char *want, double min_conf) {
    char code[16], err[256];
    double conf;
    assert_int_equal(lang_detect(d, text, strlen(text), code, &conf, err, sizeof err), GALLEY_OK);
    if (strcmp(code, want) != 0) fail_msg("expected %s, got %s (%.2f) for \"%.40s\"", want, code, conf, text);
    assert_true(conf >= min_conf && conf <= 1);
}

static void test_lang_detect(void **state) {
    (void)state;
    lang_detector *d = lang_detector_new();
    assert_non_null(d);
    expect_lang(d, ENGLISH, "en", 0.5);
    expect_lang(d, FRENCH, "fr", 0.3);
    expect_lang(d, "Iran-backed IMIS can be another ISIS in disguise", "und", 0);
    expect_lang(d, "", "und", 0);
    lang_detector_free(d);
}

/* An article without lang gets one and its confidence; a declared one stays. */
static void test_lang_fill(void **state) {
    (void)state;
    lang_detector *d = lang_detector_new();
    galley_article *a = load_seed();
    char err[256];
    assert_null(a->field[AF_LANG]);
    char loaded[17];
    article_compute_hash(a);
    memcpy(loaded, a->hash, sizeof loaded);
    assert_int_equal(lang_fill_article(d, a, err, sizeof err), GALLEY_OK);
    assert_string_equal(a->field[AF_LANG], "en");
    assert_true(atof(article_get_meta(a, "lang_confidence")) > 0.9);
    /* a detected language is not content: the hash stays as loaded */
    article_compute_hash(a);
    assert_string_equal(a->hash, loaded);
    assert_int_equal(article_set(a, AF_LANG, "ar"), 0);
    assert_int_equal(article_set_meta(a, "lang_confidence", NULL), 0);
    assert_int_equal(lang_fill_article(d, a, err, sizeof err), GALLEY_OK);
    assert_string_equal(a->field[AF_LANG], "ar");
    assert_null(article_get_meta(a, "lang_confidence"));
    article_compute_hash(a);
    assert_string_not_equal(a->hash, loaded); /* a declared one is */
    galley_article_free(a);
    lang_detector_free(d);
}

/* Missing fingerprints: an error naming the file, not a crash. */
static void test_lang_missing_data(void **state) {
    (void)state;
    setenv("GALLEY_TEXTCAT_DIR", "/nonexistent/textcat", 1);
    lang_detector *d = lang_detector_new();
    char code[16], err[256];
    double conf;
    assert_int_equal(lang_detect(d, ENGLISH, strlen(ENGLISH), code, &conf, err, sizeof err), GALLEY_EIO);
    assert_non_null(strstr(err, "/nonexistent/textcat/fpdb.conf"));
    assert_string_equal(code, "und");
    lang_detector_free(d);
    unsetenv("GALLEY_TEXTCAT_DIR");
}

/* One detector per thread, used at the same time (run under check-tsan). */
static void *detect_many(void *arg) {
    (void)arg;
    lang_detector *d = lang_detector_new();
    int ok = 1;
    for (int i = 0; i < 20 && ok; i++) {
        char code[16], err[256];
        double conf;
        const char *text = i % 2 ? FRENCH : ENGLISH;
        ok = lang_detect(d, text, strlen(text), code, &conf, err, sizeof err) == GALLEY_OK &&
             strcmp(code, i % 2 ? "fr" : "en") == 0;
    }
    lang_detector_free(d);
    return ok ? arg : NULL;
}

static void test_lang_threads(void **state) {
    (void)state;
    pthread_t t[3];
    int marks[3];
    for (int i = 0; i < 3; i++) assert_int_equal(pthread_create(&t[i], NULL, detect_many, &marks[i]), 0);
    for (int i = 0; i < 3; i++) {
        void *r;
        pthread_join(t[i], &r);
        assert_ptr_equal(r, &marks[i]);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_place_rules),   cmocka_unit_test(test_place_position),
        cmocka_unit_test(test_place_seed),    cmocka_unit_test(test_lang_detect),
        cmocka_unit_test(test_lang_fill),     cmocka_unit_test(test_lang_missing_data),
        cmocka_unit_test(test_lang_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
