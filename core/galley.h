/* galley.h — the one public header of the galley library: load articles, run Lua
 * plugins over them, keep the results in SQLite.
 *
 * Conventions
 * - Every function that can fail returns an int: GALLEY_OK (0) or a negative
 *   GALLEY_E... code. The message of the last failure on a handle is galley_errmsg(g).
 * - The library never prints and never exits.
 * - Ownership is written above each function. Strings returned as `const char *`
 *   belong to the object they came from and live as long as it does (or until the
 *   next call that changes that field). Strings returned as `char *` are the caller's
 *   and are released with galley_free().
 * - Threading: a `galley` handle and the articles it produced are used by one thread
 *   at a time. Several handles may live in one process and in several threads; there
 *   is no global state.
 * - Options structs carry a `version` field; initialise them with their _INIT macro so
 *   the ABI can grow.
 */
#ifndef GALLEY_H
#define GALLEY_H

#include <signal.h>
#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Only the functions declared here are exported from libgalley.so. */
#if defined(__GNUC__)
#define GALLEY_API __attribute__((visibility("default")))
#else
#define GALLEY_API
#endif

#define GALLEY_VERSION "0.1.0"
#define GALLEY_VERSION_NUMBER 100 /* major*10000 + minor*100 + patch */

/* Status codes. */
enum {
    GALLEY_OK = 0,
    GALLEY_ERROR = -1,    /* generic failure; see galley_errmsg() */
    GALLEY_ENOMEM = -2,   /* out of memory */
    GALLEY_EIO = -3,      /* a file could not be read or written */
    GALLEY_EFORMAT = -4,  /* the input is not in a format galley can load */
    GALLEY_EPLUGIN = -5,  /* a plugin could not be found, loaded or run */
    GALLEY_ESTORE = -6,   /* the database could not be opened, read or written */
    GALLEY_EUSAGE = -7,   /* an argument or option is invalid */
    GALLEY_ENOTFOUND = -8, /* a named thing does not exist */
    GALLEY_EINTERRUPTED = -9 /* a run was cancelled; what was committed stays */
};

typedef struct galley galley;                 /* a library handle: store, plugins, errors */
typedef struct galley_article galley_article; /* one article */

/* ---- handle ---------------------------------------------------------------- */

typedef struct galley_options {
    int version;             /* GALLEY_OPTIONS_VERSION */
    const char *db_path;     /* SQLite file to open or create; NULL: the config's `db`,
                                else no store */
    const char *plugin_path; /* ':'-separated folders holding <kind>/<name>.lua;
                                NULL: the installed plugin folder */
    int read_only;           /* open the store read-only (export, queries) */
    const char *config_path; /* a galley.lua giving db, inputs and plugins with their
                                options; NULL: none */
    const char *db_default;  /* the database when neither db_path nor the config names
                                one; NULL: no store then */
} galley_options;

#define GALLEY_OPTIONS_VERSION 1
#define GALLEY_OPTIONS_INIT {GALLEY_OPTIONS_VERSION, NULL, NULL, 0, NULL, NULL}

/* Opens a handle: reads the configuration (if any), then opens the store (if any).
 * On success *out is a new handle the caller frees with
 * galley_close(). On failure *out is still set (unless it is GALLEY_ENOMEM) so that
 * galley_errmsg(*out) can explain; close it all the same. */
GALLEY_API int galley_open(galley **out, const galley_options *opts);

/* Closes the store, frees plugins and every resource of the handle. NULL is a no-op. */
GALLEY_API void galley_close(galley *g);

/* The message of the last failure on this handle, "" if none. Owned by the handle,
 * valid until the next call on it. */
GALLEY_API const char *galley_errmsg(const galley *g);

/* Frees memory the library handed to the caller as `char *`. */
GALLEY_API void galley_free(void *p);

/* The folder of bundled plugins this library was built to find once installed. */
GALLEY_API const char *galley_default_plugin_dir(void);

/* ---- articles -------------------------------------------------------------- */

typedef enum galley_block_type {
    GALLEY_BLOCK_PARAGRAPH = 0,
    GALLEY_BLOCK_HEADING,
    GALLEY_BLOCK_LIST_ITEM,
    GALLEY_BLOCK_QUOTE,
    GALLEY_BLOCK_CODE,
    GALLEY_BLOCK_IMAGE,
    GALLEY_BLOCK_TABLE_ROW
} galley_block_type;

