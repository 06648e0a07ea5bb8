/* fieldmap.c — which column of a dataset (a CSV header, a JSON Lines key) fills which
 * article field: the user's mapping (`--map title=headline`), then the columns named
 * like a field, then a table of common names; what is left goes to meta. */
#include "../date.h"
#include "../load.h"
#include "../util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The targets a mapping may name besides the article's own text fields: the body, the
 * two lists and meta.KEY. source and format are the loader's to set. */
static const char *const list_targets[] = {"text", "authors", "tags"};

/* Common column names of news datasets, per target, in order of preference: a column
 * named like the target itself comes before all of them. */
static const struct {
    const char *target;
    const char *aliases; /* space-separated, matched case-insensitively */
} default_aliases[] = {
    {"title", "headline name"},
    {"text", "content body article story"},
    {"url", "link uri"},
    {"published", "date publish_date pubdate published_at"},
    {"authors", "author byline"},
    {"tags", "keywords"},
    {"site_name", "domain site source"},
    {"lang", "language"},
    {"description", "summary"},
    {"uid", "id"},
};

typedef struct map_entry {
    char *source;       /* the column or key */
    load_target target; /* meta_key points into key below */
    char *key;
} map_entry;

struct load_map {
    map_entry *v;
    size_t n;
};

static int is_settable_field(int f) { return f >= 0 && f != AF_SOURCE && f != AF_FORMAT; }

/* The target a name calls for, or kind LT_NONE when it names none. */
static load_target target_named(const char *name) {
    load_target t = {LT_NONE, -1, NULL};
    int f = article_field_index(name);
    if (is_settable_field(f)) {
        t.kind = LT_FIELD;
        t.field = f;
    } else if (strcmp(name, "text") == 0) {
        t.kind = LT_TEXT;
    } else if (strcmp(name, "authors") == 0) {
        t.kind = LT_AUTHORS;
    } else if (strcmp(name, "tags") == 0) {
        t.kind = LT_TAGS;
    } else if (strncmp(name, "meta.", 5) == 0 && name[5]) {
        t.kind = LT_META;
        t.meta_key = name + 5;
    }
    return t;
}

static void valid_targets(gbuf *b) {
    for (int f = 0; f < AF_COUNT; f++)
        if (is_settable_field(f)) gbuf_printf(b, "%s, ", article_field_names[f]);
    for (size_t i = 0; i < sizeof list_targets / sizeof *list_targets; i++) gbuf_printf(b, "%s, ", list_targets[i]);
    gbuf_puts(b, "meta.KEY");
}

void load_map_free(load_map *m) {
    if (!m) return;
    for (size_t i = 0; i < m->n; i++) {
        free(m->v[i].source);
        free(m->v[i].key);
    }
    free(m->v);
    free(m);
}

/* Adds "target=source" (s[0..n)) to m. */
static int parse_pair(load_map *m, const char *s, size_t n, char *err, size_t errsize) {
    while (n && (*s == ' ' || *s == '\t')) s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    if (!n) return GALLEY_OK; /* "a=b,,c=d" or a trailing comma */
    const char *eq = memchr(s, '=', n);
    if (!eq || eq == s || eq == s + n - 1) {
        snprintf(err, errsize, "field map: '%.*s' is not TARGET=COLUMN (e.g. title=headline)", (int)n, s);
        return GALLEY_EUSAGE;
    }
    char *key = g_strndup(s, (size_t)(eq - s)), *source = g_strndup(eq + 1, (size_t)(s + n - eq - 1));
    map_entry *grown = realloc(m->v, (m->n + 1) * sizeof *m->v);
    if (!key || !source || !grown) {
        free(key);
        free(source);
        if (grown) m->v = grown;
        snprintf(err, errsize, "out of memory");
        return GALLEY_ENOMEM;
    }
    m->v = grown;
    map_entry *e = &m->v[m->n++];
    e->key = key;
    e->source = source;
    e->target = target_named(key);
    if (e->target.kind == LT_NONE) {
        gbuf b = GBUF_INIT;
        valid_targets(&b);
        snprintf(err, errsize, "field map: unknown target '%s' in '%.*s' (valid: %s)", key, (int)n, s,
                 b.failed ? "?" : b.data);
        gbuf_free(&b);
        return GALLEY_EUSAGE;
    }
    /* Two columns into one single-valued field: which would win is not obvious. */
    for (size_t i = 0; i + 1 < m->n; i++) {
        const load_target *o = &m->v[i].target;
        int same = o->kind == e->target.kind &&
                   (o->kind == LT_TEXT || (o->kind == LT_FIELD && o->field == e->target.field) ||
                    (o->kind == LT_META && strcmp(o->meta_key, e->target.meta_key) == 0));
        if (same) {
            snprintf(err, errsize, "field map: '%s' is mapped twice ('%s' and '%s')", key, m->v[i].source, source);
            return GALLEY_EUSAGE;
        }
    }
    return GALLEY_OK;
}

