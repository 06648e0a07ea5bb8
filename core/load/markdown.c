/* load/markdown.c — a Markdown file from a static-site CMS (Hugo, Jekyll, Eleventy...):
 * front matter (YAML "---", TOML "+++" or a JSON object) mapped to article fields, the
 * body parsed with cmark-gfm (tables, strikethrough, autolinks) into blocks. What the
 * front matter does not say, the path may: a date (2024/05/03/, 2024-05-03-slug.md), a
 * section (blog/<section>/...), and the file name as the last resort for a title. */
#include "date.h"
#include "encoding.h"
#include "frontmatter.h"
#include "markup.h"
#include "load.h"
#include "util.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- front matter: finding it ----------------------------------------------------- */

typedef struct fm_block {
    const char *name;  /* "yaml", "toml", "json"; NULL when the file has none */
    const char *text;  /* between the delimiters */
    size_t len;
    int first_line;    /* the file line text starts on */
    const char *body;  /* what follows the closing delimiter */
} fm_block;

/* Line [s, eol) equals delim, trailing blanks allowed. */
static int line_is(const char *s, const char *eol, const char *delim) {
    size_t n = strlen(delim);
    if ((size_t)(eol - s) < n || memcmp(s, delim, n) != 0) return 0;
    for (s += n; s < eol; s++)
        if (*s != ' ' && *s != '\t') return 0;
    return 1;
}

static const char *line_end(const char *s) {
    const char *e = strchr(s, '\n');
    return e ? e : s + strlen(s);
}

/* Splits text (with "\n" line ends) into front matter and body. Returns 0, or -1 with
 * err set when a front matter is opened and never closed. */
static int find_front_matter(const char *text, fm_block *fm, char *err, size_t errsize) {
    const char *eol = line_end(text);
    const char *close1, *close2;
    memset(fm, 0, sizeof *fm);
    fm->body = text;
    if (line_is(text, eol, "---")) {
        fm->name = "yaml";
        close1 = "---";
        close2 = "..."; /* YAML's own end of document */
    } else if (line_is(text, eol, "+++")) {
        fm->name = "toml";
        close1 = close2 = "+++";
    } else if (text[0] == '{' && (line_is(text, eol, "{") || text[strspn(text + 1, " \t") + 1] == '"')) {
        /* Hugo's JSON front matter: an object whose closing brace is alone on its line. */
        fm->name = "json";
        close1 = close2 = "}";
    } else {
        return 0;
    }
    int json = fm->name[0] == 'j';
    const char *s = json ? text : (*eol ? eol + 1 : eol);
    int line = json ? 1 : 2;
    fm->text = s;
    fm->first_line = line;
    for (; *s; line++) {
        const char *e = line_end(s);
        if (line_is(s, e, close1) || line_is(s, e, close2)) {
            fm->len = (size_t)((json ? e : s) - fm->text);
            fm->body = *e ? e + 1 : e;
            return 0;
        }
        s = *e ? e + 1 : e;
    }
    snprintf(err, errsize, "line 1: %s front matter opened with '%s' is never closed (no '%s' line)",
             json ? "JSON" : fm->name[0] == 'y' ? "YAML" : "TOML", json ? "{" : close1, close1);
    return -1;
}

static fm_node *parse_front_matter(const fm_block *fm, char *err, size_t errsize) {
    switch (fm->name[0]) {
    case 'y': return fm_parse_yaml(fm->text, fm->len, fm->first_line, err, errsize);
    case 't': return fm_parse_toml(fm->text, fm->len, fm->first_line, err, errsize);
    default: return fm_parse_json(fm->text, fm->len, fm->first_line, err, errsize);
    }
}

/* ---- front matter: mapping it to fields ------------------------------------------ */

/* The keys each field is read from, the first present and usable winning; the others
 * stay in meta. Keys compare without case. */
