/* pipeline.c — plugins outside a run: over one article, exports from the store or from
 * given articles, and plugin listings. (Runs are in run.c.) */
#include "internal.h"
#include "date.h"
#include "json.h"
#include "load.h"
#include "plugin.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

runtime_limits galley_limits(const galley *g, int per_article) {
    runtime_limits l = {per_article ? RUNTIME_DEFAULT_INSTRUCTIONS : 0, RUNTIME_DEFAULT_MEMORY};
    if (per_article && g->cfg.instructions) l.instructions = g->cfg.instructions;
    if (g->cfg.memory_mb) l.memory = (size_t)g->cfg.memory_mb << 20;
    return l;
}

int galley_article_process(galley *g, galley_article *a, const char *const *plugins, size_t n,
                           const galley_run_options *opts, int *kept, size_t *failed) {
    galley_run_options defaults = GALLEY_RUN_OPTIONS_INIT;
    if (!opts) opts = &defaults;
    *kept = 1;
    *failed = 0;
    runtime *rt;
    char err[2048];
    runtime_limits limits = galley_limits(g, 1);
    int rc = runtime_open(&rt, g->plugin_path, plugins, n, &g->cfg, limits, opts->on_log, opts->ud, err, sizeof err);
    if (rc != GALLEY_OK) return galley_fail(g, rc, "%s", err);
    for (size_t i = 0; i < n && *kept; i++) {
        if (strcmp(runtime_kind(rt, i), "export") == 0) {
            runtime_close(rt);
            return galley_fail(g, GALLEY_EUSAGE, "%s is an export plugin", plugins[i]);
        }
        if (runtime_process(rt, i, a, kept, err, sizeof err) != GALLEY_OK) {
            (*failed)++;
            galley_error e = {a->field[AF_SOURCE], plugins[i], err, runtime_traceback(rt)};
            if (opts->on_error) opts->on_error(opts->ud, &e);
        }
    }
    size_t which = 0;
    if (runtime_finish(rt, &which, err, sizeof err) != GALLEY_OK) {
        (*failed)++;
        galley_error e = {NULL, runtime_name(rt, which), err, runtime_traceback(rt)};
        if (opts->on_error) opts->on_error(opts->ud, &e);
    }
    runtime_close(rt);
    return GALLEY_OK;
}

/* Opens the plugin, runs its export over the selection (or the list) and its finish(). */
static int export_run(galley *g, const galley_export_options *opts, const store_filter *selection,
                      galley_article *const *list, size_t n, size_t *count) {
    runtime *rt;
    char err[2048];
    runtime_limits limits = galley_limits(g, 0);
    const char *name = opts->plugin;
    int rc = runtime_open(&rt, g->plugin_path, &name, 1, &g->cfg, limits, opts->on_log, opts->ud, err, sizeof err);
    if (rc != GALLEY_OK) return galley_fail(g, rc, "%s", err);
    if (opts->on_progress) {
        /* A selection's size is not known before it is read: total 0 says so. */
        long long total = list ? (long long)n : selection ? 0 : store_count(g->st);
        runtime_set_progress(rt, opts->on_progress, opts->ud, total > 0 ? (size_t)total : 0);
    }
    rc = runtime_export(rt, 0, list ? NULL : g->st, selection, list, n, opts->output, count, err, sizeof err);
    if (rc == GALLEY_OK) rc = runtime_finish(rt, NULL, err, sizeof err);
    if (rc != GALLEY_OK && opts->on_error) {
        galley_error e = {NULL, opts->plugin, err, runtime_traceback(rt)};
        opts->on_error(opts->ud, &e);
    }
    runtime_close(rt);
    return rc == GALLEY_OK ? GALLEY_OK : galley_fail(g, rc, "%s", err);
}

/* The selection of export options (version 2) as a store filter; field names and values
 * point into opts and into `split` (nwhere "field=value" copies, cut at '='). */
