/* load/html.c — web pages: encoding to UTF-8, libxml2's forgiving HTML parser, the
 * walk that turns elements into blocks, and the loader itself. Main-content guessing is
 * in html_extract.c, metadata in html_meta.c. */
#include "encoding.h"
#include "internal.h"
#include "load.h"
#include "load/html.h"
#include "util.h"

#include <ctype.h>
#include <libxml/parserInternals.h>
#include <libxml/uri.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- encoding ------------------------------------------------------------------------- */

#define CHARSET_SNIFF_BYTES 4096

/* The value of charset=... at p (quoted or not), copied into out. */
static int read_charset(const char *p, const char *end, char *out, size_t outsize) {
    while (p < end && (*p == ' ' || *p == '=' || *p == '"' || *p == '\'')) p++;
    size_t n = 0;
    while (p < end && n + 1 < outsize &&
           (isalnum((unsigned char)*p) || *p == '-' || *p == '_' || *p == ':' || *p == '.'))
        out[n++] = *p++;
    out[n] = '\0';
    return n > 0;
}

/* A charset declared by the page in its first bytes: <meta charset="x"> or
 * <meta http-equiv="content-type" content="text/html; charset=x">, or an XML prolog. */
static int sniff_charset(const char *data, size_t len, char *out, size_t outsize) {
    size_t n = len < CHARSET_SNIFF_BYTES ? len : CHARSET_SNIFF_BYTES;
    const char *end = data + n;
    for (const char *p = data; p + 8 < end; p++) {
        if (strncasecmp(p, "charset", 7) != 0) continue;
        /* Only inside a tag: look back for '<' before any '>'. */
        const char *q = p;
        while (q > data && *q != '<' && *q != '>') q--;
        if (*q != '<') continue;
        const char *v = p + 7;
        while (v < end && *v == ' ') v++;
        if (v < end && *v == '=' && read_charset(v, end, out, outsize)) return 1;
    }
    if (n > 5 && memcmp(data, "<?xml", 5) == 0) {
        const char *e = memchr(data, '>', n);
        for (const char *p = data; e && p + 8 < e; p++)
            if (strncmp(p, "encoding", 8) == 0) return read_charset(p + 8, e, out, outsize);
    }
    return 0;
}

static int has_non_ascii(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80) return 1;
    return 0;
}

char *html_to_utf8(const char *data, size_t len, const char *declared, size_t *outlen, const char **encoding) {
    char sniffed[48] = "";
    const char *cs = declared && *declared ? declared : NULL;
    int has_bom = (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) ||
                  (len >= 2 && (memcmp(data, "\xFF\xFE", 2) == 0 || memcmp(data, "\xFE\xFF", 2) == 0));
    if (!cs && !has_bom && sniff_charset(data, len, sniffed, sizeof sniffed)) cs = sniffed;
    /* A BOM, valid UTF-8, no declaration or one we cannot honour: the common path. */
    if (has_bom || !cs || strcasecmp(cs, "utf-8") == 0 || strcasecmp(cs, "utf8") == 0 ||
        (has_non_ascii(data, len) && utf8_valid(data, len)) ||
        strncasecmp(cs, "utf-16", 6) == 0 /* declared in ASCII bytes, so it is not */)
        return encoding_to_utf8(data, len, outlen, encoding);
    char *out = encoding_convert(data, len, cs, outlen);
    if (out) {
        if (encoding) *encoding = "declared";
        return out;
    }
    /* An unknown or wrong name: fall back on detection. */
    return encoding_to_utf8(data, len, outlen, encoding);
}

/* ---- parsing --------------------------------------------------------------------------- */

/* libxml2 2.9 does not know every element HTML5 made void: text after an unclosed
 * <embed> or <source> becomes its child, where no browser puts it and every walk of
 * ours (which skips embeds) would lose it. Moves such children out, after the element.
 * Iterative: a tree may be deeper than the stack. */
