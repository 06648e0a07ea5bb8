/* outdir.c — atomic, change-only writes of an export's files and the manifest that lets
 * a re-export remove the files of articles that are gone (and only galley's files). */
#include "outdir.h"
#include "json.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Creates the folders leading to path (not path itself). */
static int make_parents(char *path) {
    for (char *p = path + 1; *p; p++) {
        if (*p != '/') continue;
        *p = '\0';
        int rc = mkdir(path, 0777);
        *p = '/';
        if (rc != 0 && errno != EEXIST) return -1;
    }
    return 0;
}

static void out_file_release(out_file *w) {
    free(w->path);
    free(w->tmp);
    w->path = w->tmp = NULL;
    w->f = NULL;
}

int out_file_open(out_file *w, const char *path) {
    memset(w, 0, sizeof *w);
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path + 1) : 0;
    gbuf tmp = GBUF_INIT;
    /* A hidden name in the same folder: rename() is atomic only within one file system. */
    gbuf_printf(&tmp, "%.*s.%s.tmp-XXXXXX", (int)dirlen, path, path + dirlen);
    w->path = g_strdup(path);
    w->tmp = gbuf_take(&tmp);
    if (!w->path || !w->tmp) {
        out_file_release(w);
        errno = ENOMEM;
        return -1;
    }
    /* Folders are made only when missing: most files of an export share theirs. */
    int fd = mkstemp(w->tmp);
    if (fd < 0 && errno == ENOENT) {
        size_t len = strlen(w->tmp);
        memcpy(w->tmp + len - 6, "XXXXXX", 6); /* mkstemp may have changed them */
        fd = make_parents(w->tmp) < 0 ? -1 : mkstemp(w->tmp);
    }
    if (fd < 0) {
        out_file_release(w);
        return -1;
    }
    /* mkstemp makes the file private; an export is meant to be read, as fopen would make it. */
    struct stat old;
    fchmod(fd, stat(path, &old) == 0 ? (old.st_mode & 07777) : 0644);
    if (!(w->f = fdopen(fd, "wb"))) {
        int e = errno;
        close(fd);
        unlink(w->tmp);
        out_file_release(w);
        errno = e;
        return -1;
    }
    return 0;
}

/* 1 when files a and b hold the same bytes. */
static int same_content(const char *a, const char *b) {
    struct stat sa, sb;
    if (stat(a, &sa) != 0 || stat(b, &sb) != 0 || !S_ISREG(sb.st_mode) || sa.st_size != sb.st_size) return 0;
    FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
    int same = fa && fb;
    char ba[16384], bb[16384];
    while (same) {
        size_t na = fread(ba, 1, sizeof ba, fa), nb = fread(bb, 1, sizeof bb, fb);
        if (na != nb || memcmp(ba, bb, na) != 0) same = 0;
        if (na < sizeof ba) break;
    }
    if (fa) fclose(fa);
    if (fb) fclose(fb);
    return same;
}

int out_file_commit(out_file *w) {
    int rc = fclose(w->f);
    w->f = NULL;
    if (rc == 0) {
        if (same_content(w->tmp, w->path)) rc = unlink(w->tmp);
        else rc = rename(w->tmp, w->path);
    }
    if (rc != 0) {
        int e = errno;
        unlink(w->tmp);
        errno = e;
    }
    out_file_release(w);
    return rc;
}

void out_file_abort(out_file *w) {
    if (w->f) fclose(w->f);
    if (w->tmp) unlink(w->tmp);
    out_file_release(w);
}

/* ---- the manifest --------------------------------------------------------------- */

static int in_sorted(const strlist *l, const char *s) {
    return l->n && bsearch(&s, l->v, l->n, sizeof *l->v, strptr_cmp) != NULL;
}

/* Sorts l and drops repeats (a file opened twice is one file). */
static void sort_unique(strlist *l) {
    if (!l->n) return;
    qsort(l->v, l->n, sizeof *l->v, strptr_cmp);
    size_t k = 1;
    for (size_t i = 1; i < l->n; i++) {
        if (strcmp(l->v[i], l->v[k - 1]) == 0) free(l->v[i]);
        else l->v[k++] = l->v[i];
    }
    l->n = k;
}

/* Removes root/rel and then its folders that became empty, up to root. */
static void remove_stale(const char *root, const char *rel) {
    gbuf path = GBUF_INIT;
    gbuf_printf(&path, "%s/%s", root, rel);
    if (path.failed) return;
    if (unlink(path.data) == 0) {
        size_t rootlen = strlen(root);
        for (char *slash = strrchr(path.data, '/'); slash && (size_t)(slash - path.data) > rootlen;
             slash = strrchr(path.data, '/')) {
            *slash = '\0';
            if (rmdir(path.data) != 0) break; /* not empty: someone's files are there */
        }
    }
    gbuf_free(&path);
}

/* A plugin's list in a manifest, as a JSON array, or NULL. */
static const json_value *listed(const json_value *manifest, const char *plugin) {
    const json_value *plugins = manifest ? json_get(manifest, "plugins") : NULL;
    const json_value *files = plugins && plugins->type == JSON_OBJECT ? json_get(plugins, plugin) : NULL;
    return files && files->type == JSON_ARRAY ? files : NULL;
}