/* A body block as seen from outside. Strings belong to the article. */
typedef struct galley_block {
    galley_block_type type;
    int level;        /* heading level 1-6, list nesting depth from 1; 0 otherwise */
    const char *text; /* the block's text (an image's caption), never NULL */
    const char *url;  /* image source or link target, NULL if none */
    const char *alt;  /* image alternative text, NULL if none */
} galley_block;

/* Called once per article a loader finds in a file. The callback takes ownership of
 * the article (free it with galley_article_free()). Return GALLEY_OK to go on, any
 * other value to stop loading; galley_load() then returns that value. */
typedef int (*galley_article_fn)(void *ud, galley_article *a);

/* Loads every article of one file. `format` names the loader ("text"), or NULL to
 * choose from the extension and content. Returns GALLEY_EIO when the file cannot be
 * read, GALLEY_EFORMAT when it holds no article (empty, binary, unknown format, not a
 * regular file, larger than 256 MiB); the message names the file and the reason. */
GALLEY_API int galley_load(galley *g, const char *path, const char *format, galley_article_fn fn,
                void *ud);

/* Loads one article from memory; `name` is used as its source and uid. */
GALLEY_API int galley_load_buffer(galley *g, const char *name, const void *data, size_t len,
                       const char *format, galley_article_fn fn, void *ud);

/* A new empty article; NULL when out of memory. */
GALLEY_API galley_article *galley_article_new(void);
GALLEY_API void galley_article_free(galley_article *a);

/* Text fields by name: uid source format url title subtitle site_name section
 * published published_raw modified modified_raw lang description image.
 * get returns NULL when unset or unknown; set copies value (NULL clears) and returns
 * GALLEY_EUSAGE for an unknown name. */
GALLEY_API const char *galley_article_get(const galley_article *a, const char *field);
GALLEY_API int galley_article_set(galley_article *a, const char *field, const char *value);

GALLEY_API size_t galley_article_block_count(const galley_article *a);
GALLEY_API int galley_article_block(const galley_article *a, size_t i, galley_block *out);
GALLEY_API int galley_article_add_block(galley_article *a, galley_block_type type, int level,
                             const char *text);

/* The rendition a format plugin made ("markdown"), or NULL. Owned by the article. */
GALLEY_API const char *galley_article_rendition(const galley_article *a, const char *format);

/* Categories plugins gave the article. Strings belong to the article. */
typedef struct galley_category {
    const char *scheme; /* "topic", "place", ... */
    const char *label;
    double score;       /* in [0, 1] */
    const char *plugin; /* the plugin that gave it, or NULL */
} galley_category;

GALLEY_API size_t galley_article_category_count(const galley_article *a);
GALLEY_API int galley_article_category(const galley_article *a, size_t i, galley_category *out);

/* The plain text of the body: blocks joined by blank lines. Caller frees. */
GALLEY_API char *galley_article_text(const galley_article *a);

/* The content hash (16 hex digits) over every loaded field and block: the article
 * changed since a run exactly when this changed. Owned by the article. */
GALLEY_API const char *galley_article_hash(galley_article *a);

/* The article as one JSON object (the keys of `galley export --format jsonl`),
 * without a trailing newline. Caller frees. NULL when out of memory. */
GALLEY_API char *galley_article_to_json(const galley_article *a);

/* ---- runs ------------------------------------------------------------------- */

/* One failure during a run: a file that did not load, a plugin that failed on an
 * article. Strings live until the callback returns. */
typedef struct galley_error {
    const char *source;    /* the input file, or NULL */
    const char *plugin;    /* the plugin's name, or NULL for a loader's error */
    const char *message;   /* one line; for plugins "file.lua:LINE: what (article 'SRC')" */
    const char *traceback; /* the Lua frames, one "file.lua:LINE: in function 'f'" a
                              line, innermost first; NULL when there are none */
} galley_error;

/* Called for every failure during a run or export. */
typedef void (*galley_error_fn)(void *ud, const galley_error *e);

/* Called for every message a plugin logs with ctx:log(level, ...) or print(). level is
 * one of "debug", "info", "warn", "error"; source is the article being processed or
 * NULL. During galley_run it is called from the worker threads, one call at a time. */
typedef void (*galley_log_fn)(void *ud, const char *level, const char *plugin, const char *source,
                              const char *message);

