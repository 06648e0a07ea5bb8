/* jv.c — the CLI's JSON values: a recursive-descent parser with a depth limit, builders,
 * deep equality and a writer whose pretty form keeps small containers on one line. */
#include "jv.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define JV_MAX_DEPTH 200

/* ---- values --------------------------------------------------------------------- */

static void jv_clear(jv *v) {
    for (size_t i = 0; i < v->n; i++) {
        jv_clear(&v->items[i]);
        if (v->keys) free(v->keys[i]);
    }
    free(v->items);
    free(v->keys);
    free(v->str);
    memset(v, 0, sizeof *v);
}

void jv_free(jv *v) {
    if (!v) return;
    jv_clear(v);
    free(v);
}

jv *jv_new(jv_type type) {
    jv *v = calloc(1, sizeof *v);
    if (v) v->type = type;
    return v;
}

jv *jv_string(const char *s) {
    jv *v = jv_new(JV_STRING);
    if (v && !(v->str = strdup(s))) {
        free(v);
        return NULL;
    }
    return v;
}

jv *jv_number(double x) {
    jv *v = jv_new(JV_NUMBER);
    if (v) v->number = x;
    return v;
}

jv *jv_bool(int b) { return jv_new(b ? JV_TRUE : JV_FALSE); }

/* Makes room for one more item; -1 when out of memory. */
static int reserve(jv *c) {
    if (c->n < c->cap) return 0;
    size_t cap = c->cap ? c->cap * 2 : 4;
    jv *items = realloc(c->items, cap * sizeof *items);
    if (!items) return -1;
    c->items = items;
    if (c->type == JV_OBJECT) {
        char **keys = realloc(c->keys, cap * sizeof *keys);
        if (!keys) return -1;
        c->keys = keys;
    }
    c->cap = cap;
    return 0;
}

int jv_push(jv *array, jv *item) {
    if (!item || reserve(array) < 0) {
        jv_free(item);
        return -1;
    }
    array->items[array->n++] = *item;
    free(item);
    return 0;
}

int jv_set(jv *object, const char *key, jv *item) {
    for (size_t i = 0; item && i < object->n; i++) {
        if (strcmp(object->keys[i], key) != 0) continue;
        jv_clear(&object->items[i]);
        object->items[i] = *item;
        free(item);
        return 0;
    }
    char *k = strdup(key);
    if (!k || !item || reserve(object) < 0) {
        free(k);
        jv_free(item);
        return -1;
    }
    object->keys[object->n] = k;
    object->items[object->n++] = *item;
    free(item);
    return 0;
}

const jv *jv_get(const jv *obj, const char *key) {
    if (!obj || obj->type != JV_OBJECT) return NULL;
    for (size_t i = 0; i < obj->n; i++)
        if (strcmp(obj->keys[i], key) == 0) return &obj->items[i];
    return NULL;
}

const char *jv_str(const jv *v) { return v && v->type == JV_STRING ? v->str : NULL; }

jv *jv_copy(const jv *v) {
    jv *c = v->type == JV_STRING ? jv_string(v->str) : jv_new(v->type);
    if (!c) return NULL;
    c->number = v->number;
    for (size_t i = 0; i < v->n; i++) {
        int rc = v->type == JV_OBJECT ? jv_set(c, v->keys[i], jv_copy(&v->items[i]))
                                      : jv_push(c, jv_copy(&v->items[i]));
        if (rc < 0) {
            jv_free(c);
            return NULL;
        }
    }
    return c;
}

int jv_equal(const jv *a, const jv *b) {
    if (a->type != b->type || a->n != b->n) return 0;
    if (a->type == JV_NUMBER) return a->number == b->number;
    if (a->type == JV_STRING) return strcmp(a->str, b->str) == 0;
    for (size_t i = 0; i < a->n; i++) {
        if (a->type == JV_ARRAY && !jv_equal(&a->items[i], &b->items[i])) return 0;
        if (a->type == JV_OBJECT) {
            const jv *other = jv_get(b, a->keys[i]);
            if (!other || !jv_equal(&a->items[i], other)) return 0;
        }
    }
    return 1;
}

/* ---- parsing -------------------------------------------------------------------- */

typedef struct parser {
    const char *s, *p;
    int depth;
    char *err;
    size_t errsize;
} parser;

static int fail(parser *ps, const char *what) {
    if (ps->err[0]) return -1;
    int line = 1;
    for (const char *q = ps->s; q < ps->p; q++)
        line += *q == '\n';
    snprintf(ps->err, ps->errsize, "line %d: %s", line, what);
    return -1;
}

