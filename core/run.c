/* run.c — a run: a walker thread finds the input files, worker threads (each with its
 * own Lua state and read connection) load them, skip what is unchanged and run the
 * plugins, and the calling thread writes the results in input order, in batched
 * transactions. Queues are bounded by a window of files, so memory does not grow with
 * the corpus, and the order of writes does not depend on the number of workers. */
#include "internal.h"
#include "json.h"
#include "lang.h"
#include "load.h"
#include "plugin.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

static const char *const default_plugins[] = {"format/markdown", "categorize/keywords"};

/* One failure found by a worker, reported by the writer in order. */
typedef struct failure {
    char *source, *plugin, *message, *traceback;
} failure;

/* An article a worker processed (or found unchanged). */
typedef struct found {
    galley_article *a; /* NULL when it was unchanged (skipped), or a bad record */
    int bad;           /* a record that did not load: fails[0] says why */
    char *uid, hash[17];
    int *ok;           /* per plugin: it ran without error */
    int keep;          /* 0 when a filter dropped it */
    store_row row;     /* made by the worker for the writer, when has_row */
    int has_row;
    failure *fails;
    size_t nfails;
} found;

/* What became of one input file. */
typedef struct result {
    int ready;
    found *arts;
    size_t narts, caparts;
    failure load_failure; /* message set when the file did not load */
} result;

typedef struct job {
    size_t seq;
    char *path;  /* the file (or "stdin:LINE"); with error set, what could not be read */
    char *error; /* the walker could not reach it */
    char *line;  /* an article as JSON, from jsonl_in */
} job;

typedef struct engine engine;

typedef struct worker {
    engine *e;
    runtime *rt;
    store *reader; /* this worker's read-only connection, for the unchanged check */
    lang_detector *lang; /* fills lang where the source gives none; loads on first use */
    int lang_reported;   /* its data could not be loaded, and that was reported */
    galley_plugin_stats *pstats;
    pthread_t thread;
    int started;
    result *cur; /* the result being filled */
    const char *cur_path; /* and the file it is about */
} worker;

struct engine {
    galley *g;
    const galley_run_options *opts;
    load_map *map; /* opts' field map, parsed once for every worker */
    store_plugin_state *states;
    size_t nplugins;
    worker *workers;
    size_t nworkers;

    pthread_mutex_t mu;
    pthread_cond_t cv_job, cv_space, cv_result;
    pthread_mutex_t log_mu; /* one log line at a time, from any worker */
    job *queue; /* ring of `window` jobs */
    size_t qhead, qlen;
    result *slots; /* results by seq % window */
    size_t window;
    size_t produced, written;
    int walk_done;
    int stop; /* no new work: fail_fast, cancel, or a fatal error */
    int walk_failed; /* out of memory in the walker */
    int sync_ready;  /* the mutex and conditions are initialised */

    /* writer side */
    long long run_id;
    size_t in_batch, batch_size;
    galley_run_stats *stats;
    int fatal;
    int cancelled;
    size_t articles;
    double t0, last_progress;
    pthread_t walker;
    const char *const *inputs;
    size_t ninputs;
};

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- the walker ------------------------------------------------------------------- */

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

/* Queues a file (or an error) for the workers; waits while the window is full.
 * Takes path and error. Returns -1 when the run is stopping. */
static int push_job(engine *e, char *path, char *error, char *line) {
    pthread_mutex_lock(&e->mu);
    while (!e->stop && e->produced - e->written >= e->window) pthread_cond_wait(&e->cv_space, &e->mu);
    if (e->stop) {
        pthread_mutex_unlock(&e->mu);
        free(path);
        free(error);
        free(line);
        return -1;
    }
    job *j = &e->queue[(e->qhead + e->qlen) % e->window];
    j->seq = e->produced++;
    j->path = path;
    j->error = error;
    j->line = line;
    e->qlen++;
    pthread_cond_signal(&e->cv_job);
    pthread_mutex_unlock(&e->mu);
    return 0;
}