static int export_selection(galley *g, const galley_export_options *opts, store_filter *f, const char **fields,
                            const char **values, char **split, char *scheme, size_t scheme_size) {
    memset(f, 0, sizeof *f);
    f->fields = fields;
    f->values = values;
    for (size_t i = 0; i < opts->nwhere; i++) {
        const char *eq = strchr(opts->where[i], '=');
        if (!eq || eq == opts->where[i])
            return galley_fail(g, GALLEY_EUSAGE, "where: '%s' is not FIELD=VALUE", opts->where[i]);
        if (!(split[i] = g_strdup(opts->where[i]))) return galley_fail(g, GALLEY_ENOMEM, "out of memory");
        split[i][eq - opts->where[i]] = '\0';
        if (article_field_index(split[i]) < 0 || strcmp(split[i], "hash") == 0)
            return galley_fail(g, GALLEY_EUSAGE, "where: '%s' is not an article field", split[i]);
        fields[i] = split[i];
        values[i] = split[i] + (eq - opts->where[i]) + 1;
    }
    f->nwhere = opts->nwhere;
    if (opts->category) {
        const char *slash = strchr(opts->category, '/');
        size_t len = slash ? (size_t)(slash - opts->category) : strlen(opts->category);
        if (!len || len >= scheme_size || (slash && !slash[1]))
            return galley_fail(g, GALLEY_EUSAGE, "category: '%s' is not SCHEME/LABEL or SCHEME", opts->category);
        snprintf(scheme, scheme_size, "%.*s", (int)len, opts->category);
        f->scheme = scheme;
        f->label = slash ? slash + 1 : NULL;
    }
    long long start, end;
    if (opts->since && date_span(opts->since, &start, &end) < 0)
        return galley_fail(g, GALLEY_EUSAGE, "since: '%s' is not a date (ISO 8601: 2017, 2017-07-14, "
                                             "2017-07-14T18:00:00Z...)", opts->since);
    if (opts->until && date_span(opts->until, &start, &end) < 0)
        return galley_fail(g, GALLEY_EUSAGE, "until: '%s' is not a date (ISO 8601: 2017, 2017-07-14, "
                                             "2017-07-14T18:00:00Z...)", opts->until);
    f->since = opts->since;
    f->until = opts->until;
    return GALLEY_OK;
}

static void free_split(char **split, size_t n) {
    for (size_t i = 0; split && i < n; i++) free(split[i]);
    free(split);
}

/* Runs the export plugin of opts over the store, or over list[0..n) when list is set. */
static int export_with(galley *g, const galley_export_options *opts, galley_article *const *list, size_t n,
                       size_t *count) {
    if (count) *count = 0;
    if (!opts || opts->version < 1 || opts->version > GALLEY_EXPORT_OPTIONS_VERSION)
        return galley_fail(g, GALLEY_EUSAGE, "galley_export needs galley_export_options (GALLEY_EXPORT_OPTIONS_INIT)");
    if (!opts->plugin) return galley_fail(g, GALLEY_EUSAGE, "galley_export: no export plugin named");
    if (!list && !g->st)
        return galley_fail(g, GALLEY_EUSAGE, "galley_export needs a database: open the handle with db_path");
    store_filter selection;
    const store_filter *sel = NULL;
    size_t nwhere = opts->version >= 2 ? opts->nwhere : 0;
    const char **fields = calloc(nwhere + 1, sizeof *fields), **values = calloc(nwhere + 1, sizeof *values);
    char **split = calloc(nwhere + 1, sizeof *split);
    char scheme[256];
    int rc = fields && values && split ? GALLEY_OK : galley_fail(g, GALLEY_ENOMEM, "out of memory");
    if (rc == GALLEY_OK && opts->version >= 2 && (nwhere || opts->category || opts->since || opts->until)) {
        if (list) rc = galley_fail(g, GALLEY_EUSAGE, "an export of given articles takes no selection");
        else rc = export_selection(g, opts, &selection, fields, values, split, scheme, sizeof scheme);
        sel = &selection;
    }
    if (rc == GALLEY_OK) rc = export_run(g, opts, sel, list, n, count);
    free(fields);
    free(values);
    free_split(split, nwhere);
    return rc;
}

