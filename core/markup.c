/* markup.c — markup to text: character references decoded, tags dropped with line and
 * paragraph breaks where block elements were, script and style content skipped. Used by
 * the Lua module (galley.html / galley.xml) and by loaders whose input holds raw HTML. */
#include "markup.h"

#include <stdint.h>
#include <string.h>
#include <utf8proc.h>

/* Named character references, HTML 4's whole set and a few upper-case aliases HTML 5
 * keeps. The Latin-1 block and the Greek letters go by code point from their first. */
static const char *const latin1_names[96] = {
    "nbsp",   "iexcl",  "cent",   "pound",  "curren", "yen",    "brvbar", "sect",   "uml",    "copy",
    "ordf",   "laquo",  "not",    "shy",    "reg",    "macr",   "deg",    "plusmn", "sup2",   "sup3",
    "acute",  "micro",  "para",   "middot", "cedil",  "sup1",   "ordm",   "raquo",  "frac14", "frac12",
    "frac34", "iquest", "Agrave", "Aacute", "Acirc",  "Atilde", "Auml",   "Aring",  "AElig",  "Ccedil",
    "Egrave", "Eacute", "Ecirc",  "Euml",   "Igrave", "Iacute", "Icirc",  "Iuml",   "ETH",    "Ntilde",
    "Ograve", "Oacute", "Ocirc",  "Otilde", "Ouml",   "times",  "Oslash", "Ugrave", "Uacute", "Ucirc",
    "Uuml",   "Yacute", "THORN",  "szlig",  "agrave", "aacute", "acirc",  "atilde", "auml",   "aring",
    "aelig",  "ccedil", "egrave", "eacute", "ecirc",  "euml",   "igrave", "iacute", "icirc",  "iuml",
    "eth",    "ntilde", "ograve", "oacute", "ocirc",  "otilde", "ouml",   "divide", "oslash", "ugrave",
    "uacute", "ucirc",  "uuml",   "yacute", "thorn",  "yuml"};
#define LATIN1_FIRST 0xA0

/* From U+0391; U+03A2 has no letter. */
static const char *const greek_upper[25] = {
    "Alpha", "Beta",   "Gamma",   "Delta", "Epsilon", "Zeta",    "Eta",  "Theta", "Iota",
    "Kappa", "Lambda", "Mu",      "Nu",    "Xi",      "Omicron", "Pi",   "Rho",   NULL,
    "Sigma", "Tau",    "Upsilon", "Phi",   "Chi",     "Psi",     "Omega"};
#define GREEK_UPPER_FIRST 0x391
/* From U+03B1. */
static const char *const greek_lower[25] = {
    "alpha", "beta",   "gamma",   "delta", "epsilon", "zeta",    "eta",  "theta", "iota",
    "kappa", "lambda", "mu",      "nu",    "xi",      "omicron", "pi",   "rho",   "sigmaf",
    "sigma", "tau",    "upsilon", "phi",   "chi",     "psi",     "omega"};
#define GREEK_LOWER_FIRST 0x3B1

typedef struct named_ref {
    const char *name;
    unsigned cp;
} named_ref;

static const named_ref xml_refs[] = {
    {"quot", 0x22}, {"amp", 0x26}, {"apos", 0x27}, {"lt", 0x3C}, {"gt", 0x3E}};

