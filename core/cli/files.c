/* files.c — files and folders for the CLI: read and write whole files, create folders,
 * list and remove folder trees, lists of strings. */
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int strs_push(strs *l, const char *s) {
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        char **v = realloc(l->v, cap * sizeof *v);
        if (!v) return -1;
        l->v = v;
        l->cap = cap;
    }
    if (!(l->v[l->n] = strdup(s))) return -1;
    l->n++;
    return 0;
}

static int str_cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

void strs_sort(strs *l) {
    if (l->n) qsort(l->v, l->n, sizeof *l->v, str_cmp);
}

void strs_free(strs *l) {
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

char *cli_path_join(const char *a, const char *b) {
    sbuf p = SBUF_INIT;
    if (a && strcmp(a, ".") != 0) sbuf_printf(&p, "%s%s", a, a[0] && a[strlen(a) - 1] == '/' ? "" : "/");
    sbuf_puts(&p, b);
    if (!p.failed) return p.data;
    sbuf_free(&p);
    return NULL;
}

char *cli_read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    sbuf b = SBUF_INIT;
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        sbuf_put(&b, chunk, n);
    int bad = ferror(f);
    fclose(f);
    sbuf_puts(&b, "");
    if (bad || b.failed) {
        sbuf_free(&b);
        errno = bad ? EIO : ENOMEM;
        return NULL;
    }
    if (len) *len = b.len;
    return b.data;
}

int cli_write_file(const char *path, const char *data, size_t len, int exclusive) {
    int fd = open(path, O_WRONLY | O_CREAT | (exclusive ? O_EXCL : O_TRUNC), 0644);
    if (fd < 0) return -1;
    size_t done = 0;
    while (done < len) {
        ssize_t n = write(fd, data + done, len - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            int saved = errno;
            close(fd);
            errno = saved;
            return -1;
        }
        done += (size_t)n;
    }
    return close(fd);
}

int cli_mkdirs(const char *path) {
    struct stat st;
    if (stat(path, &st) == 0) return S_ISDIR(st.st_mode) ? 0 : (errno = ENOTDIR, -1);
    char *copy = strdup(path);
    if (!copy) return -1;
    char *slash = strrchr(copy, '/');
    while (slash && slash > copy && slash[-1] == '/')
        slash--;
    int rc = 0;
    if (slash && slash != copy) {
        *slash = '\0';
        rc = cli_mkdirs(copy);
    }
    free(copy);
    if (rc == 0 && mkdir(path, 0755) != 0 && errno != EEXIST) rc = -1;
    return rc;
}

/* Calls fn on every entry of a folder but "." and ".."; stops at the first failure. */
static int each_entry(const char *dir, int (*fn)(const char *path, void *ud), void *ud) {
    DIR *d = opendir(dir);
    if (!d) return -1;
    struct dirent *e;
    int rc = 0;
    while (rc == 0 && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        char *child = cli_path_join(dir, e->d_name);
        rc = child ? fn(child, ud) : -1;
        free(child);
    }
    int saved = errno;
    closedir(d);
    errno = saved;
    return rc;
}

static int list_into(const char *path, void *ud) {
    struct stat st;
    if (lstat(path, &st) != 0) return -1;
    if (S_ISDIR(st.st_mode)) return each_entry(path, list_into, ud);
    return S_ISREG(st.st_mode) ? strs_push(ud, path) : 0;
}

int cli_list_tree(const char *root, strs *out) {
    int rc = list_into(root, out);
    strs_sort(out);
    return rc;
}

static int remove_one(const char *path, void *ud) {
    struct stat st;
    if (lstat(path, &st) != 0) return -1;
    if (S_ISDIR(st.st_mode) && each_entry(path, remove_one, ud) != 0) return -1;
    return remove(path);
}

int cli_remove_tree(const char *path) { return remove_one(path, NULL); }