/* How galley_load_with loads a file. */
typedef struct galley_load_options {
    int version;                  /* GALLEY_LOAD_OPTIONS_VERSION */
    const char *format;           /* the loader ("csv"), NULL: choose from the name */
    const char *const *field_map; /* datasets (CSV, TSV, JSON Lines): entries that are
                                     comma-separated TARGET=COLUMN lists ("title=headline,
                                     text=content"); the columns not named go by the
                                     default table of common names (README.md) */
    size_t nfield_map;
    galley_error_fn on_error;     /* a bad record of a file of
                                     many (a CSV row): reported here with the file and
                                     line, and loading goes on; NULL: it fails the file */
    void *ud;                     /* passed to on_error and on_log */
    /* version 2 */
    galley_log_fn on_log;         /* a loader's notes, level "info", plugin "load" (what
                                     a WARC reader skipped); NULL: dropped */
} galley_load_options;

#define GALLEY_LOAD_OPTIONS_VERSION 2
#define GALLEY_LOAD_OPTIONS_INIT {GALLEY_LOAD_OPTIONS_VERSION, NULL, NULL, 0, NULL, NULL, NULL}

/* galley_load with options (opts may be NULL: as galley_load(g, path, NULL, ...)). An
 * unknown field map target is GALLEY_EUSAGE, its message listing the valid ones. */
GALLEY_API int galley_load_with(galley *g, const char *path, const galley_load_options *opts,
                                galley_article_fn fn, void *ud);


/* Where a run is: articles written so far, inputs (files) done and found. */
typedef struct galley_progress {
    size_t done;      /* inputs (files) finished */
    size_t total;     /* inputs found so far */
    int total_known;  /* 1 once every folder has been walked */
    size_t articles;  /* articles stored, skipped or filtered so far */
    size_t failed;
    double seconds;
    int final;        /* 1 for the last call of a run */
} galley_progress;

/* Called by galley_run on the calling thread, at most about five times a second and
 * once at the end. */
typedef void (*galley_progress_fn)(void *ud, const galley_progress *p);

typedef struct galley_run_options {
    int version;                 /* GALLEY_RUN_OPTIONS_VERSION */
    const char *const *plugins;  /* plugin names or paths, run in this order; none: the
                                    config's list, else format/markdown and
                                    categorize/keywords */
    size_t nplugins;
    const char *input_format;    /* force a loader, NULL: detect */
    galley_error_fn on_error;    /* may be NULL */
    galley_log_fn on_log;        /* may be NULL */
    void *ud;                    /* passed to on_error and on_log */
    size_t batch_size;           /* articles per transaction; 0: 256 */
    int fail_fast;               /* stop at the first failure (what was done is kept) */
    int jobs;                    /* worker threads, each with its own Lua state; 0: the
                                    config's `jobs`, else the number of processors */
    const volatile sig_atomic_t *cancel; /* when it becomes non-zero (e.g. from a signal
                                    handler) the run commits what is done and returns
                                    GALLEY_EINTERRUPTED; may be NULL */
    galley_progress_fn on_progress; /* may be NULL */
    int shard, shards;           /* with shards > 1: process only the files of partition
                                    `shard` (1..shards), chosen by a hash of each file's
                                    path, so N runs with 1/N..N/N cover every file once */
    FILE *jsonl_in;              /* read articles from here, one JSON object a line (the
                                    form of `galley export --format jsonl`), instead of
                                    inputs; a bad line fails that line only */
    FILE *jsonl_out;             /* write the processed articles here, one JSON object a
                                    line in input order, instead of storing them: no
                                    database is needed or touched */
    /* version 2 */
    const char *const *field_map; /* as galley_load_options.field_map: which CSV column
                                    or JSON Lines key fills which field; an unknown
                                    target makes galley_run return GALLEY_EUSAGE */
    size_t nfield_map;
} galley_run_options;

#define GALLEY_RUN_OPTIONS_VERSION 2
#define GALLEY_RUN_OPTIONS_INIT                                                                                 \
    {GALLEY_RUN_OPTIONS_VERSION, NULL, 0, NULL, NULL, NULL, NULL, 0, 0, 0, NULL, NULL, 0, 0, NULL, NULL, NULL, 0}

/* What one plugin did during a run. */
typedef struct galley_plugin_stats {
    const char *name;   /* as the plugin was named */
    size_t processed;   /* articles it ran on */
    size_t failed;      /* articles it failed on */
    double seconds;     /* time spent in it */
} galley_plugin_stats;