static const char *const title_keys[] = {"title", NULL};
static const char *const published_keys[] = {"date", "publishDate", "pubDate", "published", "date_published", "created", NULL};
static const char *const modified_keys[] = {"lastmod", "modified", "updated", "last_modified", "date_modified", NULL};
static const char *const author_keys[] = {"authors", "author", NULL};
static const char *const category_keys[] = {"categories", "category", NULL};
static const char *const tag_keys[] = {"tags", "keywords", NULL};
static const char *const description_keys[] = {"description", "summary", "excerpt", NULL};
static const char *const subtitle_keys[] = {"subtitle", NULL};
static const char *const image_keys[] = {"image", "cover", "featured_image", "featuredImage", "thumbnail", "images", NULL};
static const char *const lang_keys[] = {"lang", "language", "locale", NULL};
static const char *const url_keys[] = {"canonical", "canonical_url", "canonicalURL", "url", "permalink", "link", NULL};

/* The text of a scalar, or NULL for arrays, tables, null and blank strings. */
static const char *scalar(const fm_node *n) {
    if (!n || !n->text || n->kind == FM_ARRAY || n->kind == FM_TABLE) return NULL;
    const char *s = n->text;
    s += strspn(s, " \t\n");
    return *s ? n->text : NULL;
}

/* Sets f to s without the blanks around it. 1, or -1 when out of memory. */
static int set_trimmed(galley_article *a, article_field f, const char *s) {
    s += strspn(s, " \t\n\r");
    size_t n = strlen(s);
    while (n && strchr(" \t\n\r", s[n - 1]))
        n--;
    char *v = g_strndup(s, n);
    if (!v) return -1;
    article_set_take(a, f, v);
    return 1;
}

static int set_date(galley_article *a, article_field iso, article_field raw, const fm_node *n) {
    const char *s = scalar(n);
    if (!s) return 0;
    char out[DATE_ISO_MAX];
    if (set_trimmed(a, raw, s) < 0) return -1;
    if (date_parse(a->field[raw], out) == 0 && article_set(a, iso, out) < 0) return -1;
    return 1;
}

/* One author: "Name <mail>" and "Name (@handle)" keep the name only. */
static int push_name(strlist *l, const char *s, size_t n) {
    while (n && strchr(" \t", *s))
        s++, n--;
    while (n && strchr(" \t", s[n - 1]))
        n--;
    for (int pass = 0; pass < 2 && n; pass++) {
        char close = pass == 0 ? '>' : ')', open = pass == 0 ? '<' : '(';
        if (s[n - 1] != close) continue;
        size_t k = n - 1;
        while (k > 0 && s[k] != open)
            k--;
        size_t m = k;
        while (m && s[m - 1] == ' ')
            m--;
        if (s[k] == open && m > 0) n = m;
    }
    if (!n) return 0;
    char *name = g_strndup(s, n);
    int rc = name ? strlist_push(l, name) : -1;
    free(name);
    return rc;
}

/* "A, B and C" / "A & B": names written as one string. */
static int push_names(strlist *l, const char *s) {
    static const char *const joiners[] = {", ", " and ", " & ", "; ", NULL};
    while (*s) {
        size_t best = strlen(s), skip = 0;
        for (size_t k = 0; joiners[k]; k++) {
            const char *p = strstr(s, joiners[k]);
            if (p && (size_t)(p - s) < best) {
                best = (size_t)(p - s);
                skip = strlen(joiners[k]);
            }
        }
        if (push_name(l, s, best) < 0) return -1;
        s += best + skip;
    }
    return 0;
}

/* A person or a picture given as a table: {name: ...} or {src: ...}. */
static const char *table_string(const fm_node *n, const char *const *keys) {
    for (size_t k = 0; keys[k]; k++) {
        const char *s = scalar(fm_get(n, keys[k]));
        if (s) return s;
    }
    return NULL;
}

static const char *const person_keys[] = {"name", "display_name", "displayName", "title", NULL};
static const char *const picture_keys[] = {"image", "src", "url", "path", NULL};

static int set_authors(galley_article *a, const fm_node *n) {
    size_t before = a->authors.n;
    if (n->kind == FM_ARRAY) {
        for (size_t i = 0; i < n->n; i++) {
            const fm_node *it = &n->items[i];
            const char *s = it->kind == FM_TABLE ? table_string(it, person_keys) : scalar(it);
            if (s && push_name(&a->authors, s, strlen(s)) < 0) return -1;
        }
    } else {
        const char *s = n->kind == FM_TABLE ? table_string(n, person_keys) : scalar(n);
        if (s && push_names(&a->authors, s) < 0) return -1;
    }
    return a->authors.n > before;
}