/* A file galley may remove: relative, inside root, not the manifest. */
static int safe_entry(const json_value *e) {
    if (e->type != JSON_STRING || !*e->string || e->string[0] == '/' || strlen(e->string) != e->len) return 0;
    if (strcmp(e->string, OUTDIR_MANIFEST) == 0) return 0;
    for (const char *p = e->string; (p = strstr(p, "..")) != NULL; p += 2)
        if ((p == e->string || p[-1] == '/') && (p[2] == '\0' || p[2] == '/')) return 0;
    return 1;
}

/* 1 when a plugin other than `plugin` lists rel. */
static int listed_by_other(const json_value *manifest, const char *plugin, const char *rel) {
    const json_value *plugins = json_get(manifest, "plugins");
    for (size_t i = 0; plugins && plugins->type == JSON_OBJECT && i < plugins->len; i++) {
        if (strcmp(plugins->keys[i], plugin) == 0 || plugins->items[i].type != JSON_ARRAY) continue;
        const json_value *files = &plugins->items[i];
        for (size_t j = 0; j < files->len; j++)
            if (files->items[j].type == JSON_STRING && strcmp(files->items[j].string, rel) == 0) return 1;
    }
    return 0;
}

static void put_list(gbuf *b, const strlist *l) {
    gbuf_putc(b, '[');
    for (size_t i = 0; i < l->n; i++) {
        gbuf_puts(b, i ? ",\n    " : "\n    ");
        json_put_string(b, l->v[i]);
    }
    gbuf_puts(b, l->n ? "\n  ]" : "]");
}

int outdir_finish(const char *root, const char *plugin, strlist *written, int complete, char *err,
                  size_t errsize) {
    gbuf path = GBUF_INIT;
    gbuf_printf(&path, "%s/" OUTDIR_MANIFEST, root);
    if (path.failed) {
        snprintf(err, errsize, "out of memory");
        return GALLEY_ENOMEM;
    }
    char *text = NULL;
    size_t len = 0;
    json_value *old = NULL;
    if (read_file(path.data, &text, &len) == 0) {
        char why[256];
        old = json_parse(text, len, why, sizeof why);
        free(text);
        if (!old || old->type != JSON_OBJECT) {
            /* Without a list we know nothing of what is ours: refuse rather than guess. */
            snprintf(err, errsize, "%s: not a galley export manifest (%s); remove it to start afresh", path.data,
                     old ? "not an object" : why);
            json_free(old);
            gbuf_free(&path);
            return GALLEY_EIO;
        }
    } else if (!written->n) {
        gbuf_free(&path);
        return GALLEY_OK;
    }
    sort_unique(written);
    strlist keep = {0}; /* this plugin's new list */
    int rc = 0;
    for (size_t i = 0; i < written->n && rc == 0; i++) rc = strlist_push(&keep, written->v[i]);
    const json_value *mine = listed(old, plugin);
    for (size_t i = 0; mine && i < mine->len && rc == 0; i++) {
        const json_value *e = &mine->items[i];
        if (!safe_entry(e) || in_sorted(written, e->string)) continue;
        if (!complete) rc = strlist_push(&keep, e->string);
        else if (!listed_by_other(old, plugin, e->string)) remove_stale(root, e->string);
    }
    sort_unique(&keep);
    /* The other plugins' lists are kept as they were. */
    gbuf out = GBUF_INIT;
    gbuf_puts(&out, "{\n\"galley_export\": 1,\n\"plugins\": {\n  ");
    json_put_string(&out, plugin);
    gbuf_puts(&out, ": ");
    put_list(&out, &keep);
    const json_value *plugins = old ? json_get(old, "plugins") : NULL;
    for (size_t i = 0; plugins && plugins->type == JSON_OBJECT && i < plugins->len; i++) {
        if (strcmp(plugins->keys[i], plugin) == 0 || plugins->items[i].type != JSON_ARRAY) continue;
        strlist other = {0};
        for (size_t j = 0; j < plugins->items[i].len && rc == 0; j++)
            if (safe_entry(&plugins->items[i].items[j])) rc = strlist_push(&other, plugins->items[i].items[j].string);
        gbuf_puts(&out, ",\n  ");
        json_put_string(&out, plugins->keys[i]);
        gbuf_puts(&out, ": ");
        put_list(&out, &other);
        strlist_clear(&other);
    }
    gbuf_puts(&out, "\n}\n}\n");
    json_free(old);
    strlist_clear(&keep);
    if (rc != 0 || out.failed) {
        gbuf_free(&out);
        gbuf_free(&path);
        snprintf(err, errsize, "out of memory");
        return GALLEY_ENOMEM;
    }
    out_file w;
    int ok = out_file_open(&w, path.data) == 0;
    if (ok && fwrite(out.data, 1, out.len, w.f) != out.len) {
        out_file_abort(&w);
        ok = 0;
    } else if (ok) {
        ok = out_file_commit(&w) == 0;
    }
    if (!ok) snprintf(err, errsize, "writing %s: %s", path.data, strerror(errno));
    gbuf_free(&out);
    gbuf_free(&path);
    return ok ? GALLEY_OK : GALLEY_EIO;
}
