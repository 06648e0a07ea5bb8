/* load.c — picks a loader for a file (by name, then content) and runs it. */
#include "internal.h"
#include "load.h"
#include "util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <xxhash.h>
#include <sys/stat.h>

typedef struct loader_entry {
    const char *name;
    const char *extensions; /* space-separated, with dots */
    loader_fn fn;
} loader_entry;

static const loader_entry loaders[] = {
    {"text", ".txt .text", load_text},
    {"jsonl", ".jsonl .ndjson", load_jsonl},
    {"html", ".html .htm .xhtml .shtml", load_html},
    {"feed", ".rss .atom .rdf", load_feed},
    {"markdown", ".md .markdown .mdown .mkd", load_markdown},
    {"csv", ".csv", load_csv},
    {"tsv", ".tsv .tab", load_tsv},
    {"warc", ".warc .warc.gz", load_warc},
    {"arc", ".arc .arc.gz", load_arc},
};

static const loader_entry *loader_by_name(const char *name) {
    for (size_t i = 0; i < sizeof loaders / sizeof *loaders; i++)
        if (strcmp(loaders[i].name, name) == 0) return &loaders[i];
    return NULL;
}

/* The file name's extension (".txt"), or "" when it has none. */
static const char *extension(const char *path) {
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    return dot && dot != base ? dot : "";
}

/* The loader whose extension ends the name, the longest one winning: extensions may have
 * two parts (".warc.gz"). */
static const loader_entry *loader_by_extension(const char *path) {
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base), best_len = 0;
    const loader_entry *best = NULL;
    for (size_t i = 0; i < sizeof loaders / sizeof *loaders; i++) {
        const char *list = loaders[i].extensions;
        while (*list) {
            size_t len = strcspn(list, " ");
            if (len < n && len > best_len && strncasecmp(list, base + n - len, len) == 0) {
                best = &loaders[i];
                best_len = len;
            }
            list += len;
            while (*list == ' ') list++;
        }
    }
    return best;
}

/* Extensions that say "XML" or "JSON" but not which kind. */
static const char *const ambiguous[] = {".xml", ".json", NULL};

static int is_ambiguous(const char *ext) {
    for (int i = 0; ambiguous[i]; i++)
        if (strcasecmp(ext, ambiguous[i]) == 0) return 1;
    return 0;
}

int load_has_loader(const char *path) {
    const char *ext = extension(path);
    return *ext == '\0' || loader_by_extension(path) != NULL || is_ambiguous(ext);
}

/* The loader the content calls for, when the name says nothing certain: no extension,
 * .txt (which may hold JSON Lines or a saved page), .xml (a feed or an XHTML page),
 * .json (a JSON Feed or one article). `by_name` is what the name suggested (or NULL). */
static const loader_entry *sniff(const char *name, const char *data, size_t len, const loader_entry *by_name) {
    const char *ext = extension(name);
    if (*ext && !by_name && !is_ambiguous(ext)) return NULL;
    const char *p = data;
    size_t n = len;
    if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) p += 3, n -= 3;
    while (n && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) p++, n--;
    const char *archive = warc_sniff(data, len);
    if (archive) return loader_by_name(archive);
    if (feed_sniff(data, len)) return loader_by_name("feed");
    if (n && *p == '{') return loader_by_name("jsonl");
    if (n && *p == '<') {
        static const char *const html_starts[] = {"<!doctype html", "<html", "<head", "<body", "<!--", "<?xml", NULL};
        for (int i = 0; html_starts[i]; i++)
            if (n >= strlen(html_starts[i]) && strncasecmp(p, html_starts[i], strlen(html_starts[i])) == 0)
                return loader_by_name("html");
    }
    if (is_ambiguous(ext)) return strcasecmp(ext, ".json") == 0 ? loader_by_name("jsonl") : loader_by_name("html");
    return by_name ? by_name : loader_by_name("text");
}

int load_fail(load_sink *sink, const char *fmt, ...) {
    if (sink->err && sink->errsize) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(sink->err, sink->errsize, fmt, ap);
        va_end(ap);
    }
    return GALLEY_EFORMAT;
}