int load_map_parse(const char *const *specs, size_t n, load_map **out, char *err, size_t errsize) {
    *out = NULL;
    if (!n) return GALLEY_OK;
    load_map *m = calloc(1, sizeof *m);
    if (!m) {
        snprintf(err, errsize, "out of memory");
        return GALLEY_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        const char *s = specs[i] ? specs[i] : "";
        while (*s) {
            size_t len = strcspn(s, ",");
            int rc = parse_pair(m, s, len, err, errsize);
            if (rc != GALLEY_OK) {
                load_map_free(m);
                return rc;
            }
            s += len + (s[len] == ',');
        }
    }
    *out = m;
    return GALLEY_OK;
}

/* 1 for targets that take one value: a second column for them goes to meta. */
static int single_valued(const load_target *t) { return t->kind == LT_FIELD || t->kind == LT_TEXT; }

/* A slot per single-valued target, to know which are taken. */
static int slot_of(const load_target *t) {
    if (t->kind == LT_FIELD) return t->field;
    if (t->kind == LT_TEXT) return AF_COUNT;
    return -1;
}

/* Column name without surrounding blanks equals want, ignoring case. */
static int name_is(const char *name, const char *want, size_t wantlen) {
    while (*name == ' ' || *name == '\t') name++;
    size_t n = strlen(name);
    while (n && (name[n - 1] == ' ' || name[n - 1] == '\t')) n--;
    return n == wantlen && strncasecmp(name, want, n) == 0;
}

/* Gives every unassigned column named `want` target t (when t is free). */
static void claim(const char *const *names, size_t n, load_target *out, int *taken, const char *want,
                  size_t wantlen, load_target t) {
    for (size_t i = 0; i < n; i++) {
        int slot = slot_of(&t);
        if (slot >= 0 && taken[slot]) return;
        if (out[i].kind != LT_UNSET || !name_is(names[i], want, wantlen)) continue;
        out[i] = t;
        if (slot >= 0) taken[slot] = 1;
    }
}

void load_map_resolve(const load_map *m, const char *const *names, size_t n, load_target *out) {
    int taken[AF_COUNT + 1] = {0};
    /* Columns the caller already handles (LT_RESERVED, JSON's own keys) keep their
     * targets' slots: a JSON "title" leaves "headline" to meta. */
    for (size_t i = 0; i < n; i++) {
        if (out[i].kind != LT_RESERVED) continue;
        load_target t = target_named(names[i]);
        int slot = single_valued(&t) ? slot_of(&t) : -1;
        if (slot >= 0) taken[slot] = 1;
    }
    /* The user's mapping: exact names first, then ignoring case. */
    for (size_t k = 0; m && k < m->n; k++) {
        const map_entry *e = &m->v[k];
        size_t hit = n;
        for (size_t i = 0; i < n && hit == n; i++)
            if ((out[i].kind == LT_UNSET || out[i].kind == LT_RESERVED) && strcmp(names[i], e->source) == 0) hit = i;
        for (size_t i = 0; i < n && hit == n; i++)
            if (out[i].kind == LT_UNSET && name_is(names[i], e->source, strlen(e->source))) hit = i;
        if (hit == n) continue;
        out[hit] = e->target;
        int slot = slot_of(&e->target);
        if (slot >= 0) taken[slot] = 1;
    }
    /* Columns named like a field, then the common names. */
    for (int f = 0; f < AF_COUNT; f++) {
        if (!is_settable_field(f)) continue;
        load_target t = {LT_FIELD, f, NULL};
        claim(names, n, out, taken, article_field_names[f], strlen(article_field_names[f]), t);
    }
    for (size_t i = 0; i < sizeof list_targets / sizeof *list_targets; i++)
        claim(names, n, out, taken, list_targets[i], strlen(list_targets[i]), target_named(list_targets[i]));
    for (size_t d = 0; d < sizeof default_aliases / sizeof *default_aliases; d++) {
        load_target t = target_named(default_aliases[d].target);
        for (const char *a = default_aliases[d].aliases; *a;) {
            size_t len = strcspn(a, " ");
            claim(names, n, out, taken, a, len, t);
            a += len + (a[len] == ' ');
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (out[i].kind != LT_UNSET) continue;
        out[i].kind = LT_META;
        out[i].meta_key = names[i];
    }
}

/* ---- values ---------------------------------------------------------------------- */

/* s[0..*n) without blanks (and line ends) around it. */
static const char *trim(const char *s, size_t *n) {
    while (*n && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')) s++, (*n)--;
    while (*n && (s[*n - 1] == ' ' || s[*n - 1] == '\t' || s[*n - 1] == '\r' || s[*n - 1] == '\n')) (*n)--;
    return s;
}

/* Adds one paragraph from s[0..n): its lines joined by spaces, CRs dropped. */
static int add_paragraph(galley_article *a, const char *s, size_t n, int join_lines) {
    s = trim(s, &n);
    if (!n) return 0;
    gbuf b = GBUF_INIT;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '\r') continue;
        if (c == '\n' && join_lines) c = ' ';
        gbuf_putc(&b, c);
    }
    int rc = b.failed ? -1 : article_add_block(a, GALLEY_BLOCK_PARAGRAPH, 0, b.data, NULL, NULL);
    gbuf_free(&b);
    return rc;
}

