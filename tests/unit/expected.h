/* expected.h — checks loaded articles against <case>.expected.json files beside the
 * fixtures: only the keys present are compared (fields, authors, tags, blocks, meta),
 * and every mismatch is printed. Static, for the tests that include it after cmocka.h. */
#ifndef GALLEY_TEST_EXPECTED_H
#define GALLEY_TEST_EXPECTED_H

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "json.h"
#include "util.h"

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

/* Loads a fixture file into an article (failing the test when it cannot). */
typedef galley_article *(*fixture_loader)(const char *path);

/* Checks dir/name against dir/<stem>.expected.json: the number of mismatches, or -1
 * when the fixture has no expectations. */
static int check_fixture(const char *dir, const char *name, const char *ext, fixture_loader load) {
    char path[PATH_MAX], exp[PATH_MAX];
    size_t stem = strlen(name) - strlen(ext);
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path ||
        (size_t)snprintf(exp, sizeof exp, "%s/%.*s.expected.json", dir, (int)stem, name) >= sizeof exp)
        fail_msg("path too long: %s/%s", dir, name);
    char *json;
    size_t len;
    if (read_file(exp, &json, &len) < 0) return -1; /* a fixture without expectations */
    char err[256];
    json_value *want = json_parse(json, len, err, sizeof err);
    free(json);
    if (!want || want->type != JSON_OBJECT) fail_msg("%s: %s", exp, want ? "not an object" : err);
    galley_article *a = load(path);
    int bad = compare_article(name, want, a);
    galley_article_free(a);
    json_free(want);
    return bad;
}

static int by_name(const void *x, const void *y) { return strcmp(*(char *const *)x, *(char *const *)y); }

/* Checks every dir/<name><ext> that has a .expected.json beside it; fails the test on
 * a mismatch or when fewer than min fixtures were checked. */
static void check_fixture_dir(const char *dir, const char *ext, fixture_loader load, int min) {
    DIR *d = opendir(dir);
    if (!d) fail_msg("cannot open %s", dir);
    char *names[256];
    size_t n = 0, el = strlen(ext);
    struct dirent *e;
    while ((e = readdir(d)) && n < sizeof names / sizeof *names) {
        size_t len = strlen(e->d_name);
        if (len > el && strcmp(e->d_name + len - el, ext) == 0) {
            names[n] = strdup(e->d_name);
            assert_non_null(names[n]);
            n++;
        }
    }
    closedir(d);
    qsort(names, n, sizeof *names, by_name);
    int bad = 0, checked = 0;
    for (size_t i = 0; i < n; i++) {
        int rc = check_fixture(dir, names[i], ext, load);
        if (rc >= 0) {
            checked++;
            bad += rc;
        }
        free(names[i]);
    }
    printf("checked %d fixtures in %s, %d mismatches\n", checked, dir, bad);
    assert_int_equal(bad, 0);
    assert_true(checked >= min);
}

#endif