static int push_error(engine *e, const char *path, const char *what) {
    gbuf b = GBUF_INIT;
    gbuf_printf(&b, "%s: %s", path, what);
    char *msg = gbuf_take(&b), *p = g_strdup(path);
    if (!msg || !p) {
        free(msg);
        free(p);
        return -2;
    }
    return push_job(e, p, msg, NULL);
}

static int walk(engine *e, const char *path, int top, const walk_dir *up);

/* 1 when the file belongs to this run's shard: a hash of its tidied path, so the
 * partition is the same on every machine and in every run. */
static int in_shard(const galley_run_options *o, const char *path) {
    if (o->shards <= 1) return 1;
    return (int)(XXH3_64bits(path, strlen(path)) % (unsigned long long)o->shards) == o->shard - 1;
}

static int walk_folder(engine *e, const char *path, const walk_dir *here) {
    DIR *d = opendir(path);
    if (!d) {
        char what[256];
        snprintf(what, sizeof what, "cannot open folder: %s", strerror(errno));
        return push_error(e, path, what);
    }
    strlist names = {0};
    struct dirent *de;
    int rc = 0;
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0) continue;
        if (strlist_push(&names, de->d_name) < 0) {
            rc = -2;
            break;
        }
    }
    closedir(d);
    /* Sorted, so that a run visits files in the same order everywhere. */
    if (names.n) qsort(names.v, names.n, sizeof *names.v, strptr_cmp);
    for (size_t i = 0; i < names.n && rc == 0; i++) {
        gbuf child = GBUF_INIT;
        if (strcmp(path, ".") == 0) gbuf_puts(&child, names.v[i]);
        else gbuf_printf(&child, "%s/%s", strcmp(path, "/") == 0 ? "" : path, names.v[i]);
        rc = child.failed ? -2 : walk(e, child.data, 0, here);
        gbuf_free(&child);
    }
    strlist_clear(&names);
    return rc;
}

/* 0 to go on, -1 when the run is stopping, -2 when out of memory. */
static int walk(engine *e, const char *path, int top, const walk_dir *up) {
    struct stat st;
    if (top && strcmp(path, "-") == 0) { /* standard input, read by load_file */
        char *p = g_strdup(path);
        return p ? push_job(e, p, NULL, NULL) : -2;
    }
    if (stat(path, &st) != 0)
        return push_error(e, path, errno == ENOENT ? "no such file or folder" : strerror(errno));
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (S_ISDIR(st.st_mode)) {
        if (!top && walk_skips(base, 1)) return 0;
        for (const walk_dir *w = up; w; w = w->up)
            if (w->dev == st.st_dev && w->ino == st.st_ino) return 0;
        walk_dir here = {st.st_dev, st.st_ino, up};
        return walk_folder(e, path, &here);
    }
    if (!top && (walk_skips(base, 0) || !S_ISREG(st.st_mode))) return 0;
    if (!in_shard(e->opts, path)) return 0;
    char *p = g_strdup(path);
    return p ? push_job(e, p, NULL, NULL) : -2;
}

/* Queues every non-blank line of jsonl_in as an article to process. */
static int read_lines(engine *e) {
    char *buf = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t n;
    int rc = 0;
    while (rc == 0 && (n = getline(&buf, &cap, e->opts->jsonl_in)) >= 0) {
        lineno++;
        size_t len = (size_t)n;
        while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r')) len--;
        if (!len) continue;
        char name[48];
        snprintf(name, sizeof name, "stdin:%zu", lineno);
        char *line = g_strndup(buf, len), *path = g_strdup(name);
        if (!line || !path) {
            free(line);
            free(path);
            rc = -2;
            break;
        }
        rc = push_job(e, path, NULL, line);
    }
    free(buf);
    return rc;
}

static void *walker_main(void *arg) {
    engine *e = arg;
    int rc = 0;
    if (e->opts->jsonl_in) rc = read_lines(e);
    for (size_t i = 0; i < e->ninputs && rc == 0; i++) {
        char *path = tidy_path(e->inputs[i]);
        rc = path ? walk(e, path, 1, NULL) : -2;
        free(path);
    }
    pthread_mutex_lock(&e->mu);
    e->walk_done = 1;
    if (rc == -2) {
        e->walk_failed = 1;
        e->stop = 1;
    }
    pthread_cond_broadcast(&e->cv_job);
    pthread_cond_broadcast(&e->cv_result);
    pthread_mutex_unlock(&e->mu);
    return NULL;
}

