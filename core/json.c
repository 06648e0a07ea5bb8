/* json.c — JSON writing into buffers and a strict recursive-descent reader. */
#include "json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void json_put_stringn(gbuf *b, const char *s, size_t n) {
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)s;
    gbuf_putc(b, '"');
    size_t i = 0, run = 0;
    while (i < n) {
        unsigned char c = p[i];
        if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
            i++, run++;
            continue;
        }
        gbuf_append(b, s + i - run, run);
        run = 0;
        if (c >= 0x80) {
            size_t len = utf8_seq(p + i, n - i);
            if (len) {
                /* U+2028/2029 are valid JSON but break JavaScript readers; escape them. */
                if (len == 3 && c == 0xE2 && p[i + 1] == 0x80 && (p[i + 2] == 0xA8 || p[i + 2] == 0xA9)) {
                    gbuf_puts(b, p[i + 2] == 0xA8 ? "\\u2028" : "\\u2029");
                } else {
                    gbuf_append(b, s + i, len);
                }
                i += len;
            } else {
                gbuf_puts(b, "\\ufffd");
                i++;
            }
            continue;
        }
        switch (c) {
        case '"': gbuf_puts(b, "\\\""); break;
        case '\\': gbuf_puts(b, "\\\\"); break;
        case '\n': gbuf_puts(b, "\\n"); break;
        case '\r': gbuf_puts(b, "\\r"); break;
        case '\t': gbuf_puts(b, "\\t"); break;
        case '\b': gbuf_puts(b, "\\b"); break;
        case '\f': gbuf_puts(b, "\\f"); break;
        default: {
            char esc[7] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0};
            gbuf_puts(b, esc);
        }
        }
        i++;
    }
    gbuf_append(b, s + i - run, run);
    gbuf_putc(b, '"');
}

void json_put_string(gbuf *b, const char *s) { json_put_stringn(b, s, strlen(s)); }

void json_put_number(gbuf *b, double v) {
    if (!isfinite(v)) {
        gbuf_puts(b, "null");
    } else if (fabs(v) < 1e15 && v == (double)(long long)v) { /* range first: the cast is UB beyond it */
        gbuf_printf(b, "%lld", (long long)v);
    } else {
        char tmp[32];
        snprintf(tmp, sizeof tmp, "%.17g", v);
        /* Use the shortest form that reads back to the same double. */
        for (int prec = 1; prec <= 17; prec++) {
            snprintf(tmp, sizeof tmp, "%.*g", prec, v);
            if (strtod(tmp, NULL) == v) break;
        }
        gbuf_puts(b, tmp);
    }
}

/* ---- reader ---------------------------------------------------------------- */

typedef struct reader {
    const char *s, *end, *start;
    char *err;
    size_t errsize;
    int depth;
} reader;

static void fail(reader *r, const char *what) {
    if (r->err && r->err[0]) return;
    int line = 1, col = 1;
    for (const char *p = r->start; p < r->s && p < r->end; p++) {
        if (*p == '\n') line++, col = 1;
        else col++;
    }
    if (r->err) snprintf(r->err, r->errsize, "line %d, column %d: %s", line, col, what);
}

static void skip_ws(reader *r) {
    while (r->s < r->end && (*r->s == ' ' || *r->s == '\t' || *r->s == '\n' || *r->s == '\r')) r->s++;
}

static int parse_value(reader *r, json_value *v);

static int hex4(reader *r, unsigned *out) {
    if (r->end - r->s < 4) return -1;
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = r->s[i];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
        else return -1;
    }
    r->s += 4;
    *out = v;
    return 0;
}

