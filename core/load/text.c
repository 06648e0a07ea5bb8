/* load/text.c — the plain-text dump of a scraped news page: a site line, the title,
 * date and byline lines, then the body as blank-line separated groups. */
#include "date.h"
#include "encoding.h"
#include "load.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define TITLE_MAX_CHARS 300
#define TITLE_SENTENCE_MAX_WORDS 15 /* a longer line ending a sentence is body */
#define TITLE_PERIOD_MAX_WORDS 8    /* ... and a shorter one ending in '.' too */
#define HEADING_MAX_CHARS 90
#define HEADING_MAX_WORDS 12
#define CRUMB_MAX_WORDS 4
#define CRUMB_PAIR_MAX_WORDS 3 /* when the line has a single separator */
#define CRUMB_MAX_SEGMENTS 8
#define NAME_MAX_WORDS 6
#define NAMES_MAX 8
#define HEADER_LINES 3 /* lines after the title that may hold a date or byline */
#define WRAP_MAX_WIDTH 100
#define META_MAX_BYTES 400
#define META_MAX_PARTS 4

typedef struct text_line {
    char *s;      /* normalised, NUL-terminated, inside the converted text */
    size_t chars; /* length in code points */
    int taken;    /* read as site line, title, date or byline: not body */
} text_line;

typedef struct text_doc {
    text_line *lines;
    size_t n, cap;
} text_doc;

typedef enum meta_kind { META_NONE, META_PUBLISHED, META_MODIFIED, META_BYLINE } meta_kind;

/* One recognised piece of a date or byline line ("Published: 3 May 2024"). */
typedef struct meta_part {
    meta_kind kind;
    const char *text; /* the date as written, or the names of a byline */
    char iso[DATE_ISO_MAX];
} meta_part;

typedef struct meta_label {
    const char *label;
    meta_kind kind;
} meta_label;

/* Longer labels first, so "Last Modified" is not read as "Last" + garbage. */
static const meta_label meta_labels[] = {{"Last Modified", META_MODIFIED},
                                         {"Last Updated", META_MODIFIED},
                                         {"Updated on", META_MODIFIED},
                                         {"Modified on", META_MODIFIED},
                                         {"First Published", META_PUBLISHED},
                                         {"Originally Published", META_PUBLISHED},
                                         {"Published on", META_PUBLISHED},
                                         {"Posted on", META_PUBLISHED},
                                         {"Modified", META_MODIFIED},
                                         {"Updated", META_MODIFIED},
                                         {"Published", META_PUBLISHED},
                                         {"Posted", META_PUBLISHED},
                                         {"Created", META_PUBLISHED},
                                         {"Date", META_PUBLISHED},
                                         {"آخر تحديث", META_MODIFIED},
                                         {"اخر تحديث", META_MODIFIED},
                                         {"تاريخ النشر", META_PUBLISHED},
                                         {"نشر بتاريخ", META_PUBLISHED},
                                         {"نشر في", META_PUBLISHED},
                                         {"تم النشر", META_PUBLISHED},
                                         {NULL, META_NONE}};

static const char *const mail_headers[] = {"From", "To", "Cc", "Bcc", "Subject", "Sent", "Reply-To", NULL};
static const char *const crumb_separators[] = {" - ", " | ", " › ", " » ", " > ", " / ", " — ", " – ", NULL};
static const char *const meta_separators[] = {" | ", " · ", " • ", NULL};
static const char *const home_words[] = {"Home",       "Start",    "Accueil", "Inicio",
                                         "Startseite", "الرئيسية", NULL};
static const char *const name_joiners[] = {", ", " and ", " & ", NULL};
/* Lower-case words that belong inside names: "Ali al Sistani", "Ursula von der Leyen". */
static const char *const name_particles[] = {"al", "el",  "bin",   "ibn", "abu", "de",  "da",
                                             "di", "del", "della", "der", "den", "van", "von",
                                             "la", "le",  "du",    "dos", "das", NULL};

/* ---- characters ------------------------------------------------------------ */

