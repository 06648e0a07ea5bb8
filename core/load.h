/* load.h — the loaders: one function per input format, each turning bytes into
 * articles. Loaders know nothing of Lua or SQLite. */
#ifndef GALLEY_LOAD_H
#define GALLEY_LOAD_H

#include "article.h"

/* Inputs larger than this are refused rather than read into memory whole. */
#define LOAD_MAX_BYTES ((size_t)256 << 20)

/* A field mapping for datasets (CSV columns, JSON Lines keys): parsed once from the
 * user's "target=column" lists, read by loaders in any thread. */
typedef struct load_map load_map;

/* What one column fills. LT_UNSET and LT_RESERVED are for load_map_resolve's input. */
typedef enum load_target_kind {
    LT_UNSET = 0, /* to be resolved */
    LT_RESERVED,  /* the caller reads this column itself (JSON's own keys) */
    LT_NONE,
    LT_FIELD, /* field: an article_field */
    LT_TEXT,  /* the body: paragraphs */
    LT_AUTHORS,
    LT_TAGS,
    LT_META /* meta_key */
} load_target_kind;

typedef struct load_target {
    load_target_kind kind;
    int field;
    const char *meta_key; /* points into the map or the column names */
} load_target;

/* Parses specs[0..n), each a comma-separated list of TARGET=COLUMN ("title=headline,
 * text=content"). *out is NULL when n is 0 (the default mapping alone). Returns
 * GALLEY_EUSAGE with err naming an unknown target and listing the valid ones. */
int load_map_parse(const char *const *specs, size_t n, load_map **out, char *err, size_t errsize);
void load_map_free(load_map *m);
/* Fills out[i] (LT_UNSET or LT_RESERVED on entry) for the columns names[0..n): the map
 * (m may be NULL), then columns named like a target, then the common names table,
 * case-insensitively; the rest go to meta under their own name. */
void load_map_resolve(const load_map *m, const char *const *names, size_t n, load_target *out);
/* Puts one cell into the article: trimmed, empty cells skipped; text split into
 * paragraphs, authors and tags on , ; |, published and modified parsed to ISO 8601
 * (the raw text kept in *_raw). 0, or -1 when out of memory. */
int load_target_apply(galley_article *a, const load_target *t, const char *value, size_t len);

/* Where a loader sends what it finds, and where it explains a failure. */
/* Told about one bad record of a file that holds many (a line of JSON Lines): the
 * message names the file and the record; the loader goes on with the next one. */
typedef void (*load_record_error_fn)(void *ud, const char *message);
/* Told what a loader wants the user to know without it being an error (the records a
 * WARC reader skipped, by kind): shown with --verbose. */
typedef void (*load_note_fn)(void *ud, const char *message);

typedef struct load_sink {
    galley_article_fn fn;
    void *ud;
    char *err;      /* message buffer for a failure: "reason" without the file name */
    size_t errsize;
    load_record_error_fn record_error; /* NULL: a bad record fails the whole file */
    const load_map *map; /* the dataset loaders' field mapping; NULL: the defaults */
    load_note_fn note;   /* NULL: notes are dropped */
} load_sink;

/* Every loader has this shape: `source` names the input (a path), data[0..len) is its
 * content (NUL-terminated at data[len]). Returns GALLEY_OK, GALLEY_EFORMAT with
 * sink->err set, GALLEY_ENOMEM, or whatever sink->fn returned to stop. */
typedef int (*loader_fn)(const char *source, const char *data, size_t len, load_sink *sink);

int load_text(const char *source, const char *data, size_t len, load_sink *sink);
int load_jsonl(const char *source, const char *data, size_t len, load_sink *sink);
int load_html(const char *source, const char *data, size_t len, load_sink *sink);
int load_feed(const char *source, const char *data, size_t len, load_sink *sink);
/* 1 when data starts like a feed: <rss>, <feed>, <rdf:RDF>, or a JSON Feed object. */
int feed_sniff(const char *data, size_t len);
int load_csv(const char *source, const char *data, size_t len, load_sink *sink);
int load_tsv(const char *source, const char *data, size_t len, load_sink *sink);
int load_markdown(const char *source, const char *data, size_t len, load_sink *sink);
/* Web archives, plain or gzip (detected by its magic, whatever the name). */
int load_warc(const char *source, const char *data, size_t len, load_sink *sink);
int load_arc(const char *source, const char *data, size_t len, load_sink *sink);
/* "warc" or "arc" when data (or its first gzip member) starts like one, else NULL. */
const char *warc_sniff(const char *data, size_t len);

/* Fills what every article needs once a loader is done with it: source, format,
 * uid (the url when known, else the source) and the content hash; then hands it to
 * the sink. The article is the sink's afterwards, whatever is returned. */
int load_emit(load_sink *sink, galley_article *a, const char *source, const char *format);

/* Writes a message into sink->err; returns GALLEY_EFORMAT. */
int load_fail(load_sink *sink, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Loads data[0..len) (NUL-terminated at len) named `name` with the loader `format`, or
 * the one its name calls for. On failure err holds "name: reason" (empty when the
 * callback stopped the loader). Touches no handle: safe in worker threads. */
int load_memory(const char *name, const char *data, size_t len, const char *format, const load_map *map,
                galley_article_fn fn, void *ud, load_record_error_fn record_error, char *err, size_t errsize);
/* Reads and loads a file, refusing what is not a regular file or is too large. The path
 * "-" is standard input (read to its end, named LOAD_STDIN_NAME). *file_hash (may be
 * NULL) receives the XXH3-64 of its bytes. */
int load_file(const char *path, const char *format, const load_map *map, galley_article_fn fn, void *ud,
              load_record_error_fn record_error, unsigned long long *file_hash, char *err, size_t errsize);
/* load_file with a note callback (given the same ud), for callers that show notes. */
int load_file_noted(const char *path, const char *format, const load_map *map, galley_article_fn fn, void *ud,
                    load_record_error_fn record_error, load_note_fn note, unsigned long long *file_hash, char *err,
                    size_t errsize);

/* What standard input is called in messages and in the articles' source. */
#define LOAD_STDIN_NAME "stdin"

/* An article from one JSON object in the form `galley export --format jsonl` writes
 * (every key optional; "text" gives paragraphs when there are no "blocks"). Other keys
 * go through the field mapping (map may be NULL: the defaults), so datasets with their
 * own key names load too; what no target takes goes to meta. source, format ("jsonl")
 * and uid (url, else source) default when absent; fallback_source is the source then.
 * On failure err says why. */
int article_from_json(const char *text, size_t len, const char *fallback_source, const load_map *map,
                      galley_article **out, char *err, size_t errsize);

/* 1 when a folder walk should hand this file to a loader (a known extension, or none). */
int load_has_loader(const char *path);

#endif