int load_emit(load_sink *sink, galley_article *a, const char *source, const char *format) {
    if (article_set(a, AF_SOURCE, source) < 0 || article_set(a, AF_FORMAT, format) < 0 ||
        (!a->field[AF_UID] &&
         article_set(a, AF_UID, a->field[AF_URL] ? a->field[AF_URL] : source) < 0)) {
        galley_article_free(a);
        load_fail(sink, "out of memory");
        return GALLEY_ENOMEM;
    }
    article_compute_hash(a);
    return sink->fn(sink->ud, a);
}

/* Writes "fmt..." into err and returns code. */
static int failf(char *err, size_t errsize, int code, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int failf(char *err, size_t errsize, int code, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errsize, fmt, ap);
    va_end(ap);
    return code;
}

static int load_noted(const char *name, const char *data, size_t len, const char *format, const load_map *map,
                      galley_article_fn fn, void *ud, load_record_error_fn record_error, load_note_fn note, char *err,
                      size_t errsize) {
    const loader_entry *l;
    err[0] = '\0';
    if (format) {
        l = loader_by_name(format);
        if (!l) {
            char known[256] = "";
            for (size_t i = 0; i < sizeof loaders / sizeof *loaders; i++)
                snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s", i ? ", " : "", loaders[i].name);
            return failf(err, errsize, GALLEY_EUSAGE, "unknown input format '%s' (known: %s)", format, known);
        }
    } else {
        l = loader_by_extension(name);
        if (!l || strcmp(l->name, "text") == 0) l = sniff(name, data, len, l);
        if (!l) return failf(err, errsize, GALLEY_EFORMAT, "%s: no loader for '%s' files", name, extension(name));
    }
    char reason[512] = "";
    load_sink sink = {.fn = fn,
                      .ud = ud,
                      .err = reason,
                      .errsize = sizeof reason,
                      .record_error = record_error,
                      .map = map,
                      .note = note};
    int rc = l->fn(name, data, len, &sink);
    if (rc != GALLEY_OK && reason[0]) return failf(err, errsize, rc, "%s: %s", name, reason);
    return rc;
}

int load_memory(const char *name, const char *data, size_t len, const char *format, const load_map *map,
                galley_article_fn fn, void *ud, load_record_error_fn record_error, char *err, size_t errsize) {
    return load_noted(name, data, len, format, map, fn, ud, record_error, NULL, err, errsize);
}

/* Reads standard input to its end, refusing more than LOAD_MAX_BYTES. */
static int read_stdin(char **data, size_t *len, char *err, size_t errsize) {
    gbuf b = GBUF_INIT;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0) {
        if (b.len + n > LOAD_MAX_BYTES) {
            gbuf_free(&b);
            return failf(err, errsize, GALLEY_EFORMAT, "%s: too large (the limit is %llu MiB)", LOAD_STDIN_NAME,
                         (unsigned long long)LOAD_MAX_BYTES >> 20);
        }
        gbuf_append(&b, chunk, n);
    }
    if (ferror(stdin)) {
        gbuf_free(&b);
        return failf(err, errsize, GALLEY_EIO, "%s: %s", LOAD_STDIN_NAME, strerror(errno));
    }
    gbuf_append(&b, "", 0);
    if (b.failed) return failf(err, errsize, GALLEY_ENOMEM, "%s: out of memory", LOAD_STDIN_NAME);
    *len = b.len;
    *data = gbuf_take(&b);
    return GALLEY_OK;
}

int load_file(const char *path, const char *format, const load_map *map, galley_article_fn fn, void *ud,
              load_record_error_fn record_error, unsigned long long *file_hash, char *err, size_t errsize) {
    return load_file_noted(path, format, map, fn, ud, record_error, NULL, file_hash, err, errsize);
}

