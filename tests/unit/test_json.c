/* test_json.c — the JSON writer (escaping, numbers) and the strict reader (types,
 * nesting, escapes, errors with positions, limits), and the round trip between them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "json.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- helpers ---------------------------------------------------------------------- */

/* json_put_stringn(s[0..n)) as a new string. */
static char *quoted_n(const char *s, size_t n) {
    gbuf b = GBUF_INIT;
    json_put_stringn(&b, s, n);
    assert_false(b.failed);
    return gbuf_take(&b);
}

static void assert_quotes_as(const char *in, size_t n, const char *expected) {
    char *out = quoted_n(in, n);
    assert_string_equal(out, expected);
    free(out);
}

static void assert_number_as(double v, const char *expected) {
    gbuf b = GBUF_INIT;
    json_put_number(&b, v);
    char *out = gbuf_take(&b);
    assert_non_null(out);
    assert_string_equal(out, expected);
    free(out);
}

static json_value *parse_ok(const char *text) {
    char err[256];
    json_value *v = json_parse(text, strlen(text), err, sizeof err);
    if (!v) fail_msg("parsing %s failed: %s", text, err);
    return v;
}

/* Parses text, expects a failure with exactly the message `expected`. */
static void assert_parse_error(const char *text, size_t len, const char *expected) {
    char err[256] = "untouched";
    json_value *v = json_parse(text, len, err, sizeof err);
    if (v) {
        json_free(v);
        fail_msg("'%s' parsed, expected the error '%s'", text, expected);
    }
    assert_string_equal(err, expected);
}

/* ---- writer: strings ---------------------------------------------------------------- */

static void test_put_string_plain_ascii_is_unchanged(void **state) {
    (void)state;
    assert_quotes_as("hello, world", 12, "\"hello, world\"");
    assert_quotes_as("", 0, "\"\"");
    char *out = NULL;
    gbuf b = GBUF_INIT;
    json_put_string(&b, "a/b~\x7f");
    out = gbuf_take(&b);
    assert_string_equal(out, "\"a/b~\x7f\"");
    free(out);
}

static void test_put_string_escapes_quote_and_backslash(void **state) {
    (void)state;
    assert_quotes_as("say \"hi\"", 8, "\"say \\\"hi\\\"\"");
    assert_quotes_as("C:\\dir\\", 7, "\"C:\\\\dir\\\\\"");
}

static void test_put_string_escapes_control_characters(void **state) {
    (void)state;
    assert_quotes_as("a\nb\rc\td", 7, "\"a\\nb\\rc\\td\"");
    assert_quotes_as("\b\f", 2, "\"\\b\\f\"");
    assert_quotes_as("\x01\x1f", 2, "\"\\u0001\\u001f\"");
    /* An embedded NUL is written, not taken as the end of the string. */
    assert_quotes_as("a\0b", 3, "\"a\\u0000b\"");
}

static void test_put_string_escapes_line_and_paragraph_separators(void **state) {
    (void)state;
    assert_quotes_as("a\xe2\x80\xa8z", 5, "\"a\\u2028z\"");
    assert_quotes_as("a\xe2\x80\xa9z", 5, "\"a\\u2029z\"");
    /* Their neighbour U+2027 is an ordinary character and stays as UTF-8. */
    assert_quotes_as("\xe2\x80\xa7", 3, "\"\xe2\x80\xa7\"");
}

static void test_put_string_keeps_valid_utf8(void **state) {
    (void)state;
    const char *s = "caf\xc3\xa9 \xd8\xa8\xd8\xba\xd8\xaf\xd8\xa7\xd8\xaf \xf0\x9f\x98\x80";
    char *expected = malloc(strlen(s) + 3);
    assert_non_null(expected);
    strcpy(expected, "\"");
    strcat(expected, s);
    strcat(expected, "\"");
    assert_quotes_as(s, strlen(s), expected);
    free(expected);
}