static int is_late_void(const xmlChar *name) {
    static const char *const tags[] = {"embed", "source", "track", "wbr", "keygen", NULL};
    for (int i = 0; tags[i]; i++)
        if (strcmp((const char *)name, tags[i]) == 0) return 1;
    return 0;
}

static void unnest_void(xmlNodePtr root) {
    xmlNodePtr n = root;
    while (n) {
        if (n->type == XML_ELEMENT_NODE && n->children && is_late_void(n->name)) {
            xmlNodePtr after = n;
            while (n->children) {
                xmlNodePtr c = n->children;
                xmlUnlinkNode(c);
                xmlNodePtr added = xmlAddNextSibling(after, c); /* may merge text into after */
                if (!added) {
                    xmlFreeNode(c);
                    break;
                }
                after = added;
            }
        }
        if (n->children && n->type == XML_ELEMENT_NODE) {
            n = n->children;
            continue;
        }
        while (n && n != root && !n->next) n = n->parent;
        if (!n || n == root) break;
        n = n->next;
    }
}

htmlDocPtr html_parse(const char *utf8, size_t len) {
    if (len > INT32_MAX) return NULL;
    /* RECOVER: build a tree from whatever comes; NONET: never fetch anything; no
     * DTD or entity loading exists in the HTML parser at all. */
    /* HUGE lifts libxml2's limit of 256 nested elements, past which it stops parsing
     * and loses the rest of the page; every walk of ours is iterative or depth-capped. */
    int options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                  HTML_PARSE_COMPACT | XML_PARSE_HUGE;
    htmlDocPtr doc = htmlReadMemory(utf8, (int)len, NULL, "UTF-8", options);
    if (doc) unnest_void(xmlDocGetRootElement(doc));
    return doc;
}

/* ---- small helpers ---------------------------------------------------------------------- */

xmlNodePtr html_next(xmlNodePtr n, xmlNodePtr root, int descend) {
    if (descend && n->children) return n->children;
    while (n && n != root && !n->next) n = n->parent;
    return !n || n == root ? NULL : n->next;
}

int html_is(xmlNodePtr node, const char *name) {
    return node && node->type == XML_ELEMENT_NODE && node->name && strcmp((const char *)node->name, name) == 0;
}

char *html_attr(xmlNodePtr node, const char *name) {
    if (!node || node->type != XML_ELEMENT_NODE) return NULL;
    return (char *)xmlGetProp(node, (const xmlChar *)name);
}

char *html_resolve(const char *base, const char *href) {
    if (!href) return NULL;
    while (*href == ' ' || *href == '\t' || *href == '\n' || *href == '\r') href++;
    if (base && *base && strncmp(href, "data:", 5) != 0) {
        xmlChar *r = xmlBuildURI((const xmlChar *)href, (const xmlChar *)base);
        if (r) {
            char *s = strdup((const char *)r);
            xmlFree(r);
            return s;
        }
    }
    return strdup(href);
}

void html_squeeze(char *s) {
    char *w = s;
    int space = 0;
    for (const char *r = s; *r;) {
        unsigned char c = (unsigned char)*r;
        int ws = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
        size_t skip = 1;
        if (c == 0xC2 && (unsigned char)r[1] == 0xA0) ws = 1, skip = 2;          /* U+00A0 */
        else if (c == 0xE2 && (unsigned char)r[1] == 0x80 && ((unsigned char)r[2] == 0x8B))
            ws = 1, skip = 3; /* U+200B zero width space */
        if (ws) {
            space = 1;
            r += skip;
            continue;
        }
        if (space && w != s) *w++ = ' ';
        space = 0;
        *w++ = *r++;
    }
    *w = '\0';
}

/* html_squeeze for each line of s, dropping empty lines. In place. */
static void squeeze_lines(char *s) {
    char *w = s, *line = s;
    for (;;) {
        char *nl = strchr(line, '\n');
        if (nl) *nl = '\0';
        html_squeeze(line);
        size_t n = strlen(line);
        if (n) {
            if (w != s) *w++ = '\n';
            memmove(w, line, n);
            w += n;
        }
        if (!nl) break;
        line = nl + 1;
    }
    *w = '\0';
}

