/* load/html_extract.c — the main content of a web page.
 *
 * The idea: every piece of text on a page is evidence for or against the element that
 * holds it. Text that reads like prose (several words, sentence punctuation, few links)
 * counts for; navigation-like text (links, short labels, buttons) counts against. Each
 * element's score is the sum over everything inside it, so the best element is the
 * one that gathers the most prose while taking in the least boilerplate: a maximum
 * subtree sum, with no decay constants to tune. Elements that are boilerplate by name
 * (nav, aside, footer, comment sections, share bars, cookie notices, hidden ones) are
 * left out before scoring. The chosen element is then widened to its ancestors as long
 * as they add (almost) nothing negative — so the headline image and subheadings come
 * along — and written out as blocks, leaving out the parts inside it that are mostly
 * boilerplate.
 *
 * Signals the page gives itself (itemprop="articleBody", a single <article>) are used
 * when they agree with the scores, and a page whose prose cannot be found falls back on
 * its whole body. */
#include "load/html.h"
#include "util.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct nstat {
    double own;  /* this element's own evidence */
    double sum;  /* own + the children's sums */
    double pos;  /* positive evidence in the subtree */
    double neg;  /* negative evidence in the subtree (a positive number) */
    /* the inline text that this element owns directly (not inside child blocks) */
    size_t text, link, words, punct, cjk;
    int pruned;
} nstat;

typedef struct extractor {
    nstat *st;
    size_t n, cap;
    xmlNodePtr best;
    int failed;
} extractor;

static nstat *stat_of(extractor *x, xmlNodePtr n) {
    uintptr_t i = (uintptr_t)n->_private;
    return i ? &x->st[i - 1] : NULL;
}

static nstat *stat_new(extractor *x, xmlNodePtr n) {
    if (x->n == x->cap) {
        size_t cap = x->cap ? x->cap * 2 : 1024;
        nstat *st = realloc(x->st, cap * sizeof *st);
        if (!st) {
            x->failed = 1;
            return NULL;
        }
        x->st = st;
        x->cap = cap;
    }
    memset(&x->st[x->n], 0, sizeof x->st[x->n]);
    n->_private = (void *)(uintptr_t)(x->n + 1);
    return &x->st[x->n++];
}

/* ---- boilerplate by name ------------------------------------------------------------------ */

static int is_inline_tag(const char *n) {
    static const char *const tags[] = {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em",
                                       "font", "i", "kbd", "mark", "q", "s", "samp", "small", "span",
                                       "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "br",
                                       "wbr", "label", "del", "ins", "big", "nobr", "acronym", NULL};
    for (int i = 0; tags[i]; i++)
        if (strcmp(n, tags[i]) == 0) return 1;
    return 0;
}

static int is_boilerplate_tag(const char *n) {
    static const char *const tags[] = {"nav", "aside", "footer", "dialog", "menu", "form", "fieldset", NULL};
    for (int i = 0; tags[i]; i++)
        if (strcmp(n, tags[i]) == 0) return 1;
    return 0;
}

static int is_boilerplate_role(const char *r) {
    static const char *const roles[] = {"navigation", "banner", "contentinfo", "complementary", "search",
                                        "menu", "menubar", "toolbar", "dialog", "alertdialog", "alert",
                                        "tablist", NULL};
    for (int i = 0; roles[i]; i++)
        if (strcasecmp(r, roles[i]) == 0) return 1;
    return 0;
}

/* Words in class and id values that mark boilerplate, matched as substrings of the
 * lower-cased value; and words that mark content, which win over them. */