/* ---- the workers -------------------------------------------------------------------- */

static void failure_free(failure *f) {
    free(f->source);
    free(f->plugin);
    free(f->message);
    free(f->traceback);
}

static void result_clear(result *r) {
    for (size_t i = 0; i < r->narts; i++) {
        found *f = &r->arts[i];
        galley_article_free(f->a);
        if (f->has_row) store_row_free(&f->row);
        free(f->uid);
        free(f->ok);
        for (size_t k = 0; k < f->nfails; k++) failure_free(&f->fails[k]);
        free(f->fails);
    }
    free(r->arts);
    failure_free(&r->load_failure);
    memset(r, 0, sizeof *r);
}

static int add_failure(found *f, const char *source, const char *plugin, const char *message, const char *tb) {
    failure *grown = realloc(f->fails, (f->nfails + 1) * sizeof *grown);
    if (!grown) return -1;
    f->fails = grown;
    failure *x = &f->fails[f->nfails++];
    x->source = g_strdup(source);
    x->plugin = g_strdup(plugin);
    x->message = g_strdup(message);
    x->traceback = g_strdup(tb);
    return 0;
}

/* Appends an empty entry to the worker's current result; NULL when out of memory. */
static found *add_found(result *r) {
    if (r->narts == r->caparts) {
        size_t cap = r->caparts ? r->caparts * 2 : 4;
        found *grown = realloc(r->arts, cap * sizeof *grown);
        if (!grown) return NULL;
        r->arts = grown;
        r->caparts = cap;
    }
    found *f = &r->arts[r->narts++];
    memset(f, 0, sizeof *f);
    return f;
}

/* The loader hands every article of the worker's current file here. */
static int worker_article(void *ud, galley_article *a) {
    worker *w = ud;
    engine *e = w->e;
    found *f = add_found(w->cur);
    if (!f) {
        galley_article_free(a);
        return GALLEY_ENOMEM;
    }
    f->keep = 1;
    f->uid = g_strdup(a->field[AF_UID]);
    f->ok = calloc(e->nplugins ? e->nplugins : 1, sizeof *f->ok);
    if (!f->uid || !f->ok) {
        galley_article_free(a);
        return GALLEY_ENOMEM;
    }
    memcpy(f->hash, galley_article_hash(a), sizeof f->hash);
    /* Unchanged since a committed run: nothing to do (the writer checks again). */
    if (w->reader && store_is_current(w->reader, f->uid, f->hash, e->states, e->nplugins) == 1) {
        galley_article_free(a);
        return GALLEY_OK;
    }
    /* Every loader's articles get a language here, before the plugins see them. */
    char lerr[1200];
    int lrc = lang_fill_article(w->lang, a, lerr, sizeof lerr);
    if (lrc == GALLEY_ENOMEM) {
        galley_article_free(a);
        return GALLEY_ENOMEM;
    }
    /* Without textcat's data the run goes on with lang unset; said once per worker. */
    if (lrc != GALLEY_OK && !w->lang_reported) {
        w->lang_reported = 1;
        if (add_failure(f, a->field[AF_SOURCE], NULL, lerr, NULL) < 0) return GALLEY_ENOMEM;
    }
    for (size_t i = 0; i < e->nplugins && f->keep; i++) {
        char err[2048];
        double t0 = now();
        int rc = runtime_process(w->rt, i, a, &f->keep, err, sizeof err);
        w->pstats[i].seconds += now() - t0;
        w->pstats[i].processed++;
        if (rc == GALLEY_OK) {
            f->ok[i] = 1;
        } else {
            w->pstats[i].failed++;
            if (add_failure(f, a->field[AF_SOURCE], e->states[i].name, err, runtime_traceback(w->rt)) < 0)
                return GALLEY_ENOMEM;
        }
    }
    f->a = a;
    /* The JSON columns and the fingerprint are made here, in parallel, so that the one
     * writer thread does little more than SQLite's own work. */
    if (f->keep && !e->opts->jsonl_out) {
        if (store_row_make(&f->row, a) != GALLEY_OK) return GALLEY_ENOMEM;
        f->has_row = 1;
    }
    return GALLEY_OK;
}