static void skip_space(parser *ps) {
    while (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r')
        ps->p++;
}

static int parse_value(parser *ps, jv *out);

static int hex4(const char *p, unsigned *out) {
    unsigned x = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        unsigned d = c >= '0' && c <= '9'   ? (unsigned)(c - '0')
                     : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
                     : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10)
                                            : 16u;
        if (d == 16) return -1;
        x = x * 16 + d;
    }
    *out = x;
    return 0;
}

static void put_utf8(sbuf *b, unsigned cp) {
    unsigned char u[4];
    size_t n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    static const unsigned char lead[] = {0, 0, 0xC0, 0xE0, 0xF0};
    for (size_t i = n - 1; i > 0; i--, cp >>= 6)
        u[i] = (unsigned char)(0x80 | (cp & 0x3F));
    u[0] = (unsigned char)(lead[n] | cp);
    sbuf_put(b, (const char *)u, n);
}

/* A \uXXXX escape (ps->p after the 'u'), with a surrogate pair joined. */
static int parse_unicode(parser *ps, sbuf *b) {
    unsigned cp, low;
    if (hex4(ps->p, &cp) < 0) return fail(ps, "bad \\u escape");
    ps->p += 4;
    if (cp >= 0xD800 && cp < 0xDC00 && ps->p[0] == '\\' && ps->p[1] == 'u' && hex4(ps->p + 2, &low) == 0 &&
        low >= 0xDC00 && low < 0xE000) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        ps->p += 6;
    } else if (cp >= 0xD800 && cp < 0xE000) {
        cp = 0xFFFD; /* a lone surrogate */
    }
    put_utf8(b, cp);
    return 0;
}

static int parse_escape(parser *ps, sbuf *b) {
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    char c = *ps->p++;
    if (c == 'u') return parse_unicode(ps, b);
    const char *at = c ? strchr(from, c) : NULL;
    if (!at) return fail(ps, "bad escape in a string");
    sbuf_put(b, &to[at - from], 1);
    return 0;
}

/* A string, ps->p on its opening quote; *out is the caller's on success. */
static int parse_string(parser *ps, char **out) {
    sbuf b = SBUF_INIT;
    ps->p++;
    while (*ps->p != '"') {
        const char *run = ps->p;
        while (*ps->p && *ps->p != '"' && *ps->p != '\\' && (unsigned char)*ps->p >= 0x20)
            ps->p++;
        sbuf_put(&b, run, (size_t)(ps->p - run));
        if (*ps->p == '\\') {
            ps->p++;
            if (parse_escape(ps, &b) < 0) break;
        } else if (*ps->p != '"') {
            fail(ps, *ps->p ? "a control character in a string" : "unterminated string");
            break;
        }
    }
    sbuf_puts(&b, "");
    if (*ps->p != '"' || b.failed) {
        if (b.failed) fail(ps, "out of memory");
        sbuf_free(&b);
        return -1;
    }
    ps->p++;
    *out = b.data;
    return 0;
}

static int parse_number(parser *ps, jv *out) {
    const char *start = ps->p;
    if (*ps->p == '-') ps->p++;
    if (*ps->p < '0' || *ps->p > '9') return fail(ps, "unexpected character");
    while (*ps->p && strchr("0123456789.eE+-", *ps->p))
        ps->p++;
    char *end;
    out->type = JV_NUMBER;
    out->number = strtod(start, &end);
    return end == ps->p ? 0 : fail(ps, "bad number");
}

/* One member of an object: "key": value. */
static int parse_member(parser *ps, jv *object) {
    char *key = NULL;
    skip_space(ps);
    if (*ps->p != '"') return fail(ps, "expected a key");
    if (parse_string(ps, &key) < 0) return -1;
    skip_space(ps);
    if (*ps->p != ':') {
        free(key);
        return fail(ps, "expected ':'");
    }
    ps->p++;
    jv *item = jv_new(JV_NULL);
    int rc = item ? parse_value(ps, item) : fail(ps, "out of memory");
    if (rc == 0)
        rc = jv_set(object, key, item) < 0 ? fail(ps, "out of memory") : 0; /* item is moved */
    else
        jv_free(item);
    free(key);
    return rc;
}

static int parse_item(parser *ps, jv *array) {
    jv *item = jv_new(JV_NULL);
    if (!item) return fail(ps, "out of memory");
    if (parse_value(ps, item) < 0) {
        jv_free(item);
        return -1;
    }
    return jv_push(array, item) < 0 ? fail(ps, "out of memory") : 0;
}

