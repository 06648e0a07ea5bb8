/* fixtures.h — checking loaders against fixtures/<format>/: every <case>.<ext> that has a
 * <case>.expected.json is loaded (the loader chosen by extension, as galley does) and
 * compared on the keys the expected object names; {"error": "..."} expects the load to
 * fail with that message. Static, so each test binary gets its own copy. */
#ifndef GALLEY_TEST_FIXTURES_H
#define GALLEY_TEST_FIXTURES_H

#include <dirent.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "article.h"
#include "json.h"
#include "load.h"
#include "util.h"

/* Formats a path into out, failing the test when it does not fit. */
static void make_path(char *out, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void make_path(char *out, size_t size, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(out, size, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= size) fail_msg("path too long: %s", out);
}

/* The repository: GALLEY_SRCDIR, else three levels above build/tests/test_x, else ".". */
static void find_root(const char *argv0, char *root, size_t size) {
    const char *env = getenv("GALLEY_SRCDIR");
    struct stat st;
    if (env) {
        snprintf(root, size, "%s", env);
        return;
    }
    snprintf(root, size, "%s", argv0);
    for (int up = 0; up < 3; up++) {
        char *slash = strrchr(root, '/');
        if (!slash) {
            snprintf(root, size, ".");
            break;
        }
        *slash = '\0';
    }
    char probe[PATH_MAX + 32];
    make_path(probe, sizeof probe, "%s/fixtures", root);
    if (!root[0] || stat(probe, &st) < 0) snprintf(root, size, ".");
}

/* ---- comparing with <case>.expected.json ---------------------------------------- */

static int mismatch(const char *fixture, const char *what, const char *want, const char *got) {
    printf("MISMATCH %s: %s: expected %s%s%s, got %s%s%s\n", fixture, what, want ? "\"" : "",
           want ? want : "null", want ? "\"" : "", got ? "\"" : "", got ? got : "null", got ? "\"" : "");
    return 1;
}

static int compare_string(const char *fixture, const char *what, const json_value *want, const char *got) {
    if (want->type == JSON_NULL) return got ? mismatch(fixture, what, NULL, got) : 0;
    if (want->type != JSON_STRING)
        return mismatch(fixture, what, "a string or null in the expected file", got);
    if (!got || strcmp(want->string, got) != 0) return mismatch(fixture, what, want->string, got);
    return 0;
}

static int compare_strlist(const char *fixture, const char *key, const json_value *want, const strlist *got) {
    int bad = 0;
    char what[64];
    if (want->type != JSON_ARRAY) return mismatch(fixture, key, "an array in the expected file", NULL);
    size_t n = want->len > got->n ? want->len : got->n;
    for (size_t i = 0; i < n; i++) {
        snprintf(what, sizeof what, "%s[%zu]", key, i);
        if (i >= want->len)
            bad += mismatch(fixture, what, "(nothing)", got->v[i]);
        else
            bad += compare_string(fixture, what, &want->items[i], i < got->n ? got->v[i] : NULL);
    }
    return bad;
}

static int compare_block(const char *fixture, size_t i, const json_value *want, const block *b) {
    int bad = 0;
    char what[64];
    for (size_t k = 0; k < want->len; k++) {
        const char *key = want->keys[k];
        const json_value *v = &want->items[k];
        snprintf(what, sizeof what, "blocks[%zu].%s", i, key);
        if (strcmp(key, "type") == 0) {
            bad += compare_string(fixture, what, v, block_type_name(b->type));
        } else if (strcmp(key, "level") == 0) {
            char got[16];
            snprintf(got, sizeof got, "%d", b->level);
            char exp[32];
            snprintf(exp, sizeof exp, "%d", v->type == JSON_NUMBER ? (int)v->number : -1);
            if (strcmp(exp, got) != 0) bad += mismatch(fixture, what, exp, got);
        } else if (strcmp(key, "text") == 0) {
            bad += compare_string(fixture, what, v, b->text);
        } else if (strcmp(key, "url") == 0) {
            bad += compare_string(fixture, what, v, b->url);
        } else if (strcmp(key, "alt") == 0) {
            bad += compare_string(fixture, what, v, b->alt);
        } else {
            bad += mismatch(fixture, what, "a known block key", key);
        }
    }
    return bad;
}

static int compare_blocks(const char *fixture, const json_value *want, const galley_article *a) {
    if (want->type != JSON_ARRAY) return mismatch(fixture, "blocks", "an array in the expected file", NULL);
    int bad = 0;
    if (want->len != a->nblocks) {
        char exp[32], got[32];
        snprintf(exp, sizeof exp, "%zu blocks", want->len);
        snprintf(got, sizeof got, "%zu blocks", a->nblocks);
        bad += mismatch(fixture, "blocks", exp, got);
    }
    size_t n = want->len < a->nblocks ? want->len : a->nblocks;
    for (size_t i = 0; i < n; i++)
        bad += compare_block(fixture, i, &want->items[i], &a->blocks[i]);
    return bad;
}

static int compare_meta(const char *fixture, const json_value *want, const galley_article *a) {
    int bad = 0;
    char what[128];
    for (size_t k = 0; k < want->len; k++) {
        snprintf(what, sizeof what, "meta.%s", want->keys[k]);
        bad += compare_string(fixture, what, &want->items[k], article_get_meta(a, want->keys[k]));
    }
    return bad;
}

/* Compares the keys present in the expected object; returns the number of mismatches. */
static int compare_article(const char *fixture, const json_value *want, const galley_article *a) {
    int bad = 0;
    for (size_t k = 0; k < want->len; k++) {
        const char *key = want->keys[k];
        const json_value *v = &want->items[k];
        if (strcmp(key, "authors") == 0)
            bad += compare_strlist(fixture, key, v, &a->authors);
        else if (strcmp(key, "tags") == 0)
            bad += compare_strlist(fixture, key, v, &a->tags);
        else if (strcmp(key, "blocks") == 0)
            bad += compare_blocks(fixture, v, a);
        else if (strcmp(key, "meta") == 0)
            bad += compare_meta(fixture, v, a);
        else if (article_field_index(key) >= 0)
            bad += compare_string(fixture, key, v, galley_article_get(a, key));
        else
            bad += mismatch(fixture, key, "a known key in the expected file", NULL);
    }
    return bad;
}

typedef struct fixture_load {
    galley_article *a;
    int count;
} fixture_load;

static int fixture_collect(void *ud, galley_article *a) {
    fixture_load *c = ud;
    galley_article_free(c->a);
    c->a = a;
    c->count++;
    return GALLEY_OK;
}

/* Checks one fixture; -1 when it has no expectation file, else its mismatches. */
static int check_fixture(const char *dir, const char *name, const char *ext) {
    char in[PATH_MAX], exp[PATH_MAX];
    size_t stem = strlen(name) - strlen(ext);
    make_path(in, sizeof in, "%s/%s", dir, name);
    make_path(exp, sizeof exp, "%s/%.*s.expected.json", dir, (int)stem, name);
    char *json;
    size_t len;
    if (read_file(exp, &json, &len) < 0) return -1; /* a fixture without expectations */
    char err[512];
    json_value *want = json_parse(json, len, err, sizeof err);
    free(json);
    if (!want || want->type != JSON_OBJECT) fail_msg("%s: %s", exp, want ? "not an object" : err);
    char *data;
    if (read_file(in, &data, &len) < 0) fail_msg("cannot read %s", in);
    fixture_load c = {NULL, 0};
    int rc = load_memory(name, data, len, NULL, NULL, fixture_collect, &c, NULL, err, sizeof err);
    free(data);
    int bad = 0;
    const json_value *error = json_get(want, "error");
    if (error) {
        bad += compare_string(name, "error", error, rc == GALLEY_OK ? NULL : err);
    } else if (rc != GALLEY_OK) {
        bad += mismatch(name, "load", "success", err);
    } else {
        if (c.count != 1) bad += mismatch(name, "articles", "1", c.count ? "several" : "none");
        bad += compare_article(name, want, c.a);
    }
    galley_article_free(c.a);
    json_free(want);
    return bad;
}

static int by_name(const void *x, const void *y) { return strcmp(*(char *const *)x, *(char *const *)y); }

/* Checks every <case><ext> of root/fixtures/<format> that has expectations; fails the
 * test on a mismatch or when fewer than min_checked were checked. */
static void check_fixtures(const char *root, const char *format, const char *ext, int min_checked) {
    char dir[PATH_MAX];
    make_path(dir, sizeof dir, "%s/fixtures/%s", root, format);
    DIR *d = opendir(dir);
    if (!d) fail_msg("cannot open %s", dir);
    char *names[256];
    size_t n = 0, elen = strlen(ext);
    struct dirent *e;
    while ((e = readdir(d)) && n < sizeof names / sizeof *names) {
        size_t len = strlen(e->d_name);
        if (len > elen && strcmp(e->d_name + len - elen, ext) == 0) {
            names[n] = strdup(e->d_name);
            assert_non_null(names[n]);
            n++;
        }
    }
    closedir(d);
    qsort(names, n, sizeof *names, by_name);
    int bad = 0, checked = 0;
    for (size_t i = 0; i < n; i++) {
        int rc = check_fixture(dir, names[i], ext);
        if (rc >= 0) {
            checked++;
            bad += rc;
        }
        free(names[i]);
    }
    printf("checked %d fixtures in %s, %d mismatches\n", checked, dir, bad);
    assert_int_equal(bad, 0);
    assert_true(checked >= min_checked);
}

#endif