/* A bad record of a file of many: reported in its place among the file's articles. */
static void worker_record_error(void *ud, const char *message) {
    worker *w = ud;
    found *f = add_found(w->cur);
    if (!f) return;
    f->bad = 1;
    add_failure(f, w->cur_path, NULL, message, NULL);
}

static void serial_log(void *ud, const char *level, const char *plugin, const char *source, const char *message);

/* A loader's note (the records a WARC reader skipped): an info line, as plugins log. */
static void worker_note(void *ud, const char *message) {
    worker *w = ud;
    if (w->e->opts->on_log) serial_log(w->e, "info", "load", NULL, message);
}

static void process_job(worker *w, job *j, result *r) {
    engine *e = w->e;
    if (j->error) {
        r->load_failure.source = j->path;
        r->load_failure.message = j->error;
        return;
    }
    char err[1024];
    w->cur = r;
    w->cur_path = j->path;
    int rc;
    if (j->line) {
        galley_article *a;
        char why[512];
        rc = article_from_json(j->line, strlen(j->line), j->path, e->map, &a, why, sizeof why);
        if (rc == GALLEY_OK) rc = worker_article(w, a);
        else snprintf(err, sizeof err, "%s: %s", j->path, why);
        free(j->line);
    } else {
        rc = load_file_noted(j->path, e->opts->input_format, e->map, worker_article, w, worker_record_error,
                             worker_note, NULL, err, sizeof err);
    }
    w->cur = NULL;
    if (rc != GALLEY_OK) {
        r->load_failure.source = j->path;
        r->load_failure.message = g_strdup(err[0] ? err : rc == GALLEY_ENOMEM ? "out of memory" : "failed");
        return;
    }
    free(j->path);
}

static void *worker_main(void *arg) {
    worker *w = arg;
    engine *e = w->e;
    for (;;) {
        pthread_mutex_lock(&e->mu);
        while (!e->qlen && !e->walk_done) pthread_cond_wait(&e->cv_job, &e->mu);
        if (!e->qlen) {
            pthread_mutex_unlock(&e->mu);
            break;
        }
        job j = e->queue[e->qhead];
        e->qhead = (e->qhead + 1) % e->window;
        e->qlen--;
        int stopping = e->stop;
        pthread_mutex_unlock(&e->mu);
        result r = {0};
        if (stopping) { /* the writer discards it; only the slot must be filled */
            free(j.path);
            free(j.error);
            free(j.line);
        } else {
            process_job(w, &j, &r);
        }
        r.ready = 1;
        pthread_mutex_lock(&e->mu);
        e->slots[j.seq % e->window] = r;
        pthread_cond_broadcast(&e->cv_result);
        pthread_mutex_unlock(&e->mu);
    }
    return NULL;
}

/* ---- the writer ---------------------------------------------------------------------- */

static void set_stop(engine *e) {
    pthread_mutex_lock(&e->mu);
    e->stop = 1;
    pthread_cond_broadcast(&e->cv_space);
    pthread_cond_broadcast(&e->cv_job);
    pthread_mutex_unlock(&e->mu);
}

/* Reports a failure to the caller and records it in the store. */
static void report(engine *e, const char *source, const char *plugin, const char *message, const char *traceback) {
    galley_error err = {source, plugin, message, traceback};
    if (e->opts->on_error) e->opts->on_error(e->opts->ud, &err);
    if (!e->opts->jsonl_out && store_add_error(e->g->st, e->run_id, source, plugin, message, traceback) != GALLEY_OK)
        e->fatal = 1;
    if (e->opts->fail_fast) set_stop(e);
}

/* Commits the batch when it is full, and starts the next. */
static int batch_step(engine *e) {
    if (++e->in_batch < e->batch_size) return GALLEY_OK;
    e->in_batch = 0;
    if (store_commit(e->g->st) != GALLEY_OK || store_begin(e->g->st) != GALLEY_OK) return GALLEY_ESTORE;
    return GALLEY_OK;
}