/* The items of an array or the members of an object, ps->p after the opening bracket. */
static int parse_container(parser *ps, jv *out, char close) {
    out->type = close == ']' ? JV_ARRAY : JV_OBJECT;
    if (++ps->depth > JV_MAX_DEPTH) return fail(ps, "nested too deep");
    skip_space(ps);
    int more = *ps->p != close;
    while (more) {
        if ((close == ']' ? parse_item(ps, out) : parse_member(ps, out)) < 0) return -1;
        skip_space(ps);
        more = *ps->p == ',';
        if (more)
            ps->p++;
        else if (*ps->p != close)
            return fail(ps, close == ']' ? "expected ',' or ']'" : "expected ',' or '}'");
    }
    ps->p++;
    ps->depth--;
    return 0;
}

static int parse_word(parser *ps, const char *word, jv_type type, jv *out) {
    size_t n = strlen(word);
    if (strncmp(ps->p, word, n) != 0) return fail(ps, "unexpected character");
    ps->p += n;
    out->type = type;
    return 0;
}

static int parse_value(parser *ps, jv *out) {
    skip_space(ps);
    switch (*ps->p) {
    case '{': ps->p++; return parse_container(ps, out, '}');
    case '[': ps->p++; return parse_container(ps, out, ']');
    case '"': out->type = JV_STRING; return parse_string(ps, &out->str);
    case 't': return parse_word(ps, "true", JV_TRUE, out);
    case 'f': return parse_word(ps, "false", JV_FALSE, out);
    case 'n': return parse_word(ps, "null", JV_NULL, out);
    case '\0': return fail(ps, "unexpected end of the text");
    default: return parse_number(ps, out);
    }
}

jv *jv_parse(const char *text, char *err, size_t errsize) {
    parser ps = {text, text, 0, err, errsize};
    err[0] = '\0';
    jv *v = jv_new(JV_NULL);
    if (!v) {
        snprintf(err, errsize, "out of memory");
        return NULL;
    }
    if (parse_value(&ps, v) == 0) {
        skip_space(&ps);
        if (*ps.p == '\0') return v;
        fail(&ps, "text after the value");
    }
    jv_free(v);
    return NULL;
}

/* ---- writing -------------------------------------------------------------------- */

static void write_string(sbuf *out, const char *s) {
    sbuf_puts(out, "\"");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        const char *esc = *p == '"'    ? "\\\""
                          : *p == '\\' ? "\\\\"
                          : *p == '\n' ? "\\n"
                          : *p == '\t' ? "\\t"
                                       : NULL;
        if (esc)
            sbuf_puts(out, esc);
        else if (*p < 0x20)
            sbuf_printf(out, "\\u%04x", *p);
        else
            sbuf_put(out, (const char *)p, 1);
    }
    sbuf_puts(out, "\"");
}

static void write_number(sbuf *out, double x) {
    if (!isfinite(x))
        sbuf_puts(out, "null");
    else if (x == floor(x) && fabs(x) < 1e15)
        sbuf_printf(out, "%.0f", x);
    else
        sbuf_printf(out, "%.15g", x);
}

/* A container that holds no container and is short is written on one line. */
static int is_small(const jv *v) {
    size_t size = 0;
    for (size_t i = 0; i < v->n; i++) {
        const jv *it = &v->items[i];
        if (it->type == JV_ARRAY || it->type == JV_OBJECT) return 0;
        size += (v->keys ? strlen(v->keys[i]) : 0) + (it->str ? strlen(it->str) : 8) + 6;
    }
    return size <= 90;
}

static void write_container(sbuf *out, const jv *v, int indent) {
    int pretty = indent >= 0 && v->n && !is_small(v);
    sbuf_puts(out, v->type == JV_ARRAY ? "[" : "{");
    for (size_t i = 0; i < v->n; i++) {
        if (i) sbuf_puts(out, indent >= 0 && !pretty ? ", " : ",");
        if (pretty) sbuf_printf(out, "\n%*s", (indent + 1) * 2, "");
        if (v->type == JV_OBJECT) {
            write_string(out, v->keys[i]);
            sbuf_puts(out, indent >= 0 ? ": " : ":");
        }
        jv_write(out, &v->items[i], pretty ? indent + 1 : indent);
    }
    if (pretty) sbuf_printf(out, "\n%*s", indent * 2, "");
    sbuf_puts(out, v->type == JV_ARRAY ? "]" : "}");
}

void jv_write(sbuf *out, const jv *v, int indent) {
    switch (v->type) {
    case JV_NULL: sbuf_puts(out, "null"); break;
    case JV_FALSE: sbuf_puts(out, "false"); break;
    case JV_TRUE: sbuf_puts(out, "true"); break;
    case JV_NUMBER: write_number(out, v->number); break;
    case JV_STRING: write_string(out, v->str); break;
    default: write_container(out, v, indent);
    }
}