/* Elements whose content is never text of the page. */
static int is_invisible_tag(const char *n) {
    static const char *const tags[] = {"script", "style", "noscript", "template", "head", "svg",
                                       "iframe", "object", "embed", "canvas", "select", "option", "button",
                                       "input", "textarea", "audio", "video", "map", "title", "meta", "link",
                                       NULL};
    for (int i = 0; tags[i]; i++)
        if (strcmp(n, tags[i]) == 0) return 1;
    return 0;
}

/* hidden, aria-hidden="true", or an inline style that hides it. */
static int is_hidden(xmlNodePtr n) {
    if (!n->properties) return 0;
    for (xmlAttrPtr at = n->properties; at; at = at->next) {
        const char *name = (const char *)at->name;
        if (strcmp(name, "hidden") == 0) return 1;
        if (strcmp(name, "aria-hidden") != 0 && strcmp(name, "style") != 0) continue;
        xmlChar *v = xmlNodeGetContent((xmlNodePtr)at);
        int hidden = 0;
        if (v) {
            if (name[0] == 'a') hidden = strcmp((char *)v, "true") == 0;
            else {
                char tmp[256];
                size_t k = 0;
                for (const xmlChar *p = v; *p && k + 1 < sizeof tmp; p++)
                    if (*p != ' ') tmp[k++] = (char)tolower(*p);
                tmp[k] = '\0';
                hidden = strstr(tmp, "display:none") || strstr(tmp, "visibility:hidden");
            }
            xmlFree(v);
        }
        if (hidden) return 1;
    }
    return 0;
}

int html_skipped(xmlNodePtr n) {
    return n->type == XML_ELEMENT_NODE && (is_invisible_tag((const char *)n->name) || is_hidden(n));
}

/* Appends text with white space collapsed to one space (not trimmed: html_squeeze
 * finishes the block). */
static void put_squeezed(gbuf *b, const char *s) {
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
            if (b->len && b->data[b->len - 1] != ' ' && b->data[b->len - 1] != '\n') gbuf_putc(b, ' ');
        } else {
            gbuf_putc(b, (char)c);
        }
    }
}

void html_node_text(gbuf *b, xmlNodePtr node) {
    if (!node) return;
    if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
        if (node->content) put_squeezed(b, (const char *)node->content);
        return;
    }
    /* Iterative: no recursion however deep the tree. */
    xmlNodePtr n = node->children;
    while (n) {
        int descend = 0;
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (n->content) put_squeezed(b, (const char *)n->content);
        } else if (n->type == XML_ELEMENT_NODE && !html_skipped(n)) {
            if (html_is(n, "br")) gbuf_putc(b, ' ');
            descend = n->children != NULL;
        }
        if (descend) {
            n = n->children;
            continue;
        }
        while (n && n != node && !n->next) n = n->parent;
        if (!n || n == node) break;
        n = n->next;
    }
}

/* ---- elements to blocks ------------------------------------------------------------------ */

typedef struct walker {
    galley_article *a;
    const char *base;
    html_keep_fn keep; /* NULL: keep everything */
    void *keep_ud;
    gbuf text;               /* inline text of the block being gathered */
    galley_block_type type;  /* ... and its type */
    int level;
    int lists;  /* open <ul>/<ol> */
    int quotes; /* open <blockquote> */
    int failed;
} walker;

static void flush(walker *w) {
    if (w->text.len) {
        gbuf_putc(&w->text, '\0');
        char *s = w->text.data;
        /* <br><br> separates paragraphs; one <br> is a line break, kept. */
        char *p = s;
        while (p && *p) {
            char *brk = strstr(p, "\n\n");
            if (brk) *brk = '\0';
            /* trim each line, drop empty ones */
            squeeze_lines(p);
            if (*p && article_add_block(w->a, w->type, w->level, p, NULL, NULL) < 0) w->failed = 1;
            if (!brk) break;
            p = brk + 2;
            while (*p == '\n') p++;
        }
        w->text.len = 0;
    }
    w->type = w->quotes ? GALLEY_BLOCK_QUOTE : GALLEY_BLOCK_PARAGRAPH;
    w->level = 0;
}