/* A list of words: an array, or a string split at commas (or at spaces when it has no
 * comma, the way Jekyll reads "categories: news world"). */
static int collect_words(const fm_node *n, int split_spaces, strlist *out) {
    if (n->kind == FM_ARRAY) {
        for (size_t i = 0; i < n->n; i++) {
            const char *s = scalar(&n->items[i]);
            if (s && push_name(out, s, strlen(s)) < 0) return -1;
        }
        return 0;
    }
    const char *s = scalar(n);
    if (!s) return 0;
    const char *sep = strchr(s, ',') ? "," : split_spaces ? " \t" : "";
    while (*s) {
        size_t len = *sep ? strcspn(s, sep) : strlen(s);
        if (push_name(out, s, len) < 0) return -1;
        s += len;
        if (*s) s++;
    }
    return 0;
}

static int set_section(galley_article *a, const fm_node *n, int plural) {
    strlist cats = {0};
    int rc = collect_words(n, plural, &cats);
    if (rc == 0 && cats.n > 0) {
        rc = article_set(a, AF_SECTION, cats.v[0]);
        /* Every category is kept when there are several; section holds the first. */
        if (rc == 0 && cats.n > 1) {
            gbuf b = GBUF_INIT;
            article_json_strlist(&b, &cats);
            char *json = gbuf_take(&b);
            rc = json ? article_set_meta(a, "categories", json) : -1;
            free(json);
        }
        if (rc == 0) rc = 1;
    }
    strlist_clear(&cats);
    return rc;
}

static int set_tags(galley_article *a, const fm_node *n) {
    size_t before = a->tags.n;
    if (collect_words(n, 1, &a->tags) < 0) return -1;
    return a->tags.n > before;
}

static int set_image(galley_article *a, const fm_node *n) {
    const fm_node *first = n->kind == FM_ARRAY && n->n ? &n->items[0] : n;
    const char *s = first->kind == FM_TABLE ? table_string(first, picture_keys) : scalar(first);
    return s ? set_trimmed(a, AF_IMAGE, s) : 0;
}

static int is_absolute_url(const char *s) { return strncasecmp(s, "http://", 7) == 0 || strncasecmp(s, "https://", 8) == 0; }

static int set_url(galley_article *a, const fm_node *n) {
    const char *s = scalar(n);
    return s && is_absolute_url(s) ? set_trimmed(a, AF_URL, s) : 0; /* "/blog/x/" stays in meta */
}

typedef enum role {
    R_TITLE, R_PUBLISHED, R_MODIFIED, R_AUTHORS, R_SECTION, R_TAGS, R_DESCRIPTION, R_SUBTITLE, R_IMAGE, R_LANG, R_URL
} role;

typedef struct field_rule {
    role r;
    const char *const *keys;
} field_rule;

static const field_rule field_rules[] = {
    {R_TITLE, title_keys},     {R_PUBLISHED, published_keys},     {R_MODIFIED, modified_keys},
    {R_AUTHORS, author_keys},  {R_SECTION, category_keys},        {R_TAGS, tag_keys},
    {R_DESCRIPTION, description_keys}, {R_SUBTITLE, subtitle_keys}, {R_IMAGE, image_keys},
    {R_LANG, lang_keys},       {R_URL, url_keys},
};

/* 1 when the value went into a field, 0 when it was not usable there, -1 on ENOMEM. */
static int apply(galley_article *a, role r, const char *key, const fm_node *n) {
    switch (r) {
    case R_TITLE: return scalar(n) ? set_trimmed(a, AF_TITLE, n->text) : 0;
    case R_PUBLISHED: return set_date(a, AF_PUBLISHED, AF_PUBLISHED_RAW, n);
    case R_MODIFIED: return set_date(a, AF_MODIFIED, AF_MODIFIED_RAW, n);
    case R_AUTHORS: return set_authors(a, n);
    case R_SECTION: return set_section(a, n, strcasecmp(key, "categories") == 0);
    case R_TAGS: return set_tags(a, n);
    case R_DESCRIPTION: return scalar(n) ? set_trimmed(a, AF_DESCRIPTION, n->text) : 0;
    case R_SUBTITLE: return scalar(n) ? set_trimmed(a, AF_SUBTITLE, n->text) : 0;
    case R_IMAGE: return set_image(a, n);
    case R_LANG: return scalar(n) ? set_trimmed(a, AF_LANG, n->text) : 0;
    case R_URL: return set_url(a, n);
    }
    return 0;
}

