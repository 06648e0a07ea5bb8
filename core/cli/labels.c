/* labels.c — reads labelled texts for training and evaluation: a folder of label
 * folders (the BBC corpus layout) or a CSV file. galley has no CSV loader in the
 * library, so the small RFC 4180 reader the CSV case needs lives here. */
#include "labels.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void labelled_free(labelled *l) {
    strs_free(&l->texts);
    strs_free(&l->labels);
    strs_free(&l->sources);
}

/* The offset of the first byte that is not part of valid UTF-8, or len. */
static size_t utf8_bad_at(const unsigned char *s, size_t len) {
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
        if (!n || (n == 2 && c < 0xC2) || (n == 4 && c > 0xF4) || len - i < n) return i;
        for (size_t k = 1; k < n; k++)
            if ((s[i + k] & 0xC0) != 0x80) return i;
        unsigned cp = n == 1 ? c : n == 2 ? (c & 0x1Fu) : n == 3 ? (c & 0x0Fu) : (c & 0x07u);
        for (size_t k = 1; k < n; k++) cp = cp << 6 | (s[i + k] & 0x3Fu);
        if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
            return i;
        i += n;
    }
    return len;
}

static int add(labelled *l, const char *text, const char *label, const char *source) {
    if (strs_push(&l->texts, text) < 0 || strs_push(&l->labels, label) < 0 || strs_push(&l->sources, source) < 0) {
        fprintf(stderr, "galley: out of memory\n");
        return -1;
    }
    return 0;
}

/* ---- a folder of label folders ---------------------------------------------------------- */

typedef struct file_ctx {
    labelled *l;
    const char *label, *path;
    int failed;
} file_ctx;

static int take_article(void *ud, galley_article *a) {
    file_ctx *c = ud;
    char *body = galley_article_text(a);
    const char *title = galley_article_get(a, "title");
    sbuf t = SBUF_INIT;
    if (title) sbuf_printf(&t, "%s\n\n", title);
    if (body) sbuf_puts(&t, body);
    if (!body || t.failed || add(c->l, t.data ? t.data : "", c->label, c->path) < 0) c->failed = 1;
    galley_free(body);
    sbuf_free(&t);
    galley_article_free(a);
    return c->failed ? GALLEY_ENOMEM : GALLEY_OK;
}

static int read_folder(labelled *out, galley *g, const char *root, const char *cmd) {
    DIR *d = opendir(root);
    if (!d) {
        fprintf(stderr, "galley %s: %s: cannot read: %s\n", cmd, root, strerror(errno));
        return EXIT_FATAL;
    }
    strs subs = {0};
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        char *p = cli_path_join(root, e->d_name);
        struct stat st;
        if (p && stat(p, &st) == 0 && S_ISDIR(st.st_mode)) strs_push(&subs, e->d_name);
        else if (p) fprintf(stderr, "galley %s: warning: %s: not in a label folder, ignored\n", cmd, p);
        free(p);
    }
    closedir(d);
    strs_sort(&subs);
    for (size_t i = 0; i < subs.n; i++) {
        char *dir = cli_path_join(root, subs.v[i]);
        strs files = {0};
        if (!dir || cli_list_tree(dir, &files) < 0) {
            fprintf(stderr, "galley %s: warning: %s: cannot read: %s\n", cmd, dir ? dir : subs.v[i], strerror(errno));
            free(dir);
            continue;
        }
        for (size_t k = 0; k < files.n; k++) {
            const char *path = files.v[k];
            const char *base = strrchr(path, '/');
            if ((base ? base[1] : path[0]) == '.') continue; /* README-less hidden files */
            size_t len;
            char *data = cli_read_file(path, &len);
            if (!data) {
                fprintf(stderr, "galley %s: warning: %s: cannot read: %s\n", cmd, path, strerror(errno));
                continue;
            }
            size_t bad = utf8_bad_at((const unsigned char *)data, len);
            if (bad < len)
                fprintf(stderr,
                        "galley %s: warning: %s: not valid UTF-8 (byte 0x%02X at offset %zu); decoded with the "
                        "detected encoding\n",
                        cmd, path, (unsigned char)data[bad], bad);
            file_ctx c = {out, subs.v[i], path, 0};
            int rc = galley_load_buffer(g, path, data, len, NULL, take_article, &c);
            free(data);
            if (c.failed) {
                strs_free(&files);
                free(dir);
                strs_free(&subs);
                return EXIT_FATAL;
            }
            if (rc != GALLEY_OK) fprintf(stderr, "galley %s: warning: %s: skipped: %s\n", cmd, path, galley_errmsg(g));
        }
        strs_free(&files);
        free(dir);
    }
    strs_free(&subs);
    return 0;
}

/* ---- CSV ------------------------------------------------------------------------------------ */

/* One record of RFC 4180 CSV from *p (fields quoted with "..." and "" inside, or bare),
 * moving *p past it and counting lines. -1 at the end of the data. */
