/* words.c — word splitting, case folding and simhash shared by galley.text, the store's
 * near-duplicate index and the classifier. */
#include "words.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <xxhash.h>

#define FOLD_OPTS (UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD)

int words_is_word_char(int32_t cp) {
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
    case UTF8PROC_CATEGORY_PC: return 1;
    default: return 0;
    }
}

/* Scripts written without spaces: each character is a word of its own. */
static int is_ideograph(int32_t cp) {
    return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0x20000 && cp <= 0x2FA1F);
}

/* ASCII word characters: letters, digits and the connector '_' (category Pc), as
 * words_is_word_char says for code points below 0x80, without the table lookup. */
static int ascii_word(unsigned c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

void words_each(const unsigned char *s, size_t len, words_fn fn, void *ud) {
    size_t i = 0, start = 0;
    int in_word = 0;
    while (i <= len) {
        /* Inside an ASCII word, and between words on ASCII that is not a word: nothing
         * to decide. */
        if (i < len && s[i] < 0x80 && (ascii_word(s[i]) ? in_word : !in_word)) {
            i++;
            continue;
        }
        unsigned cp = 0;
        size_t step;
        int word;
        if (i < len && s[i] < 0x80) {
            /* Most text is ASCII: no decoding, no category table. */
            cp = s[i];
            step = 1;
            word = ascii_word(cp);
        } else {
            step = i < len ? utf8_decode(s + i, len - i, &cp) : 0;
            word = i < len && words_is_word_char((int32_t)cp) && !is_ideograph((int32_t)cp);
        }
        /* An apostrophe between two letters joins them ("don't", "Iran's"). */
        if (!word && in_word && i < len && (cp == '\'' || cp == 0x2019)) {
            unsigned next = 0;
            if (i + step < len) utf8_decode(s + i + step, len - i - step, &next);
            if (i + step < len && words_is_word_char((int32_t)next)) word = 1;
        }
        if (word && !in_word) start = i, in_word = 1;
        if (!word && in_word) {
            fn(ud, start, i - start);
            in_word = 0;
        }
        if (i < len && cp >= 0x80 && is_ideograph((int32_t)cp)) fn(ud, i, step);
        if (i == len) break;
        i += step;
    }
}

/* utf8proc's fold of valid s[0..len), appended to b. */
static void fold_utf8proc(gbuf *b, const char *s, size_t len) {
    const utf8proc_uint8_t *in = (const utf8proc_uint8_t *)s;
    utf8proc_ssize_t n = utf8proc_decompose(in, (utf8proc_ssize_t)len, NULL, 0, FOLD_OPTS);
    /* utf8proc re-encodes in place: n code points, then at most 4n bytes and a NUL. */
    utf8proc_int32_t *buf = n >= 0 ? malloc((size_t)n * sizeof *buf + 1) : NULL;
    utf8proc_ssize_t m = buf ? utf8proc_decompose(in, (utf8proc_ssize_t)len, buf, n, FOLD_OPTS) : -1;
    if (m >= 0 && m <= n) m = utf8proc_reencode(buf, m, FOLD_OPTS);
    if (buf && m >= 0 && m <= n * 4) gbuf_append(b, (const char *)buf, (size_t)m);
    else b->failed = 1;
    free(buf);
}

/* Folding is per code point except where composition joins a starter to the marks after
 * it. No composition has an ASCII second element, so a run of ASCII letters is folded
 * alone (A-Z to a-z, which is what utf8proc does to them) and only the stretches with
 * other characters, each with the ASCII character just before it (a base that a mark
 * may join: "e" + U+0301), go through utf8proc. The result is the same as utf8proc's
 * over the whole text, at a fraction of the cost on mostly-ASCII text. */
char *words_fold(const char *s, size_t len, size_t *outlen) {
    char *valid = NULL;
    if (!utf8_valid(s, len)) {
        if (!(valid = utf8_sanitize(s, len))) return NULL;
        s = valid;
        len = strlen(valid);
    }
    const unsigned char *u = (const unsigned char *)s;
    gbuf b = GBUF_INIT;
    if (len > (size_t)(PTRDIFF_MAX / 8)) b.failed = 1;
    size_t i = 0;
    while (i < len && !b.failed) {
        /* A run of ASCII characters, each followed by another (or the end). */
        size_t j = i;
        while (j < len && u[j] < 0x80 && (j + 1 == len || u[j + 1] < 0x80))
            j++;
        if (j > i) {
            size_t at = b.len;
            gbuf_append(&b, s + i, j - i);
            for (size_t k = at; k < b.len && !b.failed; k++)
                if (b.data[k] >= 'A' && b.data[k] <= 'Z') b.data[k] = (char)(b.data[k] + 32);
            i = j;
            continue;
        }
        j = i + 1;
        while (j < len && !(u[j] < 0x80 && (j + 1 == len || u[j + 1] < 0x80)))
            j++;
        fold_utf8proc(&b, s + i, j - i);
        i = j;
    }
    free(valid);
    if (b.failed) {
        gbuf_free(&b);
        return NULL;
    }
    *outlen = b.len;
    return gbuf_take(&b);
}

void words_simhash_add(int64_t weights[64], uint64_t h) {
    /* Branch-free, so that the compiler vectorizes it: it runs twice per word. */
    for (int bit = 0; bit < 64; bit++)
        weights[bit] += (int64_t)((h >> bit) & 1) * 2 - 1;
}

uint64_t words_simhash_value(const int64_t weights[64]) {
    uint64_t v = 0;
    for (int bit = 0; bit < 64; bit++)
        if (weights[bit] > 0) v |= (uint64_t)1 << bit;
    return v;
}

/* Bit counting eight bits at a time: spread[v] has bit j of v in its byte j, so adding
 * spread[one byte of h] to a 64-bit lane counts eight of h's bits at once. */
#define SPREAD1(v) ((uint64_t)((v) & 1) | (uint64_t)(((v) >> 1) & 1) << 8 | (uint64_t)(((v) >> 2) & 1) << 16 | \
                    (uint64_t)(((v) >> 3) & 1) << 24 | (uint64_t)(((v) >> 4) & 1) << 32 |                    \
                    (uint64_t)(((v) >> 5) & 1) << 40 | (uint64_t)(((v) >> 6) & 1) << 48 |                    \
                    (uint64_t)(((v) >> 7) & 1) << 56)
