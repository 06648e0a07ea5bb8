/* test_encoding.c — bytes to UTF-8: BOMs, detection, broken input, and the binary sniffer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the four above first */
#include <cmocka.h>

#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "encoding.h"
#include "util.h"

/* A string literal and its length without the terminating NUL (which may be inside). */
#define LIT(s) s, sizeof(s) - 1

/* Converts; checks that the result is valid UTF-8 whose length is reported right. */
static char *to_utf8(const char *data, size_t len, const char **enc) {
    size_t outlen = 0;
    char *out = encoding_to_utf8(data, len, &outlen, enc);
    assert_non_null(out);
    assert_int_equal(outlen, strlen(out));
    assert_true(utf8_valid(out, outlen));
    return out;
}

static void expect_utf8(const char *data, size_t len, const char *want, const char *want_enc) {
    const char *enc = NULL;
    char *out = to_utf8(data, len, &enc);
    assert_string_equal(out, want);
    if (want_enc) assert_string_equal(enc, want_enc);
    free(out);
}

/* The bytes of a UTF-8 string in another encoding, made with iconv so the test does
 * not carry opaque byte strings. */
static char *encode_as(const char *utf8, const char *encoding, size_t *len) {
    iconv_t cd = iconv_open(encoding, "UTF-8");
    assert_true(cd != (iconv_t)-1);
    size_t inleft = strlen(utf8), cap = inleft * 4 + 4, outleft = cap;
    char *buf = malloc(cap);
    assert_non_null(buf);
    char *in = (char *)utf8, *out = buf;
    assert_true(iconv(cd, &in, &inleft, &out, &outleft) != (size_t)-1);
    iconv_close(cd);
    *len = cap - outleft;
    return buf;
}

static void roundtrip(const char *text, const char *encoding) {
    size_t len;
    char *bytes = encode_as(text, encoding, &len);
    expect_utf8(bytes, len, text, encoding);
    free(bytes);
}

static void test_utf8_passes_through(void **state) {
    (void)state;
    const char *s = "Café – ٢٠١٧ الجمعة “quoted” 🙂";
    expect_utf8(s, strlen(s), s, "UTF-8");
    expect_utf8(LIT("plain ascii"), "plain ascii", "UTF-8");
    expect_utf8("", 0, "", "UTF-8");
    /* the encoding out-parameter may be left out */
    size_t n;
    char *out = encoding_to_utf8("abc", 3, &n, NULL);
    assert_string_equal(out, "abc");
    free(out);
}

static void test_boms(void **state) {
    (void)state;
    expect_utf8(LIT("\xEF\xBB\xBFhello"), "hello", "UTF-8");
    expect_utf8(LIT("\xEF\xBB\xBF"), "", "UTF-8");
    /* "Hé ☃ 😀" in UTF-16 with a surrogate pair */
    expect_utf8(LIT("\xFF\xFEH\0\xE9\0 \0\x03\x26 \0\x3D\xD8\x00\xDE"), "Hé ☃ 😀", "UTF-16LE");
    expect_utf8(LIT("\xFE\xFF\0H\0\xE9\0 \x26\x03\0 \xD8\x3D\xDE\x00"), "Hé ☃ 😀", "UTF-16BE");
}

static void test_utf16_broken(void **state) {
    (void)state;
    /* a lone high surrogate, then an odd trailing byte */
    const char *enc;
    char *out = to_utf8(LIT("\xFF\xFE"
                            "a\0\x3D\xD8"
                            "b\0c"),
                        &enc);
    assert_string_equal(enc, "UTF-16LE");
    assert_non_null(strstr(out, "a"));
    assert_non_null(strstr(out, "\xEF\xBF\xBD"));
    free(out);
}