static void write_found(engine *e, found *f) {
    store *st = e->g->st;
    galley_run_stats *s = e->stats;
    e->articles++;
    if (f->bad) {
        s->failed++;
        report(e, f->fails[0].source, NULL, f->fails[0].message, NULL);
        return;
    }
    if (!f->a) {
        s->skipped++;
        return;
    }
    for (size_t k = 0; k < f->nfails && !e->fatal; k++)
        report(e, f->fails[k].source, f->fails[k].plugin, f->fails[k].message, f->fails[k].traceback);
    if (e->fatal) return;
    if (!f->keep) {
        s->filtered++;
        return;
    }
    if (e->opts->jsonl_out) {
        char *json = galley_article_to_json(f->a);
        if (!json || fprintf(e->opts->jsonl_out, "%s\n", json) < 0) e->fatal = 1;
        free(json);
        if (f->nfails) s->failed++;
        else s->loaded++;
        return;
    }
    /* The same article twice in one run (two inputs, one uid): the first one wins. */
    if (!f->nfails && store_is_current(st, f->uid, f->hash, e->states, e->nplugins) == 1) {
        s->skipped++;
        return;
    }
    if (store_put_row(st, f->a, &f->row, e->run_id, e->states, f->ok, e->nplugins) != GALLEY_OK ||
        batch_step(e) != GALLEY_OK) {
        e->fatal = 1;
        return;
    }
    if (f->nfails) s->failed++;
    else s->loaded++;
}

static void write_result(engine *e, result *r) {
    if (r->load_failure.message) {
        e->stats->failed++;
        report(e, r->load_failure.source, NULL, r->load_failure.message, NULL);
        return;
    }
    for (size_t i = 0; i < r->narts && !e->fatal; i++) {
        write_found(e, &r->arts[i]);
        if (e->opts->fail_fast && e->stop) break;
    }
}

static void progress(engine *e, int final) {
    if (!e->opts->on_progress) return;
    double t = now();
    if (!final && t - e->last_progress < 0.2) return;
    e->last_progress = t;
    galley_progress p = {0};
    pthread_mutex_lock(&e->mu);
    p.total = e->produced;
    p.total_known = e->walk_done;
    pthread_mutex_unlock(&e->mu);
    p.done = e->written;
    p.articles = e->articles;
    p.failed = e->stats->failed;
    p.seconds = t - e->t0;
    p.final = final;
    e->opts->on_progress(e->opts->ud, &p);
}

static int cancel_requested(const engine *e) { return e->opts->cancel && *e->opts->cancel; }

/* Writes results in input order until every produced job is written. */
static void writer_loop(engine *e) {
    for (;;) {
        pthread_mutex_lock(&e->mu);
        for (;;) {
            result *slot = &e->slots[e->written % e->window];
            if (slot->ready || (e->walk_done && e->written == e->produced)) break;
            if (cancel_requested(e) && !e->stop) {
                e->stop = 1;
                pthread_cond_broadcast(&e->cv_space);
                pthread_cond_broadcast(&e->cv_job);
            }
            struct timespec until;
            clock_gettime(CLOCK_REALTIME, &until);
            until.tv_nsec += 200 * 1000000L;
            if (until.tv_nsec >= 1000000000L) until.tv_sec++, until.tv_nsec -= 1000000000L;
            pthread_cond_timedwait(&e->cv_result, &e->mu, &until);
            pthread_mutex_unlock(&e->mu);
            progress(e, 0);
            pthread_mutex_lock(&e->mu);
        }
        result *slot = &e->slots[e->written % e->window];
        if (!slot->ready) {
            pthread_mutex_unlock(&e->mu);
            break;
        }
        result r = *slot;
        memset(slot, 0, sizeof *slot);
        int stopping = e->stop;
        pthread_mutex_unlock(&e->mu);
        if (!stopping && cancel_requested(e)) {
            e->cancelled = 1;
            set_stop(e);
            stopping = 1;
        }
        if (!stopping && !e->fatal) write_result(e, &r);
        if (e->fatal) set_stop(e);
        result_clear(&r);
        pthread_mutex_lock(&e->mu);
        e->written++;
        pthread_cond_broadcast(&e->cv_space);
        pthread_mutex_unlock(&e->mu);
        progress(e, 0);
    }
    if (cancel_requested(e)) e->cancelled = 1;
}

