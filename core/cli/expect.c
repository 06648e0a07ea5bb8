/* expect.c — expectation files of `galley plugin test`: what a plugin is responsible
 * for in an article's result, where that is kept beside the article, and how a result
 * is compared with it (category scores within 0.005, texts line by line). */
#include "ptest.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define SCORE_TOLERANCE 0.005

char *expect_path(const char *article, const char *kind, const char *name, size_t index) {
    const char *base = strrchr(article, '/');
    base = base ? base + 1 : article;
    const char *dot = strrchr(base, '.');
    size_t stem = dot && dot != base ? (size_t)(dot - article) : strlen(article);
    sbuf p = SBUF_INIT;
    sbuf_put(&p, article, stem);
    sbuf_printf(&p, ".expected.%s-%s", kind, name);
    if (index) sbuf_printf(&p, ".%zu", index + 1);
    sbuf_puts(&p, ".json");
    if (!p.failed) return p.data;
    sbuf_free(&p);
    return NULL;
}

/* ---- the result ------------------------------------------------------------------ */

static double score_of(const jv *category) {
    const jv *s = jv_get(category, "score");
    return s && s->type == JV_NUMBER ? s->number : -1;
}

static const char *text_of(const jv *object, const char *key) {
    const char *s = jv_str(jv_get(object, key));
    return s ? s : "";
}

static int same_category(const jv *a, const jv *b) {
    return strcmp(text_of(a, "scheme"), text_of(b, "scheme")) == 0 &&
           strcmp(text_of(a, "label"), text_of(b, "label")) == 0 && score_of(a) == score_of(b);
}

/* {scheme, label, score} with the score to four decimals. */
static jv *category_entry(const jv *c) {
    jv *e = jv_new(JV_OBJECT);
    if (!e) return NULL;
    int bad = jv_set(e, "scheme", jv_string(text_of(c, "scheme")));
    bad |= jv_set(e, "label", jv_string(text_of(c, "label")));
    bad |= jv_set(e, "score", jv_number(round(score_of(c) * 1e4) / 1e4));
    if (!bad) return e;
    jv_free(e);
    return NULL;
}

/* The categories of after that before did not have (or had with another score). */
static jv *added_categories(const jv *before, const jv *after) {
    const jv *old = jv_get(before, "categories"), *now = jv_get(after, "categories");
    jv *added = jv_new(JV_ARRAY);
    for (size_t i = 0; added && now && i < now->n; i++) {
        int known = 0;
        for (size_t j = 0; old && j < old->n && !known; j++)
            known = same_category(&now->items[i], &old->items[j]);
        if (!known && jv_push(added, category_entry(&now->items[i])) < 0) {
            jv_free(added);
            return NULL;
        }
    }
    return added;
}

/* The renditions of after that are new or changed. */
static jv *changed_renditions(const jv *before, const jv *after) {
    const jv *old = jv_get(before, "renditions"), *now = jv_get(after, "renditions");
    jv *changed = jv_new(JV_OBJECT);
    for (size_t i = 0; changed && now && now->type == JV_OBJECT && i < now->n; i++) {
        const jv *was = jv_get(old, now->keys[i]);
        if (was && jv_equal(was, &now->items[i])) continue;
        if (jv_set(changed, now->keys[i], jv_copy(&now->items[i])) < 0) {
            jv_free(changed);
            return NULL;
        }
    }
    return changed;
}

/* Sets part under key when it is the kind's own part or not empty; frees it otherwise. */
static int set_part(jv *result, const char *key, jv *part, int own) {
    if (!part) return -1;
    if (own || part->n) return jv_set(result, key, part);
    jv_free(part);
    return 0;
}

/* rendition_plugins goes with renditions: a format plugin's own name, not a field it set. */
int expect_is_field(const char *key) {
    return strcmp(key, "categories") != 0 && strcmp(key, "renditions") != 0 && strcmp(key, "hash") != 0 &&
           strcmp(key, "rendition_plugins") != 0;
}

/* The fields that differ. */
static int set_changed_fields(jv *result, const jv *before, const jv *after) {
    for (size_t i = 0; i < after->n; i++) {
        const char *key = after->keys[i];
        if (!expect_is_field(key)) continue;
        const jv *was = jv_get(before, key);
        if (was && jv_equal(was, &after->items[i])) continue;
        if (jv_set(result, key, jv_copy(&after->items[i])) < 0) return -1;
    }
    return 0;
}

jv *expect_result(const char *kind, const jv *before, const jv *after, int kept) {
    jv *r = jv_new(JV_OBJECT);
    if (!r) return NULL;
    int bad = strcmp(kind, "filter") == 0 ? jv_set(r, "kept", jv_bool(kept)) : 0;
    bad |= set_part(r, "categories", added_categories(before, after), strcmp(kind, "categorize") == 0);
    bad |= set_part(r, "renditions", changed_renditions(before, after), strcmp(kind, "format") == 0);
    bad |= set_changed_fields(r, before, after);
    if (!bad) return r;
    jv_free(r);
    return NULL;
}