/* meta: scalars as they are, arrays as JSON, tables flattened to dotted keys
 * ("params.series"); nulls are left out. */
static int add_meta(galley_article *a, const char *key, const fm_node *n, int depth) {
    if (n->kind == FM_NULL) return 0;
    if (n->kind == FM_TABLE && n->n > 0 && depth < 8) {
        for (size_t i = 0; i < n->n; i++) {
            gbuf k = GBUF_INIT;
            gbuf_printf(&k, "%s.%s", key, n->items[i].key ? n->items[i].key : "");
            char *sub = gbuf_take(&k);
            int rc = sub ? add_meta(a, sub, &n->items[i], depth + 1) : -1;
            free(sub);
            if (rc < 0) return -1;
        }
        return 0;
    }
    if (n->kind != FM_ARRAY && n->kind != FM_TABLE) return article_set_meta(a, key, n->text);
    gbuf b = GBUF_INIT;
    fm_json(&b, n);
    char *json = gbuf_take(&b);
    int rc = json ? article_set_meta(a, key, json) : -1;
    free(json);
    return rc;
}

static int map_front_matter(galley_article *a, const fm_node *root) {
    char *used = calloc(root->n ? root->n : 1, 1);
    if (!used) return -1;
    int rc = 0;
    for (size_t r = 0; r < sizeof field_rules / sizeof *field_rules && rc == 0; r++) {
        for (size_t k = 0; field_rules[r].keys[k]; k++) {
            const fm_node *n = fm_get(root, field_rules[r].keys[k]);
            if (!n || used[n - root->items]) continue;
            rc = apply(a, field_rules[r].r, field_rules[r].keys[k], n);
            if (rc < 0) break;
            if (rc == 1) {
                used[n - root->items] = 1;
                rc = 0;
                break;
            }
        }
    }
    for (size_t i = 0; i < root->n && rc == 0; i++)
        if (!used[i] && root->items[i].key) rc = add_meta(a, root->items[i].key, &root->items[i], 0);
    free(used);
    return rc;
}

/* ---- what the path says ------------------------------------------------------------ */

#define PATH_MAX_PARTS 64

typedef struct path_parts {
    const char *s[PATH_MAX_PARTS];
    size_t len[PATH_MAX_PARTS];
    int n;
} path_parts;

/* The last PATH_MAX_PARTS components of path, the file name last. */
static void split_path(const char *path, path_parts *p) {
    p->n = 0;
    const char *s = path;
    while (*s) {
        size_t len = strcspn(s, "/");
        if (len) {
            if (p->n == PATH_MAX_PARTS) {
                memmove(p->s, p->s + 1, (PATH_MAX_PARTS - 1) * sizeof *p->s);
                memmove(p->len, p->len + 1, (PATH_MAX_PARTS - 1) * sizeof *p->len);
                p->n--;
            }
            p->s[p->n] = s;
            p->len[p->n++] = len;
        }
        s += len;
        if (*s) s++;
    }
}

static int all_digits(const char *s, size_t n) {
    if (!n) return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    return 1;
}

static int valid_ymd(int y, int m, int d) { return y >= 1900 && y <= 2199 && m >= 1 && m <= 12 && d >= 1 && d <= 31; }

/* "2024-05-03" opening a component ("2024-05-03-slug.md", a Hugo bundle folder). */
static int leading_date(const char *s, size_t len, int *y, int *m, int *d) {
    if (len < 10 || !all_digits(s, 4) || s[4] != '-' || !all_digits(s + 5, 2) || s[7] != '-' ||
        !all_digits(s + 8, 2))
        return 0;
    if (len > 10 && !strchr("-_.", s[10])) return 0;
    *y = atoi(s);
    *m = atoi(s + 5);
    *d = atoi(s + 8);
    return valid_ymd(*y, *m, *d);
}

