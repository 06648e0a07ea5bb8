/* load/toml.c — a strict TOML 1.0 reader for Hugo's "+++" front matter (Debian packages
 * no C TOML library). It reads the whole language that front matter uses: bare, quoted
 * and dotted keys; basic, literal and multi-line strings; integers (decimal, hex, octal,
 * binary), floats, booleans; offset and local dates, datetimes and times; arrays; inline
 * tables; [table] and [[array of tables]] headers. Whatever TOML forbids (a key given
 * twice, a table defined twice, a value where a line should end) is an error naming
 * the line. */
#include "frontmatter.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TOML_MAX_DEPTH 64 /* arrays and inline tables inside each other */

/* How a table came to be: TOML lets [a.b] define an "a" that [a.b] created on the
 * way, but no table twice, and nothing may add to an inline table or array. */
enum {
    TF_HEADER = 1,   /* defined by its own [header] */
    TF_DOTTED = 2,   /* created by a dotted key (a.b = 1) */
    TF_INLINE = 4,   /* an inline table or an array value: closed */
    TF_AOT = 8,      /* an array of tables ([[a]]) */
};

typedef struct toml {
    const char *s, *end;
    int line;
    char *err;
    size_t errsize;
} toml;

static int fail(toml *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(toml *t, const char *fmt, ...) {
    if (t->err[0]) return -1; /* keep the first problem */
    char why[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    snprintf(t->err, t->errsize, "line %d: TOML front matter: %s", t->line, why);
    return -1;
}

static int nomem(toml *t) {
    snprintf(t->err, t->errsize, "out of memory");
    return -1;
}

static int at_end(const toml *t) { return t->s >= t->end; }
static char peek(const toml *t) { return t->s < t->end ? *t->s : '\0'; }
static char peek_at(const toml *t, size_t k) { return (size_t)(t->end - t->s) > k ? t->s[k] : '\0'; }

static void skip_ws(toml *t) {
    while (!at_end(t) && (*t->s == ' ' || *t->s == '\t'))
        t->s++;
}

static void skip_comment(toml *t) {
    if (peek(t) != '#') return;
    while (!at_end(t) && *t->s != '\n')
        t->s++;
}

/* White space, comments and newlines (inside arrays). */
static void skip_blank(toml *t) {
    for (;;) {
        skip_ws(t);
        skip_comment(t);
        if (peek(t) != '\n') return;
        t->s++;
        t->line++;
    }
}

/* After a key/value pair or a header: spaces, a comment, then the end of the line. */
static int end_of_line(toml *t) {
    skip_ws(t);
    skip_comment(t);
    if (at_end(t)) return 0;
    if (*t->s != '\n') return fail(t, "unexpected '%c' where the line should end", *t->s);
    t->s++;
    t->line++;
    return 0;
}

/* ---- strings ------------------------------------------------------------------------ */

static int hex_digit(char c) {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* The escape after a backslash in a basic string. */
static int read_escape(toml *t, gbuf *b) {
    char c = peek(t);
    t->s++;
    switch (c) {
    case 'b': gbuf_putc(b, '\b'); return 0;
    case 't': gbuf_putc(b, '\t'); return 0;
    case 'n': gbuf_putc(b, '\n'); return 0;
    case 'f': gbuf_putc(b, '\f'); return 0;
    case 'r': gbuf_putc(b, '\r'); return 0;
    case '"': gbuf_putc(b, '"'); return 0;
    case '\\': gbuf_putc(b, '\\'); return 0;
    case 'u':
    case 'U': {
        int digits = c == 'u' ? 4 : 8;
        unsigned long cp = 0;
        for (int k = 0; k < digits; k++) {
            int d = hex_digit(peek(t));
            if (d < 0) return fail(t, "\\%c needs %d hexadecimal digits", c, digits);
            cp = cp * 16 + (unsigned long)d;
            t->s++;
        }
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return fail(t, "\\%c%0*lX is not a Unicode scalar value", c, digits, cp);
        utf8_put(b, (unsigned)cp);
        return 0;
    }
    default:
        if (c == '\0' && at_end(t)) return fail(t, "unterminated string");
        return fail(t, "unknown escape \\%c", c);
    }
}

/* Control characters other than tab have no place in strings or comments. */
static int bad_control(char c) { return ((unsigned char)c < 0x20 && c != '\t') || c == 0x7F; }

/* A string of any of the four kinds; t->s is at its opening quote. */
static int read_string(toml *t, char **out) {
    char q = *t->s;
    int multi = peek_at(t, 1) == q && peek_at(t, 2) == q;
    int start_line = t->line;
    gbuf b = GBUF_INIT;
    t->s += multi ? 3 : 1;
    if (multi && peek(t) == '\n') { /* a newline right after the opening quotes is dropped */
        t->s++;
        t->line++;
    }
    for (;;) {
        if (at_end(t)) {
            t->line = start_line;
            gbuf_free(&b);
            return fail(t, "unterminated string");
        }
        char c = *t->s;
        if (c == q) {
            if (!multi) {
                t->s++;
                break;
            }
            size_t run = 0;
            while (peek_at(t, run) == q)
                run++;
            if (run >= 3) {
                if (run > 5) {
                    gbuf_free(&b);
                    return fail(t, "too many quotes closing a multi-line string");
                }
                gbuf_append(&b, t->s, run - 3); /* up to two quotes belong to the text */
                t->s += run;
                break;
            }
            gbuf_append(&b, t->s, run);
            t->s += run;
            continue;
        }
        if (c == '\n') {
            if (!multi) {
                gbuf_free(&b);
                return fail(t, "unterminated string (a newline inside \"...\"; use \"\"\"...\"\"\")");
            }
            gbuf_putc(&b, '\n');
            t->s++;
            t->line++;
            continue;
        }
        if (c == '\\' && q == '"') {
            t->s++;
            /* Multi-line: a backslash ending a line trims the newline and the blanks after it. */
            const char *p = t->s;
            while (multi && p < t->end && (*p == ' ' || *p == '\t'))
                p++;
            if (multi && p < t->end && *p == '\n') {
                t->s = p;
                while (!at_end(t) && (*t->s == ' ' || *t->s == '\t' || *t->s == '\n'))
                    if (*t->s++ == '\n') t->line++;
                continue;
            }
            if (read_escape(t, &b) < 0) {
                gbuf_free(&b);
                return -1;
            }
            continue;
        }
        if (bad_control(c)) {
            gbuf_free(&b);
            return fail(t, "control character U+%04X in a string", (unsigned)(unsigned char)c);
        }
        gbuf_putc(&b, c);
        t->s++;
    }
    if (b.failed) {
        gbuf_free(&b);
        return nomem(t);
    }
    *out = b.data ? gbuf_take(&b) : g_strdup("");
    return *out ? 0 : nomem(t);
}

/* ---- keys ---------------------------------------------------------------------------- */

static int is_bare(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

#define KEY_MAX_PARTS 32

typedef struct key_path {
    char *part[KEY_MAX_PARTS];
    int n;
} key_path;

static void key_free(key_path *k) {
    for (int i = 0; i < k->n; i++)
        free(k->part[i]);
    k->n = 0;
}

/* A dotted key: parts separated by '.', spaces allowed around the dots. On failure
 * the parts read so far are freed (k is empty). */
static int read_key_parts(toml *t, key_path *k);

static int read_key(toml *t, key_path *k) {
    if (read_key_parts(t, k) == 0) return 0;
    key_free(k);
    return -1;
}

static int read_key_parts(toml *t, key_path *k) {
    k->n = 0;
    for (;;) {
        skip_ws(t);
        char *part = NULL;
        char c = peek(t);
        if (c == '"' || c == '\'') {
            if (peek_at(t, 1) == c && peek_at(t, 2) == c) return fail(t, "a key cannot be a multi-line string");
            if (read_string(t, &part) < 0) return -1;
        } else if (is_bare(c)) {
            const char *start = t->s;
            while (!at_end(t) && is_bare(*t->s))
                t->s++;
            if (!(part = g_strndup(start, (size_t)(t->s - start)))) return nomem(t);
        } else {
            return fail(t, c == '\n' || !c ? "a key is missing" : "'%c' cannot start a key", c);
        }
        if (k->n == KEY_MAX_PARTS) {
            free(part);
            return fail(t, "a key of more than %d dotted parts", KEY_MAX_PARTS);
        }
        k->part[k->n++] = part;
        skip_ws(t);
        if (peek(t) != '.') return 0;
        t->s++;
    }
}

/* The child of table named key, or NULL. Keys compare exactly here (TOML is case
 * sensitive); only the loader's look-ups fold case. */
static fm_node *child(fm_node *table, const char *key) {
    for (size_t i = 0; i < table->n; i++)
        if (strcmp(table->items[i].key, key) == 0) return &table->items[i];
    return NULL;
}

static fm_node *new_child(toml *t, fm_node *table, const char *key, fm_kind kind, unsigned flags) {
    fm_node *c = fm_push(table);
    if (!c || !(c->key = g_strdup(key))) {
        if (c) table->n--;
        nomem(t);
        return NULL;
    }
    c->kind = kind;
    c->flags = flags;
    return c;
}

/* ---- values --------------------------------------------------------------------------- */

static int read_value(toml *t, fm_node *out, int depth);

static int is_digit(char c) { return c >= '0' && c <= '9'; }

static int digits_at(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (!is_digit(s[i])) return 0;
    return 1;
}

static int num2(const char *s) { return (s[0] - '0') * 10 + (s[1] - '0'); }

/* The length of a valid HH:MM:SS(.fraction) at s, or 0. */
static size_t time_len(const char *s, size_t n) {
    if (n < 8 || !digits_at(s, 2) || s[2] != ':' || !digits_at(s + 3, 2) || s[5] != ':' || !digits_at(s + 6, 2))
        return 0;
    if (num2(s) > 23 || num2(s + 3) > 59 || num2(s + 6) > 60) return 0; /* 60: leap second */
    size_t k = 8;
    if (k < n && s[k] == '.') {
        size_t f = ++k;
        while (k < n && is_digit(s[k]))
            k++;
        if (k == f) return 0;
    }
    return k;
}

static int leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

/* Is the token a date, datetime or time, and a valid one? Writes it with 'T'. */
static int read_datetime(toml *t, const char *tok, size_t n, fm_node *out) {
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    size_t k = 0;
    if (n >= 10 && digits_at(tok, 4) && tok[4] == '-' && digits_at(tok + 5, 2) && tok[7] == '-' &&
        digits_at(tok + 8, 2)) {
        int y = atoi(tok), m = num2(tok + 5), d = num2(tok + 8);
        if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1] + (m == 2 && leap(y)))
            return fail(t, "%.10s is not a date", tok);
        k = 10;
        if (k < n && (tok[k] == 'T' || tok[k] == 't' || tok[k] == ' ')) {
            size_t tl = time_len(tok + k + 1, n - k - 1);
            if (!tl) return fail(t, "bad time in '%.*s'", (int)n, tok);
            k += 1 + tl;
            if (k < n && (tok[k] == 'Z' || tok[k] == 'z')) {
                k++;
            } else if (k < n && (tok[k] == '+' || tok[k] == '-')) {
                const char *z = tok + k + 1;
                if (n - k - 1 < 5 || !digits_at(z, 2) || z[2] != ':' || !digits_at(z + 3, 2) || num2(z) > 23 ||
                    num2(z + 3) > 59)
                    return fail(t, "bad offset in '%.*s'", (int)n, tok);
                k += 6;
            }
        }
    } else {
        k = time_len(tok, n);
        if (!k) return 1;
    }
    if (k != n) return fail(t, "unexpected text after the date in '%.*s'", (int)n, tok);
    if (!(out->text = g_strndup(tok, n))) return nomem(t);
    if (n > 10 && tok[10] != 'T') out->text[10] = 'T';
    out->kind = FM_DATETIME;
    return 0;
}

/* Digits of the given base with single underscores between them; copies them (without
 * the underscores) into buf. Returns how many characters of s it read, 0 when invalid. */
static size_t read_digits(const char *s, size_t n, int base, char *buf, size_t *blen, size_t bufsize) {
    size_t i = 0;
    int last_digit = 0;
    for (; i < n; i++) {
        char c = s[i];
        int d = hex_digit(c);
        if (c == '_') {
            if (!last_digit || i + 1 >= n || hex_digit(s[i + 1]) < 0 || hex_digit(s[i + 1]) >= base) return 0;
            last_digit = 0;
            continue;
        }
        if (d < 0 || d >= base) break;
        if (*blen + 1 >= bufsize) return 0;
        buf[(*blen)++] = c;
        last_digit = 1;
    }
    buf[*blen] = '\0';
    return last_digit ? i : 0;
}

/* Integers and floats, by TOML's grammar. */
static int read_number(toml *t, const char *tok, size_t n, fm_node *out) {
    char buf[128];
    size_t blen = 0, i = 0;
    if (n >= 2 && tok[0] == '0' && (tok[1] == 'x' || tok[1] == 'o' || tok[1] == 'b')) {
        int base = tok[1] == 'x' ? 16 : tok[1] == 'o' ? 8 : 2;
        if (read_digits(tok + 2, n - 2, base, buf, &blen, sizeof buf) != n - 2)
            return fail(t, "bad number '%.*s'", (int)n, tok);
        errno = 0;
        unsigned long long v = strtoull(buf, NULL, base);
        if (errno || v > (unsigned long long)INT64_MAX) return fail(t, "'%.*s' does not fit 64 bits", (int)n, tok);
        snprintf(buf, sizeof buf, "%llu", v);
        out->kind = FM_INTEGER;
        return (out->text = g_strdup(buf)) ? 0 : nomem(t);
    }
    if (tok[0] == '+' || tok[0] == '-') {
        if (tok[0] == '-') buf[blen++] = '-';
        i = 1;
    }
    const char *rest = tok + i;
    size_t rn = n - i;
    if ((rn == 3 && (memcmp(rest, "inf", 3) == 0 || memcmp(rest, "nan", 3) == 0))) {
        out->kind = FM_FLOAT;
        return (out->text = g_strndup(tok, n)) ? 0 : nomem(t);
    }
    size_t int_start = blen;
    size_t used = read_digits(rest, rn, 10, buf, &blen, sizeof buf);
    if (!used) return fail(t, "bad value '%.*s'", (int)n, tok);
    if (blen - int_start > 1 && buf[int_start] == '0') return fail(t, "leading zeros in '%.*s'", (int)n, tok);
    int is_float = 0;
    if (used < rn && rest[used] == '.') {
        is_float = 1;
        buf[blen++] = '.';
        size_t f = read_digits(rest + used + 1, rn - used - 1, 10, buf, &blen, sizeof buf);
        if (!f) return fail(t, "a '.' needs digits on both sides in '%.*s'", (int)n, tok);
        used += 1 + f;
    }
    if (used < rn && (rest[used] == 'e' || rest[used] == 'E')) {
        is_float = 1;
        buf[blen++] = 'e';
        used++;
        if (used < rn && (rest[used] == '+' || rest[used] == '-')) buf[blen++] = rest[used++];
        size_t e = read_digits(rest + used, rn - used, 10, buf, &blen, sizeof buf);
        if (!e) return fail(t, "bad exponent in '%.*s'", (int)n, tok);
        used += e;
    }
    if (used != rn) return fail(t, "bad value '%.*s'", (int)n, tok);
    if (!is_float) {
        errno = 0;
        (void)strtoll(buf, NULL, 10);
        if (errno) return fail(t, "'%.*s' does not fit 64 bits", (int)n, tok);
    }
    out->kind = is_float ? FM_FLOAT : FM_INTEGER;
    return (out->text = g_strdup(buf)) ? 0 : nomem(t);
}

/* Booleans, numbers and dates: the characters up to a delimiter. A local date followed
 * by " HH:" is a datetime with a space. */
static int read_bare_value(toml *t, fm_node *out) {
    const char *start = t->s;
    while (!at_end(t) && (is_bare(*t->s) || *t->s == '.' || *t->s == ':' || *t->s == '+'))
        t->s++;
    size_t n = (size_t)(t->s - start);
    if (n == 10 && peek(t) == ' ' && is_digit(peek_at(t, 1)) && is_digit(peek_at(t, 2)) && peek_at(t, 3) == ':' &&
        digits_at(start, 4) && start[4] == '-') {
        t->s++;
        while (!at_end(t) && (is_bare(*t->s) || *t->s == '.' || *t->s == ':' || *t->s == '+'))
            t->s++;
        n = (size_t)(t->s - start);
    }
    if (n == 0) {
        char c = peek(t);
        return fail(t, c == '\n' || !c ? "a value is missing" : "'%c' cannot start a value", c);
    }
    if ((n == 4 && memcmp(start, "true", 4) == 0) || (n == 5 && memcmp(start, "false", 5) == 0)) {
        out->kind = FM_BOOL;
        return (out->text = g_strndup(start, n)) ? 0 : nomem(t);
    }
    int rc = read_datetime(t, start, n, out);
    if (rc <= 0) return rc;
    return read_number(t, start, n, out);
}

static int read_array(toml *t, fm_node *out, int depth) {
    out->kind = FM_ARRAY;
    out->flags = TF_INLINE;
    t->s++; /* '[' */
    for (;;) {
        skip_blank(t);
        if (peek(t) == ']') break;
        fm_node *item = fm_push(out);
        if (!item) return nomem(t);
        if (read_value(t, item, depth + 1) < 0) return -1;
        skip_blank(t);
        if (peek(t) == ',') {
            t->s++;
            continue;
        }
        if (peek(t) == ']') break;
        return fail(t, at_end(t) ? "unterminated array" : "expected ',' or ']' in an array, not '%c'", peek(t));
    }
    t->s++;
    return 0;
}

static int assign(toml *t, fm_node *table, key_path *k, int depth);

/* { a = 1, b.c = "x" } on one line; no trailing comma. */
static int read_inline_table(toml *t, fm_node *out, int depth) {
    out->kind = FM_TABLE;
    out->flags = TF_INLINE;
    t->s++; /* '{' */
    skip_ws(t);
    if (peek(t) == '}') {
        t->s++;
        return 0;
    }
    for (;;) {
        key_path k;
        if (read_key(t, &k) < 0) return -1;
        int rc = assign(t, out, &k, depth + 1);
        key_free(&k);
        if (rc < 0) return -1;
        skip_ws(t);
        if (peek(t) == ',') {
            t->s++;
            skip_ws(t);
            if (peek(t) == '}') return fail(t, "a trailing comma in an inline table");
            continue;
        }
        if (peek(t) == '}') {
            t->s++;
            return 0;
        }
        return fail(t, peek(t) == '\n' || at_end(t) ? "an inline table must close on its line"
                                                      : "expected ',' or '}' in an inline table, not '%c'",
                    peek(t));
    }
}

static int read_value(toml *t, fm_node *out, int depth) {
    if (depth > TOML_MAX_DEPTH) return fail(t, "values nested more than %d deep", TOML_MAX_DEPTH);
    char c = peek(t);
    if (c == '"' || c == '\'') {
        out->kind = FM_STRING;
        return read_string(t, &out->text);
    }
    if (c == '[') return read_array(t, out, depth);
    if (c == '{') return read_inline_table(t, out, depth);
    return read_bare_value(t, out);
}

/* key = value inside table: the dotted parts before the last create (or walk into)
 * tables that no header may define again. */
static int assign(toml *t, fm_node *table, key_path *k, int depth) {
    for (int i = 0; i + 1 < k->n; i++) {
        fm_node *c = child(table, k->part[i]);
        if (!c) {
            c = new_child(t, table, k->part[i], FM_TABLE, TF_DOTTED);
            if (!c) return -1;
        } else if (c->kind != FM_TABLE || (c->flags & (TF_INLINE | TF_HEADER))) {
            return fail(t, "'%s' is already defined and cannot take more keys", k->part[i]);
        }
        table = c;
    }
    const char *last = k->part[k->n - 1];
    if (child(table, last)) return fail(t, "'%s' is given twice", last);
    skip_ws(t);
    if (peek(t) != '=') return fail(t, "expected '=' after the key '%s'", last);
    t->s++;
    skip_ws(t);
    fm_node v = {0};
    if (read_value(t, &v, depth) < 0) {
        fm_clear(&v);
        return -1;
    }
    fm_node *c = new_child(t, table, last, v.kind, 0);
    if (!c) {
        fm_clear(&v);
        return -1;
    }
    char *key = c->key;
    *c = v;
    c->key = key;
    return 0;
}

/* [a.b.c] or [[a.b.c]]: the table that the following keys go into. */
static fm_node *header(toml *t, fm_node *root) {
    int aot = peek_at(t, 1) == '[';
    t->s += aot ? 2 : 1;
    key_path k;
    if (read_key(t, &k) < 0) return NULL;
    fm_node *table = root, *result = NULL;
    if (peek(t) != ']' || (aot && peek_at(t, 1) != ']')) {
        fail(t, aot ? "expected ']]' to close the header" : "expected ']' to close the header");
        goto done;
    }
    t->s += aot ? 2 : 1;
    for (int i = 0; i < k.n; i++) {
        int last = i + 1 == k.n;
        fm_node *c = child(table, k.part[i]);
        if (!c) {
            c = new_child(t, table, k.part[i], last && aot ? FM_ARRAY : FM_TABLE,
                          last ? (aot ? TF_AOT : TF_HEADER) : 0);
            if (!c) goto done;
        } else if (last && aot) {
            if (c->kind != FM_ARRAY || !(c->flags & TF_AOT)) {
                fail(t, "'%s' is already defined and is not an array of tables", k.part[i]);
                goto done;
            }
        } else if (c->kind == FM_ARRAY && (c->flags & TF_AOT)) {
            if (last) {
                fail(t, "'%s' is an array of tables: [[%s]] adds to it", k.part[i], k.part[i]);
                goto done;
            }
            c = &c->items[c->n - 1]; /* [a.b] after [[a]] goes into a's last table */
        } else if (c->kind != FM_TABLE || (c->flags & TF_INLINE)) {
            fail(t, "'%s' is already defined as a value", k.part[i]);
            goto done;
        } else if (last) {
            if (c->flags & (TF_HEADER | TF_DOTTED)) {
                fail(t, "table [%s] is defined twice", k.part[i]);
                goto done;
            }
            c->flags |= TF_HEADER;
        }
        table = c;
    }
    if (aot) {
        fm_node *item = fm_push(table);
        if (!item) {
            nomem(t);
            goto done;
        }
        item->kind = FM_TABLE;
        table = item;
    }
    result = table;
done:
    key_free(&k);
    return result;
}

fm_node *fm_parse_toml(const char *text, size_t len, int first_line, char *err, size_t errsize) {
    toml t = {text, text + len, first_line, err, errsize};
    err[0] = '\0';
    fm_node *root = calloc(1, sizeof *root);
    if (!root) {
        nomem(&t);
        return NULL;
    }
    root->kind = FM_TABLE;
    fm_node *current = root;
    /* Where [header] paths lead is found again from the root each time, so pointers
     * into the tree never outlive a change to it. */
    while (!at_end(&t)) {
        skip_ws(&t);
        char c = peek(&t);
        int rc = 0;
        if (c == '\n' || c == '#' || !c) {
            rc = end_of_line(&t);
        } else if (c == '[') {
            current = header(&t, root);
            rc = current ? end_of_line(&t) : -1;
        } else {
            key_path k;
            rc = read_key(&t, &k);
            if (rc == 0) rc = assign(&t, current, &k, 0);
            key_free(&k);
            if (rc == 0) rc = end_of_line(&t);
        }
        if (rc < 0) {
            if (!err[0]) nomem(&t);
            fm_free(root);
            return NULL;
        }
    }
    return root;
}
