/* article.h — the article model inside the library: fields, body blocks, metadata,
 * categories and renditions, and the content hash. */
#ifndef GALLEY_ARTICLE_H
#define GALLEY_ARTICLE_H

#include "galley.h"
#include "util.h"
#include <stddef.h>

/* The text fields, in the order JSON and the store list them. */
typedef enum article_field {
    AF_UID = 0,
    AF_SOURCE,
    AF_FORMAT,
    AF_URL,
    AF_TITLE,
    AF_SUBTITLE,
    AF_SITE_NAME,
    AF_SECTION,
    AF_PUBLISHED,
    AF_PUBLISHED_RAW,
    AF_MODIFIED,
    AF_MODIFIED_RAW,
    AF_LANG,
    AF_DESCRIPTION,
    AF_IMAGE,
    AF_COUNT
} article_field;

extern const char *const article_field_names[AF_COUNT];
/* The field with that name, or -1. */
int article_field_index(const char *name);

typedef struct strlist {
    char **v;
    size_t n, cap;
} strlist;

int strlist_push(strlist *l, const char *s);  /* copies s; 0 or -1 on ENOMEM */
void strlist_clear(strlist *l);

typedef struct block {
    galley_block_type type;
    int level;
    char *text; /* never NULL */
    char *url;
    char *alt;
} block;

typedef struct meta_entry {
    char *key, *value;
} meta_entry;

typedef struct category {
    char *scheme, *label, *plugin;
    double score;
} category;

typedef struct rendition {
    char *format, *body, *plugin;
} rendition;

struct galley_article {
    char *field[AF_COUNT];
    strlist authors;
    strlist tags;
    block *blocks;
    size_t nblocks, capblocks;
    meta_entry *meta;
    size_t nmeta, capmeta;
    category *cats;
    size_t ncats, capcats;
    rendition *rends;
    size_t nrends, caprends;
    char hash[17]; /* "" until computed */
    char *raw;     /* the source document as UTF-8 (HTML pages: for article:select), or NULL; */
    size_t rawlen; /* not stored, not hashed, not copied */
};

/* Sets a field to a copy of value (NULL clears). 0, or -1 when out of memory. */
int article_set(galley_article *a, article_field f, const char *value);
/* Takes ownership of value (may be NULL). */
void article_set_take(galley_article *a, article_field f, char *value);
int article_add_block(galley_article *a, galley_block_type type, int level, const char *text,
                      const char *url, const char *alt);
void article_clear_blocks(galley_article *a);
/* The meta key holding the confidence of a detected language (lang.c). */
#define ARTICLE_LANG_CONFIDENCE "lang_confidence"

/* Sets meta key to value (replaces an existing key; NULL value removes it). */
int article_set_meta(galley_article *a, const char *key, const char *value);
const char *article_get_meta(const galley_article *a, const char *key);
/* Adds or replaces the (scheme, label) category. score is clamped to [0, 1]. */
int article_add_category(galley_article *a, const char *scheme, const char *label, double score,
                         const char *plugin);
/* Adds or replaces the rendition of that format. */
int article_set_rendition(galley_article *a, const char *format, const char *body,
                          const char *plugin);

const char *block_type_name(galley_block_type t);
/* -1 when unknown. */
int block_type_from_name(const char *name);

/* The JSON forms of the article's parts, shared by the JSON export and the store. */
void article_json_strlist(gbuf *b, const strlist *l);
void article_json_blocks(gbuf *b, const galley_article *a);
void article_json_meta(gbuf *b, const galley_article *a);

/* Recomputes the content hash over fields, authors, tags, blocks and meta (not over
 * categories or renditions, which plugins add). */
void article_compute_hash(galley_article *a);

#endif
