/* load/html_meta.c — a page's metadata: title, authors, dates, site name, language,
 * description, image, canonical URL, section and tags, each from the best source the
 * page offers. The order of sources, per field, is documented in docs/formats.md
 * ("HTML pages"); structured data the publisher wrote for machines (JSON-LD, Dublin
 * Core, Open Graph) comes before what is guessed from the visible page. */
#include "date.h"
#include "json.h"
#include "load/html.h"
#include "util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* JSON-LD blocks larger than this are not read (no article needs more; a page could
 * hold hundreds of megabytes of it). */
#define LD_MAX_BYTES (4u << 20)
#define LD_MAX_DEPTH 24
/* Byline and date elements are short; longer ones are paragraphs that mention a word. */
#define BYLINE_MAX 120
#define DATELINE_MAX 160
#define NAME_MAX_WORDS 6
/* No title is longer; a longer <title> or <h1> is not one. */
#define TITLE_MAX 2000

/* ---- <meta> elements ------------------------------------------------------------------ */

/* The <meta> elements of a page as (key, content) pairs; keys are the property, name,
 * itemprop or http-equiv attribute, lower-cased, "dc." and "dcterms." written "dc:"
 * and "dcterms:". rank says which attribute named it: a key in property= (RDFa, where
 * Open Graph and Dublin Core belong) wins over the same key in name=. */
typedef struct meta_tags {
    char **key, **value;
    int *rank;
    size_t n, cap;
    int failed;
} meta_tags;

static void tags_add(meta_tags *t, const char *key, const char *value, int rank) {
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 32;
        char **k = realloc(t->key, cap * sizeof *k);
        if (k) t->key = k;
        char **v = k ? realloc(t->value, cap * sizeof *v) : NULL;
        if (v) t->value = v;
        int *r = v ? realloc(t->rank, cap * sizeof *r) : NULL;
        if (r) t->rank = r;
        if (!r) {
            t->failed = 1;
            return;
        }
        t->cap = cap;
    }
    char *k = strdup(key), *v = strdup(value);
    if (!k || !v) {
        free(k);
        free(v);
        t->failed = 1;
        return;
    }
    for (char *p = k; *p; p++)
        *p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
    if (strncmp(k, "dc.", 3) == 0)
        k[2] = ':';
    else if (strncmp(k, "dcterms.", 8) == 0)
        k[7] = ':';
    else if (strncmp(k, "dcterm.", 7) == 0)
        k[6] = ':';
    html_squeeze(v);
    t->key[t->n] = k;
    t->value[t->n] = v;
    t->rank[t->n++] = rank;
}

static void tags_free(meta_tags *t) {
    for (size_t i = 0; i < t->n; i++) {
        free(t->key[i]);
        free(t->value[i]);
    }
    free(t->key);
    free(t->value);
    free(t->rank);
}

/* The non-empty content for key from the best-ranked attribute, first in the page. */
static const char *tags_get(const meta_tags *t, const char *key) {
    const char *best = NULL;
    int rank = 99;
    for (size_t i = 0; i < t->n; i++)
        if (t->rank[i] < rank && strcmp(t->key[i], key) == 0 && t->value[i][0]) {
            best = t->value[i];
            rank = t->rank[i];
        }
    return best;
}

/* The rank of the entry whose value is v (a pointer tags_get returned). */
static int rank_of(const meta_tags *t, const char *v) {
    for (size_t i = 0; i < t->n; i++)
        if (t->value[i] == v) return t->rank[i];
    return -1;
}

/* The first of several keys that the page gives. */
static const char *tags_first(const meta_tags *t, const char *const *keys) {
    for (int i = 0; keys[i]; i++) {
        const char *v = tags_get(t, keys[i]);
        if (v) return v;
    }
    return NULL;
}

static void collect_meta(meta_tags *t, xmlNodePtr n) {
    char *content = html_attr(n, "content");
    if (!content) return;
    static const char *const attrs[] = {"property", "name", "itemprop", "http-equiv", NULL};
    for (int i = 0; attrs[i]; i++) {
        char *k = html_attr(n, attrs[i]);
        if (!k) continue;
        /* property="og:title twitter:title" names two keys */
        char *save = NULL;
        for (char *tok = strtok_r(k, " \t\n", &save); tok; tok = strtok_r(NULL, " \t\n", &save))
            tags_add(t, tok, content, i);
        xmlFree(k);
    }
    xmlFree(content);
}

/* ---- walking the tree ------------------------------------------------------------------ */

/* The next element after n in document order under root, into n's children when
 * descend. Iterative, so a deep page cannot exhaust the stack. */
static xmlNodePtr next_node(xmlNodePtr root, xmlNodePtr n, int descend) {
    if (descend && n->children) return n->children;
    while (n && n != root && !n->next)
        n = n->parent;
    if (!n || n == root) return NULL;
    return n->next;
}

/* Parts of a byline element that say something else about the writer. */
static const char *const byline_skip[] = {"title",  "role",   "job",    "position", "date",    "time",  "bio",
                                          "avatar", "follow", "social", "share",    "twitter", "email", NULL};

static int attr_has(xmlNodePtr n, const char *attr, const char *word);

/* The text of n with white space collapsed, or NULL when it is longer than max bytes:
 * the walk stops there, so asking for the short text of every element of a large or
 * deep page costs no more than max for each. In a byline (byline = 1), job titles,
 * dates and buttons are left out. */
static char *short_text(xmlNodePtr el, size_t max, int byline) {
    gbuf b = GBUF_INIT;
    int space = 0;
    for (xmlNodePtr n = el->type == XML_ELEMENT_NODE ? el->children : el; n;) {
        int descend = 0;
        if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content) {
            for (const unsigned char *c = n->content; *c && b.len <= max; c++) {
                if (*c == ' ' || *c == '\t' || *c == '\n' || *c == '\r' || *c == '\f') {
                    space = 1;
                    continue;
                }
                if (space && b.len) gbuf_putc(&b, ' ');
                space = 0;
                gbuf_putc(&b, (char)*c);
            }
        } else if (n->type == XML_ELEMENT_NODE && !html_skipped(n)) {
            descend = 1;
            if (byline) {
                if (html_is(n, "time") || html_is(n, "img")) descend = 0;
                for (int i = 0; byline_skip[i] && descend; i++)
                    if (attr_has(n, "class", byline_skip[i])) descend = 0;
                if (html_is(n, "br")) space = 1;
            } else if (html_is(n, "br")) {
                space = 1;
            }
        }
        if (b.len > max) {
            gbuf_free(&b);
            return NULL;
        }
        if (n == el) break;
        if (descend && n->children) {
            n = n->children;
            continue;
        }
        while (n && n != el && !n->next)
            n = n->parent;
        if (!n || n == el) break;
        n = n->next;
    }
    gbuf_putc(&b, '\0');
    if (!b.data) return NULL;
    html_squeeze(b.data);
    return gbuf_take(&b);
}

/* 1 when the attribute's value holds word (case-insensitive substring). */
static int attr_has(xmlNodePtr n, const char *attr, const char *word) {
    char *v = html_attr(n, attr);
    if (!v) return 0;
    int found = 0;
    size_t wl = strlen(word);
    for (const char *p = v; *p && !found; p++)
        found = strncasecmp(p, word, wl) == 0;
    xmlFree(v);
    return found;
}

static int attr_present(xmlNodePtr n, const char *attr) {
    return xmlHasProp(n, (const xmlChar *)attr) != NULL;
}

/* 1 when the space-separated attribute value contains exactly word. */
static int attr_word(xmlNodePtr n, const char *attr, const char *word) {
    char *v = html_attr(n, attr);
    if (!v) return 0;
    int found = 0;
    size_t wl = strlen(word);
    for (char *p = v; *p && !found;) {
        while (*p == ' ' || *p == '\t' || *p == '\n')
            p++;
        size_t l = strcspn(p, " \t\n");
        found = l == wl && strncasecmp(p, word, wl) == 0;
        p += l;
    }
    xmlFree(v);
    return found;
}

/* ---- strings ----------------------------------------------------------------------------- */