static const named_ref html_refs[] = {
    {"QUOT", 0x22},     {"AMP", 0x26},      {"LT", 0x3C},       {"GT", 0x3E},        {"COPY", 0xA9},
    {"REG", 0xAE},      {"OElig", 0x152},   {"oelig", 0x153},   {"Scaron", 0x160},   {"scaron", 0x161},
    {"Yuml", 0x178},    {"fnof", 0x192},    {"circ", 0x2C6},    {"tilde", 0x2DC},    {"thetasym", 0x3D1},
    {"upsih", 0x3D2},   {"piv", 0x3D6},     {"ensp", 0x2002},   {"emsp", 0x2003},    {"thinsp", 0x2009},
    {"zwnj", 0x200C},   {"zwj", 0x200D},    {"lrm", 0x200E},    {"rlm", 0x200F},     {"ndash", 0x2013},
    {"mdash", 0x2014},  {"lsquo", 0x2018},  {"rsquo", 0x2019},  {"sbquo", 0x201A},   {"ldquo", 0x201C},
    {"rdquo", 0x201D},  {"bdquo", 0x201E},  {"dagger", 0x2020}, {"Dagger", 0x2021},  {"bull", 0x2022},
    {"hellip", 0x2026}, {"permil", 0x2030}, {"prime", 0x2032},  {"Prime", 0x2033},   {"lsaquo", 0x2039},
    {"rsaquo", 0x203A}, {"oline", 0x203E},  {"frasl", 0x2044},  {"euro", 0x20AC},    {"image", 0x2111},
    {"weierp", 0x2118}, {"real", 0x211C},   {"trade", 0x2122},  {"alefsym", 0x2135}, {"larr", 0x2190},
    {"uarr", 0x2191},   {"rarr", 0x2192},   {"darr", 0x2193},   {"harr", 0x2194},    {"crarr", 0x21B5},
    {"lArr", 0x21D0},   {"uArr", 0x21D1},   {"rArr", 0x21D2},   {"dArr", 0x21D3},    {"hArr", 0x21D4},
    {"forall", 0x2200}, {"part", 0x2202},   {"exist", 0x2203},  {"empty", 0x2205},   {"nabla", 0x2207},
    {"isin", 0x2208},   {"notin", 0x2209},  {"ni", 0x220B},     {"prod", 0x220F},    {"sum", 0x2211},
    {"minus", 0x2212},  {"lowast", 0x2217}, {"radic", 0x221A},  {"prop", 0x221D},    {"infin", 0x221E},
    {"ang", 0x2220},    {"and", 0x2227},    {"or", 0x2228},     {"cap", 0x2229},     {"cup", 0x222A},
    {"int", 0x222B},    {"there4", 0x2234}, {"sim", 0x223C},    {"cong", 0x2245},    {"asymp", 0x2248},
    {"ne", 0x2260},     {"equiv", 0x2261},  {"le", 0x2264},     {"ge", 0x2265},      {"sub", 0x2282},
    {"sup", 0x2283},    {"nsub", 0x2284},   {"sube", 0x2286},   {"supe", 0x2287},    {"oplus", 0x2295},
    {"otimes", 0x2297}, {"perp", 0x22A5},   {"sdot", 0x22C5},   {"lceil", 0x2308},   {"rceil", 0x2309},
    {"lfloor", 0x230A}, {"rfloor", 0x230B}, {"lang", 0x27E8},   {"rang", 0x27E9},    {"loz", 0x25CA},
    {"spades", 0x2660}, {"clubs", 0x2663},  {"hearts", 0x2665}, {"diams", 0x2666},
};

/* What windows-1252 puts at 0x80-0x9F: browsers read &#150; as an en dash, not a control. */
static const unsigned short cp1252_c1[32] = {0x20AC, 0x81,   0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                             0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,   0x017D, 0x8F,
                                             0x90,   0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                             0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D,   0x017E, 0x0178};

static int name_is(const char *name, const char *s, size_t len) {
    return name && strlen(name) == len && memcmp(name, s, len) == 0;
}

static unsigned lookup_ref(const named_ref *refs, size_t n, const char *s, size_t len) {
    for (size_t i = 0; i < n; i++)
        if (name_is(refs[i].name, s, len)) return refs[i].cp;
    return 0;
}

/* The code point of the named reference s[0, len), or 0. */
static unsigned named_reference(const char *s, size_t len, int html) {
    unsigned cp = lookup_ref(xml_refs, sizeof xml_refs / sizeof xml_refs[0], s, len);
    if (cp || !html) return cp;
    for (unsigned i = 0; i < 96; i++)
        if (name_is(latin1_names[i], s, len)) return LATIN1_FIRST + i;
    for (unsigned i = 0; i < 25; i++) {
        if (name_is(greek_upper[i], s, len)) return GREEK_UPPER_FIRST + i;
        if (name_is(greek_lower[i], s, len)) return GREEK_LOWER_FIRST + i;
    }
    return lookup_ref(html_refs, sizeof html_refs / sizeof html_refs[0], s, len);
}