/* ---- the run ---------------------------------------------------------------------------- */

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

static char *args_json(const char *const *inputs, size_t n, const char *const *plugins, size_t np, int jobs,
                       const galley_run_options *o) {
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
    gbuf_printf(&b, "],\"jobs\":%d", jobs);
    if (o->shards > 1) gbuf_printf(&b, ",\"shard\":\"%d/%d\"", o->shard, o->shards);
    gbuf_putc(&b, '}');
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

static int jobs_of(const galley *g, const galley_run_options *o) {
    int n = o->jobs > 0 ? o->jobs : g->cfg.jobs > 0 ? g->cfg.jobs : (int)sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 256 ? 256 : n;
}

/* Plugins log from the worker threads: their lines reach the caller one at a time. */
static void serial_log(void *ud, const char *level, const char *plugin, const char *source, const char *message) {
    engine *e = ud;
    pthread_mutex_lock(&e->log_mu);
    e->opts->on_log(e->opts->ud, level, plugin, source, message);
    pthread_mutex_unlock(&e->log_mu);
}

/* Opens one runtime and one read connection per worker. */
static int open_workers(engine *e, const char *const *names, char *err, size_t errsize) {
    galley *g = e->g;
    runtime_limits limits = galley_limits(g, 1);
    for (size_t i = 0; i < e->nworkers; i++) {
        worker *w = &e->workers[i];
        w->e = e;
        w->pstats = calloc(e->nplugins ? e->nplugins : 1, sizeof *w->pstats);
        w->lang = lang_detector_new();
        if (!w->pstats || !w->lang) return GALLEY_ENOMEM;
        int rc = runtime_open(&w->rt, g->plugin_path, names, e->nplugins, &g->cfg, limits,
                              e->opts->on_log ? serial_log : NULL, e, err, errsize);
        if (rc != GALLEY_OK) return rc;
        char rerr[256];
        /* Without a reader every article is processed; the writer still skips it. */
        if (g->st && !e->opts->jsonl_out &&
            store_open(&w->reader, store_filename(g->st), 1, rerr, sizeof rerr) != GALLEY_OK)
            w->reader = NULL;
    }
    return GALLEY_OK;
}

static void close_workers(engine *e) {
    for (size_t i = 0; e->workers && i < e->nworkers; i++) {
        if (!e->workers[i].e) break; /* not opened */
        runtime_close(e->workers[i].rt);
        store_close(e->workers[i].reader);
        lang_detector_free(e->workers[i].lang);
        free(e->workers[i].pstats);
    }
    free(e->workers);
}

/* Starts the walker and the workers, writes everything, joins them. */
static int run_threads(engine *e) {
    int rc = GALLEY_OK;
    if (pthread_create(&e->walker, NULL, walker_main, e) != 0) return GALLEY_ERROR;
    for (size_t i = 0; i < e->nworkers; i++) {
        if (pthread_create(&e->workers[i].thread, NULL, worker_main, &e->workers[i]) != 0) {
            set_stop(e);
            rc = GALLEY_ERROR;
            break;
        }
        e->workers[i].started = 1;
    }
    if (rc == GALLEY_OK) writer_loop(e);
    else set_stop(e);
    pthread_join(e->walker, NULL);
    /* Workers may still wait on results nobody reads after an error: drain. */
    for (size_t i = 0; i < e->nworkers; i++)
        if (e->workers[i].started) pthread_join(e->workers[i].thread, NULL);
    for (size_t i = 0; i < e->window; i++) result_clear(&e->slots[i]);
    for (size_t i = 0; i < e->qlen; i++) {
        job *j = &e->queue[(e->qhead + i) % e->window];
        free(j->path);
        free(j->error);
        free(j->line);
    }
    return rc;
}

/* Calls finish() in every worker's runtime; failures are reported. */
static void finish_workers(engine *e) {
    for (size_t i = 0; i < e->nworkers && !e->fatal; i++) {
        char err[2048];
        size_t which = 0;
        runtime *rt = e->workers[i].rt;
        if (runtime_finish(rt, &which, err, sizeof err) != GALLEY_OK) {
            e->stats->failed++;
            report(e, NULL, runtime_name(rt, which), err, runtime_traceback(rt));
        }
    }
}

static void merge_plugin_stats(engine *e) {
    for (size_t w = 0; w < e->nworkers; w++) {
        for (size_t i = 0; i < e->nplugins; i++) {
            e->g->pstats[i].processed += e->workers[w].pstats[i].processed;
            e->g->pstats[i].failed += e->workers[w].pstats[i].failed;
            e->g->pstats[i].seconds += e->workers[w].pstats[i].seconds;
        }
    }
}

static int engine_init(engine *e) {
    e->window = 4 * e->nworkers + 8;
    e->queue = calloc(e->window, sizeof *e->queue);
    e->slots = calloc(e->window, sizeof *e->slots);
    e->workers = calloc(e->nworkers, sizeof *e->workers);
    if (!e->queue || !e->slots || !e->workers) return GALLEY_ENOMEM;
    pthread_mutex_init(&e->mu, NULL);
    pthread_cond_init(&e->cv_job, NULL);
    pthread_cond_init(&e->cv_space, NULL);
    pthread_cond_init(&e->cv_result, NULL);
    pthread_mutex_init(&e->log_mu, NULL);
    e->sync_ready = 1;
    return GALLEY_OK;
}

static void engine_free(engine *e) {
    load_map_free(e->map);
    close_workers(e);
    free(e->queue);
    free(e->slots);
    free(e->states);
    if (!e->sync_ready) return;
    pthread_mutex_destroy(&e->mu);
    pthread_cond_destroy(&e->cv_job);
    pthread_cond_destroy(&e->cv_space);
    pthread_cond_destroy(&e->cv_result);
    pthread_mutex_destroy(&e->log_mu);
}

/* Ends the run in the store: the last batch committed (or rolled back on a fatal error),
 * the run's row finished. Returns the run's status code. */
static int end_run(engine *e) {
    galley *g = e->g;
    galley_run_stats *s = e->stats;
    if (e->fatal || e->walk_failed) {
        char keep[1024];
        snprintf(keep, sizeof keep, "%s", e->walk_failed ? "out of memory" : store_errmsg(g->st));
        store_rollback(g->st);
        store_run_finish(g->st, e->run_id, "failed", s->loaded, s->skipped, s->failed);
        return galley_fail(g, e->walk_failed ? GALLEY_ENOMEM : GALLEY_ESTORE,
                           "the run stopped: %s (the last batch was rolled back; rerun to finish)", keep);
    }
    s->stopped = e->stop && !e->cancelled;
    const char *status = e->cancelled ? "interrupted" : s->stopped ? "stopped" : "done";
    if (store_run_finish(g->st, e->run_id, status, s->loaded, s->skipped, s->failed) != GALLEY_OK ||
        store_commit(g->st) != GALLEY_OK) {
        char keep[1024];
        snprintf(keep, sizeof keep, "%s", store_errmsg(g->st));
        store_rollback(g->st);
        return galley_fail(g, GALLEY_ESTORE, "committing the last batch: %s", keep);
    }
    if (e->cancelled)
        return galley_fail(g, GALLEY_EINTERRUPTED, "interrupted: %zu articles stored; rerun to finish", s->loaded);
    return GALLEY_OK;
}

/* Ends a streaming run: the output flushed; nothing is stored. */
static int end_stream(engine *e) {
    galley_run_stats *s = e->stats;
    s->stopped = e->stop && !e->cancelled;
    if (e->walk_failed) return galley_fail(e->g, GALLEY_ENOMEM, "out of memory");
    if (fflush(e->opts->jsonl_out) != 0 || e->fatal)
        return galley_fail(e->g, GALLEY_EIO, "writing the articles out failed: %s", strerror(errno));
    if (e->cancelled) return galley_fail(e->g, GALLEY_EINTERRUPTED, "interrupted after %zu articles", s->loaded);
    return GALLEY_OK;
}

int galley_run(galley *g, const char *const *inputs, size_t ninputs, const galley_run_options *opts,
               galley_run_stats *stats) {
    galley_run_options defaults = GALLEY_RUN_OPTIONS_INIT;
    galley_run_stats local;
    if (!opts) opts = &defaults;
    if (!stats) stats = &local;
    memset(stats, 0, sizeof *stats);
    if (opts->version < 1 || opts->version > GALLEY_RUN_OPTIONS_VERSION)
        return galley_fail(g, GALLEY_EUSAGE, "galley_run_options.version %d is not supported", opts->version);
    if (!g->st && !opts->jsonl_out)
        return galley_fail(g, GALLEY_EUSAGE, "galley_run needs a database: open the handle with db_path");
    if (!ninputs && !opts->jsonl_in) inputs = galley_config_inputs(g, &ninputs);
    if (!ninputs && !opts->jsonl_in) return galley_fail(g, GALLEY_EUSAGE, "nothing to load: give files or folders");
    if (opts->shards > 1 && (opts->shard < 1 || opts->shard > opts->shards))
        return galley_fail(g, GALLEY_EUSAGE, "shard %d/%d: the shard must be from 1 to %d", opts->shard, opts->shards,
                           opts->shards);

    engine e = {0};
    /* Fields past version 1 exist only in callers built against a newer header. */
    if (opts->version >= 2) {
        char why[1024];
        int mrc = load_map_parse(opts->field_map, opts->nfield_map, &e.map, why, sizeof why);
        if (mrc != GALLEY_OK) return galley_fail(g, mrc, "%s", why);
    }
    e.g = g;
    e.opts = opts;
    e.stats = stats;
    e.inputs = inputs;
    e.ninputs = ninputs;
    e.t0 = now();
    e.batch_size = opts->batch_size ? opts->batch_size : 256;
    e.nworkers = (size_t)jobs_of(g, opts);
    const char **owned;
    const char *const *names = run_plugins(g, opts, &e.nplugins, &owned);
    if (!names) return galley_fail(g, GALLEY_ENOMEM, "out of memory");
    char err[2048] = "";
    int rc = engine_init(&e);
    if (rc == GALLEY_OK) rc = open_workers(&e, names, err, sizeof err);
    if (rc != GALLEY_OK) {
        rc = galley_fail(g, rc, "%s", err[0] ? err : "out of memory");
        goto out;
    }
    runtime *first = e.workers[0].rt;
    for (size_t i = 0; i < e.nplugins; i++) {
        if (strcmp(runtime_kind(first, i), "export") == 0) {
            rc = galley_fail(g, GALLEY_EUSAGE, "%s is an export plugin: run it with `galley export --plugin %s`",
                             names[i], names[i]);
            goto out;
        }
    }
    e.states = calloc(e.nplugins ? e.nplugins : 1, sizeof *e.states);
    char *args = args_json(inputs, ninputs, names, e.nplugins, (int)e.nworkers, opts);
    if (!e.states || !args || plugin_stats_reset(g, names, e.nplugins) != GALLEY_OK) {
        free(args);
        rc = galley_fail(g, GALLEY_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < e.nplugins; i++) e.states[i] = runtime_state(first, i);
    stats->plugins = g->pstats;
    stats->nplugins = g->npstats;
    if (!opts->jsonl_out) {
        rc = store_run_start(g->st, args, &e.run_id);
        if (rc != GALLEY_OK || store_begin(g->st) != GALLEY_OK) {
            free(args);
            rc = galley_fail(g, GALLEY_ESTORE, "%s", store_errmsg(g->st));
            goto out;
        }
    }
    free(args);
    if (run_threads(&e) != GALLEY_OK) e.fatal = 1;
    if (!e.fatal && !e.cancelled) finish_workers(&e);
    merge_plugin_stats(&e);
    rc = opts->jsonl_out ? end_stream(&e) : end_run(&e);
    stats->seconds = now() - e.t0;
    progress(&e, 1);
out:
    stats->seconds = now() - e.t0;
    engine_free(&e);
    free(owned);
    return rc;
}