typedef struct galley_run_stats {
    size_t loaded;        /* articles stored (new or changed) with every plugin done */
    size_t skipped;       /* articles unchanged since a previous run */
    size_t filtered;      /* articles a filter plugin dropped */
    size_t failed;        /* inputs that did not load, and articles a plugin failed on
                             (stored with what the other plugins made) */
    double seconds;
    int stopped;          /* 1 when fail_fast stopped the run at a failure */
    const galley_plugin_stats *plugins; /* one per plugin, in run order; owned by the
                                           handle, valid until its next run or close */
    size_t nplugins;
} galley_run_stats;

/* Loads every input (files, folders walked recursively), runs the plugins over each
 * new or changed article and stores the results. Files are loaded and processed by
 * `jobs` worker threads; the calling thread writes, in input order, so the database
 * holds the same content (ids included) whatever the number of jobs. Every plugin's
 * setup() and finish() run once per worker. Returns GALLEY_OK when the run went
 * through, even if some inputs or plugins failed (they are counted in stats, reported
 * to on_error and recorded in the store's `errors` table); a negative code when the
 * run could not go on (no store, a plugin that does not load, a database error). */
GALLEY_API int galley_run(galley *g, const char *const *inputs, size_t ninputs,
               const galley_run_options *opts, galley_run_stats *stats);

/* The inputs the configuration lists (galley_options.config_path), to use when the
 * caller has none. Owned by the handle; *n receives the count. */
GALLEY_API const char *const *galley_config_inputs(const galley *g, size_t *n);

/* Runs plugins (format, categorize, filter) over one article without a store, as a
 * run would. Plugin failures are reported to opts->on_error (opts may be NULL) and
 * counted in *failed; *kept is 0 when a filter dropped the article. Returns a negative
 * code when the plugins cannot be loaded. */
GALLEY_API int galley_article_process(galley *g, galley_article *a, const char *const *plugins, size_t n,
                           const galley_run_options *opts, int *kept, size_t *failed);

/* Gives an article whose source declares no lang the language of its text, as a run
 * does before its plugins (ISO 639-1 code, "und" when unsure; meta lang_confidence).
 * A declared lang is left alone. Returns GALLEY_OK, GALLEY_EIO when libexttextcat's
 * data cannot be read (galley_errmsg says where), GALLEY_ENOMEM. The handle keeps the
 * detector: one thread at a time per handle. */
GALLEY_API int galley_article_detect_lang(galley *g, galley_article *a);

/* Merges the galley databases `inputs` into the handle's database, in order: an
 * article of a later input replaces one with the same uid (its id here is kept), with
 * its categories, renditions and processed rows; runs and errors are added unless
 * already there. Merging the same input again changes nothing. Each input is merged in
 * one transaction. *articles (may be NULL) receives the number of articles read. */
GALLEY_API int galley_merge(galley *g, const char *const *inputs, size_t n, size_t *articles);

/* ---- export ------------------------------------------------------------------ */

typedef struct galley_export_options {
    int version;            /* GALLEY_EXPORT_OPTIONS_VERSION */
    const char *plugin;     /* export plugin name or path (e.g. "export/jsonl") */
    const char *output;     /* output file or folder; NULL: standard output */
    galley_error_fn on_error;
    galley_log_fn on_log;
    void *ud;
    galley_progress_fn on_progress; /* articles handed to the plugin so far (done) of the
                                       stored ones (total); may be NULL */
    /* Version 2: the selection. Only the articles that match all of these are exported,
     * through the plugin's `articles` and its ctx:articles queries alike. */
    const char *const *where; /* nwhere "field=value" strings: the field equals the value */
    size_t nwhere;
    const char *category;     /* "scheme/label", or "scheme" for any label of it; NULL: any */
    const char *since, *until; /* ISO 8601 at any precision ("2017", "2017-07-14T18:00+03:00"),
                                  inclusive: the article's date (published, else modified)
                                  meets the span; articles without a date never match */
} galley_export_options;

#define GALLEY_EXPORT_OPTIONS_VERSION 2
#define GALLEY_EXPORT_OPTIONS_INIT \
    {GALLEY_EXPORT_OPTIONS_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL}

/* Runs an export plugin over the stored articles of the selection (its options come
 * from the configuration when it lists the plugin). Files written into an output folder
 * are atomic (a temporary file renamed), left untouched when their bytes did not change,
 * and the folder's manifest (.galley-export.json) lets the next export of the same
 * plugin remove the files it no longer writes. *count (may be NULL) receives the
 * number of articles the plugin was given. */
