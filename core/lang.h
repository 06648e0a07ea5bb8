/* lang.h — the language of a text, with libexttextcat (n-gram fingerprints). */
#ifndef GALLEY_LANG_H
#define GALLEY_LANG_H

#include <stddef.h>

/* A detector loads libexttextcat's fingerprints (about 160 files) on first use, so
 * making one is cheap and only detectors that detect pay. A handle is not safe to share
 * between threads (textcat keeps per-call state in it): one per worker or Lua state. */
typedef struct lang_detector lang_detector;

lang_detector *lang_detector_new(void); /* NULL when out of memory */
void lang_detector_free(lang_detector *d);

/* Below this many letters (about 20 words), lang_detect answers "und": the n-gram
 * statistics of a headline are guesses. */
#define LANG_MIN_LETTERS 100

/* Detects the language of text[0..len) (UTF-8; only the first few KB are read). code
 * receives an ISO 639-1 code where one exists ("en", "ar"), else textcat's (ISO 639-3,
 * "ast"), or "und" when the text is too short or no language stands out; *confidence
 * a value in [0, 1] (0 with "und"). Returns GALLEY_OK, or GALLEY_EIO when the
 * fingerprints could not be loaded (err says from where), GALLEY_ENOMEM. */
int lang_detect(lang_detector *d, const char *text, size_t len, char code[16], double *confidence, char *err,
                size_t errsize);

/* Fills the lang of an article that has none, from its title and body, with the
 * confidence in meta lang_confidence ("0.95"); a declared lang is left alone, and a text
 * too short or unclear gets "und" with confidence 0. Returns as lang_detect. */
struct galley_article;
int lang_fill_article(lang_detector *d, struct galley_article *a, char *err, size_t errsize);

/* Where the fingerprints are read from: $GALLEY_TEXTCAT_DIR, else the folder
 * libexttextcat's package installs (fpdb.conf and *.lm). */
const char *lang_data_dir(void);

#endif