static const char *const negative_words[] = {
    "comment",  "disqus",  "share",      "sharing",     "social",   "related",    "recommend",
    "newsletter", "subscri", "signup",   "sign-up",     "cookie",   "consent",    "gdpr",
    "sidebar",  "widget",  "breadcrumb", "pagination",  "pager",    "advert",     "sponsor",
    "promo",    "outbrain", "taboola",   "popup",       "modal",    "overlay",    "masthead",
    "footer",   "navbar",  "topnav",     "menu",        "skip-link", "skiplink",  "trending",
    "popular",  "more-stories", "recirc", "read-more",  "readmore", "paywall",    "toolbar",
    "banner",   "sr-only", "visually-hidden", "visuallyhidden", "screen-reader", "offscreen",
    "print-only", "author-bio", "byline-social", "follow-us", "jump-link", "tags", "tag-list",
    "hidden",   NULL};
static const char *const positive_words[] = {"article-body", "articlebody", "article-content",
                                             "articlecontent", "story-body", "storybody", "post-body",
                                             "postbody", "post-content", "postcontent", "entry-content",
                                             "entrycontent", "main-content", "article-text", "articletext",
                                             "story-content", "body-text", "bodytext", NULL};

/* "ad", "ads", "nav" only as whole words: as substrings they are in "header", "head". */
static int has_word(const char *s, const char *w) {
    size_t n = strlen(w);
    for (const char *p = s; (p = strstr(p, w)); p++) {
        int before = p == s || !isalnum((unsigned char)p[-1]);
        int after = !isalnum((unsigned char)p[n]);
        if (before && after) return 1;
    }
    return 0;
}

static int names_boilerplate(xmlNodePtr n) {
    char buf[512];
    size_t k = 0;
    static const char *const attrs[] = {"class", "id", NULL};
    for (int i = 0; attrs[i]; i++) {
        char *v = html_attr(n, attrs[i]);
        if (!v) continue;
        for (const char *p = v; *p && k + 2 < sizeof buf; p++) buf[k++] = (char)tolower((unsigned char)*p);
        if (k + 1 < sizeof buf) buf[k++] = ' '; /* room for the NUL after a long class */
        xmlFree(v);
    }
    buf[k] = '\0';
    if (!k) return 0;
    for (int i = 0; positive_words[i]; i++)
        if (strstr(buf, positive_words[i])) return 0;
    for (int i = 0; negative_words[i]; i++) {
        if (strcmp(negative_words[i], "hidden") == 0 || strcmp(negative_words[i], "tags") == 0) {
            if (has_word(buf, negative_words[i])) return 1;
        } else if (strstr(buf, negative_words[i])) {
            return 1;
        }
    }
    return has_word(buf, "ad") || has_word(buf, "ads") || has_word(buf, "nav");
}

static int is_boilerplate(xmlNodePtr n) {
    const char *name = (const char *)n->name;
    if (strcmp(name, "body") == 0 || strcmp(name, "html") == 0 || strcmp(name, "article") == 0 ||
        strcmp(name, "main") == 0)
        return 0;
    if (is_boilerplate_tag(name)) return 1;
    char *role = html_attr(n, "role");
    int bad = role && is_boilerplate_role(role);
    if (role) xmlFree(role);
    if (bad) return 1;
    char *ip = html_attr(n, "itemprop");
    int body = ip && strstr(ip, "articleBody");
    if (ip) xmlFree(ip);
    if (body) return 0;
    /* Inline elements and paragraphs carry classes for styling, not page structure. */
    if (is_inline_tag(name) || strcmp(name, "p") == 0) return 0;
    return names_boilerplate(n);
}

/* ---- evidence ----------------------------------------------------------------------------- */

static int is_heading(xmlNodePtr n) {
    const char *s = (const char *)n->name;
    return s[0] == 'h' && s[1] >= '1' && s[1] <= '6' && s[2] == '\0';
}