static int set_if_empty(galley_article *a, article_field f, const char *v) {
    if (a->field[f] || !v || !*v) return 0;
    return article_set(a, f, v);
}

static int is_url(const char *s) {
    return strncasecmp(s, "http://", 7) == 0 || strncasecmp(s, "https://", 8) == 0 ||
           strncmp(s, "//", 2) == 0 || strncasecmp(s, "www.", 4) == 0;
}

/* Lower-case ASCII letters and digits of s, and every non-ASCII byte, into out: how
 * "BBC News", "bbc-news" and "BBCNews" are compared. */
static void fold(const char *s, char *out, size_t size) {
    size_t o = 0;
    for (; *s && o + 1 < size; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 0x80)
            out[o++] = (char)c;
        else if (isalnum(c))
            out[o++] = (char)tolower(c);
    }
    out[o] = '\0';
}

static int count_words(const char *s) {
    int n = 0, in = 0;
    for (; *s; s++) {
        int sp = *s == ' ';
        if (!sp && !in) n++;
        in = !sp;
    }
    return n;
}

/* ---- dates --------------------------------------------------------------------------------- */

/* Seconds or milliseconds since 1970 written as a number (some CMSs do). */
static int epoch_date(const char *v, char out[DATE_ISO_MAX]) {
    size_t n = strlen(v);
    if ((n != 10 && n != 13) || strspn(v, "0123456789") != n) return -1;
    long long s = atoll(v);
    if (n == 13) s /= 1000;
    if (s < 315532800LL || s > 4102444800LL) return -1; /* 1980 .. 2100 */
    long long days = s / 86400, rest = s % 86400;
    /* civil from days (Howard Hinnant's public-domain algorithm, written anew) */
    long long z = days + 719468, era = z / 146097, doe = z - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365, y = yoe + era * 400;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    long long d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2) y++;
    snprintf(out, DATE_ISO_MAX, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ", y, m, d, rest / 3600,
             rest / 60 % 60, rest % 60);
    return 0;
}

static int parse_any_date(const char *v, char out[DATE_ISO_MAX]) {
    if (!v) return -1;
    while (*v == ' ')
        v++;
    if (date_parse(v, out) == 0 || epoch_date(v, out) == 0) return 0;
    return -1;
}

static int set_date(galley_article *a, article_field iso, article_field raw, const char *v) {
    if (a->field[iso] || !v || !*v) return 0;
    char out[DATE_ISO_MAX];
    if (parse_any_date(v, out) < 0) return 0;
    if (article_set(a, iso, out) < 0 || article_set(a, raw, v) < 0) return -1;
    return 0;
}

/* 1 when a text about a date says it is a change, not the publication. */
static int says_modified(const char *t, size_t n) {
    static const char *const words[] = {"updated",      "modified",    "mis à jour",
                                        "aktualisiert", "actualizado", "atualizado",
                                        "aggiornato",   "bijgewerkt",  NULL};
    for (int i = 0; words[i]; i++)
        for (size_t k = 0; k + strlen(words[i]) <= n; k++)
            if (strncasecmp(t + k, words[i], strlen(words[i])) == 0) return 1;
    return 0;
}

/* A date somewhere in a short text ("Published 25 March 2015, 3:46 PM | Updated ...").
 * Tries spans of words, longest first from each start, so "March 25, 2015 3:46 PM"
 * is read whole rather than as "March 25". raw receives the span. The first date
 * found is taken, unless the words before it say it is an update ("Last updated
 * 14 September 2016"): then there is no publication date in the text. */
static int date_in_text(const char *text, char out[DATE_ISO_MAX], char *raw, size_t rawsize) {
    enum { MAXW = 40, SPAN = 8 };
    const char *start[MAXW];
    size_t len[MAXW];
    int n = 0;
    for (const char *p = text; *p && n < MAXW;) {
        while (*p == ' ' || *p == '|' || *p == '(' || *p == ')')
            p++;
        if (!*p) break;
        size_t l = strcspn(p, " |()");
        start[n] = p;
        len[n++] = l;
        p += l;
    }
    for (int i = 0; i < n; i++) {
        for (int k = (n - i < SPAN ? n - i : SPAN); k >= 1; k--) {
            size_t l = (size_t)(start[i + k - 1] + len[i + k - 1] - start[i]);
            if (l + 1 > rawsize) continue;
            memcpy(raw, start[i], l);
            raw[l] = '\0';
            /* trailing punctuation belongs to the sentence */
            while (l && (raw[l - 1] == ',' || raw[l - 1] == '.' || raw[l - 1] == ';' || raw[l - 1] == '-'))
                raw[--l] = '\0';
            /* A lone number or word is no date; a date needs a year. */
            int digits = 0;
            for (const char *q = raw; *q; q++)
                digits += *q >= '0' && *q <= '9';
            if (digits < 4) continue;
            if (date_parse(raw, out) == 0) {
                if (says_modified(text, (size_t)(start[i] - text))) return -1;
                /* "on March 25, 2015": the date without the words before it */
                char iso2[DATE_ISO_MAX];
                for (const char *sp = strchr(raw, ' '); sp && !isdigit((unsigned char)raw[0]);
                     sp = strchr(raw, ' ')) {
                    if (date_parse(sp + 1, iso2) < 0 || strcmp(iso2, out) != 0) break;
                    memmove(raw, sp + 1, strlen(sp + 1) + 1);
                }
                return 0;
            }
        }
    }
    return -1;
}

/* A date in the address: /2024/05/03/, /2024-05-03/, /20240503/ (a day, never a time). */
static int date_in_url(const char *url, char out[DATE_ISO_MAX], char *raw, size_t rawsize) {
    const char *path = strstr(url, "://");
    path = path ? strchr(path + 3, '/') : url;
    for (const char *p = path; p && *p; p++) {
        if (p[0] != '/' && p[0] != '-' && p[0] != '_') continue;
        const char *s = p + 1;
        int y, m, d, used = 0;
        char sep1 = 0, sep2 = 0;
        if (isdigit((unsigned char)s[0]) &&
            sscanf(s, "%4d%c%2d%c%2d%n", &y, &sep1, &m, &sep2, &d, &used) == 5 &&
            (sep1 == '/' || sep1 == '-') && sep2 == sep1 && used == 10) {
        } else if (strspn(s, "0123456789") == 8 && sscanf(s, "%4d%2d%2d", &y, &m, &d) == 3) {
            used = 8;
        } else {
            continue;
        }
        char e = s[used];
        if (e && e != '/' && e != '-' && e != '_' && e != '.' && e != '?' && e != '#') continue;
        if (y < 1990 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) continue;
        char tmp[16];
        snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y, m, d);
        if (date_parse(tmp, out) < 0) continue; /* 31 February */
        snprintf(raw, rawsize, "%.*s", used, s);
        return 0;
    }
    return -1;
}

/* ---- authors ------------------------------------------------------------------------------ */

static int lower_is(const char *s, size_t n, const char *w) {
    return strlen(w) == n && strncasecmp(s, w, n) == 0;
}

static int any_word(const char *s, size_t n, const char *const *words) {
    for (int i = 0; words[i]; i++)
        if (lower_is(s, n, words[i])) return 1;
    return 0;
}

/* Words that introduce names in a byline, in the languages of the corpus and beyond. */
static const char *const by_words[] = {
    "by",     "by:",     "von",      "von:",    "par",       "par:",    "por",   "por:",  "door",
    "di",     "da",      "av",       "af",      "przez",     "written", "words", "text:", "texte:",
    "autor:", "author:", "authors:", "auteur:", "reporter:", "posted",  NULL};
/* Words where the names stop: the rest is a date, a place or a role. */
static const char *const stop_words[] = {"updated", "published", "posted", "on", "at", "last", "modified",
                                         "edited",  "am",        "le",     "el", "il", "em",   "|",
                                         "•",       "·",         "—",      "–",  "-",  NULL};
/* Names of months and days that follow a byline ("By Jane Doe March 3"). */
static const char *const calendar_words[] = {
    "january",   "february", "march",     "april",    "may",    "june",     "july",   "august",
    "september", "october",  "november",  "december", "jan",    "feb",      "mar",    "apr",
    "jun",       "jul",      "aug",       "sep",      "sept",   "oct",      "nov",    "dec",
    "monday",    "tuesday",  "wednesday", "thursday", "friday", "saturday", "sunday", "mon",
    "tue",       "wed",      "thu",       "fri",      "sat",    "sun",      NULL};
