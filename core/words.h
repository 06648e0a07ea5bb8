/* words.h — the word splitting, case folding and simhash that galley.text, the
 * near-duplicate index (store.c) and the trained classifier (classify.c) share, so that
 * all three see the same words in a text. */
#ifndef GALLEY_WORDS_H
#define GALLEY_WORDS_H

#include <stddef.h>
#include <stdint.h>

/* Simhash features: single words below this many words, pairs of words from it on. */
#define WORDS_SHINGLE_FROM 50

typedef void (*words_fn)(void *ud, size_t start, size_t len);

/* 1 for a code point that is part of a word (letters, marks, digits, connectors). */
int words_is_word_char(int32_t cp);

/* Calls fn for each word of s[0..len) (bytes [start, start + len)): runs of word
 * characters, an apostrophe between letters joining them ("don't"), and each ideograph
 * on its own. Invalid bytes separate words, so every word is valid UTF-8. */
void words_each(const unsigned char *s, size_t len, words_fn fn, void *ud);

/* s[0..len) made valid (invalid sequences become U+FFFD), composed and case-folded.
 * Caller frees; NULL when out of memory or the text is too long. */
char *words_fold(const char *s, size_t len, size_t *outlen);

/* The 64-bit simhash of already folded text: each word a feature below
 * WORDS_SHINGLE_FROM words, each pair of adjacent words from it on. *nwords (may be
 * NULL) receives the number of words. Empty text: 0. */
uint64_t words_simhash(const char *folded, size_t len, size_t *nwords);

/* Accumulates feature hashes h into a simhash: weights starts zeroed. */
void words_simhash_add(int64_t weights[64], uint64_t h);
uint64_t words_simhash_value(const int64_t weights[64]);

/* Number of differing bits. */
int words_hamming(uint64_t a, uint64_t b);

#endif