GALLEY_API int galley_export(galley *g, const galley_export_options *opts, size_t *count);

/* Runs an export plugin over the given articles instead of the store (for testing a
 * plugin on files: `galley plugin test`). The articles stay the caller's. */
GALLEY_API int galley_export_articles(galley *g, const galley_export_options *opts, galley_article *const *articles,
                           size_t n, size_t *count);

/* ---- plugins ----------------------------------------------------------------- */

/* Resolves a plugin name ("format/markdown") or path to the file that would be run.
 * Caller frees *out. */
GALLEY_API int galley_plugin_find(galley *g, const char *name, char **out);

/* What a plugin file declares. Strings live until the callback returns. */
typedef struct galley_plugin_info {
    const char *name;        /* "format/markdown" (or the path, for a file) */
    const char *path;        /* the file */
    const char *kind;        /* NULL when the plugin does not load */
    const char *version;
    const char *description; /* the plugin's, or why it does not load */
} galley_plugin_info;

typedef int (*galley_plugin_fn)(void *ud, const galley_plugin_info *info);

/* Calls fn for every plugin in the plugin path (<folder>/<kind>/<name>.lua, kinds
 * format, categorize, filter, export), in name order; a name found in two folders is
 * listed once, from the first. A plugin that does not load is listed with kind NULL
 * and the reason as description. fn returns GALLEY_OK to go on. */
GALLEY_API int galley_plugins(galley *g, galley_plugin_fn fn, void *ud);

/* The declaration of one plugin, by name or path. */
GALLEY_API int galley_plugin_describe(galley *g, const char *name, galley_plugin_fn fn, void *ud);

/* ---- trained classifiers ---------------------------------------------------------- */

/* A text classifier trained on labelled texts (docs/categorization.md, "Training a
 * categorizer"): hashed unigrams and bigrams of the case-folded words, TF-IDF weights,
 * and logistic regression or multinomial naive Bayes. A model is read-only once made
 * and may be used from several threads at once. */
typedef struct galley_model galley_model;

typedef struct galley_train_options {
    int version;           /* GALLEY_TRAIN_OPTIONS_VERSION */
    const char *scheme;    /* the category scheme the labels belong to; NULL: "topic" */
    const char *algorithm; /* "logreg" (default) or "nb" */
    int bits;              /* feature hash buckets: 2^bits, 12..22; 0: 20 */
    int epochs;            /* logreg passes over the data; 0: 30 */
    double l2;             /* logreg L2 penalty; 0: 1e-6. nb: the smoothing, 0: 0.02 */
    int min_df;            /* features in fewer training texts are dropped; 0: 2 */
} galley_train_options;

#define GALLEY_TRAIN_OPTIONS_VERSION 1
#define GALLEY_TRAIN_OPTIONS_INIT {GALLEY_TRAIN_OPTIONS_VERSION, NULL, NULL, 0, 0, 0, 0}

/* Trains a model on n texts and their labels (at least two distinct labels, none
 * empty). Texts that are not valid UTF-8 are read with U+FFFD for the bad bytes.
 * *out receives the model (free with galley_model_free). */
GALLEY_API int galley_train(galley *g, const char *const *texts, const char *const *labels, size_t n,
                            const galley_train_options *opts, galley_model **out);

/* Writes a model file (format in docs/categorization.md) / reads and validates one: a
 * truncated, corrupt or hostile file gives GALLEY_EFORMAT with the reason. */
GALLEY_API int galley_model_save(galley *g, const galley_model *m, const char *path);
GALLEY_API int galley_model_load(galley *g, const char *path, galley_model **out);
GALLEY_API void galley_model_free(galley_model *m);

/* What a model is. Strings belong to the model. The checksum (16 hex digits) changes
 * whenever the model file's content does. */
GALLEY_API const char *galley_model_scheme(const galley_model *m);
GALLEY_API const char *galley_model_algorithm(const galley_model *m);
GALLEY_API const char *galley_model_checksum(const galley_model *m);
GALLEY_API size_t galley_model_label_count(const galley_model *m);
GALLEY_API const char *galley_model_label(const galley_model *m, size_t i);

/* The probability of every label for text[0..len): probs (room for
 * galley_model_label_count values) receives numbers in [0, 1] summing to 1. */
GALLEY_API int galley_classify(const galley_model *m, const char *text, size_t len, double *probs);

#ifdef __cplusplus
}
#endif
#endif
