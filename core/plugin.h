/* plugin.h — finds, loads, sandboxes and runs Lua plugins. One runtime is one Lua
 * state with its plugins loaded; it is used by one thread at a time. */
#ifndef GALLEY_PLUGIN_H
#define GALLEY_PLUGIN_H

#include "article.h"
#include "config.h"
#include "store.h"

typedef struct runtime runtime;

typedef struct runtime_limits {
    long long instructions; /* per plugin call on one article; 0: no limit */
    size_t memory;          /* bytes for the whole Lua state; 0: no limit */
} runtime_limits;

#define RUNTIME_DEFAULT_INSTRUCTIONS 2000000000LL
#define RUNTIME_DEFAULT_MEMORY ((size_t)512 << 20)

/* Resolves a plugin name or path to a file path (caller frees). */
int plugin_find(const char *plugin_path, const char *name, char **out, char *err, size_t errsize);

/* Loads the plugins in order, merges their options with the configuration's (cfg may be
 * NULL) and calls each setup(). On failure err names the plugin and the problem. */
int runtime_open(runtime **out, const char *plugin_path, const char *const *names, size_t n,
                 const config *cfg, runtime_limits limits, galley_log_fn on_log, void *ud,
                 char *err, size_t errsize);
void runtime_close(runtime *rt);

/* Loads one plugin (without calling setup) and hands what it declares to fn: its kind,
 * version and description, or kind NULL and the reason it does not load. Returns
 * GALLEY_ENOTFOUND when there is no such plugin, else what fn returned. */
int plugin_describe(const char *plugin_path, const char *name, galley_plugin_fn fn, void *ud);

size_t runtime_count(const runtime *rt);
/* The short Lua traceback of the last failed plugin call, or NULL. */
const char *runtime_traceback(const runtime *rt);
const char *runtime_kind(const runtime *rt, size_t i);
/* What the store records about plugin i (pointers owned by the runtime). */
store_plugin_state runtime_state(const runtime *rt, size_t i);

/* Runs plugin i's process() on the article. *keep is set to 0 when a filter drops it.
 * On a plugin error returns GALLEY_EPLUGIN with "file.lua:LINE: message (article 'SRC')"
 * in err. */
int runtime_process(runtime *rt, size_t i, galley_article *a, int *keep, char *err, size_t errsize);

/* Runs export plugin i over the stored articles of st that match selection (may be
 * NULL: all; it also narrows every ctx:articles query), or over list[0..n) when list is
 * given (st may then be NULL: ctx:articles is not available). output is a file or
 * folder, NULL for standard output. Files are written atomically and left alone when
 * unchanged; from the store, a folder's manifest removes the files an earlier export of
 * the plugin wrote and this one did not (outdir.h). *count receives the number of
 * articles handed out. */
int runtime_export(runtime *rt, size_t i, store *st, const store_filter *selection, galley_article *const *list,
                   size_t n, const char *output, size_t *count, char *err, size_t errsize);

/* Reports an export's progress through fn (done = articles handed out so far, total =
 * total) about five times a second and once at the end. */
void runtime_set_progress(runtime *rt, galley_progress_fn fn, void *ud, size_t total);

/* Calls finish() on every plugin that has one; the first failure is reported, with
 * the index of its plugin in *failed_plugin (may be NULL). */
int runtime_finish(runtime *rt, size_t *failed_plugin, char *err, size_t errsize);
/* The name plugin i was given by. */
const char *runtime_name(const runtime *rt, size_t i);

#endif
