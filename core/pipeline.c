/* pipeline.c — a run: walk the inputs, load, skip what is unchanged, run the plugins,
 * store in batched transactions; and exports from the store. */
#include "internal.h"
#include "json.h"
#include "load.h"
#include "plugin.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static const char *const default_plugins[] = {"format/markdown", "categorize/keywords"};

/* The plugin limits: the configuration's, else the defaults. */
static runtime_limits limits_of(const galley *g, int per_article) {
    runtime_limits l = {per_article ? RUNTIME_DEFAULT_INSTRUCTIONS : 0, RUNTIME_DEFAULT_MEMORY};
    if (per_article && g->cfg.instructions) l.instructions = g->cfg.instructions;
    if (g->cfg.memory_mb) l.memory = (size_t)g->cfg.memory_mb << 20;
    return l;
}

typedef struct run {
    galley *g;
    const galley_run_options *opts;
    runtime *rt;
    store_plugin_state *states;
    int *ok;
    size_t nplugins;
    long long run_id;
    size_t in_batch, batch_size;
    galley_run_stats *stats;
    galley_plugin_stats *pstats; /* the handle's, one per plugin */
    int fatal;   /* a store error: the run stops */
    int stop;    /* fail_fast met a failure: the run ends after storing what was done */
} run;

/* A code loaders pass back up when fail_fast stops the run (not an error). */
#define RUN_STOPPED 1

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Reports a failure to the caller and records it in the store. */
static void report(run *r, const char *source, const char *plugin, const char *message, const char *traceback) {
    galley_error e = {source, plugin, message, traceback};
    if (r->opts->on_error) r->opts->on_error(r->opts->ud, &e);
    if (store_add_error(r->g->st, r->run_id, source, plugin, message, traceback) != GALLEY_OK) r->fatal = 1;
    if (r->opts->fail_fast) r->stop = 1;
}

/* Commits the batch when it is full, and starts the next. */
static int batch_step(run *r) {
    if (++r->in_batch < r->batch_size) return GALLEY_OK;
    r->in_batch = 0;
    if (store_commit(r->g->st) != GALLEY_OK || store_begin(r->g->st) != GALLEY_OK) return GALLEY_ESTORE;
    return GALLEY_OK;
}

/* The loader hands every article here. */
static int on_article(void *ud, galley_article *a) {
    run *r = ud;
    store *st = r->g->st;
    int rc = store_is_current(st, a->field[AF_UID], galley_article_hash(a), r->states, r->nplugins);
    if (rc < 0) goto fatal;
    if (rc == 1) {
        r->stats->skipped++;
        galley_article_free(a);
        return GALLEY_OK;
    }
    int failed = 0, keep = 1;
    for (size_t i = 0; i < r->nplugins; i++) {
        char err[2048];
        r->ok[i] = 0;
        if (!keep || r->stop) continue;
        double t0 = now();
        rc = runtime_process(r->rt, i, a, &keep, err, sizeof err);
        r->pstats[i].seconds += now() - t0;
        r->pstats[i].processed++;
        if (rc == GALLEY_OK) {
            r->ok[i] = 1;
        } else {
            failed = 1;
            r->pstats[i].failed++;
            report(r, a->field[AF_SOURCE], r->states[i].name, err, runtime_traceback(r->rt));
        }
    }
    if (!keep) {
        r->stats->filtered++;
        galley_article_free(a);
        return r->fatal ? GALLEY_ESTORE : r->stop ? RUN_STOPPED : GALLEY_OK;
    }
    rc = store_put_article(st, a, r->run_id, r->states, r->ok, r->nplugins);
    galley_article_free(a);
    if (rc != GALLEY_OK || r->fatal) goto fatal;
    if (failed) r->stats->failed++;
    else r->stats->loaded++;
    if (batch_step(r) != GALLEY_OK) goto fatal;
    return r->stop ? RUN_STOPPED : GALLEY_OK;
fatal:
    r->fatal = 1;
    return GALLEY_ESTORE;
}

/* Paths as the user typed them, tidied so that "./a//b.txt" and "a/b.txt" are one uid. */
static char *tidy_path(const char *path) {
    while (path[0] == '.' && path[1] == '/') {
        path += 2;
        while (*path == '/') path++;
    }
    char *out = g_strdup(*path ? path : ".");
    if (!out) return NULL;
    char *w = out;
    for (const char *p = out; *p; p++)
        if (!(*p == '/' && p[1] == '/')) *w++ = *p;
    *w = '\0';
    size_t n = strlen(out);
    while (n > 1 && out[n - 1] == '/') out[--n] = '\0';
    return out;
}

