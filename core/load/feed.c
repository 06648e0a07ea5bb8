/* load/feed.c — syndication feeds: RSS 0.90-0.94, RSS 1.0 (RDF), RSS 2.0, Atom 0.3 and
 * 1.0, and JSON Feed 1.0/1.1. Every item becomes an article carrying its feed's title
 * (as site name), address and language; item content goes through the HTML body walk
 * (structure kept, no main-content guessing).
 *
 * Security: the XML is parsed with no network, no DTD loading and no entity
 * substitution. Entity references left in the tree are expanded by our own text
 * reader, which knows the XML and HTML named entities, expands a feed's internal
 * entities only to a fixed budget (the "billion laughs" is cut short, with an error)
 * and never reads an external one (XXE). */
#include "date.h"
#include "json.h"
#include "load.h"
#include "load/html.h"
#include "util.h"

#include <libxml/entities.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Text one item may draw from a feed's own entities, all references together. */
#define ENTITY_BUDGET (64 * 1024)
#define ENTITY_DEPTH 8

typedef struct feed_ctx {
    load_sink *sink;
    const char *source;
    /* what every item inherits from its feed */
    char *feed_title, *feed_link, *feed_self, *feed_lang;
    size_t entity_used;
    int entity_refused; /* an entity was too large, too deep or external */
    size_t items, failed;
    int illformed; /* libxml2 had to recover from errors */
} feed_ctx;

/* ---- reading XML text safely ------------------------------------------------------------- */

static void text_of(feed_ctx *f, gbuf *b, xmlNodePtr n, int depth);

static void entity_text(feed_ctx *f, gbuf *b, xmlNodePtr ref, int depth) {
    xmlEntityPtr e = (xmlEntityPtr)ref->children;
    const char *name = (const char *)ref->name;
    if (!e || e->type != XML_ENTITY_DECL) {
        /* Not declared: an HTML entity that feeds use without declaring (&nbsp;). */
        const htmlEntityDesc *h = name ? htmlEntityLookup((const xmlChar *)name) : NULL;
        if (h) utf8_put(b, h->value);
        return;
    }
    if (e->etype != XML_INTERNAL_GENERAL_ENTITY && e->etype != XML_INTERNAL_PREDEFINED_ENTITY) {
        f->entity_refused = 1; /* external: never read */
        return;
    }
    if (depth >= ENTITY_DEPTH) {
        f->entity_refused = 1;
        return;
    }
    /* The parser built the entity's content as nodes (e->children) when the document
     * used it; when not, its replacement text is plain text. */
    if (e->children) {
        for (xmlNodePtr c = e->children; c; c = c->next) text_of(f, b, c, depth + 1);
        return;
    }
    size_t n = e->content ? strlen((const char *)e->content) : 0;
    if (f->entity_used + n > ENTITY_BUDGET) {
        f->entity_refused = 1;
        return;
    }
    f->entity_used += n;
    if (n) gbuf_append(b, (const char *)e->content, n);
}

static void text_of(feed_ctx *f, gbuf *b, xmlNodePtr n, int depth) {
    if (!n || f->entity_refused) return;
    switch (n->type) {
    case XML_TEXT_NODE:
    case XML_CDATA_SECTION_NODE:
        if (n->content) {
            size_t len = strlen((const char *)n->content);
            if (depth > 0) { /* inside an entity: counts against the budget */
                if (f->entity_used + len > ENTITY_BUDGET) {
                    f->entity_refused = 1;
                    return;
                }
                f->entity_used += len;
            }
            gbuf_append(b, (const char *)n->content, len);
        }
        break;
    case XML_ENTITY_REF_NODE:
        entity_text(f, b, n, depth);
        break;
    case XML_ELEMENT_NODE:
        if (depth > HTML_MAX_DEPTH) return;
        for (xmlNodePtr c = n->children; c; c = c->next) text_of(f, b, c, depth);
        break;
    default:
        break;
    }
}

/* Characters U+0080-U+009F are C1 controls no one means to write: feeds get them from
 * numeric references written in Windows-1252 (&#146; for an apostrophe). Browsers read
 * them as Windows-1252; so do we. Takes s and returns it, or a rebuilt copy. */
static const unsigned short cp1252_c1[32] = {
    0x20AC, 0x81,   0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x8D,   0x017D, 0x8F,   0x90,   0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D,   0x017E, 0x0178};

static char *demoronize(char *s) {
    const unsigned char *p = (const unsigned char *)s;
    for (; *p; p++)
        if (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) break;
    if (!*p) return s;
    gbuf b = GBUF_INIT;
    for (p = (const unsigned char *)s; *p; p++) {
        if (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) {
            utf8_put(&b, cp1252_c1[p[1] - 0x80]);
            p++;
        } else {
            gbuf_putc(&b, (char)*p);
        }
    }
    char *r = gbuf_take(&b);
    if (!r) return s; /* out of memory: the text as it was */
    free(s);
    return r;
}