static void test_put_string_replaces_invalid_utf8(void **state) {
    (void)state;
    assert_quotes_as("a\xff"
                     "b",
                     3, "\"a\\ufffdb\"");
    /* An overlong encoding of '/', a lone continuation byte, a UTF-16 surrogate. */
    assert_quotes_as("\xc0\xaf", 2, "\"\\ufffd\\ufffd\"");
    assert_quotes_as("\x80", 1, "\"\\ufffd\"");
    assert_quotes_as("\xed\xa0\x80", 3, "\"\\ufffd\\ufffd\\ufffd\"");
    /* A sequence cut short by the end of the input. */
    assert_quotes_as("x\xe2\x82", 3, "\"x\\ufffd\\ufffd\"");
    /* Beyond U+10FFFF. */
    assert_quotes_as("\xf4\x90\x80\x80", 4, "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
}

/* ---- writer: numbers ----------------------------------------------------------------- */

static void test_put_number_integers(void **state) {
    (void)state;
    assert_number_as(0, "0");
    assert_number_as(42, "42");
    assert_number_as(-7, "-7");
    assert_number_as(999999999999999.0, "999999999999999");
    assert_number_as(-123456789012.0, "-123456789012");
}

static void test_put_number_shortest_round_trip(void **state) {
    (void)state;
    assert_number_as(0.1, "0.1");
    assert_number_as(1.5, "1.5");
    assert_number_as(-2.25, "-2.25");
    assert_number_as(0.1 + 0.2, "0.30000000000000004");
    assert_number_as(1.0 / 3.0, "0.3333333333333333");
    assert_number_as(1e300, "1e+300");
    assert_number_as(-1e-300, "-1e-300");
    assert_number_as(5e-324, "5e-324");
    assert_number_as(1e15, "1e+15");
    assert_number_as(123456789012345678.0, "1.2345678901234568e+17");
    /* Whatever the value, what is written reads back as the same double. */
    const double samples[] = {3.141592653589793, 2.718281828459045, 1e-7, 6.02214076e23, 0.7, 1e21};
    for (size_t i = 0; i < sizeof samples / sizeof *samples; i++) {
        gbuf b = GBUF_INIT;
        json_put_number(&b, samples[i]);
        char *s = gbuf_take(&b);
        assert_non_null(s);
        assert_true(strtod(s, NULL) == samples[i]);
        assert_true(strlen(s) <= 24);
        free(s);
    }
}

static void test_put_number_non_finite_is_null(void **state) {
    (void)state;
    assert_number_as(NAN, "null");
    assert_number_as(INFINITY, "null");
    assert_number_as(-INFINITY, "null");
}

/* ---- reader: values -------------------------------------------------------------------- */

static void test_parse_literals(void **state) {
    (void)state;
    json_value *v = parse_ok("null");
    assert_int_equal(v->type, JSON_NULL);
    json_free(v);
    v = parse_ok(" true ");
    assert_int_equal(v->type, JSON_TRUE);
    json_free(v);
    v = parse_ok("\n\tfalse\r\n");
    assert_int_equal(v->type, JSON_FALSE);
    json_free(v);
}

static void test_parse_numbers(void **state) {
    (void)state;
    static const struct {
        const char *text;
        double value;
    } cases[] = {{"0", 0},
                 {"-0", 0},
                 {"42", 42},
                 {"-17", -17},
                 {"3.25", 3.25},
                 {"1e3", 1000},
                 {"1E+2", 100},
                 {"-2.5e-3", -0.0025},
                 {"0.5", 0.5},
                 {"1e308", 1e308},
                 {"123456789", 123456789}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        json_value *v = parse_ok(cases[i].text);
        assert_int_equal(v->type, JSON_NUMBER);
        if (v->number != cases[i].value) fail_msg("%s read as %.17g", cases[i].text, v->number);
        json_free(v);
    }
    /* A number longer than the reader's stack buffer. */
    char big[200];
    memset(big, '1', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    big[1] = '.';
    json_value *v = parse_ok(big);
    assert_int_equal(v->type, JSON_NUMBER);
    assert_true(fabs(v->number - 1.1111111111111111) < 1e-15);
    json_free(v);
}

static void test_parse_rejects_bad_numbers(void **state) {
    (void)state;
    assert_parse_error("+1", 2, "line 1, column 1: unexpected character");
    assert_parse_error("1.", 2, "line 1, column 1: invalid number");
    assert_parse_error(".5", 2, "line 1, column 1: unexpected character");
    assert_parse_error("1e", 2, "line 1, column 1: invalid number");
    assert_parse_error("-", 1, "line 1, column 1: invalid number");
    assert_parse_error("01", 2, "line 1, column 2: unexpected data after the value");
}

static void test_parse_strings_and_escapes(void **state) {
    (void)state;
    json_value *v = parse_ok("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\te\"");
    assert_int_equal(v->type, JSON_STRING);
    assert_string_equal(v->string, "a\"b\\c/d\b\f\n\r\te");
    assert_int_equal(v->len, 13);
    json_free(v);
    v = parse_ok("\"\\u00e9\\u0041\\u20AC\"");
    assert_string_equal(v->string, "\xc3\xa9"
                                   "A"
                                   "\xe2\x82\xac");
    json_free(v);
    v = parse_ok("\"caf\xc3\xa9\"");
    assert_string_equal(v->string, "caf\xc3\xa9");
    assert_int_equal(v->len, 5);
    json_free(v);
}

static void test_parse_surrogate_pairs(void **state) {
    (void)state;
    json_value *v = parse_ok("\"\\ud83d\\ude00\"");
    assert_string_equal(v->string, "\xf0\x9f\x98\x80");
    assert_int_equal(v->len, 4);
    json_free(v);
    /* Upper-case hex digits too. */
    v = parse_ok("\"\\uD834\\uDD1E\"");
    assert_string_equal(v->string, "\xf0\x9d\x84\x9e");
    json_free(v);
    /* A lone high surrogate, a lone low surrogate, a high one followed by a BMP escape:
     * each unpaired half becomes U+FFFD, what follows survives. */
    v = parse_ok("\"\\ud83dx\"");
    assert_string_equal(v->string, "\xef\xbf\xbdx");
    json_free(v);
    v = parse_ok("\"\\ude00\"");
    assert_string_equal(v->string, "\xef\xbf\xbd");
    json_free(v);
    v = parse_ok("\"\\ud83d\\u0041\"");
    assert_string_equal(v->string, "\xef\xbf\xbd"
                                   "A");
    json_free(v);
}

static void test_parse_string_with_nul_keeps_length(void **state) {
    (void)state;
    json_value *v = parse_ok("\"a\\u0000b\"");
    assert_int_equal(v->type, JSON_STRING);
    assert_int_equal(v->len, 3);
    assert_memory_equal(v->string, "a\0b", 4);
    json_free(v);
}

static void test_parse_rejects_bad_strings(void **state) {
    (void)state;
    assert_parse_error("\"abc", 4, "line 1, column 5: unterminated string");
    assert_parse_error("\"a\nb\"", 5, "line 1, column 3: control character in string");
    assert_parse_error("\"\\x\"", 4, "line 1, column 4: bad escape in string");
    assert_parse_error("\"\\u12g4\"", 8, "line 1, column 4: bad \\u escape");
    assert_parse_error("\"\xff\"", 3, "line 1, column 2: invalid UTF-8 in string");
    assert_parse_error("\"\\", 2, "line 1, column 3: unterminated string");
}

static void test_parse_arrays_and_objects(void **state) {
    (void)state;
    json_value *v = parse_ok("{\"a\": [1, \"two\", null, true, {\"b\": false}], \"c\": {}, \"d\": []}");
    assert_int_equal(v->type, JSON_OBJECT);
    assert_int_equal(v->len, 3);
    assert_string_equal(v->keys[0], "a");
    assert_string_equal(v->keys[1], "c");
    assert_string_equal(v->keys[2], "d");
    const json_value *a = json_get(v, "a");
    assert_non_null(a);
    assert_int_equal(a->type, JSON_ARRAY);
    assert_int_equal(a->len, 5);
    assert_int_equal(a->items[0].type, JSON_NUMBER);
    assert_true(a->items[0].number == 1);
    assert_string_equal(a->items[1].string, "two");
    assert_int_equal(a->items[2].type, JSON_NULL);
    assert_int_equal(a->items[3].type, JSON_TRUE);
    assert_int_equal(a->items[4].type, JSON_OBJECT);
    assert_int_equal(json_get(&a->items[4], "b")->type, JSON_FALSE);
    assert_int_equal(json_get(v, "c")->type, JSON_OBJECT);
    assert_int_equal(json_get(v, "c")->len, 0);
    assert_int_equal(json_get(v, "d")->type, JSON_ARRAY);
    assert_int_equal(json_get(v, "d")->len, 0);
    assert_null(json_get(v, "missing"));
    assert_null(json_get(a, "a"));        /* not an object */
    assert_null(json_get_string(v, "a")); /* not a string */
    json_free(v);

    /* Many items: the arrays grow past their first allocation. */
    char text[4096] = "[";
    for (int i = 0; i < 300; i++)
        snprintf(text + strlen(text), sizeof text - strlen(text), "%s%d", i ? "," : "", i);
    strcat(text, "]");
    v = parse_ok(text);
    assert_int_equal(v->len, 300);
    assert_true(v->items[299].number == 299);
    json_free(v);
}

static void test_parse_get_string(void **state) {
    (void)state;
    json_value *v = parse_ok("{\"k\":\"v\",\"n\":1,\"k2\":\"\"}");
    assert_string_equal(json_get_string(v, "k"), "v");
    assert_string_equal(json_get_string(v, "k2"), "");
    assert_null(json_get_string(v, "n"));
    assert_null(json_get_string(v, "x"));
    json_free(v);
}

/* ---- reader: errors ----------------------------------------------------------------- */

static void test_parse_error_reports_line_and_column(void **state) {
    (void)state;
    const char *text = "{\n  \"a\": 1,\n  \"b\" 2\n}";
    assert_parse_error(text, strlen(text), "line 3, column 7: expected ':'");
    text = "[1,\n 2,\n\n   x]";
    assert_parse_error(text, strlen(text), "line 4, column 4: unexpected character");
    assert_parse_error("@", 1, "line 1, column 1: unexpected character");
}

static void test_parse_errors_in_containers(void **state) {
    (void)state;
    assert_parse_error("[1 2]", 5, "line 1, column 4: expected ',' or ']'");
    assert_parse_error("{\"a\":1 \"b\":2}", 13, "line 1, column 8: expected ',' or '}'");
    assert_parse_error("{1:2}", 5, "line 1, column 2: expected a string key");
    assert_parse_error("[1,]", 4, "line 1, column 4: unexpected character");
    assert_parse_error("{\"a\":1,}", 8, "line 1, column 8: expected a string key");
    assert_parse_error("[1", 2, "line 1, column 3: expected ',' or ']'");
    assert_parse_error("{\"a\":", 5, "line 1, column 6: unexpected end of input");
    assert_parse_error("", 0, "line 1, column 1: unexpected end of input");
    assert_parse_error("   ", 3, "line 1, column 4: unexpected end of input");
    assert_parse_error("nul", 3, "line 1, column 1: unexpected character");
    assert_parse_error("tru e", 5, "line 1, column 1: unexpected character");
}

static void test_parse_rejects_trailing_garbage(void **state) {
    (void)state;
    assert_parse_error("{} x", 4, "line 1, column 4: unexpected data after the value");
    assert_parse_error("1 2", 3, "line 1, column 3: unexpected data after the value");
    assert_parse_error("[]\n]", 4, "line 2, column 1: unexpected data after the value");
    /* len bounds the input: what lies beyond it is not read. */
    char err[64];
    json_value *v = json_parse("[1]garbage", 3, err, sizeof err);
    assert_non_null(v);
    assert_int_equal(v->len, 1);
    json_free(v);
}

static void test_parse_error_without_buffer(void **state) {
    (void)state;
    assert_null(json_parse("[", 1, NULL, 0));
    assert_null(json_parse("{\"a\" 1}", 7, NULL, 0));
}

/* n nested arrays: "[[[...]]]". */
static char *nested_arrays(size_t n) {
    char *s = malloc(2 * n + 1);
    assert_non_null(s);
    memset(s, '[', n);
    memset(s + n, ']', n);
    s[2 * n] = '\0';
    return s;
}

static void test_parse_depth_limit(void **state) {
    (void)state;
    char *ok = nested_arrays(512);
    json_value *v = parse_ok(ok);
    const json_value *inner = v;
    size_t depth = 1;
    while (inner->len) {
        inner = &inner->items[0];
        depth++;
    }
    assert_int_equal(depth, 512);
    json_free(v);
    free(ok);

    char *deep = nested_arrays(513);
    assert_parse_error(deep, strlen(deep), "line 1, column 513: nesting too deep");
    free(deep);

    /* Objects count the same way. */
    size_t n = 513;
    char *objs = malloc(n * 5 + 1 + n + 1); /* "{\"k\":" n times, "1", n braces, NUL */
    assert_non_null(objs);
    char *w = objs;
    for (size_t i = 0; i < n; i++)
        w += sprintf(w, "{\"k\":");
    *w++ = '1';
    for (size_t i = 0; i < n; i++)
        *w++ = '}';
    *w = '\0';
    char err[128];
    v = json_parse(objs, strlen(objs), err, sizeof err);
    assert_null(v);
    assert_non_null(strstr(err, "nesting too deep"));
    free(objs);
}

/* ---- round trip ------------------------------------------------------------------------ */

static void test_round_trip_writer_to_reader(void **state) {
    (void)state;
#define S(lit) lit, sizeof lit - 1
    static const struct {
        const char *in;
        size_t len;
        const char *out; /* NULL: same as in */
        size_t outlen;
    } cases[] = {
        {S("plain"), NULL, 0},
        {S("quote \" backslash \\ slash /"), NULL, 0},
        {S("tab\tnewline\nreturn\rbell\x07"), NULL, 0},
        {S("nul\0inside"), NULL, 0},
        {S("\xe2\x80\xa8\xe2\x80\xa9"), NULL, 0},
        {S("\xf0\x9f\x98\x80 \xd8\xb9\xd8\xb1\xd8\xa7\xd9\x82"), NULL, 0},
        {S("bad\xff"), S("bad\xef\xbf\xbd")},
    };
#undef S
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        gbuf b = GBUF_INIT;
        gbuf_puts(&b, "{\"key\\n\":[");
        json_put_stringn(&b, cases[i].in, cases[i].len);
        gbuf_putc(&b, ',');
        json_put_number(&b, 0.1 * (double)i);
        gbuf_puts(&b, "]}");
        char *text = gbuf_take(&b);
        assert_non_null(text);
        json_value *v = parse_ok(text);
        const json_value *arr = json_get(v, "key\n");
        assert_non_null(arr);
        assert_int_equal(arr->len, 2);
        const char *want = cases[i].out ? cases[i].out : cases[i].in;
        size_t wantlen = cases[i].out ? cases[i].outlen : cases[i].len;
        assert_int_equal(arr->items[0].type, JSON_STRING);
        assert_int_equal(arr->items[0].len, wantlen);
        assert_memory_equal(arr->items[0].string, want, wantlen);
        assert_true(arr->items[1].number == 0.1 * (double)i);
        json_free(v);
        free(text);
    }
}

static void test_round_trip_non_finite_reads_as_null(void **state) {
    (void)state;
    gbuf b = GBUF_INIT;
    gbuf_putc(&b, '[');
    json_put_number(&b, NAN);
    gbuf_putc(&b, ',');
    json_put_number(&b, -INFINITY);
    gbuf_putc(&b, ']');
    char *text = gbuf_take(&b);
    json_value *v = parse_ok(text);
    assert_int_equal(v->len, 2);
    assert_int_equal(v->items[0].type, JSON_NULL);
    assert_int_equal(v->items[1].type, JSON_NULL);
    json_free(v);
    free(text);
}

int main(void) {
    const struct CMUnitTest json_writer_and_reader[] = {
        cmocka_unit_test(test_put_string_plain_ascii_is_unchanged),
        cmocka_unit_test(test_put_string_escapes_quote_and_backslash),
        cmocka_unit_test(test_put_string_escapes_control_characters),
        cmocka_unit_test(test_put_string_escapes_line_and_paragraph_separators),
        cmocka_unit_test(test_put_string_keeps_valid_utf8),
        cmocka_unit_test(test_put_string_replaces_invalid_utf8),
        cmocka_unit_test(test_put_number_integers),
        cmocka_unit_test(test_put_number_shortest_round_trip),
        cmocka_unit_test(test_put_number_non_finite_is_null),
        cmocka_unit_test(test_parse_literals),
        cmocka_unit_test(test_parse_numbers),
        cmocka_unit_test(test_parse_rejects_bad_numbers),
        cmocka_unit_test(test_parse_strings_and_escapes),
        cmocka_unit_test(test_parse_surrogate_pairs),
        cmocka_unit_test(test_parse_string_with_nul_keeps_length),
        cmocka_unit_test(test_parse_rejects_bad_strings),
        cmocka_unit_test(test_parse_arrays_and_objects),
        cmocka_unit_test(test_parse_get_string),
        cmocka_unit_test(test_parse_error_reports_line_and_column),
        cmocka_unit_test(test_parse_errors_in_containers),
        cmocka_unit_test(test_parse_rejects_trailing_garbage),
        cmocka_unit_test(test_parse_error_without_buffer),
        cmocka_unit_test(test_parse_depth_limit),
        cmocka_unit_test(test_round_trip_writer_to_reader),
        cmocka_unit_test(test_round_trip_non_finite_reads_as_null),
    };
    return cmocka_run_group_tests(json_writer_and_reader, NULL, NULL);
}