static int parse_string(reader *r, char **out, size_t *outlen) {
    gbuf b = GBUF_INIT;
    r->s++; /* opening quote */
    for (;;) {
        if (r->s >= r->end) {
            fail(r, "unterminated string");
            goto bad;
        }
        unsigned char c = (unsigned char)*r->s;
        if (c == '"') {
            r->s++;
            break;
        }
        if (c < 0x20) {
            fail(r, "control character in string");
            goto bad;
        }
        if (c == '\\') {
            r->s++;
            if (r->s >= r->end) {
                fail(r, "unterminated string");
                goto bad;
            }
            char e = *r->s++;
            switch (e) {
            case '"': gbuf_putc(&b, '"'); break;
            case '\\': gbuf_putc(&b, '\\'); break;
            case '/': gbuf_putc(&b, '/'); break;
            case 'b': gbuf_putc(&b, '\b'); break;
            case 'f': gbuf_putc(&b, '\f'); break;
            case 'n': gbuf_putc(&b, '\n'); break;
            case 'r': gbuf_putc(&b, '\r'); break;
            case 't': gbuf_putc(&b, '\t'); break;
            case 'u': {
                unsigned cp;
                if (hex4(r, &cp) < 0) {
                    fail(r, "bad \\u escape");
                    goto bad;
                }
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    unsigned lo;
                    if (r->end - r->s >= 6 && r->s[0] == '\\' && r->s[1] == 'u') {
                        r->s += 2;
                        if (hex4(r, &lo) < 0) {
                            fail(r, "bad \\u escape");
                            goto bad;
                        }
                        if (lo >= 0xDC00 && lo <= 0xDFFF) {
                            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                        } else {
                            utf8_put(&b, 0xFFFD);
                            cp = lo;
                        }
                    } else {
                        cp = 0xFFFD;
                    }
                }
                utf8_put(&b, cp);
                break;
            }
            default: fail(r, "bad escape in string"); goto bad;
            }
            continue;
        }
        if (c < 0x80) {
            gbuf_putc(&b, (char)c);
            r->s++;
        } else {
            size_t len = utf8_seq((const unsigned char *)r->s, (size_t)(r->end - r->s));
            if (!len) {
                fail(r, "invalid UTF-8 in string");
                goto bad;
            }
            gbuf_append(&b, r->s, len);
            r->s += len;
        }
    }
    gbuf_append(&b, "", 0);
    *outlen = b.len;
    *out = gbuf_take(&b);
    if (!*out) {
        fail(r, "out of memory");
        return -1;
    }
    return 0;
bad:
    gbuf_free(&b);
    return -1;
}

static int parse_number(reader *r, json_value *v) {
    const char *p = r->s;
    if (p < r->end && *p == '-') p++;
    if (p >= r->end || !(*p >= '0' && *p <= '9')) {
        fail(r, "invalid number");
        return -1;
    }
    if (*p == '0') p++;
    else while (p < r->end && *p >= '0' && *p <= '9') p++;
    if (p < r->end && *p == '.') {
        p++;
        if (p >= r->end || !(*p >= '0' && *p <= '9')) {
            fail(r, "invalid number");
            return -1;
        }
        while (p < r->end && *p >= '0' && *p <= '9') p++;
    }
    if (p < r->end && (*p == 'e' || *p == 'E')) {
        p++;
        if (p < r->end && (*p == '+' || *p == '-')) p++;
        if (p >= r->end || !(*p >= '0' && *p <= '9')) {
            fail(r, "invalid number");
            return -1;
        }
        while (p < r->end && *p >= '0' && *p <= '9') p++;
    }
    char tmp[64];
    size_t n = (size_t)(p - r->s);
    char *heap = NULL, *num = tmp;
    if (n >= sizeof tmp) {
        heap = g_strndup(r->s, n);
        if (!heap) {
            fail(r, "out of memory");
            return -1;
        }
        num = heap;
    } else {
        memcpy(tmp, r->s, n);
        tmp[n] = '\0';
    }
    v->type = JSON_NUMBER;
    v->number = strtod(num, NULL);
    free(heap);
    r->s = p;
    return 0;
}

static int literal(reader *r, const char *word, json_type t, json_value *v) {
    size_t n = strlen(word);
    if ((size_t)(r->end - r->s) < n || memcmp(r->s, word, n) != 0) {
        fail(r, "unexpected character");
        return -1;
    }
    r->s += n;
    v->type = t;
    return 0;
}