/* Paragraphs: blank lines separate them when there are any (lines within a paragraph
 * are joined: hard-wrapped text), else every line is one. */
static int add_text(galley_article *a, const char *s, size_t n) {
    int blank_lines = 0;
    for (const char *p = s, *end = s + n; p < end && !blank_lines;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) break;
        const char *q = nl + 1;
        while (q < end && (*q == ' ' || *q == '\t' || *q == '\r')) q++;
        if (q < end && *q == '\n') blank_lines = 1;
        p = nl + 1;
    }
    const char *start = s, *p = s, *end = s + n;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) break;
        const char *next = nl + 1;
        if (!blank_lines) {
            if (add_paragraph(a, start, (size_t)(nl - start), 0) < 0) return -1;
            start = p = next;
            continue;
        }
        /* Does a blank line follow? Then the paragraph ends here. */
        const char *q = next;
        while (q < end && (*q == ' ' || *q == '\t' || *q == '\r')) q++;
        if (q < end && *q == '\n') {
            if (add_paragraph(a, start, (size_t)(nl - start), 1) < 0) return -1;
            start = p = q + 1;
        } else {
            p = next;
        }
    }
    return add_paragraph(a, start, (size_t)(end - start), blank_lines);
}

/* Names split on , ; or |: "A. Smith; B. Jones". */
static int add_list(strlist *l, const char *s, size_t n) {
    const char *end = s + n;
    while (s < end) {
        const char *p = s;
        while (p < end && *p != ',' && *p != ';' && *p != '|') p++;
        size_t len = (size_t)(p - s);
        const char *item = trim(s, &len);
        if (len) {
            char *copy = g_strndup(item, len);
            int rc = copy ? strlist_push(l, copy) : -1;
            free(copy);
            if (rc < 0) return -1;
        }
        s = p + 1;
    }
    return 0;
}

/* A date field: ISO 8601 when it parses, the text as written in its _raw twin. */
static int set_date(galley_article *a, article_field f, article_field raw, const char *s) {
    char iso[DATE_ISO_MAX];
    if (article_set(a, raw, s) < 0) return -1;
    return date_parse(s, iso) == 0 ? article_set(a, f, iso) : 0;
}

int load_target_apply(galley_article *a, const load_target *t, const char *value, size_t len) {
    const char *s = trim(value, &len);
    if (!len) return 0; /* an empty cell says nothing */
    if (t->kind == LT_TEXT) return add_text(a, s, len);
    if (t->kind == LT_AUTHORS) return add_list(&a->authors, s, len);
    if (t->kind == LT_TAGS) return add_list(&a->tags, s, len);
    if (t->kind != LT_FIELD && t->kind != LT_META) return 0;
    char *copy = g_strndup(s, len);
    if (!copy) return -1;
    int rc;
    if (t->kind == LT_META) rc = article_set_meta(a, t->meta_key, copy);
    else if (t->field == AF_PUBLISHED) rc = set_date(a, AF_PUBLISHED, AF_PUBLISHED_RAW, copy);
    else if (t->field == AF_MODIFIED) rc = set_date(a, AF_MODIFIED, AF_MODIFIED_RAW, copy);
    else rc = article_set(a, (article_field)t->field, copy);
    free(copy);
    return rc;
}
