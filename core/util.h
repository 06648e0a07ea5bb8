/* util.h — small internal helpers: a growable byte buffer, checked strings, UTF-8. */
#ifndef GALLEY_UTIL_H
#define GALLEY_UTIL_H

#include <stdarg.h>
#include <stddef.h>

/* A growable NUL-terminated byte buffer. `failed` is set once an allocation fails;
 * further appends are ignored, so callers check it once at the end. */
typedef struct gbuf {
    char *data;
    size_t len, cap;
    int failed;
} gbuf;

#define GBUF_INIT {NULL, 0, 0, 0}

void gbuf_append(gbuf *b, const char *s, size_t n);
void gbuf_puts(gbuf *b, const char *s);
void gbuf_putc(gbuf *b, char c);
void gbuf_printf(gbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hands the buffer's string to the caller (never NULL unless failed) and resets it. */
char *gbuf_take(gbuf *b);
void gbuf_free(gbuf *b);

/* qsort comparator for an array of C strings. */
int strptr_cmp(const void *a, const void *b);

char *g_strdup(const char *s);              /* NULL in, NULL out */
char *g_strndup(const char *s, size_t n);

/* 1 when s[0..n) is valid UTF-8 (no overlongs, surrogates or code points > U+10FFFF). */
int utf8_valid(const char *s, size_t n);
/* Length of the valid UTF-8 sequence at s (1-4), 0 if invalid; n bytes available. */
size_t utf8_seq(const unsigned char *s, size_t n);
/* Decodes one code point at s; returns its length (invalid byte: returns 1, *cp = 0xFFFD). */
size_t utf8_decode(const unsigned char *s, size_t n, unsigned *cp);
/* Appends code point cp as UTF-8. */
void utf8_put(gbuf *b, unsigned cp);
/* A copy of s[0..n) where every invalid sequence became U+FFFD. Caller frees. */
char *utf8_sanitize(const char *s, size_t n);

/* Reads a whole file. Returns 0 and sets *data (NUL-terminated, caller frees) and *len,
 * or -1 with errno set. */
int read_file(const char *path, char **data, size_t *len);

#endif