/* Segments after a comma that are a role or an employer, not a person. */
static const char *const role_words[] = {
    "staff",      "reporter", "correspondent", "editor", "writer", "contributor", "columnist",
    "journalist", "news",     "press",         "desk",   "wire",   "agency",      "senior",
    "associate",  "producer", "photographer",  "team",   NULL};

static int has_role_word(const char *s) {
    for (const char *p = s; *p;) {
        while (*p == ' ')
            p++;
        size_t l = strcspn(p, " ");
        if (l && any_word(p, l, role_words)) return 1;
        p += l;
    }
    return 0;
}

/* 1 when every letter of s is upper case (an acronym such as "CNN" or "AP"). */
static int all_caps_word(const char *s) {
    int letters = 0;
    for (; *s; s++) {
        if (*s == ' ') return 0;
        if (islower((unsigned char)*s)) return 0;
        letters += isupper((unsigned char)*s) != 0;
    }
    return letters >= 2 && letters <= 5;
}

/* Keeps the name words of s (in place): stops at digits, a date or a "Updated ..." tail. */
static void trim_name(char *s) {
    html_squeeze(s);
    char *end = s + strlen(s);
    for (char *p = s; *p;) {
        while (*p == ' ')
            p++;
        size_t l = strcspn(p, " ");
        if (!l) break;
        /* A date glued to the name ("Lucas Nolan22 Dec 2016") ends it at the digit. */
        size_t digit = strcspn(p, "0123456789");
        if (digit < l && digit > 0) {
            end = p + digit;
            break;
        }
        char w[32];
        size_t wl = l < sizeof w - 1 ? l : sizeof w - 1;
        memcpy(w, p, wl);
        w[wl] = '\0';
        while (wl && (w[wl - 1] == ',' || w[wl - 1] == '.' || w[wl - 1] == ':'))
            w[--wl] = '\0';
        if (digit == 0 || any_word(w, wl, stop_words) || strstr(w, "://") || strchr(w, '@') ||
            strncasecmp(w, "www.", 4) == 0 || (any_word(w, wl, calendar_words) && p != s)) {
            end = p;
            break;
        }
        p += l;
    }
    *end = '\0';
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == ',' || s[n - 1] == ':' || s[n - 1] == ';' ||
                 s[n - 1] == '-' || s[n - 1] == '|'))
        s[--n] = '\0';
}

/* Adds one name to the list unless it is no name: a URL, an e-mail, a sentence. */
static int add_name(strlist *l, char *name) {
    html_squeeze(name);
    while (*name == '@')
        name++;
    size_t n = strlen(name);
    while (n && (name[n - 1] == '.' || name[n - 1] == ',' || name[n - 1] == ' ')) {
        /* keep "Jr." and initials: only strip a dot after a long word */
        if (name[n - 1] == '.' && n >= 3 && isupper((unsigned char)name[n - 2]) &&
            (name[n - 3] == ' ' || name[n - 3] == '.'))
            break;
        name[--n] = '\0';
    }
    if (!n || n > 80 || strchr(name, '@') || is_url(name) || strchr(name, '/') || strchr(name, '<')) return 0;
    int words = count_words(name);
    if (words > NAME_MAX_WORDS) return 0;
    int letters = 0;
    for (const char *p = name; *p; p++)
        letters += isalpha((unsigned char)*p) || (unsigned char)*p >= 0x80;
    if (letters < 2) return 0;
    for (size_t i = 0; i < l->n; i++)
        if (strcasecmp(l->v[i], name) == 0) return 0;
    return strlist_push(l, name);
}

/* s without the words that introduce names: "By", "Written by", "Author:", and, when
 * inside, whatever comes before a "by" ("Tech Industry by Steven Musil", "Le Monde |
 * Par Martin Untersinger"). */
static char *after_by(char *s, int inside) {
    static const char *const mid[] = {"by ", "par ", "von ", "por ", "door ", NULL};
    for (char *q = s; inside && *q; q++) {
        int hit = 0;
        for (int i = 0; mid[i] && !hit; i++)
            hit = q != s && q[-1] == ' ' && strncasecmp(q, mid[i], strlen(mid[i])) == 0;
        if (hit) {
            s = q;
            break;
        }
    }
    for (;;) {
        size_t l = strcspn(s, " ");
        if (!l || l >= strlen(s) || !any_word(s, l, by_words)) break;
        s += l;
        while (*s == ' ')
            s++;
    }
    return s;
}

/* Splits a byline into names: "By Jane Doe, John Roe and Ann Poe, CNN" gives three
 * names; prefixes, dates and a trailing role or employer are dropped. */
static int byline_names(strlist *out, const char *text) {
    if (!text || !*text) return 0;
    char *s = strdup(text);
    if (!s) return -1;
    html_squeeze(s);
    char *p = after_by(s, 1);
    char *whole = strdup(p);
    if (!whole) {
        free(s);
        return -1;
    }
    /* Split on what separates names. */
    char *parts[16];
    int np = 0;
    char *cur = p;
    for (char *q = p; *q && np < 15;) {
        size_t sep = 0;
        if (*q == ',' || *q == ';' || *q == '&' || *q == '\n')
            sep = 1;
        else if (q[0] == ' ' && (strncasecmp(q, " and ", 5) == 0 || strncasecmp(q, " und ", 5) == 0 ||
                                 strncasecmp(q, " et ", 4) == 0 || strncasecmp(q, " y ", 3) == 0 ||
                                 strncasecmp(q, " e ", 3) == 0 || strncasecmp(q, " en ", 4) == 0 ||
                                 strncasecmp(q, " avec ", 6) == 0 || strncasecmp(q, " with ", 6) == 0))
            sep = strcspn(q + 1, " ") + 2;
        if (sep) {
            *q = '\0';
            parts[np++] = cur;
            q += sep;
            cur = q;
            continue;
        }
        q++;
    }
    parts[np++] = cur;
    /* A part of one letter says a separator was inside a name ("Mac & i"): the whole
     * byline is one name then. */
    for (int i = 0; i < np && np > 1; i++) {
        const char *q = parts[i];
        while (*q == ' ')
            q++;
        if (*q && strlen(q) == 1) {
            np = 1;
            parts[0] = whole;
        }
    }
    int rc = 0, kept = 0;
    for (int i = 0; i < np; i++) {
        char *name = parts[i];
        while (*name == ' ' || *name == '(' || *name == ')')
            name++;
        name = after_by(name, 0);
        for (char *c = name; *c; c++)
            if (*c == '(' || *c == ')') *c = ' ';
        trim_name(name);
        /* "and" left at the start after a comma: "A, B, and C" */
        if (strncasecmp(name, "and ", 4) == 0) name += 4;
        if (!*name) continue;
        /* A role or an employer after the names: ", CNN", ", Staff Writer". */
        if (kept > 0 && (all_caps_word(name) || has_role_word(name))) continue;
        if (kept == 0 && has_role_word(name) && np > 1) continue;
        size_t before = out->n;
        if (add_name(out, name) < 0) rc = -1;
        kept += out->n > before;
    }
    free(whole);
    free(s);
    return rc;
}

/* ---- JSON-LD --------------------------------------------------------------------------------- */

/* Makes the text of a JSON-LD script parseable by a strict reader the way browsers'
 * consumers tolerate it: HTML comment and CDATA wrappers go, raw control characters
 * inside strings are escaped, commas before a closing bracket are dropped. */