static int is_space_cp(unsigned cp) {
    return cp == ' ' || cp == '\t' || cp == '\f' || cp == '\v' || cp == 0xA0 || cp == 0x1680 ||
           (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

/* Zero-width characters that scrapers leave behind; they only get in the way of the
 * punctuation checks below. Other control characters have no place in text either. */
static int is_dropped_cp(unsigned cp) { return cp == 0x200B || cp == 0xFEFF || cp < 0x20 || cp == 0x7F; }

static unsigned first_cp(const char *s) {
    unsigned cp = 0;
    if (*s) utf8_decode((const unsigned char *)s, strlen(s), &cp);
    return cp;
}

/* The code point ending s[0..n), and where it starts. */
static unsigned last_cp(const char *s, size_t n, size_t *start) {
    if (n == 0) {
        *start = 0;
        return 0;
    }
    size_t i = n - 1;
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    unsigned cp;
    utf8_decode((const unsigned char *)s + i, n - i, &cp);
    *start = i;
    return cp;
}

static int is_closing_cp(unsigned cp) {
    return cp == '"' || cp == '\'' || cp == ')' || cp == ']' || cp == 0x201D || cp == 0x2019 || cp == 0xBB;
}

static int is_opening_cp(unsigned cp) {
    return cp == '"' || cp == '\'' || cp == 0x201C || cp == 0x2018 || cp == 0xAB || cp == 0xBF || cp == 0xA1;
}

/* Latin letters are cased; other scripts (Arabic, CJK) are not, and count as able to
 * start a heading or a name. */
static int is_upper_or_uncased(unsigned cp) {
    if (cp >= 'A' && cp <= 'Z') return 1;
    if (cp >= '0' && cp <= '9') return 1;
    if (cp < 0x80) return 0;
    if (cp >= 0xC0 && cp <= 0xDE) return cp != 0xD7;
    if (cp >= 0xDF && cp <= 0xFF) return 0;
    if (cp >= 0x100 && cp <= 0x17F) return cp % 2 == 0;
    if (cp >= 0x2000 && cp <= 0x2BFF) return 0; /* punctuation, symbols, arrows */
    return cp >= 0x370;
}

static int is_lower_latin(unsigned cp) {
    return (cp >= 'a' && cp <= 'z') || (cp >= 0xDF && cp <= 0xFF && cp != 0xF7) ||
           (cp >= 0x100 && cp <= 0x17F && cp % 2 == 1);
}

static size_t count_words(const char *s) {
    size_t n = 0;
    for (const char *p = s; *p; p++)
        if (*p != ' ' && (p == s || p[-1] == ' ')) n++;
    return n;
}

static size_t count_chars(const char *s) {
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) n++;
    return n;
}

/* The last code point of s once closing quotes and brackets are set aside; *closed
 * tells whether there were any. */
static unsigned final_punct(const char *s, int *closed) {
    size_t n = strlen(s), start;
    unsigned cp = last_cp(s, n, &start);
    *closed = 0;
    while (n && is_closing_cp(cp)) {
        *closed = 1;
        n = start;
        cp = last_cp(s, n, &start);
    }
    return cp;
}

static int cp_in(unsigned cp, const unsigned *set) {
    for (; *set; set++)
        if (*set == cp) return 1;
    return 0;
}

static const unsigned sentence_end[] = {'.', '!', '?', 0x2026, ':', ';', 0};

/* A line that stops mid-sentence. */
static int is_open_line(const char *s) {
    int closed;
    return !cp_in(final_punct(s, &closed), sentence_end);
}

static int ends_with_period(const char *s) {
    size_t n = strlen(s);
    return n && s[n - 1] == '.' && !(n >= 3 && s[n - 2] == '.' && s[n - 3] == '.');
}

/* Sentence breaks inside s: ". " (or "! ", "? ") followed by a capital. */
static int count_sentence_breaks(const char *s) {
    int n = 0;
    for (const char *p = s; p[0] && p[1] && p[2]; p++)
        if ((p[0] == '.' || p[0] == '!' || p[0] == '?') && p[1] == ' ' &&
            (is_upper_or_uncased(first_cp(p + 2)) || is_opening_cp(first_cp(p + 2))))
            n++;
    return n;
}

/* The length of the entry of list that s starts with, 0 when none does. */
static size_t starts_with_any(const char *s, const char *const *list) {
    for (size_t k = 0; list[k]; k++)
        if (strncmp(s, list[k], strlen(list[k])) == 0) return strlen(list[k]);
    return 0;
}

/* ---- lines ------------------------------------------------------------------- */

/* Rewrites s[0..n) in place: Unicode spaces become ' ', runs of them one, none at the
 * ends; zero-width and control characters go. Never grows, so it can work in place. */
static size_t normalise_line(char *s, size_t n) {
    size_t r = 0, w = 0;
    int space = 0;
    while (r < n) {
        unsigned cp;
        size_t k = utf8_decode((const unsigned char *)s + r, n - r, &cp);
        if (is_space_cp(cp)) {
            space = w > 0;
        } else if (!is_dropped_cp(cp)) {
            if (space) s[w++] = ' ';
            space = 0;
            memmove(s + w, s + r, k);
            w += k;
        }
        r += k;
    }
    return w;
}

static int push_line(text_doc *d, char *s) {
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 64;
        text_line *v = realloc(d->lines, cap * sizeof *v);
        if (!v) return -1;
        d->lines = v;
        d->cap = cap;
    }
    d->lines[d->n].s = s;
    d->lines[d->n].chars = count_chars(s);
    d->lines[d->n].taken = 0;
    d->n++;
    return 0;
}

