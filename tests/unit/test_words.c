/* test_words.c — words_fold against utf8proc over the whole text (what it did before its
 * ASCII fast path), and the simhash on ASCII and non-ASCII words. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the four above first */
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <xxhash.h>

#include "words.h"

/* The reference: utf8proc's compose + case fold of the whole (valid) text at once. */
static char *reference_fold(const char *s) {
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)strlen(s), &out,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
    assert_true(n >= 0);
    return (char *)out;
}

static void same_as_reference(const char *s) {
    size_t len;
    char *got = words_fold(s, strlen(s), &len);
    char *want = reference_fold(s);
    assert_non_null(got);
    assert_string_equal(got, want);
    assert_int_equal(len, strlen(want));
    free(got);
    free(want);
}

static void test_fold_cases(void **state) {
    (void)state;
    static const char *const cases[] = {
        "", "A", "a", "Hello World", "ABC xyz 123 _-!",
        "E\xCC\x81" "cole",             /* e + combining acute: composes with the ASCII base */
        "cafe\xCC\x81",                 /* ... at the end */
        "x\xCC\x81\xCC\xA3y",           /* two marks, reordered, after an ASCII base */
        "Stra\xC3\x9F" "e",             /* sharp s folds to "ss" */
        "\xEF\xAC\x81" "nal",           /* fi ligature */
        "\xE2\x84\xAA" "elvin",         /* Kelvin sign folds to ASCII k */
        "\xC3\x80" "B" "\xC3\x89" "C",  /* precomposed capitals between ASCII */
        "\xE2\x80\x9CQuoted\xE2\x80\x9D and \xE2\x80\x99s",
        "\xCE\x90 \xCE\x9A\xCE\xB1\xCE\xBB\xCE\xB7\xCE\xBC\xCE\xAD\xCF\x81\xCE\xB1",
        "\xE1\x84\x80\xE1\x85\xA1\xE1\x86\xA8" "A", /* Hangul jamo L V T compose */
        "\xCC\x81" "start with a mark",
        "A\xCC\x81",
        "\xE6\x97\xA5\xE6\x9C\xAC" "Go",
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) same_as_reference(cases[i]);
}

/* Random mixes of ASCII, combining marks and letters that fold or compose. */
static void test_fold_random(void **state) {
    (void)state;
    static const char *const pool[] = {
        "a", "Z", "e", " ", ".", "'", "\xCC\x81", "\xCC\xA3", "\xCC\x88", "\xC3\x9F", "\xC3\x89",
        "\xEF\xAC\x81", "\xE2\x84\xAA", "\xCE\xA3", "\xE1\x84\x80", "\xE1\x85\xA1", "\xE1\x86\xA8",
        "\xE2\x80\x99", "O", "\xC7\x85", "\xE1\xBA\x9E", "1", "\n",
    };
    unsigned seed = 12345;
    for (int round = 0; round < 3000; round++) {
        char s[256] = "";
        size_t n = 0;
        int parts = (int)(seed % 20);
        for (int p = 0; p < parts; p++) {
            seed = seed * 1103515245u + 12345u;
            const char *piece = pool[(seed >> 16) % (sizeof pool / sizeof *pool)];
            size_t k = strlen(piece);
            memcpy(s + n, piece, k + 1);
            n += k;
        }
        seed = seed * 1103515245u + 12345u;
        same_as_reference(s);
    }
}

/* Invalid bytes become U+FFFD, as utf8_sanitize does, before folding. */
static void test_fold_invalid(void **state) {
    (void)state;
    size_t len;
    char *got = words_fold("AB\xFF" "C", 4, &len);
    assert_string_equal(got, "ab\xEF\xBF\xBD" "c");
    free(got);
}

static void count_word(void *ud, size_t start, size_t len) {
    (void)start;
    (void)len;
    (*(size_t *)ud)++;
}

/* words_simhash counts bits eight at a time: it must give what words_simhash_add and
 * words_simhash_value give over the same features (single words below
 * WORDS_SHINGLE_FROM words, pairs from it on; more than 255 words, so its byte
 * counters are flushed). */
typedef struct features {
    const char *s;
    int64_t single[64], pairs[64];
    uint64_t prev;
    size_t n;
} features;

static void add_features(void *ud, size_t start, size_t len) {
    features *f = ud;
    uint64_t h = XXH3_64bits(f->s + start, len);
    if (f->n < WORDS_SHINGLE_FROM) words_simhash_add(f->single, h);
    if (f->n > 0) words_simhash_add(f->pairs, XXH3_64bits_withSeed(f->s + start, len, f->prev));
    f->prev = h;
    f->n++;
}

static void test_simhash_counts(void **state) {
    (void)state;
    static const char *const vocab[] = {"oil", "market", "the", "caf\xC3\xA9", "troops", "rain", "a", "talks"};
    unsigned seed = 7;
    for (size_t words = 1; words < 700; words += 37) {
        char text[8192] = "";
        size_t n = 0;
        for (size_t w = 0; w < words; w++) {
            seed = seed * 1103515245u + 12345u;
            const char *v = vocab[(seed >> 16) % 8];
            n += (size_t)snprintf(text + n, sizeof text - n, "%s ", v);
        }
        features f;
        memset(&f, 0, sizeof f);
        f.s = text;
        words_each((const unsigned char *)text, n, add_features, &f);
        size_t got_words;
        uint64_t got = words_simhash(text, n, &got_words);
        assert_int_equal(got_words, words);
        assert_true(got == words_simhash_value(f.n < WORDS_SHINGLE_FROM ? f.single : f.pairs));
    }
}

static void test_words_each(void **state) {
    (void)state;
    const char *s = "Don't stop_now, 42 \xC3\xA9t\xC3\xA9 caf\xC3\xA9's \xE6\x97\xA5\xE6\x9C\xAC x-y";
    size_t n = 0;
    words_each((const unsigned char *)s, strlen(s), count_word, &n);
    /* don't, stop_now, 42, été, café's, 日, 本, x, y */
    assert_int_equal(n, 9);
    size_t words;
    assert_int_equal(words_simhash("", 0, &words), 0);
    assert_int_equal(words, 0);
    uint64_t a = words_simhash("one two three", 13, &words);
    assert_int_equal(words, 3);
    assert_true(a == words_simhash("one two three", 13, NULL));
    assert_true(a != words_simhash("four five six", 13, NULL));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fold_cases),
        cmocka_unit_test(test_fold_random),
        cmocka_unit_test(test_fold_invalid),
        cmocka_unit_test(test_words_each),
        cmocka_unit_test(test_simhash_counts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
