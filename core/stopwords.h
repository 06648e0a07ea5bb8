/* stopwords.h — galley's own stop word lists (the words too common to tell texts
 * apart), by language, for galley.text.stopwords. */
#ifndef GALLEY_STOPWORDS_H
#define GALLEY_STOPWORDS_H

/* The stop words of lang, an ISO 639-1 code ("en", "fr", "de", "es", "it", "pt", "nl",
 * "ru", "ar"): a NULL-terminated array of case-folded UTF-8 words in static storage.
 * NULL when there is no list for lang. */
const char *const *stopwords_list(const char *lang);

#endif