/* Splits text (NUL-terminated at len) at LF, CRLF and CR, normalising each line. */
static int split_lines(text_doc *d, char *text, size_t len) {
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && text[i] != '\n' && text[i] != '\r') continue;
        int crlf = i + 1 < len && text[i] == '\r' && text[i + 1] == '\n';
        size_t n = normalise_line(text + start, i - start);
        text[start + n] = '\0';
        if (push_line(d, text + start) < 0) return -1;
        if (crlf) i++;
        start = i + 1;
    }
    return 0;
}

static size_t next_line(const text_doc *d, size_t i) {
    while (i < d->n && (!d->lines[i].s[0] || d->lines[i].taken))
        i++;
    return i;
}

/* ---- title and site line ------------------------------------------------------ */

static int is_list_marker(const char *s, size_t *skip);

/* A headline: one line of at most a few sentences' worth, which does not trail off
 * (",", ":", a dash) and is not a lead sentence (headlines seldom end in a period; a
 * long line ending a sentence, or one of several sentences, is body text). */
static int looks_like_title(const text_line *l) {
    if (!l->s[0] || l->chars > TITLE_MAX_CHARS) return 0;
    size_t skip;
    if (is_list_marker(l->s, &skip) || strncmp(l->s, "> ", 2) == 0) return 0;
    int closed;
    unsigned last = final_punct(l->s, &closed);
    static const unsigned trailing[] = {',', ';', ':', '-', 0x2013, 0x2014, 0};
    if (!closed && cp_in(last, trailing)) return 0;
    int breaks = count_sentence_breaks(l->s);
    size_t words = count_words(l->s);
    if (breaks >= 2) return 0;
    if (cp_in(last, sentence_end) && (breaks >= 1 || words > TITLE_SENTENCE_MAX_WORDS)) return 0;
    return !(ends_with_period(l->s) && words > TITLE_PERIOD_MAX_WORDS);
}

typedef struct segment {
    const char *s;
    size_t len;
} segment;

/* Splits s at the breadcrumb separators; returns the number of separators, or -1 if
 * there are too many segments. */
static int split_crumbs(const char *s, segment *segs, int max, int *nsegs) {
    int n = 0, seps = 0;
    const char *start = s;
    for (const char *p = s; *p;) {
        size_t seplen = starts_with_any(p, crumb_separators);
        if (!seplen) {
            p++;
            continue;
        }
        if (n == max - 1) return -1;
        segs[n].s = start;
        segs[n++].len = (size_t)(p - start);
        seps++;
        p += seplen;
        start = p;
    }
    segs[n].s = start;
    segs[n++].len = strlen(start);
    *nsegs = n;
    return seps;
}

/* A breadcrumb segment is a name, not a phrase: a few words, no sentence punctuation. */
static int is_crumb_segment(const segment *g, size_t max_words) {
    if (g->len == 0) return 0;
    size_t words = 0;
    for (size_t i = 0; i < g->len; i++) {
        char c = g->s[i];
        if (strchr(",;:!?", c)) return 0;
        if (c == '.' && (i + 1 == g->len || g->s[i + 1] == ' ')) return 0;
        if (c != ' ' && (i == 0 || g->s[i - 1] == ' ')) words++;
    }
    return words <= max_words;
}