/* The element's text, trimmed, as a new string ("" when none; NULL out of memory). */
static char *element_text(feed_ctx *f, xmlNodePtr n) {
    gbuf b = GBUF_INIT;
    gbuf_puts(&b, "");
    for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next) text_of(f, &b, c, 0);
    char *s = gbuf_take(&b);
    if (!s) return NULL;
    /* trim */
    char *p = s;
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
    size_t len = strlen(p);
    while (len && (p[len - 1] == ' ' || p[len - 1] == '\t' || p[len - 1] == '\n' || p[len - 1] == '\r'))
        len--;
    memmove(s, p, len);
    s[len] = '\0';
    return demoronize(s);
}

/* The inner markup of an element (Atom xhtml content), serialised. */
static char *element_markup(xmlNodePtr n) {
    xmlBufferPtr buf = xmlBufferCreate();
    if (!buf) return NULL;
    for (xmlNodePtr c = n->children; c; c = c->next) xmlNodeDump(buf, n->doc, c, 0, 0);
    char *s = strdup((const char *)xmlBufferContent(buf));
    xmlBufferFree(buf);
    return s;
}

static int is(xmlNodePtr n, const char *name) {
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* An element's namespace URI starts with prefix (NULL prefix: no namespace). */
static int ns_is(xmlNodePtr n, const char *prefix) {
    if (!prefix) return !n->ns;
    return n->ns && n->ns->href && strncmp((const char *)n->ns->href, prefix, strlen(prefix)) == 0;
}

static xmlNodePtr child(xmlNodePtr n, const char *name) {
    for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
        if (is(c, name)) return c;
    return NULL;
}

static char *attr(xmlNodePtr n, const char *name) {
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    if (!v) return NULL;
    char *s = strdup((const char *)v);
    xmlFree(v);
    return s;
}

/* xml:base in force at n, resolved up the tree against the feed's own address. */
static char *base_of(xmlNodePtr n, const char *doc_base) {
    xmlChar *b = xmlNodeGetBase(n->doc, n);
    if (!b) return doc_base ? strdup(doc_base) : NULL;
    char *r = html_resolve(doc_base, (const char *)b);
    xmlFree(b);
    return r;
}

/* ---- the article of one item ------------------------------------------------------------ */

static int set_date(galley_article *a, article_field iso, article_field raw, const char *v) {
    if (a->field[iso] || !v || !*v) return 0;
    char out[DATE_ISO_MAX];
    if (article_set(a, raw, v) < 0) return -1;
    if (date_parse(v, out) == 0 && article_set(a, iso, out) < 0) return -1;
    return 0;
}

/* Content as the feed gives it: HTML (escaped or CDATA), XHTML (markup) or text. */
static int add_body(galley_article *a, const char *content, int is_html, const char *base) {
    if (!content || !*content) return 0;
    if (!is_html) {
        int rc = 0;
        char *copy = strdup(content);
        if (!copy) return -1;
        for (char *save = NULL, *p = strtok_r(copy, "\n", &save); p && rc == 0; p = strtok_r(NULL, "\n", &save)) {
            html_squeeze(p);
            if (*p) rc = article_add_block(a, GALLEY_BLOCK_PARAGRAPH, 0, p, NULL, NULL);
        }
        free(copy);
        return rc;
    }
    htmlDocPtr doc = html_parse(content, strlen(content));
    if (!doc) return 0;
    xmlNodePtr root = xmlDocGetRootElement(doc), body = root;
    for (xmlNodePtr c = root ? root->children : NULL; c; c = c->next)
        if (html_is(c, "body")) body = c;
    int rc = body ? html_blocks(a, body, base) : 0;
    xmlFreeDoc(doc);
    return rc;
}

/* Does this text look like HTML rather than plain text? (RSS does not say.) */
static int looks_html(const char *s) {
    for (const char *p = s; (p = strchr(p, '<')); p++)
        if ((p[1] >= 'a' && p[1] <= 'z') || (p[1] >= 'A' && p[1] <= 'Z') || p[1] == '/' || p[1] == '!') return 1;
    return strstr(s, "&amp;") || strstr(s, "&lt;") || strstr(s, "&#");
}

static galley_article *item_start(feed_ctx *f) {
    galley_article *a = galley_article_new();
    if (!a) return NULL;
    if (article_set(a, AF_SITE_NAME, f->feed_title && *f->feed_title ? f->feed_title : NULL) < 0 ||
        article_set(a, AF_LANG, f->feed_lang && *f->feed_lang ? f->feed_lang : NULL) < 0 ||
        (f->feed_self && article_set_meta(a, "feed_url", f->feed_self) < 0) ||
        (f->feed_link && article_set_meta(a, "feed_link", f->feed_link) < 0) ||
        (f->illformed && article_set_meta(a, "feed_wellformed", "false") < 0)) {
        galley_article_free(a);
        return NULL;
    }
    return a;
}

static int item_emit(feed_ctx *f, galley_article *a, const char *format) {
    f->items++;
    if (!a->field[AF_TITLE] && !a->nblocks && !a->field[AF_DESCRIPTION] && !a->field[AF_URL] &&
        !a->field[AF_UID] && !a->field[AF_PUBLISHED] && !a->field[AF_MODIFIED] && !a->authors.n && !a->tags.n &&
        !a->field[AF_LANG]) {
        galley_article_free(a);
        f->failed++;
        if (f->sink->record_error) {
            char msg[512];
            snprintf(msg, sizeof msg, "%s: item %zu: empty (no title, link, id, date, author, category or content)",
                     f->source, f->items);
            f->sink->record_error(f->sink->ud, msg);
        }
        return GALLEY_OK;
    }
    /* Items without a guid, id or link are told apart by their position. */
    if (!a->field[AF_UID] && !a->field[AF_URL]) {
        char uid[64];
        snprintf(uid, sizeof uid, "#item-%zu", f->items);
        gbuf b = GBUF_INIT;
        gbuf_puts(&b, f->source);
        gbuf_puts(&b, uid);
        char *u = gbuf_take(&b);
        if (!u) {
            galley_article_free(a);
            return load_fail(f->sink, "out of memory");
        }
        article_set_take(a, AF_UID, u);
    }
    return load_emit(f->sink, a, f->source, format);
}

/* The xml:lang in force on an item's content, when the item has no language yet. */
static int content_lang(galley_article *a, xmlNodePtr c) {
    if (a->field[AF_LANG]) return 0;
    xmlChar *lang = xmlNodeGetLang(c);
    for (xmlChar *p = lang; p && *p; p++)
        if (*p == '_') *p = '-'; /* en_US -> en-US */
    int rc = lang && *lang ? article_set(a, AF_LANG, (const char *)lang) : 0;
    if (lang) xmlFree(lang);
    return rc;
}

/* ---- RSS (0.9x, 1.0, 2.0) ------------------------------------------------------------------ */

#define NS_DC "http://purl.org/dc/elements/1.1/"
#define NS_CONTENT "http://purl.org/rss/1.0/modules/content/"
#define NS_MEDIA "http://search.yahoo.com/mrss"
#define NS_ATOM "http://www.w3.org/2005/Atom"
#define NS_ATOM03 "http://purl.org/atom/ns#"
#define NS_ITUNES "http://www.itunes.com/dtds/podcast-1.0.dtd"

/* RSS's own elements: no namespace, or one of the namespaces RSS 0.90, 1.0 and 2.0
 * have been given (not a module's, which may reuse the same local names). */
static int rss_ns(xmlNodePtr n) {
    static const char *const own[] = {"http://purl.org/rss/1.0/", "http://my.netscape.com/rdf/simple/0.9/",
                                      "http://backend.userland.com/rss2", "http://blogs.law.harvard.edu/tech/rss",
                                      "http://backend.userland.com/rss", NULL};
    if (!n->ns || !n->ns->href) return 1;
    for (int i = 0; own[i]; i++)
        if (strcmp((const char *)n->ns->href, own[i]) == 0) return 1;
    return 0;
}

static int rss_item(feed_ctx *f, xmlNodePtr item, const char *doc_base) {
    galley_article *a = item_start(f);
    if (!a) return GALLEY_ENOMEM;
    char *base = base_of(item, doc_base);
    char *content = NULL, *description = NULL, *guid = NULL, *link = NULL;
    int rc = 0, guid_link = 0;
    for (xmlNodePtr c = item->children; c && rc == 0; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        const char *name = (const char *)c->name;
        char *t = NULL;
        if (strcmp(name, "title") == 0 && rss_ns(c) && !a->field[AF_TITLE]) {
            t = element_text(f, c);
            if (t && looks_html(t)) { /* titles with markup or escaped entities */
                gbuf b = GBUF_INIT;
                htmlDocPtr d = html_parse(t, strlen(t));
                if (d) {
                    html_node_text(&b, xmlDocGetRootElement(d));
                    xmlFreeDoc(d);
                }
                gbuf_putc(&b, '\0');
                html_squeeze(b.data);
                free(t);
                t = gbuf_take(&b);
            }
            if (t) html_squeeze(t);
            rc = t && *t ? article_set(a, AF_TITLE, t) : 0;
        } else if (strcmp(name, "link") == 0 && rss_ns(c) && !link) {
            link = element_text(f, c);
        } else if (strcmp(name, "guid") == 0 && !guid) {
            guid = element_text(f, c);
            char *perma = attr(c, "isPermaLink");
            guid_link = !perma || strcmp(perma, "false") != 0;
            free(perma);
        } else if (((strcmp(name, "encoded") == 0 && ns_is(c, NS_CONTENT)) || strcmp(name, "fullitem") == 0) &&
                   !content) {
            content = element_text(f, c);
            rc = content_lang(a, c);
        } else if (strcmp(name, "body") == 0 && !content) { /* XHTML body inside the item */
            content = element_markup(c);
            rc = content_lang(a, c);
        } else if (strcmp(name, "summary") == 0 && !description) { /* itunes:summary */
            description = element_text(f, c);
        } else if (strcmp(name, "description") == 0 && rss_ns(c) && !description) {
            description = element_text(f, c);
        } else if ((strcmp(name, "pubDate") == 0 || (strcmp(name, "date") == 0 && ns_is(c, NS_DC)) ||
                    strcmp(name, "issued") == 0)) {
            t = element_text(f, c);
            rc = set_date(a, AF_PUBLISHED, AF_PUBLISHED_RAW, t);
        } else if (strcmp(name, "modified") == 0 || strcmp(name, "updated") == 0) {
            t = element_text(f, c);
            rc = set_date(a, AF_MODIFIED, AF_MODIFIED_RAW, t);
        } else if ((strcmp(name, "author") == 0 && (rss_ns(c) || ns_is(c, NS_ITUNES))) ||
                   (strcmp(name, "creator") == 0 && ns_is(c, NS_DC))) {
            t = element_text(f, c);
            if (t && *t) {
                /* RSS 2.0 authors are e-mail addresses, often "a@b.c (Name)". */
                char *open = strchr(t, '('), *close = open ? strrchr(open, ')') : NULL;
                if (open && close && close > open + 1 && strchr(t, '@')) {
                    *close = '\0';
                    memmove(t, open + 1, strlen(open + 1) + 1);
                }
                html_squeeze(t);
                rc = strlist_push(&a->authors, t);
            }
        } else if (strcmp(name, "category") == 0 || (strcmp(name, "subject") == 0 && ns_is(c, NS_DC))) {
            t = attr(c, "text"); /* itunes:category text="..." */
            if (!t) t = element_text(f, c);
            if (t) html_squeeze(t);
            if (t && *t) rc = strlist_push(&a->tags, t);
        } else if (strcmp(name, "enclosure") == 0 || ((strcmp(name, "content") == 0 || strcmp(name, "thumbnail") == 0) &&
                                                       ns_is(c, NS_MEDIA))) {
            char *url = attr(c, "url"), *type = attr(c, "type"), *medium = attr(c, "medium");
            int image = (type && strncmp(type, "image/", 6) == 0) || (medium && strcmp(medium, "image") == 0) ||
                        strcmp(name, "thumbnail") == 0;
            if (url && *url) {
                char *abs = html_resolve(base, url);
                if (image && !a->field[AF_IMAGE]) rc = article_set(a, AF_IMAGE, abs);
                else if (!image && !article_get_meta(a, "enclosure")) rc = article_set_meta(a, "enclosure", abs);
                free(abs);
            }
            free(url);
            free(type);
            free(medium);
        } else if (strcmp(name, "language") == 0) {
            t = element_text(f, c);
            if (t && *t) rc = article_set(a, AF_LANG, t);
        } else if (strcmp(name, "comments") == 0 && ns_is(c, NULL)) {
            t = element_text(f, c);
            if (t && *t) rc = article_set_meta(a, "comments", t);
        }
        free(t);
    }
    if (rc == 0 && (link || (guid && guid_link && strncmp(guid, "http", 4) == 0))) {
        char *abs = html_resolve(base, link && *link ? link : guid);
        rc = article_set(a, AF_URL, abs);
        free(abs);
    }
    if (rc == 0 && guid && *guid) rc = article_set(a, AF_UID, guid);
    /* content:encoded is the body; description its summary (or the body when alone). */
    if (rc == 0 && content && *content) {
        rc = add_body(a, content, 1, base);
        if (rc == 0 && description && *description) {
            gbuf b = GBUF_INIT;
            htmlDocPtr d = html_parse(description, strlen(description));
            if (d) {
                html_node_text(&b, xmlDocGetRootElement(d));
                xmlFreeDoc(d);
            }
            gbuf_putc(&b, '\0');
            html_squeeze(b.data);
            if (b.data[0]) rc = article_set(a, AF_DESCRIPTION, b.data);
            gbuf_free(&b);
        }
    } else if (rc == 0 && description) {
        rc = add_body(a, description, looks_html(description), base);
    }
    free(content);
    free(description);
    free(guid);
    free(link);
    free(base);
    if (rc < 0) {
        galley_article_free(a);
        return GALLEY_ENOMEM;
    }
    return item_emit(f, a, "feed");
}

static int rss(feed_ctx *f, xmlNodePtr root, const char *doc_base) {
    xmlNodePtr channel = child(root, "channel");
    if (channel) {
        f->feed_title = element_text(f, child(channel, "title"));
        if (f->feed_title) html_squeeze(f->feed_title);
        for (xmlNodePtr c = channel->children; c; c = c->next) {
            if (is(c, "link") && ns_is(c, NULL) && !f->feed_link) f->feed_link = element_text(f, c);
            if (is(c, "link") && ns_is(c, NS_ATOM) && !f->feed_self) {
                char *rel = attr(c, "rel");
                if (rel && strcmp(rel, "self") == 0) f->feed_self = attr(c, "href");
                free(rel);
            }
            if ((is(c, "language") || (is(c, "language") && ns_is(c, NS_DC))) && !f->feed_lang)
                f->feed_lang = element_text(f, c);
        }
        if (!f->feed_lang) {
            for (xmlNodePtr c = channel->children; c; c = c->next)
                if (is(c, "language")) f->feed_lang = element_text(f, c);
        }
    }
    int rc = GALLEY_OK;
    /* RSS 2.0 and 0.9x: items inside the channel; RSS 1.0 and 0.90: beside it. */
    for (int pass = 0; pass < 2 && rc == GALLEY_OK; pass++) {
        xmlNodePtr parent = pass == 0 ? channel : root;
        for (xmlNodePtr c = parent ? parent->children : NULL; c && rc == GALLEY_OK; c = c->next)
            if (is(c, "item")) rc = rss_item(f, c, doc_base);
    }
    return rc;
}

/* ---- Atom (0.3, 1.0) ------------------------------------------------------------------------- */

/* Text constructs: type="text" | "html" | "xhtml" (0.3: mode="escaped"|"xml"). */
static char *atom_text(feed_ctx *f, xmlNodePtr n, int *is_html) {
    char *type = attr(n, "type"), *mode = attr(n, "mode");
    char *s;
    *is_html = 0;
    if ((type && (strcmp(type, "xhtml") == 0 || strcmp(type, "application/xhtml+xml") == 0)) ||
        (mode && strcmp(mode, "xml") == 0)) {
        s = element_markup(n);
        *is_html = 1;
    } else {
        s = element_text(f, n);
        *is_html = type && (strcmp(type, "html") == 0 || strcmp(type, "text/html") == 0);
        if (mode && strcmp(mode, "escaped") == 0 && type && strstr(type, "html")) *is_html = 1;
    }
    free(type);
    free(mode);
    return s;
}

static char *plain(feed_ctx *f, xmlNodePtr n) {
    int html;
    char *s = atom_text(f, n, &html);
    if (s && html) {
        gbuf b = GBUF_INIT;
        htmlDocPtr d = html_parse(s, strlen(s));
        if (d) {
            html_node_text(&b, xmlDocGetRootElement(d));
            xmlFreeDoc(d);
        }
        gbuf_putc(&b, '\0');
        free(s);
        s = gbuf_take(&b);
    }
    if (s) html_squeeze(s);
    return s;
}

static char *atom_link(xmlNodePtr parent, const char *want_rel, const char *base) {
    for (xmlNodePtr c = parent->children; c; c = c->next) {
        if (!is(c, "link")) continue;
        char *rel = attr(c, "rel"), *href = attr(c, "href");
        int match = want_rel ? (rel && strcmp(rel, want_rel) == 0) || (!rel && strcmp(want_rel, "alternate") == 0)
                             : 1;
        char *r = NULL;
        if (match && href) r = html_resolve(base, href);
        free(rel);
        free(href);
        if (r) return r;
    }
    return NULL;
}

static int atom_entry(feed_ctx *f, xmlNodePtr entry, const char *doc_base) {
    galley_article *a = item_start(f);
    if (!a) return GALLEY_ENOMEM;
    char *base = base_of(entry, doc_base);
    int rc = 0;
    char *lang = (char *)xmlNodeGetLang(entry);
    if (lang && *lang) rc = article_set(a, AF_LANG, lang);
    if (lang) xmlFree(lang);
    xmlNodePtr content = NULL, summary = NULL;
    for (xmlNodePtr c = entry->children; c && rc == 0; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        const char *name = (const char *)c->name;
        char *t = NULL;
        if (strcmp(name, "title") == 0 && !a->field[AF_TITLE]) {
            t = plain(f, c);
            if (t && *t) rc = article_set(a, AF_TITLE, t);
        } else if (strcmp(name, "id") == 0) {
            t = element_text(f, c);
            if (t && *t) rc = article_set(a, AF_UID, t);
        } else if (strcmp(name, "published") == 0 || strcmp(name, "issued") == 0 || strcmp(name, "created") == 0) {
            t = element_text(f, c);
            rc = set_date(a, AF_PUBLISHED, AF_PUBLISHED_RAW, t);
        } else if (strcmp(name, "updated") == 0 || strcmp(name, "modified") == 0) {
            t = element_text(f, c);
            rc = set_date(a, AF_MODIFIED, AF_MODIFIED_RAW, t);
        } else if (strcmp(name, "author") == 0 || strcmp(name, "contributor") == 0) {
            if (strcmp(name, "author") == 0) {
                t = element_text(f, child(c, "name"));
                if (t) html_squeeze(t);
                if (t && *t) rc = strlist_push(&a->authors, t);
            }
        } else if (strcmp(name, "category") == 0) {
            char *term = attr(c, "term");
            if (!term || !*term) {
                free(term);
                term = attr(c, "label");
            }
            if (term) html_squeeze(term);
            if (term && *term) rc = strlist_push(&a->tags, term);
            free(term);
        } else if (strcmp(name, "content") == 0 && !content) {
            content = c;
            rc = content_lang(a, c);
        } else if (strcmp(name, "summary") == 0 && !summary) {
            summary = c;
        } else if (strcmp(name, "link") == 0) {
            char *rel = attr(c, "rel"), *type = attr(c, "type"), *href = attr(c, "href");
            if (rel && strcmp(rel, "enclosure") == 0 && href) {
                char *abs = html_resolve(base, href);
                if (type && strncmp(type, "image/", 6) == 0 && !a->field[AF_IMAGE]) rc = article_set(a, AF_IMAGE, abs);
                else if (!article_get_meta(a, "enclosure")) rc = article_set_meta(a, "enclosure", abs);
                free(abs);
            }
            free(rel);
            free(type);
            free(href);
        }
        free(t);
    }
    if (rc == 0) {
        char *link = atom_link(entry, "alternate", base);
        if (!link) link = atom_link(entry, NULL, base);
        if (link) rc = article_set(a, AF_URL, link);
        free(link);
    }
    /* Atom 1.0 says an entry without published has updated as its only date; keep it
     * as modified, and never invent a published date from it. */
    if (rc == 0 && content) {
        int html;
        char *s = atom_text(f, content, &html);
        rc = add_body(a, s, html, base);
        free(s);
    }
    if (rc == 0 && summary) {
        char *s = plain(f, summary);
        if (s && *s) {
            if (!content) {
                int html;
                char *raw = atom_text(f, summary, &html);
                rc = add_body(a, raw, html, base);
                free(raw);
            } else {
                rc = article_set(a, AF_DESCRIPTION, s);
            }
        }
        free(s);
    }
    free(base);
    if (rc < 0) {
        galley_article_free(a);
        return GALLEY_ENOMEM;
    }
    return item_emit(f, a, "feed");
}

static int atom(feed_ctx *f, xmlNodePtr root, const char *doc_base) {
    char *base = base_of(root, doc_base);
    f->feed_title = plain(f, child(root, "title"));
    f->feed_link = atom_link(root, "alternate", base);
    f->feed_self = atom_link(root, "self", base);
    f->feed_lang = (char *)xmlNodeGetLang(root);
    if (f->feed_lang) { /* from libxml2's allocator into ours */
        char *l = strdup(f->feed_lang);
        xmlFree(f->feed_lang);
        f->feed_lang = l;
    }
    int rc = GALLEY_OK;
    for (xmlNodePtr c = root->children; c && rc == GALLEY_OK; c = c->next)
        if (is(c, "entry")) rc = atom_entry(f, c, base);
    free(base);
    return rc;
}

/* ---- JSON Feed ---------------------------------------------------------------------------------- */

static int json_item(feed_ctx *f, const json_value *it, const char *base) {
    if (!it || it->type != JSON_OBJECT) return GALLEY_OK;
    galley_article *a = item_start(f);
    if (!a) return GALLEY_ENOMEM;
    int rc = 0;
    const char *s;
    if ((s = json_get_string(it, "id"))) rc |= article_set(a, AF_UID, s);
    if ((s = json_get_string(it, "url"))) {
        char *abs = html_resolve(base, s);
        rc |= article_set(a, AF_URL, abs);
        free(abs);
    }
    if ((s = json_get_string(it, "title"))) rc |= article_set(a, AF_TITLE, s);
    if ((s = json_get_string(it, "summary"))) rc |= article_set(a, AF_DESCRIPTION, s);
    if ((s = json_get_string(it, "image")) || (s = json_get_string(it, "banner_image"))) {
        char *abs = html_resolve(base, s);
        rc |= article_set(a, AF_IMAGE, abs);
        free(abs);
    }
    if ((s = json_get_string(it, "language"))) rc |= article_set(a, AF_LANG, s);
    if (rc == 0) rc = set_date(a, AF_PUBLISHED, AF_PUBLISHED_RAW, json_get_string(it, "date_published"));
    if (rc == 0) rc = set_date(a, AF_MODIFIED, AF_MODIFIED_RAW, json_get_string(it, "date_modified"));
    const json_value *authors = json_get(it, "authors");
    if (authors && authors->type == JSON_ARRAY) {
        for (size_t i = 0; i < authors->len && rc == 0; i++)
            if ((s = json_get_string(&authors->items[i], "name"))) rc = strlist_push(&a->authors, s);
    } else if ((authors = json_get(it, "author")) && (s = json_get_string(authors, "name"))) {
        rc |= strlist_push(&a->authors, s);
    }
    const json_value *tags = json_get(it, "tags");
    for (size_t i = 0; tags && tags->type == JSON_ARRAY && i < tags->len && rc == 0; i++)
        if (tags->items[i].type == JSON_STRING) rc = strlist_push(&a->tags, tags->items[i].string);
    if (rc == 0) {
        if ((s = json_get_string(it, "content_html"))) rc = add_body(a, s, 1, base);
        else if ((s = json_get_string(it, "content_text"))) rc = add_body(a, s, 0, base);
    }
    if (rc < 0) {
        galley_article_free(a);
        return GALLEY_ENOMEM;
    }
    return item_emit(f, a, "feed");
}

static int json_feed(feed_ctx *f, const char *data, size_t len) {
    char err[256];
    json_value *doc = json_parse(data, len, err, sizeof err);
    if (!doc) return load_fail(f->sink, "not a JSON feed: %s", err);
    int rc = GALLEY_OK;
    const char *version = json_get_string(doc, "version");
    const json_value *items = json_get(doc, "items");
    if (doc->type != JSON_OBJECT || !version || !strstr(version, "jsonfeed.org") || !items ||
        items->type != JSON_ARRAY) {
        rc = load_fail(f->sink, "not a JSON feed (no \"version\": \"https://jsonfeed.org/...\" and \"items\")");
    } else {
        const char *s;
        if ((s = json_get_string(doc, "title"))) f->feed_title = strdup(s);
        if ((s = json_get_string(doc, "home_page_url"))) f->feed_link = strdup(s);
        if ((s = json_get_string(doc, "feed_url"))) f->feed_self = strdup(s);
        if ((s = json_get_string(doc, "language"))) f->feed_lang = strdup(s);
        for (size_t i = 0; i < items->len && rc == GALLEY_OK; i++)
            rc = json_item(f, &items->items[i], f->feed_link ? f->feed_link : f->feed_self);
    }
    json_free(doc);
    return rc;
}

/* The expanded size of an internal entity's replacement text, following references to
 * other entities, or SIZE_MAX when it is external, too deep or too large. */
static size_t entity_size(xmlDocPtr doc, xmlEntityPtr e, int depth) {
    if (!e) return 0;
    if (e->etype != XML_INTERNAL_GENERAL_ENTITY && e->etype != XML_INTERNAL_PREDEFINED_ENTITY) return SIZE_MAX;
    if (depth > ENTITY_DEPTH) return SIZE_MAX;
    const char *s = (const char *)e->content;
    size_t total = 0;
    for (const char *p = s; p && *p; p++) {
        if (*p != '&' || p[1] == '#') {
            total++;
        } else {
            const char *semi = strchr(p, ';');
            if (!semi || semi - p > 64) {
                total++;
                continue;
            }
            char name[72];
            memcpy(name, p + 1, (size_t)(semi - p - 1));
            name[semi - p - 1] = '\0';
            xmlEntityPtr ref = xmlGetDocEntity(doc, (const xmlChar *)name);
            size_t n = ref ? entity_size(doc, ref, depth + 1) : 1;
            if (n == SIZE_MAX) return SIZE_MAX;
            total += n;
            p = semi;
        }
        if (total > ENTITY_BUDGET) return SIZE_MAX;
    }
    return total;
}

/* 1 (with why) when the document declares an entity we will not expand: external
 * (a file or URL: XXE), or one that grows past ENTITY_BUDGET (entity bombs). */
static int unsafe_entities(xmlDocPtr doc, char *why, size_t whysize) {
    xmlDtdPtr dtds[2] = {doc->intSubset, doc->extSubset};
    for (int d = 0; d < 2; d++) {
        for (xmlNodePtr n = dtds[d] ? dtds[d]->children : NULL; n; n = n->next) {
            if (n->type != XML_ENTITY_DECL) continue;
            xmlEntityPtr e = (xmlEntityPtr)n;
            if (e->etype == XML_INTERNAL_PARAMETER_ENTITY) continue;
            if (e->etype != XML_INTERNAL_GENERAL_ENTITY && e->etype != XML_INTERNAL_PREDEFINED_ENTITY) {
                snprintf(why, whysize, "the feed declares an external entity '%s'", (const char *)e->name);
                return 1;
            }
            if (entity_size(doc, e, 0) == SIZE_MAX) {
                snprintf(why, whysize, "the entity '%s' expands beyond %d KiB or nests deeper than %d levels",
                         (const char *)e->name, ENTITY_BUDGET / 1024, ENTITY_DEPTH);
                return 1;
            }
        }
    }
    return 0;
}

/* ---- the loader ---------------------------------------------------------------------------------- */

static void quiet(void *ctx, const char *msg, ...) {
    (void)ctx;
    (void)msg;
}

int feed_sniff(const char *data, size_t len) {
    size_t n = len < 2048 ? len : 2048;
    const char *p = data;
    if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) p += 3, n -= 3;
    while (n && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) p++, n--;
    if (n && *p == '{') {
        for (size_t i = 0; i + 12 <= n; i++)
            if (memcmp(p + i, "jsonfeed.org", 12) == 0) return 1;
        return 0;
    }
    /* the root element, past the prolog, comments and a DOCTYPE */
    for (size_t i = 0; i + 4 < n; i++) {
        if (p[i] != '<' || p[i + 1] == '?' || p[i + 1] == '!') continue;
        const char *t = p + i + 1;
        size_t rest = n - i - 1;
        if ((rest >= 3 && strncmp(t, "rss", 3) == 0) || (rest >= 4 && strncmp(t, "feed", 4) == 0) ||
            (rest >= 7 && strncmp(t, "rdf:RDF", 7) == 0) || (rest >= 3 && strncmp(t, "RDF", 3) == 0))
            return 1;
        return 0;
    }
    return 0;
}