static char *ld_clean(const char *s, size_t n) {
    gbuf b = GBUF_INIT;
    const char *e = s + n;
    /* the wrappers */
    for (int again = 1; again;) {
        again = 0;
        while (s < e && isspace((unsigned char)*s))
            s++;
        while (e > s && isspace((unsigned char)e[-1]))
            e--;
        /* longest first: "//]]>" must not lose only its "]]>" */
        static const char *const open[] = {"/*<![CDATA[*/", "//<![CDATA[", "<![CDATA[", "<!--", NULL};
        static const char *const close[] = {"/*]]>*/", "//]]>", "//-->", "]]>", "-->", NULL};
        for (int i = 0; open[i]; i++) {
            size_t l = strlen(open[i]);
            if ((size_t)(e - s) >= l && strncmp(s, open[i], l) == 0) s += l, again = 1;
        }
        for (int i = 0; close[i]; i++) {
            size_t l = strlen(close[i]);
            if ((size_t)(e - s) >= l && strncmp(e - l, close[i], l) == 0) e -= l, again = 1;
        }
    }
    int in_str = 0;
    for (const char *p = s; p < e; p++) {
        char c = *p;
        if (in_str) {
            if (c == '\\' && p + 1 < e) {
                gbuf_putc(&b, c);
                gbuf_putc(&b, *++p);
                continue;
            }
            if (c == '"') in_str = 0;
            if ((unsigned char)c < 0x20) {
                gbuf_puts(&b, c == '\n' ? "\\n" : c == '\t' ? "\\t" : c == '\r' ? "\\r" : " ");
                continue;
            }
            gbuf_putc(&b, c);
            continue;
        }
        if (c == '"') in_str = 1;
        if (c == ',') {
            const char *q = p + 1;
            while (q < e && isspace((unsigned char)*q))
                q++;
            if (q < e && (*q == '}' || *q == ']')) continue;
        }
        gbuf_putc(&b, c);
    }
    gbuf_putc(&b, '\0');
    return gbuf_take(&b);
}

/* What the page's JSON-LD says; strings point into the parsed values. */
typedef struct ld_info {
    const json_value *article; /* the main Article (or WebPage when there is none) */
    int article_rank;          /* 2 an Article type, 1 a WebPage, 0 none */
    int article_depth;
    const char *website; /* the name of a WebSite or Organization object */
} ld_info;

/* 2 for the schema.org types of articles, 1 for pages, 0 for others. */
static int type_rank(const char *t) {
    if (!t) return 0;
    const char *s = strrchr(t, '/'); /* "http://schema.org/NewsArticle" */
    s = s ? s + 1 : t;
    if (strncmp(s, "schema:", 7) == 0) s += 7;
    size_t n = strlen(s);
    if ((n >= 7 && strcmp(s + n - 7, "Article") == 0) || (n >= 7 && strcmp(s + n - 7, "Posting") == 0) ||
        strcmp(s, "Report") == 0 || strcmp(s, "Blog") == 0 || strcmp(s, "Review") == 0)
        return 2;
    if ((n >= 7 && strcmp(s + n - 7, "WebPage") == 0) || strcmp(s, "ItemPage") == 0 ||
        strcmp(s, "AboutPage") == 0)
        return 1;
    return 0;
}

static int obj_rank(const json_value *o) {
    const json_value *t = json_get(o, "@type");
    if (!t) return 0;
    if (t->type == JSON_STRING) return type_rank(t->string);
    int best = 0;
    if (t->type == JSON_ARRAY)
        for (size_t i = 0; i < t->len; i++)
            if (t->items[i].type == JSON_STRING && type_rank(t->items[i].string) > best)
                best = type_rank(t->items[i].string);
    return best;
}

static int obj_is(const json_value *o, const char *type) {
    const json_value *t = json_get(o, "@type");
    if (!t) return 0;
    if (t->type == JSON_STRING) return strcmp(t->string, type) == 0;
    if (t->type == JSON_ARRAY)
        for (size_t i = 0; i < t->len; i++)
            if (t->items[i].type == JSON_STRING && strcmp(t->items[i].string, type) == 0) return 1;
    return 0;
}

/* Finds the main article: the highest-ranked type, the shallowest, the first. */
static void ld_scan(ld_info *ld, const json_value *v, int depth) {
    if (!v || depth > LD_MAX_DEPTH) return;
    if (v->type == JSON_ARRAY) {
        for (size_t i = 0; i < v->len; i++)
            ld_scan(ld, &v->items[i], depth + 1);
        return;
    }
    if (v->type != JSON_OBJECT) return;
    int r = obj_rank(v);
    if (r > ld->article_rank || (r && r == ld->article_rank && depth < ld->article_depth)) {
        ld->article = v;
        ld->article_rank = r;
        ld->article_depth = depth;
    }
    if (!ld->website && (obj_is(v, "WebSite") || obj_is(v, "NewsMediaOrganization")))
        ld->website = json_get_string(v, "name");
    for (size_t i = 0; i < v->len; i++)
        if (v->items[i].type == JSON_OBJECT || v->items[i].type == JSON_ARRAY) {
            /* Objects in these keys describe other works, not this page's article. */
            const char *k = v->keys[i];
            if (strcmp(k, "author") == 0 || strcmp(k, "publisher") == 0 || strcmp(k, "image") == 0 ||
                strcmp(k, "citation") == 0 || strcmp(k, "comment") == 0 || strcmp(k, "review") == 0 ||
                strcmp(k, "itemListElement") == 0 || strcmp(k, "relatedLink") == 0 ||
                strcmp(k, "isPartOf") == 0)
                continue;
            ld_scan(ld, &v->items[i], depth + 1);
        }
}

/* The text of a value that may be a string, an object with a name (or the given key),
 * or an array of them (the first). */
static const char *ld_text(const json_value *v, const char *key) {
    if (!v) return NULL;
    if (v->type == JSON_STRING) return v->string;
    if (v->type == JSON_ARRAY) {
        for (size_t i = 0; i < v->len; i++) {
            const char *s = ld_text(&v->items[i], key);
            if (s && *s) return s;
        }
        return NULL;
    }
    if (v->type == JSON_OBJECT) {
        const char *s = json_get_string(v, key);
        if (!s && strcmp(key, "name") != 0) s = json_get_string(v, "name");
        return s;
    }
    return NULL;
}

/* Authors of the article: Persons first; Organizations only when no Person is named. */
static int ld_authors(strlist *out, const json_value *v, int want_org, int depth) {
    if (!v || depth > 4) return 0;
    int rc = 0;
    if (v->type == JSON_ARRAY) {
        for (size_t i = 0; i < v->len; i++)
            rc |= ld_authors(out, &v->items[i], want_org, depth + 1);
        return rc;
    }
    if (v->type == JSON_STRING) return want_org ? 0 : byline_names(out, v->string);
    if (v->type != JSON_OBJECT) return 0;
    int org = obj_is(v, "Organization") || obj_is(v, "NewsMediaOrganization") || obj_is(v, "Corporation");
    if (org != want_org) return 0;
    const char *name = json_get_string(v, "name");
    if (!name) {
        const char *g = json_get_string(v, "givenName"), *f = json_get_string(v, "familyName");
        if (g && f) {
            gbuf b = GBUF_INIT;
            gbuf_printf(&b, "%s %s", g, f);
            gbuf_putc(&b, '\0');
            rc = b.data ? byline_names(out, b.data) : -1;
            gbuf_free(&b);
            return rc;
        }
        return 0;
    }
    /* One name as the publisher wrote it: "Jong, Michiel de" is one person. */
    char *copy = strdup(name);
    if (!copy) return -1;
    if (is_url(copy) || strchr(copy, '@')) {
        free(copy);
        return 0;
    }
    /* Several names in one string are split like a byline. */
    if (strstr(copy, " and ") || strchr(copy, '&') || strchr(copy, ';') ||
        (strchr(copy, ',') && count_words(copy) > 3))
        rc = byline_names(out, copy);
    else
        rc = add_name(out, copy);
    free(copy);
    return rc;
}

/* Splits a comma-separated list (tags, keywords) into l, deduplicated. */
static int add_list(strlist *l, const char *s) {
    if (!s) return 0;
    char *copy = strdup(s);
    if (!copy) return -1;
    int rc = 0;
    char *save = NULL;
    for (char *tok = strtok_r(copy, ",;", &save); tok; tok = strtok_r(NULL, ",;", &save)) {
        html_squeeze(tok);
        if (!*tok || strlen(tok) > 100) continue;
        int dup = 0;
        for (size_t i = 0; i < l->n && !dup; i++)
            dup = strcasecmp(l->v[i], tok) == 0;
        if (!dup && strlist_push(l, tok) < 0) rc = -1;
    }
    free(copy);
    return rc;
}