/* ---- showing values ----------------------------------------------------------------- */

void expect_show(sbuf *out, const jv *v, size_t max) {
    sbuf s = SBUF_INIT;
    jv_write(&s, v, -1);
    if (s.failed) {
        sbuf_puts(out, "(out of memory)");
    } else if (s.len <= max) {
        sbuf_put(out, s.data, s.len);
    } else {
        size_t cut = max > 3 ? max - 3 : 0;
        while (cut > 0 && ((unsigned char)s.data[cut] & 0xC0) == 0x80)
            cut--;
        sbuf_put(out, s.data, cut);
        sbuf_printf(out, "... (%zu bytes)", s.len);
    }
    sbuf_free(&s);
}

/* ---- comparing ------------------------------------------------------------------- */

#define SHOW_MAX 200

static void show_or(sbuf *r, const jv *v, const char *none) {
    if (v)
        expect_show(r, v, SHOW_MAX);
    else
        sbuf_puts(r, none);
}

static size_t mismatch(sbuf *r, const char *key, const jv *expected, const jv *got) {
    sbuf_printf(r, "  mismatch in %s:\n    expected: ", key);
    show_or(r, expected, "nothing (not in the expectation file)");
    sbuf_puts(r, "\n    got:      ");
    show_or(r, got, "nothing (not in the result of the plugin)");
    sbuf_puts(r, "\n");
    return 1;
}

/* Shows one line (up to its newline) as a JSON string, or "(end of text)". */
static void show_line(sbuf *r, const char *line) {
    if (!line) {
        sbuf_puts(r, "(end of text)");
        return;
    }
    sbuf s = SBUF_INIT;
    sbuf_put(&s, line, strcspn(line, "\n"));
    jv text = {JV_STRING, 0, s.failed ? "" : s.data, NULL, NULL, 0, 0};
    expect_show(r, &text, SHOW_MAX);
    sbuf_free(&s);
}

static const char *next_line(const char *s) {
    const char *nl = strchr(s, '\n');
    return nl ? nl + 1 : NULL;
}

/* Two texts by their first differing line. */
static size_t text_mismatch(sbuf *r, const char *key, const char *expected, const char *got) {
    int line = 1;
    const char *e = expected, *g = got;
    while (e && g) {
        size_t ne = strcspn(e, "\n"), ng = strcspn(g, "\n");
        if (ne != ng || memcmp(e, g, ne) != 0) break;
        e = next_line(e);
        g = next_line(g);
        line++;
    }
    sbuf_printf(r, "  mismatch in %s, line %d:\n    expected: ", key, line);
    show_line(r, e);
    sbuf_puts(r, "\n    got:      ");
    show_line(r, g);
    sbuf_puts(r, "\n");
    return 1;
}

static int is_long_text(const char *s) { return strchr(s, '\n') || strlen(s) > 80; }

static size_t compare_value(sbuf *r, const char *key, const jv *e, const jv *g) {
    if (jv_equal(e, g)) return 0;
    if (e->type == JV_STRING && g->type == JV_STRING && (is_long_text(e->str) || is_long_text(g->str)))
        return text_mismatch(r, key, e->str, g->str);
    return mismatch(r, key, e, g);
}

/* A member's value compared, named "key.member"; either value may be missing. */
static size_t compare_member(sbuf *r, const char *key, const char *member, const jv *e, const jv *g) {
    sbuf path = SBUF_INIT;
    sbuf_printf(&path, "%s.%s", key, member);
    const char *name = path.failed ? key : path.data;
    size_t n = e && g ? compare_value(r, name, e, g) : mismatch(r, name, e, g);
    sbuf_free(&path);
    return n;
}

/* Objects member by member (renditions, files, meta): "renditions.markdown". */
static size_t compare_members(sbuf *r, const char *key, const jv *e, const jv *g) {
    size_t n = 0;
    for (size_t i = 0; i < e->n; i++)
        n += compare_member(r, key, e->keys[i], &e->items[i], jv_get(g, e->keys[i]));
    for (size_t i = 0; i < g->n; i++)
        if (!jv_get(e, g->keys[i])) n += compare_member(r, key, g->keys[i], NULL, &g->items[i]);
    return n;
}

/* "IQ 0.84, IR 0.61": the labels of one scheme, in order. */
static void scheme_labels(sbuf *out, const jv *cats, const char *scheme) {
    int first = 1;
    for (size_t i = 0; i < cats->n; i++) {
        if (strcmp(text_of(&cats->items[i], "scheme"), scheme) != 0) continue;
        sbuf_printf(out, "%s%s %.4g", first ? "" : ", ", text_of(&cats->items[i], "label"),
                    score_of(&cats->items[i]));
        first = 0;
    }
    if (first) sbuf_puts(out, "none");
}

