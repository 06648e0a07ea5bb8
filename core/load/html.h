/* load/html.h — web pages to articles, shared by the HTML loader, the feed loader
 * (item content) and the WARC reader (response records). Internal to the library. */
#ifndef GALLEY_LOAD_HTML_H
#define GALLEY_LOAD_HTML_H

#include "article.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

/* Deeper elements are read as flat text: walks over the tree never recurse further,
 * so a page nested 100,000 levels deep cannot exhaust the stack. */
#define HTML_MAX_DEPTH 256

/* What the caller knows about a page beyond its bytes. */
typedef struct html_source {
    const char *url;     /* where it was fetched (WARC-Target-URI), NULL when unknown */
    const char *charset; /* declared by a transport (HTTP Content-Type), NULL if none */
    const char *fetched; /* when it was fetched (WARC-Date), ISO 8601, NULL if unknown */
} html_source;

/* Converts a page to UTF-8: a BOM first, then a charset the transport declared, then
 * <meta charset> / http-equiv in the first 4 KiB, else detection. Bytes that are
 * valid UTF-8 with non-ASCII text in them are read as UTF-8 whatever the page declares:
 * that is the commonest wrong declaration on the web, and text in another encoding is
 * almost never valid UTF-8 by chance. Always valid UTF-8, NUL-terminated; NULL
 * only when out of memory. *encoding receives the name used (static). */
char *html_to_utf8(const char *data, size_t len, const char *declared, size_t *outlen, const char **encoding);

/* Parses UTF-8 HTML with libxml2 in recover mode, no network, no entities from
 * outside. NULL when libxml2 cannot build a tree at all (out of memory). */
htmlDocPtr html_parse(const char *utf8, size_t len);

/* The whole body of a page as blocks, keeping its structure (headings, paragraphs,
 * lists, quotes, code, table rows, images): no main-content guessing. For feed items
 * and other HTML fragments. base resolves relative image and link URLs (may be NULL).
 * 0, or -1 when out of memory. */
int html_blocks(galley_article *a, xmlNodePtr root, const char *base);

/* Decides whether the walk goes into an element (0: leave it out with everything in it). */
typedef int (*html_keep_fn)(void *ud, xmlNodePtr n);
/* html_blocks with a filter. */
int html_walk(galley_article *a, xmlNodePtr root, const char *base, html_keep_fn keep, void *ud);
/* 1 for an element that is never shown: script, style, template, ..., hidden ones. */
int html_skipped(xmlNodePtr n);

/* Finds the main content of a page (the article, without navigation, boilerplate,
 * comments and related links) and appends it to a as blocks. title, when known, lets
 * a repeated headline at the top of the body be dropped. 0, or -1 when out of memory. */
int html_extract(galley_article *a, htmlDocPtr doc, const char *base, const char *title);

/* The meta key under which html_metadata leaves a JSON-LD articleBody for
 * html_article (which removes it). */
#define HTML_META_ARTICLE_BODY "html:articleBody"

/* Reads the page's metadata (title, authors, dates, site name, language, description,
 * image, canonical URL, section, tags) from every source it may use, best first, into
 * the article's fields that are still empty. 0, or -1 when out of memory. */
int html_metadata(galley_article *a, htmlDocPtr doc, const html_source *src);

/* A whole page to an article: encoding, parse, metadata, main content. The original
 * page (as UTF-8) is kept in a->raw for article:select(). GALLEY_OK with *out set, or
 * GALLEY_EFORMAT / GALLEY_ENOMEM with err set. */
int html_article(const char *data, size_t len, const html_source *src, galley_article **out, char *err,
                 size_t errsize);

/* The node after n in document order, inside root: its first child when descend and it
 * has one, else its next sibling or an ancestor's. NULL at the end. Walks without
 * recursion, however deep the tree. */
xmlNodePtr html_next(xmlNodePtr n, xmlNodePtr root, int descend);

/* Text helpers shared by the HTML files. */

/* Appends the text of node and its descendants to b with whitespace collapsed,
 * skipping scripts, styles and hidden elements. */
void html_node_text(gbuf *b, xmlNodePtr node);
/* The attribute's value, or NULL (a libxml2 string: xmlFree it). */
char *html_attr(xmlNodePtr node, const char *name);
/* 1 when the element's name (lower case in libxml2's HTML trees) is name. */
int html_is(xmlNodePtr node, const char *name);
/* Resolves href against base into a new string (a copy of href when it cannot). */
char *html_resolve(const char *base, const char *href);
/* Collapses runs of white space (including U+00A0) into one space and trims. In place. */
void html_squeeze(char *s);

#endif