static int csv_record(const char **p, const char *end, strs *fields, size_t *line) {
    strs_free(fields);
    if (*p >= end) return -1;
    const char *s = *p;
    sbuf f = SBUF_INIT;
    int status = 0;
    for (;;) {
        if (s < end && *s == '"') {
            s++;
            for (;;) {
                if (s >= end) {
                    status = 1; /* an unclosed quote: the rest is this field */
                    break;
                }
                if (*s == '"' && s + 1 < end && s[1] == '"') {
                    sbuf_put(&f, "\"", 1);
                    s += 2;
                } else if (*s == '"') {
                    s++;
                    break;
                } else {
                    if (*s == '\n') (*line)++;
                    sbuf_put(&f, s++, 1);
                }
            }
        }
        while (s < end && *s != ',' && *s != '\n' && *s != '\r') sbuf_put(&f, s++, 1);
        strs_push(fields, f.data ? f.data : "");
        sbuf_free(&f);
        if (s < end && *s == ',') {
            s++;
            continue;
        }
        if (s < end && *s == '\r') s++;
        if (s < end && *s == '\n') s++;
        (*line)++;
        break;
    }
    *p = s;
    return status;
}

static long find_column(const strs *header, const char *name) {
    for (size_t i = 0; i < header->n; i++)
        if (strcmp(header->v[i], name) == 0) return (long)i;
    return -1;
}

static int read_csv(labelled *out, const char *path, const char *text_col, const char *label_col, const char *cmd) {
    size_t len;
    char *data = cli_read_file(path, &len);
    if (!data) {
        fprintf(stderr, "galley %s: %s: cannot read: %s\n", cmd, path, strerror(errno));
        return EXIT_FATAL;
    }
    const char *p = data, *end = data + len;
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) p += 3;
    size_t line = 1;
    strs header = {0}, row = {0};
    int status = 0;
    if (csv_record(&p, end, &header, &line) < 0 || header.n == 0) {
        fprintf(stderr, "galley %s: %s: empty file, expected a header line\n", cmd, path);
        status = EXIT_USAGE;
        goto out;
    }
    long tc = find_column(&header, text_col), lc = find_column(&header, label_col);
    if (tc < 0 || lc < 0) {
        sbuf names = SBUF_INIT;
        for (size_t i = 0; i < header.n; i++) sbuf_printf(&names, "%s'%s'", i ? ", " : "", header.v[i]);
        fprintf(stderr, "galley %s: %s: no column '%s' in the header (columns: %s); choose one with %s\n", cmd, path,
                tc < 0 ? text_col : label_col, names.data ? names.data : "", tc < 0 ? "--text-column" : "--label-column");
        sbuf_free(&names);
        status = EXIT_USAGE;
        goto out;
    }
    for (;;) {
        size_t at = line;
        int rc = csv_record(&p, end, &row, &line);
        if (rc < 0) break;
        if (row.n == 1 && !row.v[0][0]) continue; /* a blank line */
        char where[64];
        snprintf(where, sizeof where, ":%zu", at);
        sbuf src = SBUF_INIT;
        sbuf_printf(&src, "%s%s", path, where);
        if (rc > 0) fprintf(stderr, "galley %s: warning: %s: a quoted field is not closed\n", cmd, src.data);
        if ((size_t)tc >= row.n || (size_t)lc >= row.n) {
            fprintf(stderr, "galley %s: warning: %s: %zu fields where the header has %zu; row skipped\n", cmd, src.data,
                    row.n, header.n);
        } else if (!row.v[lc][0]) {
            fprintf(stderr, "galley %s: warning: %s: empty label; row skipped\n", cmd, src.data);
        } else {
            const char *t = row.v[tc];
            size_t bad = utf8_bad_at((const unsigned char *)t, strlen(t));
            if (bad < strlen(t))
                fprintf(stderr,
                        "galley %s: warning: %s: the text is not valid UTF-8 (byte 0x%02X at offset %zu); bad "
                        "bytes read as U+FFFD\n",
                        cmd, src.data, (unsigned char)t[bad], bad);
            if (add(out, t, row.v[lc], src.data) < 0) status = EXIT_FATAL;
        }
        sbuf_free(&src);
        if (status) break;
    }
out:
    strs_free(&header);
    strs_free(&row);
    free(data);
    return status;
}

int labelled_read(labelled *out, const char *path, const char *text_col, const char *label_col, const char *cmd) {
    memset(out, 0, sizeof *out);
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "galley %s: %s: %s\n", cmd, path, strerror(errno));
        return EXIT_USAGE;
    }
    int status;
    if (S_ISDIR(st.st_mode)) {
        galley *g;
        if ((status = cli_open_bare(&g, NULL, cmd)) != 0) return status;
        status = read_folder(out, g, path, cmd);
        galley_close(g);
    } else {
        status = read_csv(out, path, text_col, label_col, cmd);
    }
    if (!status && out->texts.n == 0) {
        fprintf(stderr,
                S_ISDIR(st.st_mode)
                    ? "galley %s: %s: no labelled texts (expected one sub-folder per label, holding text files)\n"
                    : "galley %s: %s: no labelled rows\n",
                cmd, path);
        status = EXIT_USAGE;
    }
    if (status) labelled_free(out);
    return status;
}