static int add_json_list(strlist *l, const json_value *v) {
    if (!v) return 0;
    if (v->type == JSON_STRING) return add_list(l, v->string);
    int rc = 0;
    if (v->type == JSON_ARRAY)
        for (size_t i = 0; i < v->len; i++)
            if (v->items[i].type == JSON_STRING) rc |= add_list(l, v->items[i].string);
    return rc;
}

/* ---- the page, read once ------------------------------------------------------------------ */

typedef struct page {
    meta_tags tags;
    json_value *ld[16]; /* parsed JSON-LD blocks */
    int nld;
    json_value *parsely; /* <meta name="parsely-page"> JSON */
    char *title;         /* <title> */
    char *h1[4];         /* the first <h1> texts */
    int nh1;
    char *canonical, *image_src;
    strlist rel_authors;                  /* rel=author link texts */
    strlist item_authors;                 /* itemprop=author names */
    char *byline;                         /* the first byline element's text */
    long seen;                            /* elements visited, to order the byline sources */
    long item_at, rel_at, byline_at;      /* where each kind of byline was first seen (0: none) */
    char *item_published, *item_modified; /* itemprop on non-meta elements */
    char *time_pub;                       /* <time> marked as the publication */
    /* dates written in elements whose class says date/time, where they stand: one
     * before the headline is most often today's date in the site's header */
    struct {
        char *raw;
        long at;
        int in_article;
    } dl[8];
    int ndl;
    long h1_at[4]; /* where each of h1[] stands */
    char *lang;
} page;

static void page_free(page *p) {
    tags_free(&p->tags);
    for (int i = 0; i < p->nld; i++)
        json_free(p->ld[i]);
    json_free(p->parsely);
    free(p->title);
    for (int i = 0; i < p->nh1; i++)
        free(p->h1[i]);
    free(p->canonical);
    free(p->image_src);
    strlist_clear(&p->rel_authors);
    strlist_clear(&p->item_authors);
    free(p->byline);
    free(p->item_published);
    free(p->item_modified);
    free(p->time_pub);
    for (int i = 0; i < p->ndl; i++)
        free(p->dl[i].raw);
    free(p->lang);
}

static void read_ld(page *p, xmlNodePtr script) {
    if (p->nld >= (int)(sizeof p->ld / sizeof *p->ld)) return;
    xmlChar *text = xmlNodeGetContent(script);
    if (!text) return;
    size_t n = strlen((char *)text);
    if (n && n <= LD_MAX_BYTES) {
        char *clean = ld_clean((char *)text, n);
        char err[128];
        json_value *v = clean ? json_parse(clean, strlen(clean), err, sizeof err) : NULL;
        if (v) p->ld[p->nld++] = v;
        free(clean);
    }
    xmlFree(text);
}

/* 1 when the class or id holds word as a name part, not inside a longer word
 * ("author" matches "article-author" and "authorName", not "authority"). */
static int names_part(xmlNodePtr n, const char *attr, const char *word) {
    char *v = html_attr(n, attr);
    if (!v) return 0;
    int found = 0;
    size_t wl = strlen(word);
    for (const char *p = v; *p && !found; p++) {
        if (strncasecmp(p, word, wl) != 0) continue;
        const char *e = p + wl;
        found = !islower((unsigned char)*e) || strncmp(e, "s", 1) == 0 || strncmp(e, "name", 4) == 0 ||
                strncmp(e, "info", 4) == 0 || strncmp(e, "line", 4) == 0;
    }
    xmlFree(v);
    return found;
}

/* Class or id naming a byline. */
static int is_byline_el(xmlNodePtr n) {
    if (attr_word(n, "rel", "author")) return 1;
    static const char *const words[] = {"byline",   "author", "writer", "writtenby",
                                        "dateline", "auteur", "autor",  NULL};
    for (int i = 0; words[i]; i++)
        if (names_part(n, "class", words[i]) || names_part(n, "id", words[i])) return 1;
    return 0;
}

/* Elements that hold no part of the article's own header: comments and lists of other
 * articles; with strict, also navigation, asides and footers (where a page's own
 * microdata may still sit, but guessed bylines and dates are most often others'). */
static int is_aside(xmlNodePtr n, int strict) {
    /* The page's own containers carry feature flags such as "unfollowComments-on". */
    if (html_is(n, "html") || html_is(n, "body") || html_is(n, "main") || html_is(n, "article")) return 0;
    if (html_is(n, "nav") || html_is(n, "form")) return 1;
    if (strict && (html_is(n, "footer") || html_is(n, "aside"))) return 1;
    static const char *const words[] = {"comment",  "related", "recommend", "reference", "citation",
                                        "footnote", "sidebar", "widget",    "footer",    NULL};
    for (int i = 0; words[i] && (strict || i < 6); i++)
        if (attr_has(n, "class", words[i]) || attr_has(n, "id", words[i])) return 1;
    return 0;
}

/* Class or id of an element that shows when the article was written. */
static int is_dateline_el(xmlNodePtr n) {
    static const char *const words[] = {"date", "time", "publish", "posted", "byline", "meta", "info", NULL};
    int hit = 0;
    for (int i = 0; words[i] && !hit; i++)
        hit = attr_has(n, "class", words[i]) || attr_has(n, "id", words[i]);
    /* when a cited work was retrieved, or when the page was changed */
    return hit && !attr_has(n, "class", "access") && !attr_has(n, "class", "update") &&
           !attr_has(n, "class", "modif") && !attr_has(n, "class", "comment") &&
           !attr_has(n, "class", "reference");
}

/* 1 when n is inside an <article> (or is one). */
static int in_article(xmlNodePtr n) {
    for (int up = 0; n && n->type == XML_ELEMENT_NODE && up < HTML_MAX_DEPTH; up++, n = n->parent)
        if (html_is(n, "article")) return 1;
    return 0;
}

/* 1 when n or an element around it is an aside (up to a bounded number of levels). */
static int in_aside(xmlNodePtr n, int strict) {
    for (int up = 0; n && n->type == XML_ELEMENT_NODE && up < HTML_MAX_DEPTH; up++, n = n->parent)
        if (is_aside(n, strict)) return 1;
    return 0;
}