int load_feed(const char *source, const char *data, size_t len, load_sink *sink) {
    feed_ctx f = {.sink = sink, .source = source};
    int rc;
    const char *p = data;
    size_t n = len;
    if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) p += 3, n -= 3;
    while (n && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) p++, n--;
    if (n && *p == '{') {
        rc = json_feed(&f, p, n);
    } else if (len > INT32_MAX) {
        rc = load_fail(sink, "too large for the XML parser");
    } else {
        /* No NOENT (entities stay references, read by our budgeted reader), no DTD
         * loading, no network. RECOVER reads what it can of an ill-formed feed. */
        /* The encoding is ours to decide, as for web pages (BOM, the prolog's
         * declaration read the way browsers read it, else detection); libxml2 then
         * parses UTF-8. */
        size_t ulen;
        char *utf8 = html_to_utf8(data, len, NULL, &ulen, NULL);
        if (!utf8) return load_fail(sink, "out of memory");
        xmlSetGenericErrorFunc(NULL, quiet);
        xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
        xmlDocPtr doc = ctxt ? xmlCtxtReadMemory(ctxt, utf8, (int)ulen, NULL, "UTF-8",
                                                 XML_PARSE_NONET | XML_PARSE_RECOVER | XML_PARSE_NOERROR |
                                                     XML_PARSE_NOWARNING)
                             : NULL;
        /* Recovered from errors: the items say so (feedparser calls it "bozo"). */
        f.illformed = ctxt && (!ctxt->wellFormed || !ctxt->nsWellFormed);
        if (ctxt) xmlFreeParserCtxt(ctxt);
        xmlSetGenericErrorFunc(NULL, NULL);
        xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
        char why[256] = "";
        if (root && unsafe_entities(doc, why, sizeof why)) {
            rc = load_fail(sink, "refused: %s (an XXE or \"billion laughs\" attack?)", why);
        } else if (!root) {
            rc = load_fail(sink, "not well-formed XML, and nothing could be recovered");
        } else {
            const char *name = (const char *)root->name;
            if (strcmp(name, "rss") == 0 || strcmp(name, "RDF") == 0 || strcmp(name, "channel") == 0)
                rc = rss(&f, root, NULL);
            else if (strcmp(name, "feed") == 0)
                rc = atom(&f, root, NULL);
            else
                rc = load_fail(sink, "XML, but not a feed: the root element is <%s>", name);
        }
        if (doc) xmlFreeDoc(doc);
        free(utf8);
        if (rc == GALLEY_OK && f.entity_refused) /* not reached after unsafe_entities(): a safety net */
            rc = load_fail(sink, "refused: entities beyond %d KiB", ENTITY_BUDGET / 1024);
    }
    if (rc == GALLEY_OK && f.items == 0)
        rc = load_fail(sink, "a feed with no items%s", f.illformed ? " (and not well-formed XML)" : "");
    free(f.feed_title);
    free(f.feed_link);
    free(f.feed_self);
    free(f.feed_lang);
    return rc;
}