/* Grows an array of json_value (and keys, for objects) by one. */
static json_value *push_item(json_value *v, size_t *cap, int with_key) {
    if (v->len == *cap) {
        size_t ncap = *cap ? *cap * 2 : 4;
        json_value *items = realloc(v->items, ncap * sizeof *items);
        if (!items) return NULL;
        v->items = items;
        if (with_key) {
            char **keys = realloc(v->keys, ncap * sizeof *keys);
            if (!keys) return NULL;
            v->keys = keys;
        }
        *cap = ncap;
    }
    json_value *item = &v->items[v->len];
    memset(item, 0, sizeof *item);
    if (with_key) v->keys[v->len] = NULL;
    v->len++;
    return item;
}

static int parse_container(reader *r, json_value *v, int is_object) {
    char close = is_object ? '}' : ']';
    size_t cap = 0;
    v->type = is_object ? JSON_OBJECT : JSON_ARRAY;
    if (++r->depth > 512) {
        fail(r, "nesting too deep");
        return -1;
    }
    r->s++;
    skip_ws(r);
    if (r->s < r->end && *r->s == close) {
        r->s++;
        r->depth--;
        return 0;
    }
    for (;;) {
        json_value *item = push_item(v, &cap, is_object);
        if (!item) {
            fail(r, "out of memory");
            return -1;
        }
        if (is_object) {
            skip_ws(r);
            if (r->s >= r->end || *r->s != '"') {
                fail(r, "expected a string key");
                return -1;
            }
            size_t klen;
            if (parse_string(r, &v->keys[v->len - 1], &klen) < 0) return -1;
            skip_ws(r);
            if (r->s >= r->end || *r->s != ':') {
                fail(r, "expected ':'");
                return -1;
            }
            r->s++;
        }
        if (parse_value(r, item) < 0) return -1;
        skip_ws(r);
        if (r->s < r->end && *r->s == ',') {
            r->s++;
            continue;
        }
        if (r->s < r->end && *r->s == close) {
            r->s++;
            break;
        }
        fail(r, is_object ? "expected ',' or '}'" : "expected ',' or ']'");
        return -1;
    }
    r->depth--;
    return 0;
}

static int parse_value(reader *r, json_value *v) {
    skip_ws(r);
    if (r->s >= r->end) {
        fail(r, "unexpected end of input");
        return -1;
    }
    switch (*r->s) {
    case '{': return parse_container(r, v, 1);
    case '[': return parse_container(r, v, 0);
    case '"': v->type = JSON_STRING; return parse_string(r, &v->string, &v->len);
    case 't': return literal(r, "true", JSON_TRUE, v);
    case 'f': return literal(r, "false", JSON_FALSE, v);
    case 'n': return literal(r, "null", JSON_NULL, v);
    case '-': return parse_number(r, v);
    default:
        if (*r->s >= '0' && *r->s <= '9') return parse_number(r, v);
        fail(r, "unexpected character");
        return -1;
    }
}

static void free_contents(json_value *v) {
    if (v->type == JSON_ARRAY || v->type == JSON_OBJECT) {
        for (size_t i = 0; i < v->len; i++) {
            free_contents(&v->items[i]);
            if (v->keys) free(v->keys[i]);
        }
        free(v->items);
        free(v->keys);
    } else if (v->type == JSON_STRING) {
        free(v->string);
    }
}

json_value *json_parse(const char *text, size_t len, char *err, size_t errsize) {
    reader r = {text, text + len, text, err, errsize, 0};
    if (err && errsize) err[0] = '\0';
    json_value *v = calloc(1, sizeof *v);
    if (!v) {
        fail(&r, "out of memory");
        return NULL;
    }
    if (parse_value(&r, v) < 0) {
        json_free(v);
        return NULL;
    }
    skip_ws(&r);
    if (r.s != r.end) {
        fail(&r, "unexpected data after the value");
        json_free(v);
        return NULL;
    }
    return v;
}

void json_free(json_value *v) {
    if (!v) return;
    free_contents(v);
    free(v);
}

const json_value *json_get(const json_value *obj, const char *key) {
    if (!obj || obj->type != JSON_OBJECT) return NULL;
    for (size_t i = 0; i < obj->len; i++)
        if (obj->keys[i] && strcmp(obj->keys[i], key) == 0) return &obj->items[i];
    return NULL;
}

const char *json_get_string(const json_value *obj, const char *key) {
    const json_value *v = json_get(obj, key);
    return v && v->type == JSON_STRING ? v->string : NULL;
}