static int is_home_word(const segment *g) {
    for (size_t k = 0; home_words[k]; k++)
        if (strlen(home_words[k]) == g->len && strncasecmp(home_words[k], g->s, g->len) == 0) return 1;
    return 0;
}

static int set_segment(galley_article *a, article_field f, const segment *g) {
    char *v = g_strndup(g->s, g->len);
    if (!v) return -1;
    article_set_take(a, f, v);
    return 0;
}

/* The first line names the site and section ("Iraq News - Local News - Baghdadpost")
 * or a path from the home page ("Home > World > Middle East"). Returns 1 when it was
 * one, 0 when not, -1 when out of memory. */
static int read_site_line(text_doc *d, size_t i, galley_article *a) {
    segment segs[CRUMB_MAX_SEGMENTS];
    int nsegs;
    int seps = split_crumbs(d->lines[i].s, segs, CRUMB_MAX_SEGMENTS, &nsegs);
    if (seps < 1) return 0;
    size_t max_words = seps == 1 ? CRUMB_PAIR_MAX_WORDS : CRUMB_MAX_WORDS;
    for (int k = 0; k < nsegs; k++)
        if (!is_crumb_segment(&segs[k], max_words)) return 0;
    /* A title follows, and a title seldom ends in a period. */
    size_t t = next_line(d, i + 1);
    if (t == d->n || !looks_like_title(&d->lines[t]) || ends_with_period(d->lines[t].s)) return 0;
    d->lines[i].taken = 1;
    if (is_home_word(&segs[0])) return set_segment(a, AF_SECTION, &segs[nsegs - 1]) < 0 ? -1 : 1;
    if (set_segment(a, AF_SITE_NAME, &segs[nsegs - 1]) < 0) return -1;
    if (nsegs >= 2 && set_segment(a, AF_SECTION, &segs[nsegs - 2]) < 0) return -1;
    return 1;
}

/* ---- dates and bylines ---------------------------------------------------------- */

/* Matches "Label", "Label:" or "Label :" at the start of s; returns the text after. */
static const char *after_label(const char *s, const char *label) {
    size_t n = strlen(label);
    if (strncasecmp(s, label, n) != 0) return NULL;
    s += n;
    if (*s != ':' && *s != ' ') return NULL;
    while (*s == ' ' || *s == ':')
        s++;
    /* "Posted: on 3 May": the preposition is not part of the date as written. */
    if (strncasecmp(s, "on ", 3) == 0 || strncasecmp(s, "at ", 3) == 0) s += 3;
    return *s ? s : NULL;
}

