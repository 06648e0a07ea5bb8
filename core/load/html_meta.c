/* load/html_meta.c — a page's metadata: title, authors, dates, site name, language,
 * description, image, canonical URL, section and tags, each from the best source the
 * page offers. */
#include "date.h"
#include "load/html.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The <meta> elements of a page as (key, content) pairs; keys are the property,
 * name, itemprop or http-equiv attribute, lower-cased. */
typedef struct meta_tags {
    char **key, **value;
    size_t n, cap;
} meta_tags;

static void tags_add(meta_tags *t, const char *key, const char *value) {
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 32;
        char **k = realloc(t->key, cap * sizeof *k), **v = k ? realloc(t->value, cap * sizeof *v) : NULL;
        if (k) t->key = k;
        if (!k || !v) return;
        t->value = v;
        t->cap = cap;
    }
    char *k = strdup(key), *v = strdup(value);
    if (!k || !v) {
        free(k);
        free(v);
        return;
    }
    for (char *p = k; *p; p++) *p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
    html_squeeze(v);
    t->key[t->n] = k;
    t->value[t->n++] = v;
}

static void tags_free(meta_tags *t) {
    for (size_t i = 0; i < t->n; i++) {
        free(t->key[i]);
        free(t->value[i]);
    }
    free(t->key);
    free(t->value);
}

/* The first non-empty content for key. */
static const char *tags_get(const meta_tags *t, const char *key) {
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->key[i], key) == 0 && t->value[i][0]) return t->value[i];
    return NULL;
}

static void collect(meta_tags *t, xmlNodePtr root) {
    xmlNodePtr n = root;
    while (n) {
        if (n->type == XML_ELEMENT_NODE && html_is(n, "meta")) {
            char *content = html_attr(n, "content");
            if (content) {
                static const char *const keys[] = {"property", "name", "itemprop", "http-equiv", NULL};
                for (int i = 0; keys[i]; i++) {
                    char *k = html_attr(n, keys[i]);
                    if (k) {
                        /* property="og:title twitter:title" names two keys */
                        char *save = NULL;
                        for (char *tok = strtok_r(k, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
                            tags_add(t, tok, content);
                        xmlFree(k);
                    }
                }
                xmlFree(content);
            }
        }
        if (n->type == XML_ELEMENT_NODE && n->children && !html_is(n, "script") && !html_is(n, "style")) {
            n = n->children;
            continue;
        }
        while (n && n != root && !n->next) n = n->parent;
        if (!n || n == root) break;
        n = n->next;
    }
}

/* The first element with that name, in document order. */
static xmlNodePtr find_first(xmlNodePtr root, const char *name) {
    xmlNodePtr n = root;
    while (n) {
        if (html_is(n, name)) return n;
        if (n->type == XML_ELEMENT_NODE && n->children) {
            n = n->children;
            continue;
        }
        while (n && n != root && !n->next) n = n->parent;
        if (!n || n == root) break;
        n = n->next;
    }
    return NULL;
}

static char *node_text(xmlNodePtr n) {
    gbuf b = GBUF_INIT;
    html_node_text(&b, n);
    gbuf_putc(&b, '\0');
    html_squeeze(b.data);
    return gbuf_take(&b);
}

static int set_if_empty(galley_article *a, article_field f, const char *v) {
    if (a->field[f] || !v || !*v) return 0;
    return article_set(a, f, v);
}

static int set_date(galley_article *a, article_field iso, article_field raw, const char *v) {
    if (a->field[iso] || !v || !*v) return 0;
    char out[DATE_ISO_MAX];
    if (date_parse(v, out) < 0) return 0;
    if (article_set(a, iso, out) < 0 || article_set(a, raw, v) < 0) return -1;
    return 0;
}

int html_metadata(galley_article *a, htmlDocPtr doc, const html_source *src) {
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (!root) return 0;
    meta_tags t = {0};
    collect(&t, root);
    int rc = 0;

    /* The address: the canonical link, og:url, else where it was fetched. */
    xmlNodePtr head = find_first(root, "head");
    char *canonical = NULL;
    for (xmlNodePtr n = head ? head->children : NULL; n; n = n->next) {
        if (!html_is(n, "link")) continue;
        char *rel = html_attr(n, "rel");
        if (rel && strcasecmp(rel, "canonical") == 0 && !canonical) {
            char *href = html_attr(n, "href");
            if (href && *href) canonical = html_resolve(src->url, href);
            if (href) xmlFree(href);
        }
        if (rel) xmlFree(rel);
    }
    const char *url = canonical ? canonical : tags_get(&t, "og:url");
    if (url && strncmp(url, "http", 4) == 0) rc |= set_if_empty(a, AF_URL, url);
    else if (src->url) rc |= set_if_empty(a, AF_URL, src->url);
    free(canonical);

    const char *title = tags_get(&t, "og:title");
    if (!title) title = tags_get(&t, "twitter:title");
    char *title_el = NULL;
    if (!title) {
        xmlNodePtr tn = find_first(root, "title");
        if (tn) title_el = node_text(tn);
        title = title_el;
    }
    rc |= set_if_empty(a, AF_TITLE, title);
    free(title_el);

    rc |= set_if_empty(a, AF_SITE_NAME, tags_get(&t, "og:site_name"));
    rc |= set_if_empty(a, AF_DESCRIPTION, tags_get(&t, "og:description"));
    rc |= set_if_empty(a, AF_DESCRIPTION, tags_get(&t, "description"));
    const char *image = tags_get(&t, "og:image");
    if (!image) image = tags_get(&t, "twitter:image");
    if (image) {
        char *abs = html_resolve(a->field[AF_URL] ? a->field[AF_URL] : src->url, image);
        rc |= set_if_empty(a, AF_IMAGE, abs);
        free(abs);
    }
    rc |= set_if_empty(a, AF_SECTION, tags_get(&t, "article:section"));
    rc |= set_date(a, AF_PUBLISHED, AF_PUBLISHED_RAW, tags_get(&t, "article:published_time"));
    rc |= set_date(a, AF_MODIFIED, AF_MODIFIED_RAW, tags_get(&t, "article:modified_time"));
    const char *author = tags_get(&t, "author");
    if (author && !a->authors.n) rc |= strlist_push(&a->authors, author);

    char *lang = html_attr(root, "lang");
    if (!lang || !*lang) {
        if (lang) xmlFree(lang);
        lang = NULL;
        const char *cl = tags_get(&t, "content-language");
        if (cl) rc |= set_if_empty(a, AF_LANG, cl);
    }
    if (lang) {
        html_squeeze(lang);
        rc |= set_if_empty(a, AF_LANG, lang);
        xmlFree(lang);
    }
    tags_free(&t);
    return rc < 0 ? -1 : 0;
}