/* The date the path gives (the one nearest the file wins): .../2024/05/03/... or a
 * component starting 2024-05-03. */
static int date_from_path(galley_article *a, const path_parts *p) {
    for (int i = p->n - 1; i >= 0; i--) {
        int y, m, d;
        char raw[16];
        if (leading_date(p->s[i], p->len[i], &y, &m, &d)) {
            snprintf(raw, sizeof raw, "%.10s", p->s[i]);
        } else if (i >= 2 && p->len[i - 2] == 4 && all_digits(p->s[i - 2], 4) && p->len[i - 1] <= 2 &&
                   all_digits(p->s[i - 1], p->len[i - 1]) && p->len[i] <= 2 && all_digits(p->s[i], p->len[i]) &&
                   i + 1 < p->n) {
            y = atoi(p->s[i - 2]);
            m = atoi(p->s[i - 1]);
            d = atoi(p->s[i]);
            if (!valid_ymd(y, m, d)) continue;
            snprintf(raw, sizeof raw, "%04d/%.*s/%.*s", y, (int)p->len[i - 1], p->s[i - 1], (int)p->len[i], p->s[i]);
        } else {
            continue;
        }
        char iso[DATE_ISO_MAX];
        snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, m, d);
        return article_set(a, AF_PUBLISHED, iso) < 0 || article_set(a, AF_PUBLISHED_RAW, raw) < 0 ? -1 : 0;
    }
    return 0;
}

/* The folders that hold sections: Hugo's content/<section>/, and blog/<category>/,
 * posts/<category>/ the way many sites file their posts. */
static const char *const section_parents[] = {"content", "blog", "posts", "post", "news", "articles", NULL};

static int section_from_path(galley_article *a, const path_parts *p) {
    for (int i = 0; i + 2 < p->n; i++) {
        for (size_t k = 0; section_parents[k]; k++) {
            if (strlen(section_parents[k]) != p->len[i] || strncasecmp(p->s[i], section_parents[k], p->len[i]) != 0)
                continue;
            const char *s = p->s[i + 1];
            size_t len = p->len[i + 1];
            if (all_digits(s, len) || len == 0 || s[0] == '.') break; /* a year, not a section */
            char *v = g_strndup(s, len);
            if (!v) return -1;
            article_set_take(a, AF_SECTION, v);
            return 0;
        }
    }
    return 0;
}

/* The file name as a title: "2024-05-03-hello-world.md" -> "hello world"; a bundle's
 * "index.md" takes its folder's name. */
static int title_from_path(galley_article *a, const path_parts *p) {
    if (p->n == 0) return article_set(a, AF_TITLE, "untitled");
    int i = p->n - 1;
    size_t stem = p->len[i];
    const char *dot = memchr(p->s[i], '.', p->len[i]);
    for (const char *q = p->s[i]; q < p->s[i] + p->len[i]; q++)
        if (*q == '.' && q != p->s[i]) dot = q;
    if (dot && dot != p->s[i]) stem = (size_t)(dot - p->s[i]);
    if (i > 0 && ((stem == 5 && strncasecmp(p->s[i], "index", 5) == 0) ||
                  (stem == 6 && strncasecmp(p->s[i], "_index", 6) == 0))) {
        i--;
        stem = p->len[i];
    }
    const char *s = p->s[i];
    int y, m, d;
    if (leading_date(s, stem, &y, &m, &d) && stem > 11) {
        s += 11;
        stem -= 11;
    }
    char *t = g_strndup(s, stem);
    if (!t) return -1;
    for (char *c = t; *c; c++)
        if (*c == '-' || *c == '_') *c = ' ';
    article_set_take(a, AF_TITLE, t);
    return 0;
}

/* ---- the body ----------------------------------------------------------------------- */

typedef struct image_ref {
    char *url, *alt, *title;
} image_ref;

typedef struct body_walk {
    galley_article *a;
    int want_title; /* no title yet: the first "# heading" becomes it */
    image_ref *images;
    size_t nimages, capimages;
    int nomem;
} body_walk;