static int is_name_word(const char *w, size_t len) {
    unsigned cp = first_cp(w);
    int letters = 0;
    for (size_t i = 0; i < len; i++) {
        char c = w[i];
        if ((c >= '0' && c <= '9') || strchr(",;:!?()[]\"|/", c)) return 0;
        /* Dots only in initials and short titles: "J.", "J.R.", "Jr.", "Dr." */
        if (c == '.' && len > 4) return 0;
        letters += (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (unsigned char)c >= 0x80;
    }
    if (!letters) return 0;
    if (is_upper_or_uncased(cp)) return 1;
    if (memchr(w, '-', len) || memchr(w, '\'', len)) return 1;
    for (size_t k = 0; name_particles[k]; k++)
        if (strlen(name_particles[k]) == len && strncmp(name_particles[k], w, len) == 0) return 1;
    return 0;
}

static int is_name(const char *s, size_t len) {
    size_t words = 0;
    const char *end = s + len;
    const char *p = s;
    if (len == 0 || !is_upper_or_uncased(first_cp(s))) return 0;
    while (p < end) {
        const char *q = memchr(p, ' ', (size_t)(end - p));
        if (!q) q = end;
        if (q > p && (!is_name_word(p, (size_t)(q - p)) || ++words > NAME_MAX_WORDS)) return 0;
        p = q + 1;
    }
    return words > 0;
}

/* The names after "By ", split at ", ", " and ", " & ". Returns how many, 0 when
 * any of them does not look like a name. */
static int split_names(const char *s, segment *names, int max) {
    int n = 0;
    const char *start = s;
    for (const char *p = s;; p++) {
        size_t joiner = *p ? starts_with_any(p, name_joiners) : 0;
        if (*p && !joiner) continue;
        if (n == max || !is_name(start, (size_t)(p - start))) return 0;
        names[n].s = start;
        names[n++].len = (size_t)(p - start);
        if (!*p) return n;
        p += joiner - 1;
        start = p + 1;
    }
}

static const char *byline_names(const char *s) {
    if (strncasecmp(s, "by ", 3) == 0) return s + 3;
    if (strncmp(s, "بقلم", strlen("بقلم")) == 0) {
        s += strlen("بقلم");
        if (*s != ' ' && *s != ':') return NULL;
        while (*s == ' ' || *s == ':')
            s++;
        return s;
    }
    return NULL;
}

/* Where a meta line is read: labelled dates count anywhere, bare dates only in the
 * lines after the title, bylines only there and before the body has begun. */
typedef enum meta_place { IN_BODY, IN_HEADER, IN_HEADER_AFTER_TEXT } meta_place;

/* What one piece of a meta line says. */
static meta_kind read_meta_part(const char *s, meta_place place, meta_part *out) {
    for (size_t k = 0; meta_labels[k].label; k++) {
        const char *rest = after_label(s, meta_labels[k].label);
        if (rest && date_parse(rest, out->iso) == 0) {
            out->text = rest;
            return out->kind = meta_labels[k].kind;
        }
    }
    if (place == IN_BODY) return out->kind = META_NONE;
    if (date_parse(s, out->iso) == 0) {
        out->text = s;
        return out->kind = META_PUBLISHED;
    }
    segment names[NAMES_MAX];
    const char *rest = byline_names(s);
    if (place == IN_HEADER && rest && split_names(rest, names, NAMES_MAX) > 0) {
        out->text = rest;
        return out->kind = META_BYLINE;
    }
    return out->kind = META_NONE;
}

/* Splits a copy of line at " | " and the like into buf; returns the parts read, 0 when
 * the line is not entirely made of dates and bylines. */
static int read_meta_line(const char *line, meta_place place, char *buf, size_t bufsize, meta_part *parts) {
    size_t n = strlen(line);
    if (n == 0 || n >= bufsize) return 0;
    memcpy(buf, line, n + 1);
    int nparts = 0;
    char *start = buf;
    for (char *p = buf;; p++) {
        size_t seplen = *p ? starts_with_any(p, meta_separators) : 0;
        if (*p && !seplen) continue;
        int last = *p == '\0';
        *p = '\0';
        if (nparts == META_MAX_PARTS || read_meta_part(start, place, &parts[nparts]) == META_NONE) return 0;
        nparts++;
        if (last) return nparts;
        p += seplen - 1;
        start = p + 1;
    }
}

static int add_authors(galley_article *a, const char *s) {
    segment names[NAMES_MAX];
    int n = split_names(s, names, NAMES_MAX);
    for (int k = 0; k < n; k++) {
        char *name = g_strndup(names[k].s, names[k].len);
        int rc = name ? strlist_push(&a->authors, name) : -1;
        free(name);
        if (rc < 0) return -1;
    }
    return 0;
}

/* Records a date unless an earlier line already gave one. */
static int set_date(galley_article *a, article_field iso, article_field raw, const meta_part *p) {
    if (a->field[iso]) return 0;
    return article_set(a, iso, p->iso) < 0 || article_set(a, raw, p->text) < 0 ? -1 : 0;
}

static int apply_meta(galley_article *a, const meta_part *parts, int n) {
    for (int k = 0; k < n; k++) {
        int rc = 0;
        switch (parts[k].kind) {
        case META_PUBLISHED: rc = set_date(a, AF_PUBLISHED, AF_PUBLISHED_RAW, &parts[k]); break;
        case META_MODIFIED: rc = set_date(a, AF_MODIFIED, AF_MODIFIED_RAW, &parts[k]); break;
        case META_BYLINE: rc = add_authors(a, parts[k].text); break;
        case META_NONE: break;
        }
        if (rc < 0) return -1;
    }
    return 0;
}

/* Takes line i as a meta line if it is one. Returns 1, 0, or -1 when out of memory. */
static int take_meta_line(text_doc *d, size_t i, meta_place place, galley_article *a) {
    char buf[META_MAX_BYTES];
    meta_part parts[META_MAX_PARTS];
    int n = read_meta_line(d->lines[i].s, place, buf, sizeof buf, parts);
    if (n == 0) return 0;
    if (apply_meta(a, parts, n) < 0) return -1;
    d->lines[i].taken = 1;
    return 1;
}

static int is_meta_line(const char *line) {
    char buf[META_MAX_BYTES];
    meta_part parts[META_MAX_PARTS];
    return read_meta_line(line, IN_HEADER, buf, sizeof buf, parts) > 0;
}

/* The lines right after the title: dates and bylines, in any order. */
static int read_header(text_doc *d, size_t i, galley_article *a) {
    meta_place place = IN_HEADER;
    for (int k = 0; k < HEADER_LINES; k++) {
        i = next_line(d, i);
        if (i == d->n) break;
        int rc = take_meta_line(d, i, place, a);
        if (rc < 0) return -1;
        if (rc == 0) place = IN_HEADER_AFTER_TEXT;
        i++;
    }
    return 0;
}

static int is_mail_header(const char *s) {
    for (size_t k = 0; mail_headers[k]; k++) {
        size_t n = strlen(mail_headers[k]);
        if (strncasecmp(s, mail_headers[k], n) == 0 && s[n] == ':') return 1;
    }
    return 0;
}

/* A "Date:" among "From:" and "Subject:" lines dates an e-mail quoted in the article,
 * not the article. */
static int near_mail_header(const text_doc *d, size_t i) {
    size_t j = i;
    while (j > 0 && !d->lines[--j].s[0]) {
    }
    if (j < i && is_mail_header(d->lines[j].s)) return 1;
    j = next_line(d, i + 1);
    return j < d->n && is_mail_header(d->lines[j].s);
}

/* Labelled dates anywhere ("Last Modified: ..." closes many dumps). */
static int read_labelled_dates(text_doc *d, galley_article *a) {
    for (size_t i = 0; i < d->n; i++) {
        if (d->lines[i].taken || !d->lines[i].s[0] || near_mail_header(d, i)) continue;
        if (take_meta_line(d, i, IN_BODY, a) < 0) return -1;
    }
    return 0;
}

/* ---- body ------------------------------------------------------------------------ */

/* "- ", "* ", "• ", "1. ", "12) ": *skip is the marker's length. */
static int is_list_marker(const char *s, size_t *skip) {
    if ((s[0] == '-' || s[0] == '*') && s[1] == ' ') {
        *skip = 2;
        return 1;
    }
    if (strncmp(s, "• ", strlen("• ")) == 0) {
        *skip = strlen("• ");
        return 1;
    }
    size_t digits = 0;
    while (s[digits] >= '0' && s[digits] <= '9')
        digits++;
    if (digits >= 1 && digits <= 3 && (s[digits] == '.' || s[digits] == ')') && s[digits + 1] == ' ') {
        *skip = digits + 2;
        return 1;
    }
    return 0;
}

/* The block type of a body line and where its text starts. */
static galley_block_type line_type(const char *s, const char **text) {
    size_t skip;
    if (is_list_marker(s, &skip)) {
        *text = s + skip;
        return GALLEY_BLOCK_LIST_ITEM;
    }
    if (s[0] == '>' && s[1] == ' ') {
        *text = s + 2;
        return GALLEY_BLOCK_QUOTE;
    }
    *text = s;
    return GALLEY_BLOCK_PARAGRAPH;
}

/* Rules such as "***" or "-----" separate, they say nothing. */
static int is_rule(const char *s) {
    for (; *s; s++)
        if (!strchr("-*_=~#. ", *s)) return 0;
    return 1;
}

/* s past its opening quotes and brackets: “Why now?” starts with W. */
static const char *skip_openers(const char *s) {
    unsigned cp;
    size_t k;
    while (*s && (k = utf8_decode((const unsigned char *)s, strlen(s), &cp)) && is_opening_cp(cp))
        s += k;
    return s;
}

static int is_heading_text(const text_line *l) {
    const char *s = l->s;
    size_t skip;
    if (l->chars > HEADING_MAX_CHARS || count_words(s) > HEADING_MAX_WORDS) return 0;
    if (is_list_marker(s, &skip) || s[0] == '>' || is_rule(s)) return 0;
    int closed;
    unsigned last = final_punct(s, &closed);
    static const unsigned not_heading_end[] = {'.', ',', ';', ':', '!', 0x2026, '-', 0x2013, 0x2014, 0};
    if (cp_in(last, not_heading_end) || (closed && last == '?') || count_sentence_breaks(s) > 0) return 0;
    s = skip_openers(s);
    return *s && is_upper_or_uncased(first_cp(s));
}

typedef struct group {
    size_t first, last; /* lines [first, last], every one non-blank and not taken */
} group;

static int collect_groups(const text_doc *d, group **out, size_t *count) {
    size_t n = 0, cap = 0;
    group *v = NULL;
    for (size_t i = 0; i < d->n; i++) {
        if (!d->lines[i].s[0] || d->lines[i].taken) continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            group *nv = realloc(v, cap * sizeof *nv);
            if (!nv) {
                free(v);
                return -1;
            }
            v = nv;
        }
        v[n].first = i;
        while (i + 1 < d->n && d->lines[i + 1].s[0] && !d->lines[i + 1].taken)
            i++;
        v[n++].last = i;
    }
    *out = v;
    *count = n;
    return 0;
}