static void test_windows_1252(void **state) {
    (void)state;
    /* curly quotes, an apostrophe, an en dash, €, é: the Western bytes 0x80-0x9F */
    const char cp[] = "\x93We held prices,\x94 said Ren\xE9"
                      "e \x96 it\x92s \x80"
                      "3.20 now.";
    expect_utf8(cp, sizeof cp - 1, "“We held prices,” said Renée – it’s €3.20 now.", "WINDOWS-1252");
    /* Latin-1 without those bytes reads the same in Windows-1252 */
    const char latin1[] = "The caf\xE9 charged \xA3"
                          "15.80 for a na\xEFve cr\xE8me br\xFBl\xE9"
                          "e.";
    expect_utf8(latin1, sizeof latin1 - 1, "The café charged £15.80 for a naïve crème brûlée.",
                "WINDOWS-1252");
    /* bytes Windows-1252 leaves undefined become U+FFFD, the rest survives */
    const char undefined[] = "\x93"
                             "a\x81"
                             "b\x94 it\x92s";
    expect_utf8(undefined, sizeof undefined - 1,
                "“a\xEF\xBF\xBD"
                "b” it’s",
                "WINDOWS-1252");
}

static void test_other_code_pages(void **state) {
    (void)state;
    roundtrip("Правительство России объявило в понедельник о новых мерах поддержки для малого "
              "бизнеса, пострадавшего от роста цен на энергию. Министр экономики заявил, что "
              "программа начнёт работать уже в следующем месяце.",
              "WINDOWS-1251");
    roundtrip("أعلنت الحكومة العراقية يوم الاثنين عن خطة جديدة لإعادة إعمار المدن المتضررة من الحرب، "
              "وقال المتحدث باسم الحكومة إن الخطة ستنفذ على مراحل خلال السنوات الخمس المقبلة.",
              "WINDOWS-1256");
    roundtrip("Rząd ogłosił w poniedziałek nowy program wsparcia dla małych firm, które ucierpiały "
              "z powodu wzrostu cen energii. Minister gospodarki powiedział, że pierwsze wypłaty "
              "trafią do przedsiębiorców jeszcze w tym miesiącu.",
              "WINDOWS-1250");
}

static void test_mostly_utf8(void **state) {
    (void)state;
    /* UTF-8 cut by an earlier tool: the good sequences stay, the stray byte is U+FFFD */
    const char s[] = "By The \xE2\x80\x9CTens Of Thousands\x9D";
    expect_utf8(s, sizeof s - 1, "By The “Tens Of Thousands\xEF\xBF\xBD", "UTF-8");
}

static void test_binary(void **state) {
    (void)state;
    assert_false(encoding_looks_binary("", 0));
    assert_false(encoding_looks_binary(LIT("plain text\r\n\tand tabs\f\v")));
    assert_false(encoding_looks_binary(LIT("colour \x1B[1mbold\x1B[0m")));
    assert_true(encoding_looks_binary(LIT("text\0more")));
    assert_true(encoding_looks_binary(LIT("\x89PNG\r\n\x1A\n\0\0\0\rIHDR")));
    /* UTF-16 is full of NULs and still text */
    assert_false(encoding_looks_binary(LIT("\xFF\xFEH\0i\0")));
    assert_false(encoding_looks_binary(LIT("\xFE\xFF\0H\0i")));
    /* many control characters, no NUL */
    assert_true(encoding_looks_binary(LIT("ab\x01\x02\x03\x04\x05\x06\x07\x08")));
    /* only the first 8 KiB are looked at */
    size_t n = 9000;
    char *big = malloc(n);
    assert_non_null(big);
    memset(big, 'a', n);
    big[8500] = '\0';
    assert_false(encoding_looks_binary(big, n));
    big[100] = '\0';
    assert_true(encoding_looks_binary(big, n));
    free(big);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_passes_through),
        cmocka_unit_test(test_boms),
        cmocka_unit_test(test_utf16_broken),
        cmocka_unit_test(test_windows_1252),
        cmocka_unit_test(test_other_code_pages),
        cmocka_unit_test(test_mostly_utf8),
        cmocka_unit_test(test_binary),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