static void read_page(page *p, xmlNodePtr root) {
    xmlNodePtr n = root;
    while (n) {
        int descend = 1;
        if (n->type != XML_ELEMENT_NODE) {
            n = next_node(root, n, 0);
            continue;
        }
        const char *name = (const char *)n->name;
        p->seen++;
        if (strcmp(name, "meta") == 0) {
            collect_meta(&p->tags, n);
        } else if (strcmp(name, "script") == 0) {
            descend = 0;
            char *type = html_attr(n, "type");
            if (type && strncasecmp(type, "application/ld+json", 19) == 0) read_ld(p, n);
            if (type) xmlFree(type);
        } else if (strcmp(name, "style") == 0 || strcmp(name, "template") == 0 || strcmp(name, "svg") == 0) {
            descend = 0;
        } else if (strcmp(name, "title") == 0 && !p->title && n->parent && !html_is(n->parent, "svg")) {
            p->title = short_text(n, TITLE_MAX, 0);
            descend = 0;
        } else if (strcmp(name, "h1") == 0 && p->nh1 < 4) {
            char *t = short_text(n, TITLE_MAX, 0);
            if (t && *t)
                p->h1_at[p->nh1] = p->seen, p->h1[p->nh1++] = t;
            else
                free(t);
        } else if (strcmp(name, "link") == 0) {
            char *rel = html_attr(n, "rel"), *href = html_attr(n, "href");
            if (rel && href && *href) {
                if (!p->canonical && attr_word(n, "rel", "canonical")) p->canonical = strdup(href);
                if (!p->image_src && attr_word(n, "rel", "image_src")) p->image_src = strdup(href);
            }
            if (rel) xmlFree(rel);
            if (href) xmlFree(href);
        } else if (strcmp(name, "head") != 0 && html_skipped(n)) {
            descend = 0;
        } else {
            /* itemprop on visible elements: author (with a name inside), dates */
            char *ip = html_attr(n, "itemprop");
            if (ip) {
                if ((attr_word(n, "itemprop", "author") || attr_word(n, "itemprop", "creator")) &&
                    !in_aside(n, 0)) {
                    xmlNodePtr nm = NULL;
                    for (xmlNodePtr c = next_node(n, n, 1); c; c = next_node(n, c, 1))
                        if (c->type == XML_ELEMENT_NODE && attr_word(c, "itemprop", "name")) {
                            nm = c;
                            break;
                        }
                    char *t = NULL;
                    if (nm) {
                        t = html_attr(nm, "content");
                        if (!t)
                            t = short_text(nm, BYLINE_MAX, 0);
                        else {
                            char *c = strdup(t);
                            xmlFree(t);
                            t = c;
                        }
                    } else {
                        t = short_text(n, BYLINE_MAX, 1);
                    }
                    if (t && strlen(t) <= BYLINE_MAX) byline_names(&p->item_authors, t);
                    if (p->item_authors.n && !p->item_at) p->item_at = p->seen;
                    free(t);
                    descend = 0;
                } else if (attr_word(n, "itemprop", "datePublished") ||
                           attr_word(n, "itemprop", "dateCreated")) {
                    if (!p->item_published) {
                        char *v = html_attr(n, "datetime");
                        if (!v) v = html_attr(n, "content");
                        p->item_published = v ? strdup(v) : short_text(n, DATELINE_MAX, 0);
                        if (v) xmlFree(v);
                    }
                } else if (attr_word(n, "itemprop", "dateModified")) {
                    if (!p->item_modified) {
                        char *v = html_attr(n, "datetime");
                        if (!v) v = html_attr(n, "content");
                        p->item_modified = v ? strdup(v) : short_text(n, DATELINE_MAX, 0);
                        if (v) xmlFree(v);
                    }
                }
                xmlFree(ip);
            }
            if (descend && strcmp(name, "a") == 0 && attr_word(n, "rel", "author")) {
                /* "By <a rel=author>A</a> and B": the line it stands in names them all. */
                char *t = n->parent ? short_text(n->parent, BYLINE_MAX, 1) : NULL;
                if (t) html_squeeze(t);
                if (!t || strlen(t) > BYLINE_MAX || after_by(t, 0) == t) {
                    free(t);
                    t = short_text(n, BYLINE_MAX, 0);
                }
                if (t && strlen(t) <= BYLINE_MAX) byline_names(&p->rel_authors, t);
                if (p->rel_authors.n && !p->rel_at) p->rel_at = p->seen;
                free(t);
            }
            if (descend && strcmp(name, "time") == 0 && !p->time_pub && !in_aside(n, 1) &&
                (attr_present(n, "pubdate") || attr_has(n, "class", "publish") ||
                 attr_has(n, "class", "posted"))) {
                char *v = html_attr(n, "datetime");
                p->time_pub = v ? strdup(v) : short_text(n, DATELINE_MAX, 0);
                if (v) xmlFree(v);
            }
            if (descend && !p->byline && is_byline_el(n) && !in_aside(n, 1)) {
                char *t = short_text(n, BYLINE_MAX, 1);
                char *sq = t ? strdup(t) : NULL;
                if (sq) html_squeeze(sq);
                if (sq && *sq && strlen(sq) <= BYLINE_MAX) p->byline = t, t = NULL, p->byline_at = p->seen;
                free(sq);
                free(t);
            }
            if (descend && p->ndl < (int)(sizeof p->dl / sizeof *p->dl) && is_dateline_el(n) &&
                !in_aside(n, 1)) {
                char *t = short_text(n, DATELINE_MAX, 0);
                char iso[DATE_ISO_MAX], raw[DATELINE_MAX];
                if (t && *t && !attr_word(n, "itemprop", "dateModified") &&
                    date_in_text(t, iso, raw, sizeof raw) == 0 &&
                    (!p->ndl || strcmp(p->dl[p->ndl - 1].raw, raw) != 0)) {
                    char *r = strdup(raw);
                    if (r) {
                        p->dl[p->ndl].raw = r;
                        p->dl[p->ndl].at = p->seen;
                        p->dl[p->ndl++].in_article = in_article(n);
                    }
                }
                free(t);
            }
        }
        n = next_node(root, n, descend);
    }
    const char *pp = tags_get(&p->tags, "parsely-page");
    if (pp) {
        char err[64];
        char *clean = ld_clean(pp, strlen(pp));
        if (clean) p->parsely = json_parse(clean, strlen(clean), err, sizeof err);
        free(clean);
    }
    /* <html lang>, xml:lang, else <body lang> */
    char *lang = html_attr(root, "lang");
    if (!lang || !*lang) {
        if (lang) xmlFree(lang);
        lang = html_attr(root, "xml:lang");
    }
    for (xmlNodePtr c = root->children; c && (!lang || !*lang); c = c->next)
        if (html_is(c, "body")) {
            if (lang) xmlFree(lang);
            lang = html_attr(c, "lang");
        }
    if (lang) {
        p->lang = strdup(lang);
        xmlFree(lang);
    }
}

/* ---- titles --------------------------------------------------------------------------------- */

/* What separates a title from the site's name or a section in <title>. */
static const char *const title_seps[] = {
    " | ", " - ", " – ", " — ", " · ", " » ", " :: ", " // ", " / ", " ~ ", " -- ", " • ", NULL};

/* The first (last = 0) or last separator in t; *seplen gets its length. NULL if none. */
static const char *find_sep(const char *t, int last, size_t *seplen) {
    const char *best = NULL;
    for (int i = 0; title_seps[i]; i++) {
        size_t l = strlen(title_seps[i]);
        for (const char *p = strstr(t, title_seps[i]); p; p = strstr(p + 1, title_seps[i])) {
            if (!best || (last ? p > best : p < best)) best = p, *seplen = l;
            if (!last) break;
        }
    }
    return best;
}

/* 1 when seg names the site: the site name or the host, spelled either way, one
 * starting the other ("CNN Politics" and "CNN", "Aktuálně.cz" and "Aktuálně.cz - Víte..."). */
static int names_site(const char *seg, size_t n, const char *site, const char *host) {
    char s[256], f[256], buf[256];
    snprintf(buf, sizeof buf, "%.*s", (int)(n < 255 ? n : 255), seg);
    fold(buf, s, sizeof s);
    size_t sl = strlen(s);
    if (sl < 2) return 0;
    for (int k = 0; k < 2; k++) {
        const char *v = k ? host : site;
        if (!v || !*v) continue;
        fold(v, f, sizeof f);
        size_t fl = strlen(f);
        if (fl < 2) continue;
        if (strcmp(s, f) == 0) return 1;
        if (k == 0 && sl >= 3 && (strncmp(s, f, sl) == 0 || strncmp(f, s, fl) == 0)) return 1;
        if (k == 1 && strstr(f, s) && sl >= 4) return 1; /* "businessweek" in "businessweekcom" */
    }
    return 0;
}

/* A copy of t without the site's name before or after a separator. */
static char *strip_site(const char *t, const char *site, const char *host) {
    size_t sl;
    const char *p = find_sep(t, 1, &sl);
    if (p && names_site(p + sl, strlen(p + sl), site, host) && count_words(t) > 2)
        return g_strndup(t, (size_t)(p - t));
    p = find_sep(t, 0, &sl);
    if (p && names_site(t, (size_t)(p - t), site, host)) return strdup(p + sl);
    return strdup(t);
}

/* 1 when needle occurs in hay, case and spacing as written. */
static int contains(const char *hay, const char *needle) {
    return hay && needle && *needle && strstr(hay, needle);
}

/* How much of a and b is the same words: shared words over the larger count. */
static double similarity(const char *a, const char *b) {
    char *x = strdup(a), *y = strdup(b);
    double r = 0;
    if (x && y) {
        char *wa[64], *wb[64], *save = NULL;
        int na = 0, nb = 0, shared = 0;
        static const char *const delim = " \t\n|-:,.!?\"";
        for (char *w = strtok_r(x, delim, &save); w && na < 64; w = strtok_r(NULL, delim, &save))
            wa[na++] = w;
        save = NULL;
        for (char *w = strtok_r(y, delim, &save); w && nb < 64; w = strtok_r(NULL, delim, &save))
            wb[nb++] = w;
        for (int i = 0; i < na; i++)
            for (int j = 0; j < nb; j++)
                if (strcasecmp(wa[i], wb[j]) == 0) {
                    shared++;
                    break;
                }
        int m = na > nb ? na : nb;
        r = m ? (double)shared / m : 0;
    }
    free(x);
    free(y);
    return r;
}