static size_t first_word_chars(const char *s) {
    size_t n = 0;
    for (; *s && *s != ' '; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) n++;
    return n;
}

/* Line `next` can carry on the sentence of `prev`: it starts in lower case, with a
 * digit, or in a script without case, where nothing tells. A list item never carries
 * on; a quote carries on only a quote. */
static int can_continue(const char *prev, const char *next) {
    size_t skip;
    if (is_list_marker(next, &skip)) return 0;
    if (strncmp(next, "> ", 2) == 0) {
        if (strncmp(prev, "> ", 2) != 0) return 0;
        next += 2;
    }
    unsigned cp = first_cp(next);
    if (is_lower_latin(cp) || (cp >= '0' && cp <= '9')) return 1;
    return cp >= 0x370 && !(cp >= 0x2000 && cp <= 0x2BFF);
}

/* A wrapped line is full: the next line's first word would not have fitted on it. */
static int is_full_line(const text_doc *d, size_t i, size_t width) {
    return d->lines[i].chars + 1 + first_word_chars(d->lines[i + 1].s) > width;
}

/* Hard-wrapped text: short lines, each filled up to the width, mostly breaking in
 * mid-sentence with the next line going on in lower case. One paragraph per line
 * (the usual dump) has long lines or lines that end sentences. */
