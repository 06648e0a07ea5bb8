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
};

static const loader_entry *loader_by_name(const char *name) {
    for (size_t i = 0; i < sizeof loaders / sizeof *loaders; i++)
        if (strcmp(loaders[i].name, name) == 0) return &loaders[i];
    return NULL;
}

/* 1 when the name ends in ".gz": compressed, read through load_gunzip. */
static int gz_name(const char *path) {
    size_t n = strlen(path);
    return n > 3 && strcasecmp(path + n - 3, ".gz") == 0 && path[n - 4] != '/';
}

/* The file name's extension (".txt"), or "" when it has none; *n receives its length.
 * A ".gz" at the end is skipped: page.html.gz has the extension ".html". */
static const char *extension_n(const char *path, size_t *n) {
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t len = strlen(base);
    if (gz_name(path)) len -= 3;
    const char *dot = NULL;
    for (size_t i = 1; i < len; i++)
        if (base[i] == '.') dot = base + i;
    *n = dot ? (size_t)(base + len - dot) : 0;
    return dot ? dot : "";
}

static const char *extension(const char *path) {
    size_t n;
    return extension_n(path, &n);
}

static const loader_entry *loader_by_extension(const char *path) {
    size_t n;
    const char *ext = extension_n(path, &n);
    if (!n) return NULL;
    for (size_t i = 0; i < sizeof loaders / sizeof *loaders; i++) {
        const char *list = loaders[i].extensions;
        while (*list) {
            size_t len = strcspn(list, " ");
            if (len == n && strncasecmp(list, ext, n) == 0) return &loaders[i];
            list += len;
            while (*list == ' ') list++;
        }
    }
    return NULL;
}

int load_has_loader(const char *path) {
    size_t n;
    extension_n(path, &n);
    return n == 0 || loader_by_extension(path) != NULL;
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

static int run_loader(const loader_entry *l, const char *name, const char *data, size_t len, galley_article_fn fn,
                      void *ud, load_record_error_fn record_error, char *err, size_t errsize);

int load_memory(const char *name, const char *data, size_t len, const char *format, galley_article_fn fn,
                void *ud, load_record_error_fn record_error, char *err, size_t errsize) {
    const loader_entry *l;
    err[0] = '\0';
    if (format) {
        l = loader_by_name(format);
        if (!l) return failf(err, errsize, GALLEY_EUSAGE, "unknown input format '%s' (known: text, jsonl, html)", format);
    } else {
        l = loader_by_extension(name);
        const char *ext = extension(name);
        if (!l && *ext)
            return failf(err, errsize, GALLEY_EFORMAT, "%s: no loader for '%s' files", name, ext);
        if (!l) l = loader_by_name("text"); /* no extension: try it as plain text */
    }
    /* Compressed bytes are recognised by their signature, whatever the name says. */
    if (load_is_gzip(data, len)) {
        char *plain;
        size_t plainlen;
        char why[256];
        int rc = load_gunzip(data, len, LOAD_MAX_BYTES, &plain, &plainlen, why, sizeof why);
        if (rc != GALLEY_OK) return failf(err, errsize, rc, "%s: %s", name, why);
        if (load_is_gzip(plain, plainlen)) { /* .gz.gz: one layer is all an input gets */
            free(plain);
            return failf(err, errsize, GALLEY_EFORMAT, "%s: gzip data inside gzip data", name);
        }
        rc = run_loader(l, name, plain, plainlen, fn, ud, record_error, err, errsize);
        free(plain);
        return rc;
    }
    if (gz_name(name)) return failf(err, errsize, GALLEY_EFORMAT, "%s: not gzip data (no gzip signature)", name);
    return run_loader(l, name, data, len, fn, ud, record_error, err, errsize);
}

static int run_loader(const loader_entry *l, const char *name, const char *data, size_t len, galley_article_fn fn,
                      void *ud, load_record_error_fn record_error, char *err, size_t errsize) {
    char reason[512] = "";
    load_sink sink = {fn, ud, reason, sizeof reason, record_error};
    int rc = l->fn(name, data, len, &sink);
    if (rc != GALLEY_OK && reason[0]) return failf(err, errsize, rc, "%s: %s", name, reason);
    return rc;
}

int load_file(const char *path, const char *format, galley_article_fn fn, void *ud,
              load_record_error_fn record_error, unsigned long long *file_hash, char *err, size_t errsize) {
    struct stat st;
    err[0] = '\0';
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
    int rc = load_memory(path, data, len, format, fn, ud, record_error, err, errsize);
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
    int rc = load_memory(name, copy, len, format, fn, ud, NULL, err, sizeof err);
    free(copy);
    return rc == GALLEY_OK || !err[0] ? rc : galley_fail(g, rc, "%s", err);
}

int galley_load(galley *g, const char *path, const char *format, galley_article_fn fn, void *ud) {
    char err[1024];
    int rc = load_file(path, format, fn, ud, NULL, NULL, err, sizeof err);
    return rc == GALLEY_OK || !err[0] ? rc : galley_fail(g, rc, "%s", err);
}
