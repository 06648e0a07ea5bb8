/* store.h — the SQLite store: schema and migrations, batched writes, reads for export.
 * All SQL text lives in store.c. One store is used by one thread at a time. */
#ifndef GALLEY_STORE_H
#define GALLEY_STORE_H

#include "article.h"
#include <stddef.h>
#include <stdint.h>

typedef struct store store;

#define STORE_SCHEMA_VERSION 4

/* What one plugin is, for deciding whether an article must go through it again. */
typedef struct store_plugin_state {
    const char *name;         /* "format/markdown" or a path */
    const char *version;      /* the plugin's declared version */
    const char *options_hash; /* hash of its effective options */
} store_plugin_state;

/* Opens (creating if needed) and migrates the database. On failure err explains. */
int store_open(store **out, const char *path, int read_only, char *err, size_t errsize);
void store_close(store *st);
/* The number of stored articles, or -1 on error. */
long long store_count(store *st);
/* The database file's full path ("" for an in-memory database). */
const char *store_filename(const store *st);
/* The message of the last failure. */
const char *store_errmsg(const store *st);

int store_begin(store *st);
int store_commit(store *st);
void store_rollback(store *st);

/* Records a run; *run_id receives its id. args is a JSON array of the arguments. */
int store_run_start(store *st, const char *args_json, long long *run_id);
int store_run_finish(store *st, long long run_id, const char *status, size_t loaded,
                     size_t skipped, size_t failed);

/* 1 when an article with this uid and hash is stored and went through every plugin
 * in its current version and options; 0 when it must be processed; <0 on error. */
int store_is_current(store *st, const char *uid, const char *hash,
                     const store_plugin_state *plugins, size_t nplugins);

/* An article's stored form: its JSON columns, body text and near-duplicate
 * fingerprint. Making it takes most of the CPU time of storing an article and needs no
 * database, so galley run's workers make it and the writer thread only writes it. */
typedef struct store_row {
    char *authors, *tags, *meta, *blocks, *text;
    uint64_t text_hash, simhash; /* of the case-folded text */
    size_t nwords;
} store_row;

/* GALLEY_OK, or GALLEY_ENOMEM (row left empty). */
int store_row_make(store_row *row, const galley_article *a);
void store_row_free(store_row *row);

/* store_put_article with the row already made (store_row_make of a, as it is now). */
int store_put_row(store *st, galley_article *a, const store_row *row, long long run_id,
                  const store_plugin_state *plugins, const int *ok, size_t nplugins);

/* Writes an article, replacing the stored one with the same uid (its id is kept), with
 * its categories and renditions, and marks it processed by the plugins whose `ok` flag
 * is set. */
int store_put_article(store *st, galley_article *a, long long run_id,
                      const store_plugin_state *plugins, const int *ok, size_t nplugins);

/* traceback may be NULL. */
int store_add_error(store *st, long long run_id, const char *source, const char *plugin,
                    const char *message, const char *traceback);

/* Which stored articles to read. All fields optional. */
typedef struct store_filter {
    const char *const *fields; /* article field names ... */
    const char *const *values; /* ... and the values they must equal */
    size_t nwhere;
    const char *scheme;        /* with a category of this scheme ... */
    const char *label;         /* ... and label (NULL: any label) */
    const char *since, *until; /* published (else modified) within [since, until], ISO 8601
                                  at any precision, compared as spans of time (date_span) */
    long long limit;           /* at most this many; 0: all */
    int order;                 /* 0 stored (id), 1 newest first, 2 oldest first */
    const struct store_filter *also; /* its conditions must hold too (its limit and order
                                        are ignored): an export's selection under a query */
} store_filter;

/* Reads stored articles (filter may be NULL: all, in id order), with their categories
 * and renditions. Field names in the filter must be article fields. */
typedef struct store_iter store_iter;
int store_iter_open(store *st, const store_filter *filter, store_iter **out);
/* *out receives the next article (the caller frees it) or NULL at the end. */
int store_iter_next(store_iter *it, galley_article **out);
void store_iter_close(store_iter *it);

/* Merges another galley database into this one: its articles replace those with the
 * same uid (ids here are kept), with their categories, renditions and processed rows;
 * its runs and errors are added unless already there. Idempotent. *articles (may be
 * NULL) receives the number of articles in src. */
int store_merge(store *st, const char *src_path, size_t *articles);

#endif