static void put_trimmed_block(body_walk *w, galley_block_type type, int level, gbuf *b) {
    if (b->failed) {
        w->nomem = 1;
        return;
    }
    const char *s = b->data ? b->data : "";
    s += strspn(s, " \t\n");
    size_t n = strlen(s);
    while (n && strchr(" \t\n", s[n - 1]))
        n--;
    if (!n) return;
    char *text = g_strndup(s, n);
    if (!text || article_add_block(w->a, type, level, text, NULL, NULL) < 0) w->nomem = 1;
    free(text);
}

static void keep_image(body_walk *w, cmark_node *img, gbuf *alt) {
    if (w->nimages == w->capimages) {
        size_t cap = w->capimages ? w->capimages * 2 : 4;
        image_ref *v = realloc(w->images, cap * sizeof *v);
        if (!v) {
            w->nomem = 1;
            return;
        }
        w->images = v;
        w->capimages = cap;
    }
    const char *url = cmark_node_get_url(img), *title = cmark_node_get_title(img);
    image_ref *r = &w->images[w->nimages++];
    r->url = g_strdup(url ? url : "");
    r->title = g_strdup(title ? title : "");
    r->alt = alt->failed ? NULL : g_strndup(alt->data ? alt->data : "", alt->len);
    if (!r->url || !r->title || !r->alt) w->nomem = 1;
}

/* The plain text of node's inlines into b: emphasis, links and code lose their markup,
 * inline HTML tags go; images are kept aside (their alt text is not sentence text). */
static void inline_text(body_walk *w, cmark_node *node, gbuf *b) {
    cmark_iter *it = cmark_iter_new(node);
    gbuf alt = GBUF_INIT;
    int in_image = 0;
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        cmark_node_type type = cmark_node_get_type(n);
        if (type == CMARK_NODE_IMAGE) {
            if (ev == CMARK_EVENT_ENTER && in_image++ == 0) alt.len = 0;
            if (ev == CMARK_EVENT_EXIT && --in_image == 0) keep_image(w, n, &alt);
            continue;
        }
        if (ev != CMARK_EVENT_ENTER || n == node) continue;
        gbuf *out = in_image ? &alt : b;
        switch (type) {
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE: {
            const char *s = cmark_node_get_literal(n);
            if (s) gbuf_puts(out, s);
            break;
        }
        case CMARK_NODE_SOFTBREAK: gbuf_putc(out, ' '); break;
        case CMARK_NODE_LINEBREAK: gbuf_putc(out, '\n'); break;
        default: break;
        }
    }
    cmark_iter_free(it);
    gbuf_free(&alt);
}

static void flush_images(body_walk *w) {
    for (size_t i = 0; i < w->nimages; i++) {
        image_ref *r = &w->images[i];
        if (!w->nomem && article_add_block(w->a, GALLEY_BLOCK_IMAGE, 0, r->title, r->url, r->alt) < 0) w->nomem = 1;
        free(r->url);
        free(r->alt);
        free(r->title);
    }
    w->nimages = 0;
}

/* What a paragraph is by where it sits: in a list item (level: lists around it), in a
 * block quote, or on its own. */
static galley_block_type context_of(cmark_node *n, int *level) {
    galley_block_type t = GALLEY_BLOCK_PARAGRAPH;
    int lists = 0, found = 0;
    for (cmark_node *p = cmark_node_parent(n); p; p = cmark_node_parent(p)) {
        cmark_node_type type = cmark_node_get_type(p);
        if (!found && type == CMARK_NODE_ITEM) {
            t = GALLEY_BLOCK_LIST_ITEM;
            found = 1;
        } else if (!found && type == CMARK_NODE_BLOCK_QUOTE) {
            t = GALLEY_BLOCK_QUOTE;
            found = 1;
        }
        if (type == CMARK_NODE_LIST) lists++;
    }
    *level = t == GALLEY_BLOCK_LIST_ITEM ? lists : 0;
    return t;
}

static void add_heading(body_walk *w, cmark_node *n) {
    gbuf b = GBUF_INIT;
    inline_text(w, n, &b);
    int level = cmark_node_get_heading_level(n);
    if (w->want_title && level == 1 && b.len && !b.failed) {
        if (set_trimmed(w->a, AF_TITLE, b.data) < 0) w->nomem = 1;
        w->want_title = 0;
    } else {
        put_trimmed_block(w, GALLEY_BLOCK_HEADING, level, &b);
    }
    gbuf_free(&b);
    flush_images(w);
}