static int is_hard_wrapped(const text_doc *d, const group *g, size_t *width) {
    size_t breaks = g->last - g->first;
    if (breaks == 0) return 0;
    *width = 0;
    for (size_t i = g->first; i <= g->last; i++)
        if (d->lines[i].chars > *width) *width = d->lines[i].chars;
    if (*width > WRAP_MAX_WIDTH) return 0;
    size_t full = 0, continued = 0;
    for (size_t i = g->first; i < g->last; i++) {
        if (!is_full_line(d, i, *width)) continue;
        full++;
        if (is_open_line(d->lines[i].s) && can_continue(d->lines[i].s, d->lines[i + 1].s)) continued++;
    }
    return full * 2 >= breaks && continued * 3 >= breaks && continued > 0;
}

static int add_block(galley_article *a, galley_block_type type, const char *text) {
    int level = type == GALLEY_BLOCK_HEADING ? 2 : type == GALLEY_BLOCK_LIST_ITEM ? 1 : 0;
    return article_add_block(a, type, level, text, NULL, NULL);
}

/* A line broken after a hyphen inside a word ("well-" / "known") joins without a space. */
static int joins_hyphenated(const gbuf *b) {
    return b->len >= 2 && b->data[b->len - 1] == '-' && b->data[b->len - 2] != ' ';
}

/* Joins hard-wrapped lines into blocks; a line that is not full ends its block, and a
 * list marker or quote starts a new one. */
static int add_wrapped(const text_doc *d, const group *g, size_t width, galley_article *a) {
    gbuf b = GBUF_INIT;
    galley_block_type type = GALLEY_BLOCK_PARAGRAPH;
    int rc = 0;
    for (size_t i = g->first; i <= g->last && rc == 0; i++) {
        const char *text;
        galley_block_type t = line_type(d->lines[i].s, &text);
        int starts = b.len == 0 || t == GALLEY_BLOCK_LIST_ITEM ||
                     (t == GALLEY_BLOCK_QUOTE) != (type == GALLEY_BLOCK_QUOTE);
        if (starts && b.len) {
            char *s = gbuf_take(&b);
            rc = s ? add_block(a, type, s) : -1;
            free(s);
        }
        if (starts)
            type = t;
        else if (!joins_hyphenated(&b))
            gbuf_putc(&b, ' ');
        gbuf_puts(&b, text);
        if (i < g->last && !is_full_line(d, i, width)) {
            char *s = gbuf_take(&b);
            rc = rc == 0 && s ? add_block(a, type, s) : -1;
            free(s);
        }
    }
    if (rc == 0 && b.len) {
        char *s = gbuf_take(&b);
        rc = s ? add_block(a, type, s) : -1;
        free(s);
    }
    gbuf_free(&b);
    return rc;
}