int galley_export(galley *g, const galley_export_options *opts, size_t *count) {
    return export_with(g, opts, NULL, 0, count);
}

int galley_export_articles(galley *g, const galley_export_options *opts, galley_article *const *articles,
                           size_t n, size_t *count) {
    static galley_article *const none[1] = {NULL};
    return export_with(g, opts, n ? articles : none, n, count);
}

int galley_plugin_find(galley *g, const char *name, char **out) {
    char err[1024];
    int rc = plugin_find(g->plugin_path, name, out, err, sizeof err);
    return rc == GALLEY_OK ? GALLEY_OK : galley_fail(g, rc, "%s", err);
}

int galley_plugin_describe(galley *g, const char *name, galley_plugin_fn fn, void *ud) {
    int rc = plugin_describe(g->plugin_path, name, fn, ud);
    if (rc == GALLEY_ENOTFOUND) {
        char *path;
        return galley_plugin_find(g, name, &path); /* sets the message: where it looked */
    }
    return rc == GALLEY_ENOMEM ? galley_fail(g, rc, "out of memory") : rc;
}

static const char *const plugin_kinds[] = {"format", "categorize", "filter", "export"};

int galley_plugins(galley *g, galley_plugin_fn fn, void *ud) {
    strlist seen = {0};
    int rc = GALLEY_OK;
    for (const char *p = g->plugin_path; p && *p && rc == GALLEY_OK;) {
        size_t len = strcspn(p, ":");
        for (size_t k = 0; k < sizeof plugin_kinds / sizeof *plugin_kinds && rc == GALLEY_OK; k++) {
            gbuf dir = GBUF_INIT;
            gbuf_append(&dir, p, len);
            gbuf_printf(&dir, "/%s", plugin_kinds[k]);
            DIR *d = dir.failed ? NULL : opendir(dir.data);
            gbuf_free(&dir);
            if (!d) continue;
            strlist names = {0};
            struct dirent *e;
            while ((e = readdir(d)) != NULL) {
                size_t n = strlen(e->d_name);
                if (e->d_name[0] == '.' || n < 5 || strcmp(e->d_name + n - 4, ".lua") != 0) continue;
                gbuf name = GBUF_INIT;
                gbuf_printf(&name, "%s/%.*s", plugin_kinds[k], (int)(n - 4), e->d_name);
                if (name.failed || strlist_push(&names, name.data) < 0) rc = GALLEY_ENOMEM;
                gbuf_free(&name);
            }
            closedir(d);
            if (names.n) qsort(names.v, names.n, sizeof *names.v, strptr_cmp);
            for (size_t i = 0; i < names.n && rc == GALLEY_OK; i++) {
                int dup = 0;
                for (size_t j = 0; j < seen.n && !dup; j++) dup = strcmp(seen.v[j], names.v[i]) == 0;
                if (dup) continue;
                if (strlist_push(&seen, names.v[i]) < 0) rc = GALLEY_ENOMEM;
                else rc = plugin_describe(g->plugin_path, names.v[i], fn, ud);
            }
            strlist_clear(&names);
        }
        p += len;
        if (*p == ':') p++;
    }
    strlist_clear(&seen);
    return rc == GALLEY_ENOMEM ? galley_fail(g, rc, "out of memory") : rc;
}

int galley_merge(galley *g, const char *const *inputs, size_t n, size_t *articles) {
    if (articles) *articles = 0;
    if (!g->st) return galley_fail(g, GALLEY_EUSAGE, "galley_merge needs a database: open the handle with db_path");
    for (size_t i = 0; i < n; i++) {
        size_t count = 0;
        char real[PATH_MAX];
        if (realpath(inputs[i], real) && strcmp(store_filename(g->st), real) == 0)
            return galley_fail(g, GALLEY_EUSAGE, "%s: cannot merge a database into itself", inputs[i]);
        int rc = store_merge(g->st, inputs[i], &count);
        if (rc != GALLEY_OK) return galley_fail(g, rc, "%s", store_errmsg(g->st));
        if (articles) *articles += count;
    }
    return GALLEY_OK;
}