static int hex_value(char c) {
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

static int is_ascii_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Reads the character reference at s (s[0] == '&'): returns its length and sets *cp, or
 * returns 0 when s is a plain '&'. Named references need their ';' (so "AT&T;" stays
 * text), numeric ones read without it too. HTML knows every name above, XML the five. */
static size_t read_reference(const char *s, size_t n, int html, unsigned *cp) {
    size_t i = 1;
    if (i < n && s[i] == '#') {
        i++;
        int hex = i < n && (s[i] == 'x' || s[i] == 'X');
        if (hex) i++;
        unsigned long v = 0;
        size_t digits = 0;
        for (; i < n; i++, digits++) {
            int d = hex ? hex_value(s[i]) : (s[i] >= '0' && s[i] <= '9' ? s[i] - '0' : -1);
            if (d < 0) break;
            if (v <= 0x10FFFF) v = v * (hex ? 16 : 10) + (unsigned long)d;
        }
        if (!digits) return 0;
        if (i < n && s[i] == ';') i++;
        if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
            *cp = 0xFFFD;
        else if (html && v >= 0x80 && v <= 0x9F)
            *cp = cp1252_c1[v - 0x80];
        else
            *cp = (unsigned)v;
        return i;
    }
    size_t start = i;
    while (i < n && i - start <= 32 && is_ascii_alnum(s[i]))
        i++;
    if (i == start || i >= n || s[i] != ';') return 0;
    unsigned v = named_reference(s + start, i - start, html);
    if (!v) return 0;
    *cp = v;
    return i + 1;
}

void html_unescape(gbuf *b, const char *s, size_t n) {
    for (size_t i = 0; i < n;) {
        unsigned cp;
        size_t used = s[i] == '&' ? read_reference(s + i, n - i, 1, &cp) : 0;
        if (!used) used = utf8_decode((const unsigned char *)s + i, n - i, &cp);
        utf8_put(b, cp);
        i += used;
    }
}

/* What separates two pieces of text; the strongest asked for wins. */
enum { GAP_NONE, GAP_SPACE, GAP_LINE, GAP_PARAGRAPH };

typedef struct stripper {
    gbuf *b;
    int html;
    int gap;
    int any;      /* text written: gaps before the first and after the last are dropped */
    int pre;      /* depth of <pre>, where line breaks count */
    size_t no_gt; /* no '>' from here on: malformed markup is not searched twice */
} stripper;

static int is_space_cp(unsigned c) {
    return c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0x85 || c == 0x2028 || c == 0x2029 ||
           utf8proc_category((utf8proc_int32_t)c) == UTF8PROC_CATEGORY_ZS;
}

static void gap(stripper *st, int g) {
    if (g > st->gap) st->gap = g;
}

static void line_break(stripper *st) { st->gap = st->gap >= GAP_LINE ? GAP_PARAGRAPH : GAP_LINE; }

static void put_text_cp(stripper *st, unsigned cp) {
    if (cp == '\n' && (!st->html || st->pre)) {
        line_break(st);
    } else if (is_space_cp(cp)) {
        gap(st, GAP_SPACE);
    } else if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0xFEFF) {
        /* control characters and byte order marks are not text */
    } else {
        if (st->any && st->gap)
            gbuf_puts(st->b, st->gap == GAP_SPACE ? " " : st->gap == GAP_LINE ? "\n" : "\n\n");
        st->gap = GAP_NONE;
        st->any = 1;
        utf8_put(st->b, cp);
    }
}

static void put_text(stripper *st, const char *s, size_t n) {
    for (size_t i = 0; i < n;) {
        unsigned cp;
        i += utf8_decode((const unsigned char *)s + i, n - i, &cp);
        put_text_cp(st, cp);
    }
}

static int starts_with(const char *s, size_t n, size_t i, const char *prefix) {
    size_t len = strlen(prefix);
    return n - i >= len && memcmp(s + i, prefix, len) == 0;
}

/* Where needle first starts in s[from, n), or n. */
static size_t find(const char *s, size_t n, size_t from, const char *needle) {
    for (size_t k = from; k < n; k++)
        if (starts_with(s, n, k, needle)) return k;
    return n;
}

static int is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c; }

/* Just after the first '>' at or after from, or 0 when there is none. */
static size_t after_gt(stripper *st, const char *s, size_t n, size_t from) {
    if (from >= st->no_gt) return 0;
    size_t k = find(s, n, from, ">");
    if (k < n) return k + 1;
    st->no_gt = from;
    return 0;
}

/* Just after the '>' that ends the tag opened at s[i], or 0 when none does. A quote
 * after '=' opens an attribute value that may hold '>'; an unclosed one is ignored. */
static size_t tag_end(stripper *st, const char *s, size_t n, size_t i) {
    if (i + 1 >= st->no_gt) return 0;
    char quote = 0, last = 0;
    for (size_t k = i + 1; k < n; k++) {
        char c = s[k];
        if (quote) {
            if (c == quote) quote = 0;
        } else if ((c == '"' || c == '\'') && last == '=') {
            quote = c;
        } else if (c == '>') {
            return k + 1;
        }
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') last = c;
    }
    return after_gt(st, s, n, i + 1);
}