static int add_group(const text_doc *d, const group *g, int heading, galley_article *a) {
    if (heading) return add_block(a, GALLEY_BLOCK_HEADING, d->lines[g->first].s);
    size_t width;
    if (is_hard_wrapped(d, g, &width)) return add_wrapped(d, g, width, a);
    for (size_t i = g->first; i <= g->last; i++) {
        const char *text;
        galley_block_type t = line_type(d->lines[i].s, &text);
        if (is_rule(d->lines[i].s) || !*text) continue;
        if (add_block(a, t, text) < 0) return -1;
    }
    return 0;
}

static int is_heading_group(const text_doc *d, const group *g) {
    return g->first == g->last && is_heading_text(&d->lines[g->first]);
}

static int read_body(const text_doc *d, galley_article *a) {
    group *groups;
    size_t n;
    if (collect_groups(d, &groups, &n) < 0) return -1;
    int rc = 0;
    for (size_t k = 0; k < n && rc == 0; k++) {
        /* A short line on its own is a heading when text follows it, unless that text
         * goes on in lower case: then the line is a sentence broken in two. */
        int heading = is_heading_group(d, &groups[k]) && k + 1 < n && !is_heading_group(d, &groups[k + 1]) &&
                      !is_lower_latin(first_cp(d->lines[groups[k + 1].first].s));
        rc = add_group(d, &groups[k], heading, a);
    }
    free(groups);
    return rc;
}

/* ---- the loader ------------------------------------------------------------------- */

static int read_article(text_doc *d, galley_article *a) {
    size_t i = next_line(d, 0);
    int site = read_site_line(d, i, a);
    if (site < 0) return -1;
    i = next_line(d, i);
    /* Some dumps put the date or byline above the title. */
    while (i < d->n && is_meta_line(d->lines[i].s)) {
        if (take_meta_line(d, i, IN_HEADER, a) < 0) return -1;
        i = next_line(d, i);
    }
    if (i < d->n && looks_like_title(&d->lines[i])) {
        if (article_set(a, AF_TITLE, d->lines[i].s) < 0) return -1;
        d->lines[i].taken = 1;
        i++;
    }
    if (read_header(d, i, a) < 0 || read_labelled_dates(d, a) < 0) return -1;
    return read_body(d, a);
}

static int is_blank_text(const text_doc *d) {
    for (size_t i = 0; i < d->n; i++)
        if (d->lines[i].s[0]) return 0;
    return 1;
}

int load_text(const char *source, const char *data, size_t len, load_sink *sink) {
    if (len == 0) return load_fail(sink, "empty file");
    if (encoding_looks_binary(data, len)) return load_fail(sink, "binary file, not text");
    const char *encoding;
    size_t tlen;
    char *text = encoding_to_utf8(data, len, &tlen, &encoding);
    if (!text) {
        load_fail(sink, "out of memory");
        return GALLEY_ENOMEM;
    }
    text_doc d = {NULL, 0, 0};
    galley_article *a = NULL;
    int rc = GALLEY_ENOMEM;
    if (split_lines(&d, text, tlen) < 0) goto done;
    if (is_blank_text(&d)) {
        rc = load_fail(sink, "empty file");
        goto done;
    }
    a = galley_article_new();
    if (!a || read_article(&d, a) < 0) goto done;
    if (strcmp(encoding, "UTF-8") != 0 && article_set_meta(a, "encoding", encoding) < 0) goto done;
    free(d.lines);
    free(text);
    return load_emit(sink, a, source, "text");
done:
    if (rc == GALLEY_ENOMEM) load_fail(sink, "out of memory");
    galley_article_free(a);
    free(d.lines);
    free(text);
    return rc;
}
