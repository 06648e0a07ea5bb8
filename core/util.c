/* util.c — growable buffers, string copies, UTF-8 checks and whole-file reads. */
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int gbuf_reserve(gbuf *b, size_t extra) {
    if (b->failed) return -1;
    if (b->len + extra + 1 <= b->cap) return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1) {
        if (cap > (size_t)-1 / 2) {
            b->failed = 1;
            return -1;
        }
        cap *= 2;
    }
    char *p = realloc(b->data, cap);
    if (!p) {
        b->failed = 1;
        return -1;
    }
    b->data = p;
    b->cap = cap;
    return 0;
}

void gbuf_append(gbuf *b, const char *s, size_t n) {
    if (gbuf_reserve(b, n) < 0) return;
    if (n) memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void gbuf_puts(gbuf *b, const char *s) { gbuf_append(b, s, strlen(s)); }

void gbuf_putc(gbuf *b, char c) { gbuf_append(b, &c, 1); }

void gbuf_printf(gbuf *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || gbuf_reserve(b, (size_t)n) < 0) return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

char *gbuf_take(gbuf *b) {
    if (b->failed) {
        gbuf_free(b);
        return NULL;
    }
    if (!b->data) {
        /* Nothing was appended: an empty string, terminated (reserve does not write). */
        if (gbuf_reserve(b, 0) < 0) return NULL;
        b->data[0] = '\0';
    }
    char *s = b->data;
    b->data = NULL;
    b->len = b->cap = 0;
    return s;
}

void gbuf_free(gbuf *b) {
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = 0;
}

int strptr_cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

char *g_strdup(const char *s) { return s ? g_strndup(s, strlen(s)) : NULL; }

char *g_strndup(const char *s, size_t n) {
    char *p = malloc(n + 1);
    if (!p) return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

size_t utf8_seq(const unsigned char *s, size_t n) {
    if (n == 0) return 0;
    unsigned c = s[0];
    if (c < 0x80) return 1;
    size_t len;
    unsigned min, cp;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2, min = 0x80, cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3, min = 0x800, cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4, min = 0x10000, cp = c & 0x07;
    } else {
        return 0;
    }
    if (n < len) return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return len;
}

size_t utf8_decode(const unsigned char *s, size_t n, unsigned *cp) {
    size_t len = utf8_seq(s, n);
    if (len == 0) {
        *cp = 0xFFFD;
        return 1;
    }
    unsigned c = s[0];
    if (len == 1) {
        *cp = c;
    } else {
        unsigned v = c & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
        for (size_t i = 1; i < len; i++) v = (v << 6) | (s[i] & 0x3F);
        *cp = v;
    }
    return len;
}

int utf8_valid(const char *s, size_t n) {
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        size_t len = utf8_seq(p + i, n - i);
        if (!len) return 0;
        i += len;
    }
    return 1;
}

void utf8_put(gbuf *b, unsigned cp) {
    char out[4];
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    if (cp < 0x80) {
        out[0] = (char)cp;
        gbuf_append(b, out, 1);
    } else if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        gbuf_append(b, out, 2);
    } else if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        gbuf_append(b, out, 3);
    } else {
        out[0] = (char)(0xF0 | (cp >> 18));
        out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[3] = (char)(0x80 | (cp & 0x3F));
        gbuf_append(b, out, 4);
    }
}

char *utf8_sanitize(const char *s, size_t n) {
    gbuf b = GBUF_INIT;
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    gbuf_append(&b, "", 0);
    while (i < n) {
        size_t len = utf8_seq(p + i, n - i);
        if (len) {
            gbuf_append(&b, s + i, len);
            i += len;
        } else {
            utf8_put(&b, 0xFFFD);
            i++;
        }
    }
    return gbuf_take(&b);
}

int read_file(const char *path, char **data, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    gbuf b = GBUF_INIT;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) gbuf_append(&b, chunk, n);
    int err = ferror(f) ? errno : 0;
    fclose(f);
    if (err || b.failed) {
        gbuf_free(&b);
        errno = err ? err : ENOMEM;
        return -1;
    }
    gbuf_append(&b, "", 0);
    *len = b.len;
    *data = gbuf_take(&b);
    if (!*data) {
        errno = ENOMEM;
        return -1;
    }
    return 0;
}
