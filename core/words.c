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

void words_each(const unsigned char *s, size_t len, words_fn fn, void *ud) {
    size_t i = 0, start = 0;
    int in_word = 0;
    while (i <= len) {
        unsigned cp = 0;
        size_t step = i < len ? utf8_decode(s + i, len - i, &cp) : 0;
        int word = i < len && words_is_word_char((int32_t)cp) && !is_ideograph((int32_t)cp);
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
        if (i < len && is_ideograph((int32_t)cp)) fn(ud, i, step);
        if (i == len) break;
        i += step;
    }
}

char *words_fold(const char *s, size_t len, size_t *outlen) {
    char *valid = NULL;
    if (!utf8_valid(s, len)) {
        if (!(valid = utf8_sanitize(s, len))) return NULL;
        s = valid;
        len = strlen(valid);
    }
    char *out = NULL;
    if (len <= (size_t)(PTRDIFF_MAX / 8)) {
        const utf8proc_uint8_t *in = (const utf8proc_uint8_t *)s;
        utf8proc_ssize_t n = utf8proc_decompose(in, (utf8proc_ssize_t)len, NULL, 0, FOLD_OPTS);
        /* utf8proc re-encodes in place: n code points, then at most 4n bytes and a NUL. */
        utf8proc_int32_t *buf = n >= 0 ? malloc((size_t)n * sizeof *buf + 1) : NULL;
        utf8proc_ssize_t m = buf ? utf8proc_decompose(in, (utf8proc_ssize_t)len, buf, n, FOLD_OPTS) : -1;
        if (m >= 0 && m <= n) m = utf8proc_reencode(buf, m, FOLD_OPTS);
        if (buf && m >= 0 && m <= n * 4) {
            out = (char *)buf;
            out[m] = '\0';
            *outlen = (size_t)m;
        } else {
            free(buf);
        }
    }
    free(valid);
    return out;
}

void words_simhash_add(int64_t weights[64], uint64_t h) {
    for (int bit = 0; bit < 64; bit++)
        weights[bit] += (h >> bit) & 1 ? 1 : -1;
}

uint64_t words_simhash_value(const int64_t weights[64]) {
    uint64_t v = 0;
    for (int bit = 0; bit < 64; bit++)
        if (weights[bit] > 0) v |= (uint64_t)1 << bit;
    return v;
}

/* Both feature sets are gathered in one pass: which one counts is known at the end. */
typedef struct simhash_state {
    const char *s;
    int64_t single[64], pairs[64];
    uint64_t prev;
    size_t n;
} simhash_state;

static void simhash_word(void *ud, size_t start, size_t len) {
    simhash_state *st = ud;
    uint64_t h = XXH3_64bits(st->s + start, len);
    if (st->n < WORDS_SHINGLE_FROM) words_simhash_add(st->single, h);
    if (st->n > 0) words_simhash_add(st->pairs, XXH3_64bits_withSeed(st->s + start, len, st->prev));
    st->prev = h;
    st->n++;
}

uint64_t words_simhash(const char *folded, size_t len, size_t *nwords) {
    simhash_state st;
    memset(&st, 0, sizeof st);
    st.s = folded;
    words_each((const unsigned char *)folded, len, simhash_word, &st);
    if (nwords) *nwords = st.n;
    return words_simhash_value(st.n < WORDS_SHINGLE_FROM ? st.single : st.pairs);
}

int words_hamming(uint64_t a, uint64_t b) {
    int bits = 0;
    for (uint64_t x = a ^ b; x; x &= x - 1)
        bits++;
    return bits;
}