#define SPREAD4(v) SPREAD1(v), SPREAD1((v) + 1), SPREAD1((v) + 2), SPREAD1((v) + 3)
#define SPREAD16(v) SPREAD4(v), SPREAD4((v) + 4), SPREAD4((v) + 8), SPREAD4((v) + 12)
#define SPREAD64(v) SPREAD16(v), SPREAD16((v) + 16), SPREAD16((v) + 32), SPREAD16((v) + 48)
static const uint64_t spread[256] = {SPREAD64(0), SPREAD64(64), SPREAD64(128), SPREAD64(192)};

/* How many of the hashes added had each bit set: the simhash weight of a bit is
 * ones - (n - ones), so the bit is set when 2 * ones > n. The same result as
 * words_simhash_add, with 8 additions per hash instead of 64. */
typedef struct bitcount {
    uint64_t lanes[8]; /* byte j of lanes[b]: bit 8b + j, counted since the last flush */
    uint64_t ones[64];
    unsigned pending;  /* hashes in lanes: flushed before a byte can overflow */
    size_t n;
} bitcount;

static void bitcount_flush(bitcount *c) {
    for (int b = 0; b < 8; b++) {
        for (int j = 0; j < 8; j++) c->ones[8 * b + j] += (c->lanes[b] >> (8 * j)) & 0xFF;
        c->lanes[b] = 0;
    }
    c->pending = 0;
}

static void bitcount_add(bitcount *c, uint64_t h) {
    for (int b = 0; b < 8; b++) c->lanes[b] += spread[(h >> (8 * b)) & 0xFF];
    c->n++;
    if (++c->pending == 255) bitcount_flush(c);
}

static uint64_t bitcount_value(bitcount *c) {
    bitcount_flush(c);
    uint64_t v = 0;
    for (int bit = 0; bit < 64; bit++)
        if (2 * c->ones[bit] > c->n) v |= (uint64_t)1 << bit;
    return v;
}

/* Both feature sets are gathered in one pass: which one counts is known at the end. */
typedef struct simhash_state {
    const char *s;
    bitcount single, pairs;
    uint64_t prev;
    size_t n;
} simhash_state;

static void simhash_word(void *ud, size_t start, size_t len) {
    simhash_state *st = ud;
    uint64_t h = XXH3_64bits(st->s + start, len);
    if (st->n < WORDS_SHINGLE_FROM) bitcount_add(&st->single, h);
    if (st->n > 0) bitcount_add(&st->pairs, XXH3_64bits_withSeed(st->s + start, len, st->prev));
    st->prev = h;
    st->n++;
}

uint64_t words_simhash(const char *folded, size_t len, size_t *nwords) {
    simhash_state st;
    memset(&st, 0, sizeof st);
    st.s = folded;
    words_each((const unsigned char *)folded, len, simhash_word, &st);
    if (nwords) *nwords = st.n;
    return bitcount_value(st.n < WORDS_SHINGLE_FROM ? &st.single : &st.pairs);
}

int words_hamming(uint64_t a, uint64_t b) {
    int bits = 0;
    for (uint64_t x = a ^ b; x; x &= x - 1)
        bits++;
    return bits;
}