static int name_cmp(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Files a folder walk leaves alone: hidden ones, expected results beside fixtures
 * ("x.expected.json"), and files no loader takes. */
static int walk_skips(const char *name, int is_dir) {
    if (name[0] == '.') return 1;
    if (is_dir) return 0;
    if (strstr(name, ".expected.")) return 1;
    return !load_has_loader(name);
}

/* The folders a walk is inside, innermost first: a folder met again below itself
 * (through a symbolic link) is a cycle and is not walked twice. */
typedef struct walk_dir {
    dev_t dev;
    ino_t ino;
    const struct walk_dir *up;
} walk_dir;

static int process_path(run *r, const char *path, int top, const walk_dir *up);

static int process_dir(run *r, const char *path, const walk_dir *here) {
    DIR *d = opendir(path);
    if (!d) {
        char msg[1024];
        snprintf(msg, sizeof msg, "%s: cannot open folder: %s", path, strerror(errno));
        r->stats->failed++;
        report(r, path, NULL, msg, NULL);
        return r->fatal ? GALLEY_ESTORE : GALLEY_OK;
    }
    strlist names = {0};
    struct dirent *e;
    int rc = GALLEY_OK;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        if (strlist_push(&names, e->d_name) < 0) {
            rc = GALLEY_ENOMEM;
            break;
        }
    }
    closedir(d);
    /* Sorted, so that a run visits files in the same order everywhere. */
    if (names.n) qsort(names.v, names.n, sizeof *names.v, name_cmp);
    for (size_t i = 0; i < names.n && rc == GALLEY_OK && !r->stop; i++) {
        gbuf child = GBUF_INIT;
        if (strcmp(path, ".") == 0) gbuf_puts(&child, names.v[i]);
        else gbuf_printf(&child, "%s/%s", strcmp(path, "/") == 0 ? "" : path, names.v[i]);
        if (child.failed) {
            rc = GALLEY_ENOMEM;
            break;
        }
        rc = process_path(r, child.data, 0, here);
        gbuf_free(&child);
    }
    strlist_clear(&names);
    return rc;
}

static int process_path(run *r, const char *path, int top, const walk_dir *up) {
    struct stat st;
    if (stat(path, &st) != 0) {
        char msg[1024];
        snprintf(msg, sizeof msg, "%s: %s", path, errno == ENOENT ? "no such file or folder" : strerror(errno));
        r->stats->failed++;
        report(r, path, NULL, msg, NULL);
        return r->fatal ? GALLEY_ESTORE : GALLEY_OK;
    }
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (S_ISDIR(st.st_mode)) {
        if (!top && walk_skips(base, 1)) return GALLEY_OK;
        for (const walk_dir *w = up; w; w = w->up)
            if (w->dev == st.st_dev && w->ino == st.st_ino) return GALLEY_OK;
        walk_dir here = {st.st_dev, st.st_ino, up};
        return process_dir(r, path, &here);
    }
    if (!top && (walk_skips(base, 0) || !S_ISREG(st.st_mode))) return GALLEY_OK;
    int rc = galley_load(r->g, path, r->opts->input_format, on_article, r);
    if (r->fatal) return GALLEY_ESTORE;
    if (rc == GALLEY_ENOMEM) return rc;
    if (rc != GALLEY_OK && rc != RUN_STOPPED) {
        r->stats->failed++;
        report(r, path, NULL, galley_errmsg(r->g), NULL);
        if (r->fatal) return GALLEY_ESTORE;
    }
    return GALLEY_OK;
}

/* The plugin list of a run: the caller's, else the configuration's, else the defaults. */
static const char *const *run_plugins(galley *g, const galley_run_options *o, size_t *n, const char ***owned) {
    *owned = NULL;
    if (o->nplugins) {
        *n = o->nplugins;
        return o->plugins;
    }
    if (g->cfg.has_plugins) {
        const char **names = calloc(g->cfg.nplugins ? g->cfg.nplugins : 1, sizeof *names);
        if (!names) return NULL;
        for (size_t i = 0; i < g->cfg.nplugins; i++) names[i] = g->cfg.plugins[i].name;
        *owned = names;
        *n = g->cfg.nplugins;
        return names;
    }
    *n = sizeof default_plugins / sizeof *default_plugins;
    return default_plugins;
}