static int is_heading(xmlNodePtr n) {
    const char *s = (const char *)n->name;
    return s[0] == 'h' && s[1] >= '1' && s[1] <= '6' && s[2] == '\0';
}

/* Elements that start a new block; everything else (including unknown and obsolete
 * elements: <blink>, <font>, custom ones) flows inside a line of text, as browsers
 * show elements they do not know. */
static int is_inline(const char *n) {
    static const char *const blocks[] = {"address", "article", "aside", "blockquote", "body", "center", "dd",
                                         "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption",
                                         "figure", "footer", "form", "frameset", "header", "hgroup", "hr", "html",
                                         "legend", "li", "main", "menu", "nav", "ol", "p", "pre", "section",
                                         "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
                                         "caption", "noframes", "h1", "h2", "h3", "h4", "h5", "h6", "frame",
                                         "output", "search", "listing", "plaintext", "xmp", "optgroup",
                                         "br", "img", NULL}; /* these two: handled by the walk */
    for (int i = 0; blocks[i]; i++)
        if (strcmp(n, blocks[i]) == 0) return 0;
    return 1;
}

static char *image_src(xmlNodePtr img) {
    static const char *const attrs[] = {"src", "data-src", "data-original", "data-lazy-src", "data-url", NULL};
    for (int i = 0; attrs[i]; i++) {
        char *v = html_attr(img, attrs[i]);
        if (v && *v && strncmp(v, "data:", 5) != 0) return v;
        if (v) xmlFree(v);
    }
    char *set = html_attr(img, "srcset"); /* the first candidate */
    if (set) {
        size_t n = strcspn(set, " ,");
        set[n] = '\0';
        if (*set) return set;
        xmlFree(set);
    }
    return NULL;
}

static void add_image(walker *w, xmlNodePtr img, const char *caption) {
    char *src = image_src(img);
    if (!src) return;
    char *alt = html_attr(img, "alt");
    char *width = html_attr(img, "width"), *height = html_attr(img, "height");
    int pixel = (width && atoi(width) > 0 && atoi(width) <= 2) || (height && atoi(height) > 0 && atoi(height) <= 2);
    if (!pixel) {
        char *url = html_resolve(w->base, src);
        char *alt_sq = alt ? strdup(alt) : NULL;
        if (alt_sq) html_squeeze(alt_sq);
        if (!url || article_add_block(w->a, GALLEY_BLOCK_IMAGE, 0, caption ? caption : "", url,
                                      alt_sq && *alt_sq ? alt_sq : NULL) < 0)
            w->failed = 1;
        free(url);
        free(alt_sq);
    }
    xmlFree(src);
    if (alt) xmlFree(alt);
    if (width) xmlFree(width);
    if (height) xmlFree(height);
}

static void walk(walker *w, xmlNodePtr n, int depth);

static void walk_children(walker *w, xmlNodePtr n, int depth) {
    for (xmlNodePtr c = n->children; c; c = c->next) walk(w, c, depth + 1);
}

/* A table of data (rows of cells) rather than one that lays out the page. */
static int is_data_table(xmlNodePtr table) {
    /* Layout tables hold block content: nested tables, paragraphs, headings. */
    xmlNodePtr n = table->children;
    int cells = 0;
    while (n) {
        if (n->type == XML_ELEMENT_NODE) {
            const char *s = (const char *)n->name;
            if (strcmp(s, "table") == 0 || strcmp(s, "p") == 0 || strcmp(s, "div") == 0 || is_heading(n) ||
                strcmp(s, "ul") == 0 || strcmp(s, "ol") == 0 || strcmp(s, "blockquote") == 0)
                return 0;
            if (strcmp(s, "td") == 0 || strcmp(s, "th") == 0) cells++;
            if (n->children) {
                n = n->children;
                continue;
            }
        }
        while (n != table && !n->next) n = n->parent;
        if (n == table) break;
        n = n->next;
    }
    return cells > 0;
}