/* The next category of a scheme at or after *i, or NULL. */
static const jv *next_in(const jv *cats, const char *scheme, size_t *i) {
    for (; *i < cats->n; (*i)++)
        if (strcmp(text_of(&cats->items[*i], "scheme"), scheme) == 0) return &cats->items[(*i)++];
    return NULL;
}

/* One scheme: the same labels in the same order, scores within the tolerance. */
static size_t compare_scheme(sbuf *r, const char *scheme, const jv *e, const jv *g) {
    size_t ie = 0, ig = 0;
    int labels_differ = 0, scores_differ = 0;
    for (;;) {
        const jv *ce = next_in(e, scheme, &ie), *cg = next_in(g, scheme, &ig);
        if (!ce && !cg) break;
        if (!ce || !cg || strcmp(text_of(ce, "label"), text_of(cg, "label")) != 0) {
            labels_differ = 1;
            break;
        }
        if (fabs(score_of(ce) - score_of(cg)) > SCORE_TOLERANCE) scores_differ = 1;
    }
    if (!labels_differ && !scores_differ) return 0;
    sbuf_printf(r, "  mismatch in categories (scheme %s): %s\n    expected: ", scheme,
                labels_differ ? "other labels or another order" : "a score differs by more than 0.005");
    scheme_labels(r, e, scheme);
    sbuf_puts(r, "\n    got:      ");
    scheme_labels(r, g, scheme);
    sbuf_puts(r, "\n");
    return 1;
}

/* Scheme by scheme, in the order they first appear. */
static size_t compare_categories(sbuf *r, const jv *e, const jv *g) {
    if (e->type != JV_ARRAY || g->type != JV_ARRAY) return compare_value(r, "categories", e, g);
    strs schemes = {0};
    for (size_t i = 0; i < e->n + g->n; i++) {
        const char *scheme = text_of(i < e->n ? &e->items[i] : &g->items[i - e->n], "scheme");
        int seen = 0;
        for (size_t k = 0; k < schemes.n && !seen; k++)
            seen = strcmp(schemes.v[k], scheme) == 0;
        if (!seen && strs_push(&schemes, scheme) < 0) {
            strs_free(&schemes);
            sbuf_puts(r, "  out of memory comparing the categories\n");
            return 1;
        }
    }
    size_t n = 0;
    for (size_t k = 0; k < schemes.n; k++)
        n += compare_scheme(r, schemes.v[k], e, g);
    strs_free(&schemes);
    return n;
}

size_t expect_compare(const jv *expected, const jv *got, sbuf *report) {
    size_t n = 0;
    for (size_t i = 0; i < expected->n; i++) {
        const char *key = expected->keys[i];
        const jv *e = &expected->items[i], *g = jv_get(got, key);
        if (!g)
            n += mismatch(report, key, e, NULL);
        else if (strcmp(key, "categories") == 0)
            n += compare_categories(report, e, g);
        else if (e->type == JV_OBJECT && g->type == JV_OBJECT)
            n += compare_members(report, key, e, g);
        else
            n += compare_value(report, key, e, g);
    }
    for (size_t i = 0; i < got->n; i++)
        if (!jv_get(expected, got->keys[i])) n += mismatch(report, got->keys[i], NULL, &got->items[i]);
    return n;
}

/* ---- files ----------------------------------------------------------------------- */

jv *expect_read(const char *path, char *err, size_t errsize) {
    char *text = cli_read_file(path, NULL);
    if (!text) {
        snprintf(err, errsize, "%s: cannot read: %s", path, strerror(errno));
        return NULL;
    }
    char why[256];
    jv *v = jv_parse(text, why, sizeof why);
    free(text);
    if (v && v->type == JV_OBJECT) return v;
    snprintf(err, errsize, "%s: %s", path, v ? "not a JSON object" : why);
    jv_free(v);
    return NULL;
}

const char *expect_write(const char *path, const jv *result) {
    sbuf text = SBUF_INIT;
    jv_write(&text, result, 0);
    sbuf_puts(&text, "\n");
    if (text.failed) {
        sbuf_free(&text);
        errno = ENOMEM;
        return NULL;
    }
    char *old = cli_read_file(path, NULL);
    const char *what = !old ? "created" : strcmp(old, text.data) == 0 ? "unchanged" : "updated";
    if (strcmp(what, "unchanged") != 0 && cli_write_file(path, text.data, text.len, 0) != 0) what = NULL;
    free(old);
    sbuf_free(&text);
    return what;
}