static char *args_json(const char *const *inputs, size_t n, const char *const *plugins, size_t np) {
    gbuf b = GBUF_INIT;
    gbuf_puts(&b, "{\"inputs\":[");
    for (size_t i = 0; i < n; i++) {
        if (i) gbuf_putc(&b, ',');
        json_put_string(&b, inputs[i]);
    }
    gbuf_puts(&b, "],\"plugins\":[");
    for (size_t i = 0; i < np; i++) {
        if (i) gbuf_putc(&b, ',');
        json_put_string(&b, plugins[i]);
    }
    gbuf_puts(&b, "]}");
    return gbuf_take(&b);
}

/* Makes the handle's per-plugin counters fresh for a run with these plugins. */
static int plugin_stats_reset(galley *g, const char *const *names, size_t n) {
    galley_plugin_stats_free(g);
    g->pstats = calloc(n ? n : 1, sizeof *g->pstats);
    if (!g->pstats) return GALLEY_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        g->pstats[i].name = g_strdup(names[i]);
        g->npstats = i + 1;
        if (!g->pstats[i].name) return GALLEY_ENOMEM;
    }
    return GALLEY_OK;
}

int galley_run(galley *g, const char *const *inputs, size_t ninputs, const galley_run_options *opts,
               galley_run_stats *stats) {
    galley_run_options defaults = GALLEY_RUN_OPTIONS_INIT;
    galley_run_stats local;
    if (!opts) opts = &defaults;
    if (!stats) stats = &local;
    memset(stats, 0, sizeof *stats);
    double t0 = now();
    if (opts->version < 1 || opts->version > GALLEY_RUN_OPTIONS_VERSION)
        return galley_fail(g, GALLEY_EUSAGE, "galley_run_options.version %d is not supported", opts->version);
    if (!g->st) return galley_fail(g, GALLEY_EUSAGE, "galley_run needs a database: open the handle with db_path");
    if (!ninputs) inputs = galley_config_inputs(g, &ninputs);
    if (!ninputs) return galley_fail(g, GALLEY_EUSAGE, "nothing to load: give files or folders");

    run r = {0};
    r.g = g;
    r.opts = opts;
    r.stats = stats;
    r.batch_size = opts->batch_size ? opts->batch_size : 256;
    const char **owned;
    const char *const *names = run_plugins(g, opts, &r.nplugins, &owned);
    if (!names) return galley_fail(g, GALLEY_ENOMEM, "out of memory");
    char err[2048];
    runtime_limits limits = limits_of(g, 1);
    int rc = runtime_open(&r.rt, g->plugin_path, names, r.nplugins, &g->cfg, limits, opts->on_log, opts->ud,
                          err, sizeof err);
    if (rc != GALLEY_OK) {
        free(owned);
        return galley_fail(g, rc, "%s", err);
    }
    for (size_t i = 0; i < r.nplugins; i++) {
        if (strcmp(runtime_kind(r.rt, i), "export") == 0) {
            rc = galley_fail(g, GALLEY_EUSAGE, "%s is an export plugin: run it with `galley export --plugin %s`",
                             names[i], names[i]);
            goto out;
        }
    }
    r.states = calloc(r.nplugins ? r.nplugins : 1, sizeof *r.states);
    r.ok = calloc(r.nplugins ? r.nplugins : 1, sizeof *r.ok);
    char *args = args_json(inputs, ninputs, names, r.nplugins);
    if (!r.states || !r.ok || !args) {
        free(args);
        rc = galley_fail(g, GALLEY_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < r.nplugins; i++) r.states[i] = runtime_state(r.rt, i);
    if (plugin_stats_reset(g, names, r.nplugins) != GALLEY_OK) {
        free(args);
        rc = galley_fail(g, GALLEY_ENOMEM, "out of memory");
        goto out;
    }
    r.pstats = g->pstats;
    stats->plugins = g->pstats;
    stats->nplugins = g->npstats;
    rc = store_run_start(g->st, args, &r.run_id);
    free(args);
    if (rc != GALLEY_OK || store_begin(g->st) != GALLEY_OK) {
        rc = galley_fail(g, GALLEY_ESTORE, "%s", store_errmsg(g->st));
        goto out;
    }
    for (size_t i = 0; i < ninputs && rc == GALLEY_OK && !r.stop; i++) {
        char *path = tidy_path(inputs[i]);
        if (!path) {
            rc = GALLEY_ENOMEM;
            break;
        }
        rc = process_path(&r, path, 1, NULL);
        free(path);
    }
    size_t which = 0;
    if (rc == GALLEY_OK && runtime_finish(r.rt, &which, err, sizeof err) != GALLEY_OK) {
        stats->failed++;
        report(&r, NULL, runtime_name(r.rt, which), err, runtime_traceback(r.rt));
        if (r.fatal) rc = GALLEY_ESTORE;
    }
    if (rc != GALLEY_OK) {
        /* Keep the error text from the store before rollback can change it. */
        char keep[1024];
        snprintf(keep, sizeof keep, "%s", rc == GALLEY_ENOMEM ? "out of memory" : store_errmsg(g->st));
        store_rollback(g->st);
        store_run_finish(g->st, r.run_id, "failed", stats->loaded, stats->skipped, stats->failed);
        rc = galley_fail(g, rc, "the run stopped: %s (the last batch was rolled back; rerun to finish)", keep);
        goto out;
    }
    stats->seconds = now() - t0;
    stats->stopped = r.stop;
    if (store_run_finish(g->st, r.run_id, r.stop ? "stopped" : "done", stats->loaded, stats->skipped,
                         stats->failed) != GALLEY_OK ||
        store_commit(g->st) != GALLEY_OK) {
        char keep[1024];
        snprintf(keep, sizeof keep, "%s", store_errmsg(g->st));
        store_rollback(g->st);
        rc = galley_fail(g, GALLEY_ESTORE, "committing the last batch: %s", keep);
    }
out:
    stats->seconds = now() - t0;
    runtime_close(r.rt);
    free(r.states);
    free(r.ok);
    free(owned);
    return rc;
}

int galley_article_process(galley *g, galley_article *a, const char *const *plugins, size_t n,
                           const galley_run_options *opts, int *kept, size_t *failed) {
    galley_run_options defaults = GALLEY_RUN_OPTIONS_INIT;
    if (!opts) opts = &defaults;
    *kept = 1;
    *failed = 0;
    runtime *rt;
    char err[2048];
    runtime_limits limits = limits_of(g, 1);
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

/* Runs the export plugin of opts over the store, or over list[0..n) when list is set. */
static int export_with(galley *g, const galley_export_options *opts, galley_article *const *list, size_t n,
                       size_t *count) {
    if (count) *count = 0;
    if (!opts || opts->version < 1 || opts->version > GALLEY_EXPORT_OPTIONS_VERSION)
        return galley_fail(g, GALLEY_EUSAGE, "galley_export needs galley_export_options (GALLEY_EXPORT_OPTIONS_INIT)");
    if (!opts->plugin) return galley_fail(g, GALLEY_EUSAGE, "galley_export: no export plugin named");
    if (!list && !g->st)
        return galley_fail(g, GALLEY_EUSAGE, "galley_export needs a database: open the handle with db_path");
    runtime *rt;
    char err[2048];
    runtime_limits limits = limits_of(g, 0);
    const char *name = opts->plugin;
    int rc = runtime_open(&rt, g->plugin_path, &name, 1, &g->cfg, limits, opts->on_log, opts->ud, err, sizeof err);
    if (rc != GALLEY_OK) return galley_fail(g, rc, "%s", err);
    rc = runtime_export(rt, 0, list ? NULL : g->st, list, n, opts->output, count, err, sizeof err);
    if (rc == GALLEY_OK) rc = runtime_finish(rt, NULL, err, sizeof err);
    if (rc != GALLEY_OK && opts->on_error) {
        galley_error e = {NULL, opts->plugin, err, runtime_traceback(rt)};
        opts->on_error(opts->ud, &e);
    }
    runtime_close(rt);
    return rc == GALLEY_OK ? GALLEY_OK : galley_fail(g, rc, "%s", err);
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
            if (names.n) qsort(names.v, names.n, sizeof *names.v, name_cmp);
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