static void add_paragraph(body_walk *w, cmark_node *n) {
    gbuf b = GBUF_INIT;
    int level;
    galley_block_type type = context_of(n, &level);
    inline_text(w, n, &b);
    put_trimmed_block(w, type, level, &b);
    gbuf_free(&b);
    flush_images(w);
}

/* A table row as "cell | cell | cell". */
static void add_table_row(body_walk *w, cmark_node *row) {
    gbuf b = GBUF_INIT;
    for (cmark_node *cell = cmark_node_first_child(row); cell; cell = cmark_node_next(cell)) {
        if (cell != cmark_node_first_child(row)) gbuf_puts(&b, " | ");
        inline_text(w, cell, &b);
    }
    put_trimmed_block(w, GALLEY_BLOCK_TABLE_ROW, 0, &b);
    gbuf_free(&b);
    flush_images(w);
}

static void add_code(body_walk *w, cmark_node *n) {
    const char *s = cmark_node_get_literal(n);
    size_t len = s ? strlen(s) : 0;
    while (len && s[len - 1] == '\n')
        len--;
    if (!len) return;
    char *text = g_strndup(s, len);
    if (!text || article_add_block(w->a, GALLEY_BLOCK_CODE, 0, text, NULL, NULL) < 0) w->nomem = 1;
    free(text);
}

/* Raw HTML keeps its text: one block per paragraph the stripper finds. */
static void add_html(body_walk *w, cmark_node *n) {
    const char *s = cmark_node_get_literal(n);
    if (!s) return;
    gbuf b = GBUF_INIT;
    html_strip(&b, s, strlen(s), 1);
    if (b.failed) w->nomem = 1;
    int level;
    galley_block_type type = context_of(n, &level);
    for (const char *p = b.data; p && *p && !w->nomem;) {
        const char *end = strstr(p, "\n\n");
        size_t len = end ? (size_t)(end - p) : strlen(p);
        gbuf part = GBUF_INIT;
        gbuf_append(&part, p, len);
        put_trimmed_block(w, type, level, &part);
        gbuf_free(&part);
        p += len;
        p += strspn(p, "\n");
    }
    gbuf_free(&b);
}

static int is_table_row(cmark_node *n) {
    const char *t = cmark_node_get_type_string(n);
    return t && (strcmp(t, "table_row") == 0 || strcmp(t, "table_header") == 0);
}

static void walk_body(body_walk *w, cmark_node *doc) {
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;
    while (!w->nomem && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        if (ev != CMARK_EVENT_ENTER) continue;
        cmark_node *n = cmark_iter_get_node(it);
        int leaf = 1;
        switch (cmark_node_get_type(n)) {
        case CMARK_NODE_HEADING: add_heading(w, n); break;
        case CMARK_NODE_PARAGRAPH: add_paragraph(w, n); break;
        case CMARK_NODE_CODE_BLOCK: add_code(w, n); break;
        case CMARK_NODE_HTML_BLOCK: add_html(w, n); break;
        default:
            if (is_table_row(n))
                add_table_row(w, n);
            else
                leaf = 0;
        }
        /* Their inlines are read already: go on after them. */
        if (leaf) cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
    }
    cmark_iter_free(it);
}

/* cmark-gfm keeps its extensions in a process-wide registry, filled once. */
static pthread_once_t extensions_once = PTHREAD_ONCE_INIT;
static void register_extensions(void) { cmark_gfm_core_extensions_ensure_registered(); }

/* Debian's cmark-gfm (0.29.0.gfm.6) reads a table row in time quadratic in its cells: a
 * 2 MB file of 2000-column rows takes 20 s. No real table is that wide, so a body with a
 * line of more than TABLE_MAX_PIPES '|' is read without the table extension (as text). */
#define TABLE_MAX_PIPES 256