int load_file_noted(const char *path, const char *format, const load_map *map, galley_article_fn fn, void *ud,
                    load_record_error_fn record_error, load_note_fn note, unsigned long long *file_hash, char *err,
                    size_t errsize) {
    struct stat st;
    err[0] = '\0';
    if (strcmp(path, "-") == 0) {
        char *data;
        size_t len;
        int rc = read_stdin(&data, &len, err, errsize);
        if (rc != GALLEY_OK) return rc;
        if (file_hash) *file_hash = XXH3_64bits(data, len);
        rc = load_noted(LOAD_STDIN_NAME, data, len, format, map, fn, ud, record_error, note, err, errsize);
        free(data);
        return rc;
    }
    if (stat(path, &st) != 0) {
        int e = errno;
        return failf(err, errsize, GALLEY_EIO, "%s: %s", path, e == ENOENT ? "no such file" : strerror(e));
    }
    if (S_ISDIR(st.st_mode)) return failf(err, errsize, GALLEY_EIO, "%s: is a directory", path);
    /* Devices and pipes could never end (/dev/zero) or block forever. */
    if (!S_ISREG(st.st_mode)) return failf(err, errsize, GALLEY_EFORMAT, "%s: not a regular file", path);
    if ((unsigned long long)st.st_size > LOAD_MAX_BYTES)
        return failf(err, errsize, GALLEY_EFORMAT, "%s: too large (%llu MiB; the limit is %llu MiB)", path,
                     (unsigned long long)st.st_size >> 20, (unsigned long long)LOAD_MAX_BYTES >> 20);
    char *data;
    size_t len;
    if (read_file(path, &data, &len) < 0) {
        int e = errno;
        if (e == ENOMEM) return failf(err, errsize, GALLEY_ENOMEM, "%s: out of memory", path);
        return failf(err, errsize, GALLEY_EIO, "%s: %s", path, strerror(e));
    }
    if (file_hash) *file_hash = XXH3_64bits(data, len);
    int rc = load_noted(path, data, len, format, map, fn, ud, record_error, note, err, errsize);
    free(data);
    return rc;
}

int galley_load_buffer(galley *g, const char *name, const void *data, size_t len,
                       const char *format, galley_article_fn fn, void *ud) {
    if (len > LOAD_MAX_BYTES)
        return galley_fail(g, GALLEY_EFORMAT, "%s: too large (%zu MiB; the limit is %llu MiB)", name, len >> 20,
                           (unsigned long long)LOAD_MAX_BYTES >> 20);
    char *copy = malloc(len + 1);
    if (!copy) return galley_fail(g, GALLEY_ENOMEM, "%s: out of memory", name);
    if (len) memcpy(copy, data, len);
    copy[len] = '\0';
    char err[1024];
    int rc = load_memory(name, copy, len, format, NULL, fn, ud, NULL, err, sizeof err);
    free(copy);
    return rc == GALLEY_OK || !err[0] ? rc : galley_fail(g, rc, "%s", err);
}

/* A bad record, handed to the caller's on_error as a loader's error on the file. */
typedef struct record_errors {
    const galley_load_options *opts;
    const char *path;
    galley_article_fn fn; /* the caller's, with its ud */
    void *ud;
} record_errors;

static void report_record(void *ud, const char *message) {
    record_errors *r = ud;
    galley_error e = {r->path, NULL, message, NULL};
    r->opts->on_error(r->opts->ud, &e);
}

static void pass_note(void *ud, const char *message) {
    record_errors *r = ud;
    r->opts->on_log(r->opts->ud, "info", "load", NULL, message);
}

static int pass_article(void *ud, galley_article *a) {
    record_errors *r = ud;
    return r->fn(r->ud, a);
}

int galley_load_with(galley *g, const char *path, const galley_load_options *opts, galley_article_fn fn, void *ud) {
    galley_load_options defaults = GALLEY_LOAD_OPTIONS_INIT;
    if (!opts) opts = &defaults;
    if (opts->version < 1 || opts->version > GALLEY_LOAD_OPTIONS_VERSION)
        return galley_fail(g, GALLEY_EUSAGE, "galley_load_options.version %d is not supported", opts->version);
    char err[1024];
    load_map *map;
    int rc = load_map_parse(opts->field_map, opts->nfield_map, &map, err, sizeof err);
    if (rc != GALLEY_OK) return galley_fail(g, rc, "%s", err);
    record_errors r = {opts, path, fn, ud};
    rc = load_file_noted(path, opts->format, map, pass_article, &r, opts->on_error ? report_record : NULL,
                         opts->version >= 2 && opts->on_log ? pass_note : NULL, NULL, err, sizeof err);
    load_map_free(map);
    return rc == GALLEY_OK || !err[0] ? rc : galley_fail(g, rc, "%s", err);
}

int galley_load(galley *g, const char *path, const char *format, galley_article_fn fn, void *ud) {
    galley_load_options opts = GALLEY_LOAD_OPTIONS_INIT;
    opts.format = format;
    return galley_load_with(g, path, &opts, fn, ud);
}