/* The title from <title> when no metadata gives one: an <h1> it contains, else
 * without the site's name, else without its last segment when enough remains. */
static char *title_from_element(const page *p, const char *site, const char *host) {
    const char *t = p->title;
    for (int i = 0; i < p->nh1; i++)
        if (count_words(p->h1[i]) >= 2 && contains(t, p->h1[i])) return strdup(p->h1[i]);
    char *s = strip_site(t, site, host);
    if (!s || strcmp(s, t) != 0) return s;
    free(s);
    size_t sl;
    const char *last = find_sep(t, 1, &sl);
    if (!last) return strdup(t);
    char *cut = g_strndup(t, (size_t)(last - t));
    if (!cut) return NULL;
    if (count_words(cut) < 3) {
        /* "Site | The headline": the part after the first separator */
        const char *first = find_sep(t, 0, &sl);
        free(cut);
        cut = strdup(first + sl);
        if (!cut) return NULL;
    }
    /* Too little left is more likely a cut headline than a title. */
    if (count_words(cut) <= 4 && count_words(cut) < count_words(t) - 1) {
        free(cut);
        return strdup(t);
    }
    return cut;
}

/* ---- the address, the site and the language ------------------------------------------------------ */

/* The host of url without "www.": "https://www.bbc.co.uk/news" gives "bbc.co.uk". */
static void host_of(const char *url, char *out, size_t size) {
    out[0] = '\0';
    if (!url) return;
    const char *p = strstr(url, "://");
    if (!p) return;
    p += 3;
    size_t n = strcspn(p, "/?#:");
    if (n > 4 && strncasecmp(p, "www.", 4) == 0) p += 4, n -= 4;
    if (n >= size) return;
    for (size_t i = 0; i < n; i++)
        out[i] = (char)tolower((unsigned char)p[i]);
    out[n] = '\0';
}

/* BCP 47 spelling of a language tag: "en_us" gives "en-US", "EN" gives "en". The first
 * of a list ("en, fr") is taken. 0, or -1 when v is no language tag. */
static int norm_lang(const char *v, char *out, size_t size) {
    while (*v == ' ')
        v++;
    size_t n = strcspn(v, ", ;");
    if (n == 0 || n >= size) return -1;
    int part = 0;
    size_t plen = 0;
    for (size_t i = 0; i < n; i++) {
        char c = v[i];
        if (c == '_' || c == '-') {
            if (plen == 0) return -1;
            out[i] = '-';
            part++;
            plen = 0;
            continue;
        }
        if (!isalnum((unsigned char)c)) return -1;
        plen++;
        /* the region (two letters after the language) in upper case, the rest lower */
        int region = part > 0 && plen <= 2 && (i + 1 == n || v[i + 1] == '-' || v[i + 1] == '_') && plen == 2;
        out[i] = (char)tolower((unsigned char)c);
        if (region)
            out[i - 1] = (char)toupper((unsigned char)out[i - 1]), out[i] = (char)toupper((unsigned char)c);
    }
    out[n] = '\0';
    size_t primary = strcspn(out, "-");
    if (primary < 2 || primary > 3) return -1;
    return 0;
}

/* ---- putting it together ----------------------------------------------------------------------- */

static const char *ld_get(const ld_info *ld, const char *key) {
    return ld->article ? ld_text(json_get(ld->article, key), "name") : NULL;
}

/* A date in JSON-LD: a string, or a number of seconds or milliseconds since 1970. */
static const char *ld_date(const ld_info *ld, const char *key, char *buf, size_t size) {
    const json_value *v = ld->article ? json_get(ld->article, key) : NULL;
    if (v && v->type == JSON_NUMBER && v->number > 0 && v->number < 1e14) {
        snprintf(buf, size, "%.0f", v->number);
        return buf;
    }
    return ld_get(ld, key);
}

static int set_lang(galley_article *a, const char *v) {
    char tag[64];
    if (a->field[AF_LANG] || !v || norm_lang(v, tag, sizeof tag) < 0) return 0;
    return article_set(a, AF_LANG, tag);
}