static void table_rows(walker *w, xmlNodePtr n) {
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || html_skipped(c)) continue;
        if (html_is(c, "tr")) {
            gbuf row = {0};
            for (xmlNodePtr cell = c->children; cell; cell = cell->next) {
                if (!html_is(cell, "td") && !html_is(cell, "th")) continue;
                gbuf t = {0};
                html_node_text(&t, cell);
                gbuf_putc(&t, '\0');
                html_squeeze(t.data);
                if (row.len) gbuf_puts(&row, " | ");
                gbuf_puts(&row, t.data);
                gbuf_free(&t);
            }
            gbuf_putc(&row, '\0');
            html_squeeze(row.data);
            if (row.data[0] && strspn(row.data, " |") < strlen(row.data) &&
                article_add_block(w->a, GALLEY_BLOCK_TABLE_ROW, 0, row.data, NULL, NULL) < 0)
                w->failed = 1;
            gbuf_free(&row);
        } else if (html_is(c, "caption")) {
            walk(w, c, 1);
            flush(w);
        } else {
            table_rows(w, c); /* thead, tbody, tfoot */
        }
    }
}

static void walk_figure(walker *w, xmlNodePtr fig, int depth) {
    /* The caption belongs to the image; the rest of the figure is walked as usual. */
    xmlNodePtr cap = NULL;
    for (xmlNodePtr c = fig->children; c; c = c->next)
        if (html_is(c, "figcaption")) cap = c;
    char *caption = NULL;
    if (cap) {
        gbuf t = {0};
        html_node_text(&t, cap);
        gbuf_putc(&t, '\0');
        html_squeeze(t.data);
        caption = t.data;
    }
    /* The first image gets the caption. */
    xmlNodePtr img = NULL, n = fig->children;
    while (n && !img) {
        if (html_is(n, "img")) {
            img = n;
            break;
        }
        if (n->type == XML_ELEMENT_NODE && n->children && n != cap && !html_skipped(n)) {
            n = n->children;
            continue;
        }
        while (n != fig && !n->next) n = n->parent;
        if (n == fig) break;
        n = n->next;
    }
    if (img) {
        add_image(w, img, caption);
        for (xmlNodePtr c = fig->children; c; c = c->next) {
            if (c == cap) continue;
            if (c == img) continue;
            /* Walk what else the figure holds, except the branch with the image. */
            xmlNodePtr p = img;
            while (p && p->parent != fig) p = p->parent;
            if (c == p) continue;
            walk(w, c, depth + 1);
        }
        flush(w);
    } else {
        walk_children(w, fig, depth);
        flush(w);
    }
    free(caption);
}