/* Counts a run of text into its owner block. */
static void count_text(nstat *s, const char *t, int in_link) {
    size_t len = 0, words = 0, punct = 0, cjk = 0;
    int inword = 0;
    const unsigned char *p = (const unsigned char *)t;
    while (*p) {
        unsigned c = *p;
        if (c < 0x80) {
            if (isspace(c)) {
                inword = 0;
            } else {
                len++;
                if (isalnum(c)) {
                    if (!inword) words++;
                    inword = 1;
                } else {
                    if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?') punct++;
                    inword = c == '\'' || c == '-' ? inword : 0;
                }
            }
            p++;
            continue;
        }
        size_t n = utf8_seq(p, strlen((const char *)p));
        unsigned cp = 0;
        if (n == 0) n = 1;
        utf8_decode(p, n, &cp);
        len++;
        if (cp == 0xA0 || cp == 0x200B || cp == 0x3000) {
            inword = 0;
        } else if ((cp >= 0x3040 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
                   (cp >= 0x0E00 && cp <= 0x0E7F)) {
            cjk++; /* scripts written without spaces between words */
            if (cp == 0x3001 || cp == 0x3002) punct++;
            inword = 0;
        } else if (cp == 0xFF0C || cp == 0xFF0E || cp == 0x060C || cp == 0x061B || cp == 0x061F ||
                   cp == 0x0964 || cp == 0xFF01 || cp == 0xFF1F || cp == 0x2026) {
            punct++;
            inword = 0;
        } else {
            if (!inword) words++;
            inword = 1;
        }
        p += n;
    }
    s->text += len;
    if (in_link) s->link += len;
    else {
        s->words += words;
        s->punct += punct;
        s->cjk += cjk;
    }
}

/* Evidence of one block's own text: prose for, links and labels against. */
static double evidence(xmlNodePtr n, const nstat *s) {
    if (!s->text) return 0;
    double link = (double)s->link, plain = (double)(s->text - s->link);
    double density = link / (double)s->text;
    if (is_heading(n)) return -1.5 * link; /* headings are neutral unless they are links */
    int prose = density < 0.6 && (s->words >= 10 || (s->punct >= 1 && s->words >= 4) || s->cjk >= 15 ||
                                  (s->cjk >= 6 && s->punct >= 1));
    if (prose) return plain - 0.5 * link;
    return -0.5 * plain - 1.5 * link;
}

/* The block element that owns inline content at n (n itself when it is a block). */
static xmlNodePtr owner(xmlNodePtr n) {
    while (n && n->type == XML_ELEMENT_NODE && is_inline_tag((const char *)n->name) && n->parent &&
           n->parent->type == XML_ELEMENT_NODE)
        n = n->parent;
    return n;
}

static int inside_link(xmlNodePtr n, xmlNodePtr stop) {
    for (; n && n != stop; n = n->parent)
        if (html_is(n, "a")) return 1;
    return 0;
}

/* One pass in document order marks boilerplate and counts text; a second, in reverse
 * order, sums children into parents (a child always comes after its parent). */
static void score(extractor *x, xmlNodePtr root) {
    xmlNodePtr n = root;
    while (n && !x->failed) {
        int descend = 0;
        if (n->type == XML_ELEMENT_NODE) {
            nstat *s = stat_new(x, n);
            if (!s) return;
            xmlNodePtr parent = n->parent;
            nstat *ps = parent && parent->type == XML_ELEMENT_NODE ? stat_of(x, parent) : NULL;
            s->pruned = (ps && ps->pruned) || html_skipped(n) || is_boilerplate(n);
            descend = !s->pruned && n->children;
        } else if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content && n->parent) {
            xmlNodePtr o = owner(n->parent);
            nstat *os = o ? stat_of(x, o) : NULL;
            if (os && !os->pruned) count_text(os, (const char *)n->content, inside_link(n->parent, o->parent));
        }
        if (descend) {
            n = n->children;
            continue;
        }
        while (n && n != root && !n->next) n = n->parent;
        if (!n || n == root) break;
        n = n->next;
    }
    if (x->failed) return;
    /* Sums, children before parents: stats were made in document order. */
    xmlNodePtr *nodes = malloc(x->n * sizeof *nodes);
    if (!nodes) {
        x->failed = 1;
        return;
    }
    n = root;
    size_t k = 0;
    while (n) {
        if (n->type == XML_ELEMENT_NODE && n->_private) nodes[k++] = n;
        int descend = n->type == XML_ELEMENT_NODE && n->_private && !stat_of(x, n)->pruned && n->children;
        if (descend) {
            n = n->children;
            continue;
        }
        while (n && n != root && !n->next) n = n->parent;
        if (!n || n == root) break;
        n = n->next;
    }
    double best = 0;
    for (size_t i = k; i-- > 0;) {
        xmlNodePtr e = nodes[i];
        nstat *s = stat_of(x, e);
        if (s->pruned) continue;
        s->own = evidence(e, s);
        s->sum += s->own;
        if (s->own > 0) s->pos += s->own;
        else s->neg -= s->own;
        nstat *ps = e->parent && e->parent->type == XML_ELEMENT_NODE ? stat_of(x, e->parent) : NULL;
        if (ps && e != root) {
            ps->sum += s->sum;
            ps->pos += s->pos;
            ps->neg += s->neg;
        }
        if (s->sum > best) {
            best = s->sum;
            x->best = e;
        }
    }
    free(nodes);
}

