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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct nstat {
    double own;  /* this element's own evidence */
    double weighted; /* ... weighed by the run of prose it is part of */
    size_t run;
    double sum;  /* own + the children's sums */
    double pos;  /* positive evidence in the subtree */
    double neg;  /* negative evidence in the subtree (a positive number) */
    /* the inline text that this element owns directly (not inside child blocks) */
    size_t text, link, words, punct, cjk;
    int hidden; /* never shown (script, hidden, ...), or inside such an element */
    int named;  /* boilerplate by its tag, role, class or id */
    int pruned; /* left out of this pass */
} nstat;

typedef struct extractor {
    nstat *st;
    size_t n, cap;
    xmlNodePtr *order; /* the elements scored, in document order */
    size_t k;          /* ... how many in the last pass */
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
    "gallery",  "carousel", "slideshow", "byline", "dateline", "post-meta", "entry-meta", "article-meta",
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

/* The element's class and id, lower-cased and joined with spaces into buf (cut short
 * when long); returns their length. */
static size_t class_and_id(xmlNodePtr n, char *buf, size_t size) {
    size_t k = 0;
    static const char *const attrs[] = {"class", "id", NULL};
    for (int i = 0; attrs[i]; i++) {
        char *v = html_attr(n, attrs[i]);
        if (!v) continue;
        for (const char *p = v; *p && k + 2 < size; p++) buf[k++] = (char)tolower((unsigned char)*p);
        if (k + 1 < size) buf[k++] = ' '; /* room for the NUL after a long class */
        xmlFree(v);
    }
    buf[k] = '\0';
    return k;
}

/* Words that mark boilerplate even on a paragraph or an inline element. */
static const char *const negative_words_inline[] = {"byline", "dateline", "sr-only", "visually-hidden",
                                                    "visuallyhidden", "screen-reader", "share", "social",
                                                    "newsletter", "subscri", NULL};

static int names_boilerplate(xmlNodePtr n, int small) {
    char buf[512];
    size_t k = class_and_id(n, buf, sizeof buf);
    if (!k) return 0;
    for (int i = 0; positive_words[i]; i++)
        if (strstr(buf, positive_words[i])) return 0;
    if (small) {
        for (int i = 0; negative_words_inline[i]; i++)
            if (strstr(buf, negative_words_inline[i])) return 1;
        return 0;
    }
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
    /* Inline elements and paragraphs carry classes for styling, not page structure:
     * only a few words that name what they hold count there. */
    if (is_inline_tag(name) || strcmp(name, "p") == 0) return names_boilerplate(n, 1);
    return names_boilerplate(n, 0);
}

/* How strongly the page itself says an element holds the article: 2 for
 * itemprop="articleBody" or a class or id such as "article-body"; 1 for <article>,
 * <main> or a class or id with a content word in it; 0 otherwise. */
static int content_signal(xmlNodePtr n) {
    char *ip = html_attr(n, "itemprop");
    int body = ip && (strstr(ip, "articleBody") || strstr(ip, "articleText"));
    if (ip) xmlFree(ip);
    if (body) return 2;
    char buf[512];
    class_and_id(n, buf, sizeof buf);
    for (int i = 0; positive_words[i]; i++)
        if (strstr(buf, positive_words[i])) return 2;
    if (html_is(n, "article") || html_is(n, "main")) return 1;
    static const char *const words[] = {"article", "story", "entry", "post-", "content", "body", "text", NULL};
    for (int i = 0; words[i]; i++)
        if (strstr(buf, words[i])) return 1;
    return 0;
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

/* Whether a block's own text reads like prose: several words, sentence punctuation,
 * few links. */
static int is_prose(const nstat *s) {
    double density = s->text ? (double)s->link / (double)s->text : 1;
    return density < 0.6 && (s->words >= 10 || (s->punct >= 1 && s->words >= 4) || s->cjk >= 15 ||
                             (s->cjk >= 6 && s->punct >= 1));
}

/* Evidence of one block's own text: prose for, links and labels against. */
static double evidence(xmlNodePtr n, const nstat *s) {
    if (!s->text) return 0;
    double link = (double)s->link, plain = (double)(s->text - s->link);
    if (is_heading(n)) return -1.5 * link; /* neutral unless they are links */
    if (is_prose(s)) return plain - 0.5 * link;
    return -0.5 * plain - 1.5 * link;
}

/* An article is a run of paragraphs one after the other; a teaser, a caption or a
 * blurb stands alone between links and labels. Prose counts for where the article is
 * in proportion to the length of the run it belongs to, up to RUN_FULL characters:
 * twenty teasers of a hundred characters are not a 2,000-character article. (The
 * plain evidence, not weighted, decides what to leave out inside the article.) */
#define RUN_FULL 150.0
#define WIDEN_MAX 0.2 /* widen by at most this much more prose */
#define WIDEN_LEVELS 2  /* ... and at most this many levels up */
#define TIGHTEN 0.9     /* a child with this share of the best sum is chosen instead */
#define RUN_BREAK 25 /* characters of non-prose text that end a run */

static void weigh_runs(extractor *x, size_t k) {
    double *runs = malloc((k + 1) * sizeof *runs);
    if (!runs) {
        x->failed = 1;
        return;
    }
    size_t run = 0;
    runs[0] = 0;
    for (size_t i = 0; i < k; i++) {
        xmlNodePtr e = x->order[i];
        nstat *s = stat_of(x, e);
        if (s->pruned || !s->text) continue;
        if (is_prose(s)) {
            runs[run] += (double)(s->text - s->link);
            s->run = run;
        } else if (!(is_heading(e) && !s->link) && s->text >= RUN_BREAK && runs[run] > 0) {
            runs[++run] = 0;
        }
    }
    for (size_t i = 0; i < k; i++) {
        nstat *s = stat_of(x, x->order[i]);
        if (s->pruned) continue;
        s->weighted = s->own;
        if (s->own > 0 && is_prose(s)) {
            double f = runs[s->run] >= RUN_FULL ? 1 : runs[s->run] / RUN_FULL;
            s->weighted = (double)(s->text - s->link) * f - 0.5 * (double)s->link;
        }
    }
    free(runs);
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

/* Scoring runs twice. The first pass leaves out only what is never shown, and notes
 * which elements look like boilerplate by name (tag, role, class, id); the second
 * leaves those out too — unless one holds at least half of the page's prose: a wrapper
 * called "ad-portal" or "contentWithSidebar" around the whole article is not
 * boilerplate, whatever its name says. Within a pass, text is counted in document
 * order and sums go from children to parents in reverse order. */
static void score_pass(extractor *x, xmlNodePtr root, int pass, double half) {
    xmlNodePtr n = root;
    size_t k = 0;
    x->best = NULL;
    while (n && !x->failed) {
        int descend = 0;
        if (n->type == XML_ELEMENT_NODE) {
            xmlNodePtr parent = n->parent;
            nstat *s = pass == 1 ? stat_new(x, n) : stat_of(x, n);
            if (!s) return;
            /* after stat_new, which may move the array */
            nstat *ps = parent && parent->type == XML_ELEMENT_NODE && n != root ? stat_of(x, parent) : NULL;
            if (pass == 1) {
                s->hidden = (ps && ps->hidden) || html_skipped(n);
                s->named = !s->hidden && is_boilerplate(n);
                s->pruned = s->hidden;
            } else {
                double pos1 = s->pos;
                int hidden = s->hidden, named = s->named;
                memset(s, 0, sizeof *s);
                s->hidden = hidden;
                s->named = named;
                s->pruned = hidden || (ps && ps->pruned) || (named && pos1 < half);
            }
            x->order[k++] = n;
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
    for (size_t i = 0; i < k; i++) {
        nstat *s = stat_of(x, x->order[i]);
        if (!s->pruned) s->own = evidence(x->order[i], s);
    }
    x->k = k;
    weigh_runs(x, k);
    double best = 0;
    for (size_t i = k; i-- > 0;) {
        xmlNodePtr e = x->order[i];
        nstat *s = stat_of(x, e);
        if (s->pruned) continue;
        s->sum += s->weighted;
        if (s->own > 0) s->pos += s->own;
        else s->neg -= s->own;
        nstat *ps = e != root && e->parent && e->parent->type == XML_ELEMENT_NODE ? stat_of(x, e->parent) : NULL;
        if (ps) {
            ps->sum += s->sum;
            ps->pos += s->pos;
            ps->neg += s->neg;
        }
        if (s->sum > best) {
            best = s->sum;
            x->best = e;
        }
    }
}

static void score(extractor *x, xmlNodePtr root) {
    /* Every element gets its stats in the first pass; the order array has room for all. */
    size_t elements = 0;
    for (xmlNodePtr n = root; n; n = html_next(n, root, n->type == XML_ELEMENT_NODE))
        if (n->type == XML_ELEMENT_NODE) elements++;
    x->order = malloc((elements + 1) * sizeof *x->order);
    if (!x->order) {
        x->failed = 1;
        return;
    }
    score_pass(x, root, 1, 0);
    if (x->failed) return;
    nstat *rs = stat_of(x, root);
    score_pass(x, root, 2, rs ? rs->pos / 2 : 0);
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
        free(x.order);
        return -1;
    }
    xmlNodePtr chosen = x.best;
    /* A child holding nearly all of the best element's evidence is the better edge:
     * a copyright line with a full stop must not pull the choice up to <body>. */
    for (int moved = 1; chosen && moved;) {
        moved = 0;
        double s = stat_of(&x, chosen)->sum;
        for (xmlNodePtr c = chosen->children; c; c = c->next) {
            nstat *cs = c->type == XML_ELEMENT_NODE ? stat_of(&x, c) : NULL;
            if (cs && !cs->pruned && cs->sum >= TIGHTEN * s) {
                chosen = c;
                moved = 1;
                break;
            }
        }
    }
    x.best = chosen;
    if (chosen) {
        /* Inside the best element, one the page names as its article wins when it holds
         * most of the evidence: the scores find the region, the page's own markup draws
         * the edge (a live ticker of full short stories beside the article is prose
         * too). */
        double s = stat_of(&x, chosen)->sum;
        xmlNodePtr named = NULL;
        int named_sig = 0;
        double named_sum = 0;
        for (size_t i = 0; i < x.k; i++) {
            xmlNodePtr d = x.order[i];
            nstat *ds = stat_of(&x, d);
            if (!ds || ds->pruned || d == x.best) continue;
            int sig = content_signal(d);
            if (!sig || ds->sum < (sig == 2 ? 0.5 : 0.7) * s) continue;
            xmlNodePtr up = d->parent;
            while (up && up != x.best) up = up->parent;
            if (!up) continue;
            /* The strongest signal; among equals, the tightest element. */
            if (sig > named_sig || (sig == named_sig && ds->sum < named_sum)) {
                named = d;
                named_sig = sig;
                named_sum = ds->sum;
            }
        }
        /* An article split into several elements of the same name around an ad or a
         * photo (div.story-body, div.story-body, ...) is all of them: their parent. */
        if (named && named->parent && named != x.best) {
            char *cls = html_attr(named, "class");
            for (xmlNodePtr c = named->parent->children; cls && c; c = c->next) {
                if (c == named || c->type != XML_ELEMENT_NODE) continue;
                nstat *cs = stat_of(&x, c);
                char *other = cs && !cs->pruned && cs->pos > 0 ? html_attr(c, "class") : NULL;
                /* the same first class: "story-body story-body-1", "story-body story-body-2" */
                size_t n1 = strcspn(cls, " "), n2 = other ? strcspn(other, " ") : 0;
                int same = other && n1 && n1 == n2 && strncmp(other, cls, n1) == 0;
                if (other) xmlFree(other);
                if (same) {
                    named = named->parent;
                    break;
                }
            }
            if (cls) xmlFree(cls);
        }
        if (named) chosen = named;
    }
    if (chosen) {
        /* Widen while the parent costs (almost) nothing: the lead image, subheadings,
         * a standfirst beside the text come along; a column of related links does not. */
        double s = stat_of(&x, chosen)->sum, slack = 0.05 * s + 20;
        for (int up = 0; up < WIDEN_LEVELS && chosen->parent && chosen->parent->type == XML_ELEMENT_NODE &&
                         !html_is(chosen->parent, "body") && !html_is(chosen->parent, "html");
             up++) {
            nstat *ps = stat_of(&x, chosen->parent), *cs = stat_of(&x, chosen);
            if (!ps || ps->pruned || ps->sum < s - slack || ps->pos <= cs->pos || ps->pos - cs->pos > WIDEN_MAX * cs->pos)
                break;
            chosen = chosen->parent;
        }
    }
#ifdef GALLEY_DEBUG_EXTRACT /* make CFLAGS=-DGALLEY_DEBUG_EXTRACT: the chosen element's ancestry */
    for (size_t i = 0; x.best && i < x.k; i++) {
        xmlNodePtr d = x.order[i];
        nstat *ds = stat_of(&x, d);
        if (!ds || ds->pruned || ds->sum < 0.3 * stat_of(&x, x.best)->sum) continue;
        char *c = html_attr(d, "class");
        fprintf(stderr, "   cand <%s class=%.40s> sum=%.0f pos=%.0f neg=%.0f\n", d->name, c ? c : "", ds->sum,
                ds->pos, ds->neg);
        if (c) xmlFree(c);
    }
    {
        for (xmlNodePtr d = x.best; d; d = d->parent) {
            if (d->type != XML_ELEMENT_NODE) break;
            nstat *ds = stat_of(&x, d);
            char *c = html_attr(d, "class"), *id = html_attr(d, "id");
            fprintf(stderr, "%s%s <%s class=%s id=%s> sum=%.0f pos=%.0f neg=%.0f\n", d == chosen ? "*" : " ",
                    d == x.best ? "B" : " ", d->name, c ? c : "", id ? id : "", ds ? ds->sum : 0, ds ? ds->pos : 0,
                    ds ? ds->neg : 0);
            if (c) xmlFree(c);
            if (id) xmlFree(id);
        }
    }
#endif
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
    /* The headline repeated near the top of the body is the title's. */
    for (size_t i = first; rc == 0 && title && i < a->nblocks && i < first + 4; i++) {
        if (a->blocks[i].type != GALLEY_BLOCK_HEADING || !same_text(a->blocks[i].text, title)) continue;
        free(a->blocks[i].text);
        free(a->blocks[i].url);
        free(a->blocks[i].alt);
        memmove(&a->blocks[i], &a->blocks[i + 1], (a->nblocks - i - 1) * sizeof *a->blocks);
        a->nblocks--;
        break;
    }
    /* Leave libxml2's nodes as we found them. */
    for (xmlNodePtr n = root; n; n = html_next(n, root, n->type == XML_ELEMENT_NODE)) n->_private = NULL;
    free(x.st);
    free(x.order);
    return rc;
}