int html_metadata(galley_article *a, htmlDocPtr doc, const html_source *src) {
    static const html_source none = {0};
    if (!src) src = &none;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (!root) return 0;
    page p;
    memset(&p, 0, sizeof p);
    read_page(&p, root);
    const meta_tags *t = &p.tags;
    int rc = p.tags.failed ? -1 : 0;

    ld_info ld = {0};
    for (int i = 0; i < p.nld; i++)
        ld_scan(&ld, p.ld[i], 0);
    const json_value *art = ld.article;

    /* The address: the canonical link, og:url, JSON-LD url, else where it was fetched. */
    {
        const char *cands[4] = {p.canonical, tags_get(t, "og:url"), ld_get(&ld, "url"), NULL};
        const json_value *me = art ? json_get(art, "mainEntityOfPage") : NULL;
        cands[3] = me ? (me->type == JSON_STRING ? me->string : json_get_string(me, "@id")) : NULL;
        for (int i = 0; i < 4 && !a->field[AF_URL]; i++) {
            if (!cands[i] || !*cands[i]) continue;
            char *abs = html_resolve(src->url, cands[i]);
            if (abs && strncmp(abs, "http", 4) == 0) rc |= set_if_empty(a, AF_URL, abs);
            free(abs);
        }
        rc |= set_if_empty(a, AF_URL, src->url);
    }
    const char *url = a->field[AF_URL];
    char host[256];
    host_of(url ? url : src->url, host, sizeof host);

    /* Site name: the publisher's name in JSON-LD (the brand, where og:site_name often
     * adds a slogan), a WebSite, og:site_name, application-name, else the host. */
    {
        const json_value *pub = art ? json_get(art, "publisher") : NULL;
        const char *pubname = ld_text(pub, "name");
        static const char *const keys[] = {"og:site_name", "application-name", "twitter:site_name", NULL};
        const char *cands[] = {pubname, ld.website, tags_first(t, keys)};
        for (int i = 0; i < 3 && !a->field[AF_SITE_NAME]; i++)
            if (cands[i] && *cands[i] && !is_url(cands[i])) rc |= set_if_empty(a, AF_SITE_NAME, cands[i]);
        if (!a->field[AF_SITE_NAME] && host[0]) rc |= set_if_empty(a, AF_SITE_NAME, host);
    }
    const char *site = a->field[AF_SITE_NAME];

    /* Title: JSON-LD headline (or name, whichever <title> holds), Dublin Core, Open
     * Graph, Twitter, Parse.ly, else <title> made clean. */
    {
        const char *ldt = NULL;
        if (art) {
            const char *h = json_get_string(art, "headline"), *nm = json_get_string(art, "name");
            ldt = h && *h ? h : nm;
            if (h && nm && strcmp(h, nm) != 0 && p.title && similarity(nm, p.title) > similarity(h, p.title))
                ldt = nm;
            if (ld.article_rank < 2 && !h) ldt = NULL; /* a WebPage's name is the <title> again */
        }
        static const char *const keys[] = {
            "dc:title", "dcterms:title", "dcterm:title", "og:title", "twitter:title", "parsely-title", NULL};
        const char *cand = ldt && *ldt ? ldt : tags_first(t, keys);
        if (!cand && p.parsely) cand = json_get_string(p.parsely, "title");
        if (!cand) cand = tags_get(t, "title");
        char *title = NULL;
        if (cand && *cand) {
            /* As the publisher wrote it for sharing: a site name there was chosen. */
            title = strdup(cand);
        } else if (p.title && *p.title) {
            title = title_from_element(&p, site, host);
        }
        if (title) html_squeeze(title);
        rc |= set_if_empty(a, AF_TITLE, title);
        free(title);
    }

    /* Authors: JSON-LD persons, the meta names, microdata and rel=author, a byline
     * element, and last JSON-LD organizations (a newsroom for an author is still one). */
    if (!a->authors.n) {
        if (art) rc |= ld_authors(&a->authors, json_get(art, "author"), 0, 0);
        static const char *const keys[] = {
            "dc:creator",        "dcterms:creator", "dcterm:creator",  "author", "article:author",
            "og:article:author", "parsely-author",  "sailthru.author", "byl",    NULL};
        /* Every value of the first key given: one <meta> per author is common. */
        for (int i = 0; keys[i] && !a->authors.n; i++) {
            const char *best = tags_get(t, keys[i]);
            for (size_t k = 0; best && k < t->n; k++) {
                const char *v = t->value[k];
                if (strcmp(t->key[k], keys[i]) != 0 || !*v || is_url(v) || v[0] == '@') continue;
                if (t->rank[k] != rank_of(t, best)) continue;
                rc |= byline_names(&a->authors, v);
            }
        }
        if (!a->authors.n && p.parsely) rc |= ld_authors(&a->authors, json_get(p.parsely, "author"), 0, 0);
        /* Microdata, rel=author and byline classes: whichever comes first in the page
         * (the article's header comes before lists of other articles). */
        for (int round = 0; round < 3 && !a->authors.n; round++) {
            long at[3] = {p.item_at, p.rel_at, p.byline_at};
            int best = -1;
            for (int k = 0; k < 3; k++)
                if (at[k] && (best < 0 || at[k] < at[best])) best = k;
            if (best < 0) break;
            if (best == 0)
                for (size_t i = 0; i < p.item_authors.n; i++)
                    rc |= strlist_push(&a->authors, p.item_authors.v[i]);
            else if (best == 1)
                for (size_t i = 0; i < p.rel_authors.n; i++)
                    rc |= strlist_push(&a->authors, p.rel_authors.v[i]);
            else
                rc |= byline_names(&a->authors, p.byline);
            if (best == 0)
                p.item_at = 0;
            else if (best == 1)
                p.rel_at = 0;
            else
                p.byline_at = 0;
        }
        if (!a->authors.n && art) rc |= ld_authors(&a->authors, json_get(art, "author"), 1, 0);
    }

    /* Published. */
    {
        static const char *const keys[] = {"article:published_time",
                                           "og:published_time",
                                           "article:published",
                                           "parsely-pub-date",
                                           "dc:date.issued",
                                           "dcterms:issued",
                                           "dcterms:created",
                                           "dc:date",
                                           "dcterms:date",
                                           "datepublished",
                                           "datecreated",
                                           "pubdate",
                                           "publishdate",
                                           "publish-date",
                                           "publish_date",
                                           "publication_date",
                                           "sailthru.date",
                                           "article.published",
                                           "article_date_original",
                                           "original-publish-date",
                                           "date",
                                           "og:pubdate",
                                           "pdate",
                                           "cxenseparse:recs:publishtime",
                                           "originalpublicationdate",
                                           "rnews:datepublished",
                                           NULL};
        char num[32];
        const char *cands[8] = {ld_date(&ld, "datePublished", num, sizeof num), ld_get(&ld, "dateCreated"),
                                NULL};
        int nc = 2;
        for (int i = 0; keys[i]; i++) {
            const char *v = tags_get(t, keys[i]);
            if (v) {
                cands[nc++] = v;
                break;
            }
        }
        cands[nc++] = p.parsely ? json_get_string(p.parsely, "pub_date") : NULL;
        cands[nc++] = p.item_published;
        cands[nc++] = p.time_pub;
        for (int i = 0; i < nc && !a->field[AF_PUBLISHED]; i++)
            rc |= set_date(a, AF_PUBLISHED, AF_PUBLISHED_RAW, cands[i]);
        char iso[DATE_ISO_MAX], raw[DATELINE_MAX];
        if (!a->field[AF_PUBLISHED] && url && date_in_url(url, iso, raw, sizeof raw) == 0) {
            if (article_set(a, AF_PUBLISHED, iso) < 0 || article_set(a, AF_PUBLISHED_RAW, raw) < 0) rc = -1;
        }
        /* A date written in the page: in the article, or after its headline (the <h1>
         * that is the title, else the first). */
        long anchor = p.nh1 ? p.h1_at[0] : 0;
        for (int i = 0; i < p.nh1; i++)
            if (a->field[AF_TITLE] && similarity(p.h1[i], a->field[AF_TITLE]) >= 0.8) {
                anchor = p.h1_at[i];
                break;
            }
        for (int i = 0; i < p.ndl && !a->field[AF_PUBLISHED]; i++)
            if (p.dl[i].in_article || p.dl[i].at > anchor)
                rc |= set_date(a, AF_PUBLISHED, AF_PUBLISHED_RAW, p.dl[i].raw);
    }

    /* Modified. */
    {
        static const char *const keys[] = {"article:modified_time", "og:updated_time",
                                           "article:modified",      "dcterms:modified",
                                           "dc:date.modified",      "datemodified",
                                           "last-modified",         "lastmod",
                                           "sailthru.lastmodified", NULL};
        const char *cands[] = {ld_get(&ld, "dateModified"), tags_first(t, keys), p.item_modified};
        for (int i = 0; i < 3 && !a->field[AF_MODIFIED]; i++)
            rc |= set_date(a, AF_MODIFIED, AF_MODIFIED_RAW, cands[i]);
    }

    /* Language: the page's own declaration, then metadata. */
    {
        static const char *const keys[] = {"content-language", "dc:language", "language", "og:locale", NULL};
        rc |= set_lang(a, p.lang);
        rc |= set_lang(a, tags_first(t, keys));
        rc |= set_lang(a, ld_get(&ld, "inLanguage"));
    }

    /* Description. */
    {
        static const char *const keys[] = {"dc:description", "dcterms:description", "og:description",
                                           "description",    "twitter:description", NULL};
        const char *ldd = ld_get(&ld, "description");
        rc |= set_if_empty(a, AF_DESCRIPTION, ldd && *ldd ? ldd : tags_first(t, keys));
        if (a->field[AF_DESCRIPTION]) html_squeeze(a->field[AF_DESCRIPTION]);
    }

    /* Main image, made absolute. */
    {
        static const char *const keys[] = {
            "og:image",          "og:image:url",      "og:image:secure_url", "twitter:image",
            "twitter:image:src", "parsely-image-url", "thumbnail",           NULL};
        const char *img = tags_first(t, keys);
        if (!img && art) img = ld_text(json_get(art, "image"), "url");
        if (!img) img = p.image_src;
        if (img && *img && !a->field[AF_IMAGE]) {
            char *abs = html_resolve(url ? url : src->url, img);
            rc |= set_if_empty(a, AF_IMAGE, abs);
            free(abs);
        }
    }

    /* Section and tags. */
    {
        static const char *const keys[] = {"article:section", "parsely-section", "section", NULL};
        const char *sec = tags_first(t, keys);
        if (!sec) sec = ld_get(&ld, "articleSection");
        if (!sec && p.parsely) sec = json_get_string(p.parsely, "section");
        rc |= set_if_empty(a, AF_SECTION, sec);
        if (!a->tags.n)
            for (size_t i = 0; i < t->n; i++)
                if (strcmp(t->key[i], "article:tag") == 0) rc |= add_list(&a->tags, t->value[i]);
        if (!a->tags.n && art) rc |= add_json_list(&a->tags, json_get(art, "keywords"));
        static const char *const tagkeys[] = {"news_keywords", "parsely-tags", "keywords", NULL};
        if (!a->tags.n) rc |= add_list(&a->tags, tags_first(t, tagkeys));
        if (!a->tags.n && p.parsely) rc |= add_json_list(&a->tags, json_get(p.parsely, "tags"));
    }

    /* The article's text as its publisher gave it, for the extractor's fallback. */
    {
        const char *body = ld_get(&ld, "articleBody");
        if (body && *body && !article_get_meta(a, "html:articleBody"))
            rc |= article_set_meta(a, "html:articleBody", body);
    }
    page_free(&p);
    return rc < 0 ? -1 : 0;
}