static void walk(walker *w, xmlNodePtr n, int depth) {
    if (w->failed) return;
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        if (n->content) put_squeezed(&w->text, (const char *)n->content);
        return;
    }
    if (n->type != XML_ELEMENT_NODE) return;
    if (html_skipped(n)) return;
    if (w->keep && !w->keep(w->keep_ud, n)) return;
    const char *name = (const char *)n->name;
    if (depth > HTML_MAX_DEPTH) { /* too deep to walk: its text as it is */
        html_node_text(&w->text, n);
        return;
    }
    if (is_inline(name)) {
        walk_children(w, n, depth);
        return;
    }
    if (strcmp(name, "br") == 0) {
        gbuf_putc(&w->text, '\n');
        return;
    }
    if (strcmp(name, "img") == 0) {
        flush(w);
        add_image(w, n, NULL);
        return;
    }
    if (strcmp(name, "hr") == 0) {
        flush(w);
        return;
    }
    if (is_heading(n)) {
        flush(w);
        w->type = GALLEY_BLOCK_HEADING;
        w->level = name[1] - '0';
        html_node_text(&w->text, n);
        flush(w);
        return;
    }
    if (strcmp(name, "pre") == 0) {
        flush(w);
        xmlChar *t = xmlNodeGetContent(n);
        if (t) {
            /* Code keeps its lines; only the trailing newline goes. */
            size_t len = strlen((char *)t);
            while (len && (t[len - 1] == '\n' || t[len - 1] == '\r' || t[len - 1] == ' ')) t[--len] = '\0';
            char *s = (char *)t;
            while (*s == '\n' || *s == '\r') s++;
            if (*s && article_add_block(w->a, GALLEY_BLOCK_CODE, 0, s, NULL, NULL) < 0) w->failed = 1;
            xmlFree(t);
        }
        return;
    }
    if (strcmp(name, "ul") == 0 || strcmp(name, "ol") == 0 || strcmp(name, "dl") == 0) {
        flush(w);
        w->lists++;
        walk_children(w, n, depth);
        flush(w);
        w->lists--;
        return;
    }
    if (strcmp(name, "li") == 0 || strcmp(name, "dt") == 0 || strcmp(name, "dd") == 0) {
        flush(w);
        w->type = GALLEY_BLOCK_LIST_ITEM;
        w->level = w->lists > 0 ? w->lists : 1;
        int lists = w->lists;
        for (xmlNodePtr c = n->children; c; c = c->next) {
            walk(w, c, depth + 1);
            /* After a nested list, more text of the same item continues as an item. */
            if (w->type != GALLEY_BLOCK_LIST_ITEM && !w->text.len) {
                w->type = GALLEY_BLOCK_LIST_ITEM;
                w->level = lists > 0 ? lists : 1;
            }
        }
        flush(w);
        return;
    }
    if (strcmp(name, "blockquote") == 0) {
        flush(w);
        w->quotes++;
        w->type = GALLEY_BLOCK_QUOTE;
        walk_children(w, n, depth);
        flush(w);
        w->quotes--;
        w->type = w->quotes ? GALLEY_BLOCK_QUOTE : GALLEY_BLOCK_PARAGRAPH;
        return;
    }
    if (strcmp(name, "table") == 0) {
        flush(w);
        if (is_data_table(n)) table_rows(w, n);
        else walk_children(w, n, depth);
        flush(w);
        return;
    }
    if (strcmp(name, "figure") == 0) {
        flush(w);
        walk_figure(w, n, depth);
        return;
    }
    /* p, div, section, td, ... and unknown elements: a block boundary around them.
     * A list item keeps its type across the paragraphs inside it. */
    galley_block_type type = w->type;
    int level = w->level;
    int in_item = type == GALLEY_BLOCK_LIST_ITEM;
    flush(w);
    if (in_item) w->type = type, w->level = level;
    walk_children(w, n, depth);
    flush(w);
    if (in_item) w->type = type, w->level = level;
}

int html_walk(galley_article *a, xmlNodePtr root, const char *base, html_keep_fn keep, void *ud) {
    walker w = {.a = a, .base = base, .keep = keep, .keep_ud = ud, .type = GALLEY_BLOCK_PARAGRAPH};
    if (root) walk(&w, root, 0);
    flush(&w);
    gbuf_free(&w.text);
    return w.failed ? -1 : 0;
}

int html_blocks(galley_article *a, xmlNodePtr root, const char *base) {
    return html_walk(a, root, base, NULL, NULL);
}

/* ---- the loader -------------------------------------------------------------------------- */

/* What relative links of the page resolve against: its <base href> (itself resolved
 * against the page's address), else the address. "" when neither is known; NULL
 * when out of memory. */
static char *page_base(htmlDocPtr doc, const char *url) {
    xmlNodePtr root = xmlDocGetRootElement(doc), head = NULL;
    for (xmlNodePtr c = root ? root->children : NULL; c && !head; c = c->next)
        if (html_is(c, "head")) head = c;
    for (xmlNodePtr c = head ? head->children : NULL; c; c = c->next) {
        if (!html_is(c, "base")) continue;
        char *href = html_attr(c, "href");
        if (href && *href) {
            char *b = html_resolve(url, href);
            xmlFree(href);
            return b;
        }
        if (href) xmlFree(href);
    }
    return strdup(url ? url : "");
}