/* ---- output ------------------------------------------------------------------------------- */

/* Inside the chosen element: leave out parts whose boilerplate outweighs their prose. */
static int keep(void *ud, xmlNodePtr n) {
    extractor *x = ud;
    nstat *s = stat_of(x, n);
    if (!s) return 1;
    if (s->pruned) return 0;
    if (s->neg > 2 * s->pos && s->neg > 40) return 0;
    return 1;
}

static int same_text(const char *a, const char *b) {
    /* Equal ignoring case of ASCII letters and white space. */
    for (;;) {
        while (*a == ' ') a++;
        while (*b == ' ') b++;
        if (!*a || !*b) return !*a && !*b;
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b)) return 0;
        a++, b++;
    }
}

int html_extract(galley_article *a, htmlDocPtr doc, const char *base, const char *title) {
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (!root) return 0;
    extractor x = {0};
    score(&x, root);
    if (x.failed) {
        free(x.st);
        return -1;
    }
    xmlNodePtr chosen = x.best;
    if (chosen) {
        /* Widen while the parent costs (almost) nothing: the lead image, subheadings,
         * a standfirst beside the text come along; a column of related links does not. */
        double s = stat_of(&x, chosen)->sum, slack = 0.05 * s + 20;
        while (chosen->parent && chosen->parent->type == XML_ELEMENT_NODE && !html_is(chosen, "body")) {
            nstat *ps = stat_of(&x, chosen->parent);
            if (!ps || ps->pruned || ps->sum < s - slack) break;
            chosen = chosen->parent;
        }
    }
    size_t first = a->nblocks;
    int rc;
    if (chosen && stat_of(&x, chosen)->sum >= 50) {
        rc = html_walk(a, chosen, base, keep, &x);
    } else {
        /* No prose found: the whole body, structure kept. */
        xmlNodePtr body = root;
        for (xmlNodePtr c = root->children; c; c = c->next)
            if (html_is(c, "body")) body = c;
        rc = html_walk(a, body, base, NULL, NULL);
    }
    /* The headline repeated at the top of the body is the title's. */
    if (rc == 0 && title && a->nblocks > first && a->blocks[first].type == GALLEY_BLOCK_HEADING &&
        same_text(a->blocks[first].text, title)) {
        free(a->blocks[first].text);
        free(a->blocks[first].url);
        free(a->blocks[first].alt);
        memmove(&a->blocks[first], &a->blocks[first + 1], (a->nblocks - first - 1) * sizeof *a->blocks);
        a->nblocks--;
    }
    /* Leave libxml2's nodes as we found them. */
    xmlNodePtr n = root;
    while (n) {
        n->_private = NULL;
        if (n->type == XML_ELEMENT_NODE && n->children) {
            n = n->children;
            continue;
        }
        while (n && n != root && !n->next) n = n->parent;
        if (!n || n == root) break;
        n = n->next;
    }
    free(x.st);
    return rc;
}