static int name_in(const char *name, const char *const *names) {
    for (; *names; names++)
        if (strcmp(name, *names) == 0) return 1;
    return 0;
}

/* Elements whose content is not text. */
static const char *const raw_elements[] = {"script", "style", "noscript", "template", "title", NULL};
/* Block elements: a line break around them, or a blank line. */
static const char *const line_elements[] = {"li", "tr", "dt", "dd", "option", "caption", NULL};
static const char *const paragraph_elements[] = {
    "p",       "div",     "h1",       "h2",      "h3",      "h4",     "h5",    "h6",     "blockquote",
    "section", "article", "ul",       "ol",      "dl",      "table",  "thead", "tbody",  "tfoot",
    "pre",     "hr",      "header",   "footer",  "nav",     "aside",  "main",  "figure", "figcaption",
    "address", "form",    "fieldset", "details", "summary", "center", NULL};

/* Just after the end tag of raw element `name` (its content is skipped), at or after
 * `from`; the end of s when it is never closed. */
static size_t skip_raw(const char *s, size_t n, size_t from, const char *name) {
    size_t len = strlen(name);
    for (size_t k = from; k + 2 + len <= n; k++) {
        if (s[k] != '<' || s[k + 1] != '/') continue;
        size_t m = 0;
        while (m < len && ascii_lower(s[k + 2 + m]) == name[m])
            m++;
        if (m < len) continue;
        char after = k + 2 + len < n ? s[k + 2 + len] : '>';
        if (after != '>' && after != '/' && after != ' ' && after != '\t' && after != '\n' && after != '\r')
            continue;
        size_t e = find(s, n, k + 2 + len, ">");
        return e < n ? e + 1 : n;
    }
    return n;
}

/* Reads the markup at s[i] == '<'; returns where the text goes on, or 0 when this '<' is
 * text itself ("a < b", a tag never closed). */
static size_t markup(stripper *st, const char *s, size_t n, size_t i) {
    if (starts_with(s, n, i, "<!--")) {
        size_t e = find(s, n, i + 2, "-->");
        return e < n ? e + 3 : n;
    }
    if (starts_with(s, n, i, "<![CDATA[")) {
        size_t e = find(s, n, i + 9, "]]>");
        put_text(st, s + i + 9, e - (i + 9));
        return e < n ? e + 3 : n;
    }
    if (i + 1 < n && (s[i + 1] == '!' || s[i + 1] == '?')) return after_gt(st, s, n, i + 2);
    int closing = i + 1 < n && s[i + 1] == '/';
    size_t k = i + 1 + (size_t)closing;
    if (k >= n || !is_ascii_alpha(s[k])) return 0;
    size_t end = tag_end(st, s, n, i);
    if (!end) return 0;
    if (!st->html) return end;
    char name[16];
    size_t len = 0;
    for (; k < n && (is_ascii_alnum(s[k]) || s[k] == '-' || s[k] == ':'); k++)
        if (len + 1 < sizeof name) name[len++] = ascii_lower(s[k]);
    name[len] = '\0';
    int self_closing = s[end - 2] == '/';
    if (strcmp(name, "br") == 0) {
        line_break(st);
    } else if (strcmp(name, "td") == 0 || strcmp(name, "th") == 0) {
        gap(st, GAP_SPACE);
    } else if (name_in(name, line_elements)) {
        gap(st, GAP_LINE);
    } else if (name_in(name, paragraph_elements)) {
        gap(st, GAP_PARAGRAPH);
    }
    if (strcmp(name, "pre") == 0 && !self_closing) {
        if (!closing)
            st->pre++;
        else if (st->pre)
            st->pre--;
    }
    if (!closing && !self_closing && name_in(name, raw_elements)) return skip_raw(s, n, end, name);
    return end;
}

void html_strip(gbuf *b, const char *s, size_t n, int html) {
    stripper st = {.b = b, .html = html, .no_gt = SIZE_MAX};
    for (size_t i = 0; i < n;) {
        if (s[i] == '<') {
            size_t next = markup(&st, s, n, i);
            if (next) {
                i = next;
                continue;
            }
        }
        unsigned cp;
        size_t used = s[i] == '&' ? read_reference(s + i, n - i, html, &cp) : 0;
        if (!used) used = utf8_decode((const unsigned char *)s + i, n - i, &cp);
        put_text_cp(&st, cp);
        i += used;
    }
}