static int has_wide_line(const char *s) {
    int pipes = 0;
    for (; *s; s++) {
        if (*s == '\n') pipes = 0;
        else if (*s == '|' && ++pipes > TABLE_MAX_PIPES) return 1;
    }
    return 0;
}

static int read_body(galley_article *a, const char *body, int want_title) {
    pthread_once(&extensions_once, register_extensions);
    cmark_parser *parser = cmark_parser_new(CMARK_OPT_DEFAULT | CMARK_OPT_FOOTNOTES);
    if (!parser) return -1;
    static const char *const extensions[] = {"table", "strikethrough", "autolink", NULL};
    for (size_t k = has_wide_line(body) ? 1 : 0; extensions[k]; k++) {
        cmark_syntax_extension *e = cmark_find_syntax_extension(extensions[k]);
        if (e) cmark_parser_attach_syntax_extension(parser, e);
    }
    cmark_parser_feed(parser, body, strlen(body));
    cmark_node *doc = cmark_parser_finish(parser);
    body_walk w = {a, want_title, NULL, 0, 0, 0};
    if (doc) walk_body(&w, doc);
    flush_images(&w);
    free(w.images);
    if (doc) cmark_node_free(doc);
    cmark_parser_free(parser);
    return doc && !w.nomem ? 0 : -1;
}

/* ---- the loader ------------------------------------------------------------------------ */

/* CRLF and lone CR line ends become "\n", in place. */
static size_t normalise_newlines(char *s, size_t len) {
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\r') {
            s[o++] = '\n';
            if (i + 1 < len && s[i + 1] == '\n') i++;
        } else {
            s[o++] = s[i];
        }
    }
    s[o] = '\0';
    return o;
}

static int is_blank(const char *s) { return s[strspn(s, " \t\n\f\v")] == '\0'; }

static int read_markdown(const char *source, const char *text, galley_article *a, load_sink *sink) {
    char err[512] = "";
    fm_block fm;
    if (find_front_matter(text, &fm, err, sizeof err) < 0) return load_fail(sink, "%s", err);
    if (fm.name) {
        fm_node *root = parse_front_matter(&fm, err, sizeof err);
        if (!root) {
            if (strcmp(err, "out of memory") == 0) return GALLEY_ENOMEM;
            return load_fail(sink, "%s", err);
        }
        int rc = map_front_matter(a, root) < 0 || article_set_meta(a, "front_matter", fm.name) < 0;
        fm_free(root);
        if (rc) return GALLEY_ENOMEM;
    }
    path_parts p;
    split_path(source, &p);
    if (!a->field[AF_PUBLISHED] && !a->field[AF_PUBLISHED_RAW] && date_from_path(a, &p) < 0) return GALLEY_ENOMEM;
    if (!a->field[AF_SECTION] && section_from_path(a, &p) < 0) return GALLEY_ENOMEM;
    if (read_body(a, fm.body, !a->field[AF_TITLE]) < 0) return GALLEY_ENOMEM;
    if (!a->field[AF_TITLE] && title_from_path(a, &p) < 0) return GALLEY_ENOMEM;
    return GALLEY_OK;
}

int load_markdown(const char *source, const char *data, size_t len, load_sink *sink) {
    if (len == 0) return load_fail(sink, "empty file");
    if (encoding_looks_binary(data, len)) return load_fail(sink, "binary file, not text");
    const char *encoding;
    size_t tlen;
    char *text = encoding_to_utf8(data, len, &tlen, &encoding);
    if (!text) {
        load_fail(sink, "out of memory");
        return GALLEY_ENOMEM;
    }
    normalise_newlines(text, tlen);
    if (is_blank(text)) {
        free(text);
        return load_fail(sink, "empty file");
    }
    galley_article *a = galley_article_new();
    int rc = a ? read_markdown(source, text, a, sink) : GALLEY_ENOMEM;
    if (rc == GALLEY_OK && strcmp(encoding, "UTF-8") != 0 && article_set_meta(a, "encoding", encoding) < 0)
        rc = GALLEY_ENOMEM;
    free(text);
    if (rc != GALLEY_OK) {
        if (rc == GALLEY_ENOMEM) load_fail(sink, "out of memory");
        galley_article_free(a);
        return rc;
    }
    return load_emit(sink, a, source, "markdown");
}