/* The body a page declares in its JSON-LD (html_metadata keeps it in the meta key
 * HTML_META_ARTICLE_BODY) stands in for the extracted one when extraction found much
 * less text: pages that build their article with JavaScript carry it only there. The
 * key is removed either way. */
static int use_article_body(galley_article *a) {
    const char *body = article_get_meta(a, HTML_META_ARTICLE_BODY);
    if (!body) return 0;
    size_t found = 0;
    for (size_t i = 0; i < a->nblocks; i++) found += strlen(a->blocks[i].text);
    int rc = 0;
    if (found * 2 < strlen(body)) {
        char *copy = strdup(body);
        if (!copy) return -1;
        article_clear_blocks(a);
        /* Its paragraphs are its lines. */
        for (char *save = NULL, *line = strtok_r(copy, "\n", &save); line && rc == 0;
             line = strtok_r(NULL, "\n", &save)) {
            html_squeeze(line);
            if (*line) rc = article_add_block(a, GALLEY_BLOCK_PARAGRAPH, 0, line, NULL, NULL);
        }
        free(copy);
    }
    return article_set_meta(a, HTML_META_ARTICLE_BODY, NULL) < 0 || rc < 0 ? -1 : 0;
}

int html_article(const char *data, size_t len, const html_source *src, galley_article **out, char *err,
                 size_t errsize) {
    static const html_source none = {0};
    if (!src) src = &none;
    *out = NULL;
    if (encoding_looks_binary(data, len)) {
        snprintf(err, errsize, "binary data, not a web page");
        return GALLEY_EFORMAT;
    }
    size_t ulen;
    const char *enc = NULL;
    char *utf8 = html_to_utf8(data, len, src->charset, &ulen, &enc);
    if (!utf8) {
        snprintf(err, errsize, "out of memory");
        return GALLEY_ENOMEM;
    }
    htmlDocPtr doc = html_parse(utf8, ulen);
    if (!doc || !xmlDocGetRootElement(doc)) {
        if (doc) xmlFreeDoc(doc);
        free(utf8);
        snprintf(err, errsize, "no HTML document in it");
        return GALLEY_EFORMAT;
    }
    galley_article *a = galley_article_new();
    int rc = GALLEY_OK;
    char *base = NULL;
    if (!a || html_metadata(a, doc, src) < 0 ||
        !(base = page_base(doc, src->url ? src->url : a->field[AF_URL])) ||
        html_extract(a, doc, *base ? base : NULL, a->field[AF_TITLE]) < 0) {
        rc = GALLEY_ENOMEM;
        snprintf(err, errsize, "out of memory");
    }
    free(base);
    xmlFreeDoc(doc);
    if (rc == GALLEY_OK && use_article_body(a) < 0) {
        rc = GALLEY_ENOMEM;
        snprintf(err, errsize, "out of memory");
    }
    if (rc != GALLEY_OK) {
        galley_article_free(a);
        free(utf8);
        return rc;
    }
    /* A page with neither text nor anything its metadata says about it is not an
     * article; one with only a title, a description or a date still is. */
    if (!a->nblocks && !a->field[AF_TITLE] && !a->field[AF_DESCRIPTION] && !a->field[AF_PUBLISHED]) {
        galley_article_free(a);
        free(utf8);
        snprintf(err, errsize, "no text in this page, and no title, description or date");
        return GALLEY_EFORMAT;
    }
    a->raw = utf8;
    a->rawlen = ulen;
    *out = a;
    return GALLEY_OK;
}

int load_html(const char *source, const char *data, size_t len, load_sink *sink) {
    galley_article *a;
    int rc = html_article(data, len, NULL, &a, sink->err, sink->errsize);
    if (rc != GALLEY_OK) return rc;
    return load_emit(sink, a, source, "html");
}
