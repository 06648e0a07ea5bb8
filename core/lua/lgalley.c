/* lgalley.c — the `galley` module for plugins: json, html and xml tools here, text
 * (ltext.c) and date (ldate.c) assembled into it. */
#include "bridge.h"

#include <lauxlib.h>
#include <lua.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* The address of this variable is galley.json.null: a unique light userdata. */
static const char json_null_tag = 0;
#define JSON_NULL_PTR ((void *)&json_null_tag)

/* ---- json ----------------------------------------------------------------------- */

/* Counts the keys of the table at idx into *n; 1 when they are exactly 1..n. */
static int is_array(lua_State *L, int idx, size_t *n) {
    size_t count = 0;
    lua_Integer max = 0;
    int ints = 1;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        if (lua_isinteger(L, -1) && lua_tointeger(L, -1) >= 1) {
            lua_Integer k = lua_tointeger(L, -1);
            if (k > max) max = k;
        } else {
            ints = 0;
        }
        count++;
    }
    *n = count;
    return ints && count > 0 && (lua_Integer)count == max;
}

/* An object key as JSON writes it, and how to find its value again. */
typedef struct obj_key {
    char *text;
    int numeric;
    lua_Number num;
} obj_key;

static int key_cmp(const void *a, const void *b) {
    return strcmp(((const obj_key *)a)->text, ((const obj_key *)b)->text);
}

static int encode(lua_State *L, int idx, gbuf *b, char *err, size_t errsize, int depth) {
    idx = lua_absindex(L, idx);
    if (depth > 128) {
        snprintf(err, errsize, "cannot encode: nesting deeper than 128 (a cycle?)");
        return -1;
    }
    switch (lua_type(L, idx)) {
    case LUA_TNIL: gbuf_puts(b, "null"); return 0;
    case LUA_TBOOLEAN: gbuf_puts(b, lua_toboolean(L, idx) ? "true" : "false"); return 0;
    case LUA_TNUMBER:
        if (lua_isinteger(L, idx)) gbuf_printf(b, "%lld", (long long)lua_tointeger(L, idx));
        else json_put_number(b, lua_tonumber(L, idx));
        return 0;
    case LUA_TSTRING: {
        size_t len;
        const char *s = lua_tolstring(L, idx, &len);
        json_put_stringn(b, s, len);
        return 0;
    }
    case LUA_TLIGHTUSERDATA:
        if (lua_touserdata(L, idx) == JSON_NULL_PTR) {
            gbuf_puts(b, "null");
            return 0;
        }
        break;
    case LUA_TTABLE: {
        size_t n;
        luaL_checkstack(L, 4, "json encode");
        if (is_array(L, idx, &n)) {
            gbuf_putc(b, '[');
            for (size_t i = 1; i <= n; i++) {
                if (i > 1) gbuf_putc(b, ',');
                lua_rawgeti(L, idx, (lua_Integer)i);
                int rc = encode(L, -1, b, err, errsize, depth + 1);
                lua_pop(L, 1);
                if (rc < 0) return -1;
            }
            gbuf_putc(b, ']');
            return 0;
        }
        /* Objects: collect the keys as strings, sort them, then write. */
        obj_key *keys = n ? calloc(n, sizeof *keys) : NULL;
        size_t nk = 0;
        int rc = 0;
        if (n && !keys) {
            snprintf(err, errsize, "out of memory");
            return -1;
        }
        lua_pushnil(L);
        while (lua_next(L, idx)) {
            lua_pop(L, 1);
            int t = lua_type(L, -1);
            if (t != LUA_TSTRING && t != LUA_TNUMBER) {
                snprintf(err, errsize, "cannot encode a table key of type %s", luaL_typename(L, -1));
                rc = -1;
            } else {
                keys[nk].numeric = t == LUA_TNUMBER;
                keys[nk].num = t == LUA_TNUMBER ? lua_tonumber(L, -1) : 0;
                lua_pushvalue(L, -1); /* lua_tostring must not convert the key in place */
                keys[nk].text = g_strdup(lua_tostring(L, -1));
                lua_pop(L, 1);
                if (!keys[nk].text) {
                    snprintf(err, errsize, "out of memory");
                    rc = -1;
                } else {
                    nk++;
                }
            }
            if (rc < 0) {
                lua_pop(L, 1);
                break;
            }
        }
        if (rc == 0) {
            if (nk) qsort(keys, nk, sizeof *keys, key_cmp);
            gbuf_putc(b, '{');
            for (size_t i = 0; i < nk && rc == 0; i++) {
                if (i) gbuf_putc(b, ',');
                json_put_string(b, keys[i].text);
                gbuf_putc(b, ':');
                if (keys[i].numeric) lua_pushnumber(L, keys[i].num);
                else lua_pushstring(L, keys[i].text);
                lua_rawget(L, idx);
                rc = encode(L, -1, b, err, errsize, depth + 1);
                lua_pop(L, 1);
            }
            gbuf_putc(b, '}');
        }
        for (size_t i = 0; i < nk; i++) free(keys[i].text);
        free(keys);
        return rc;
    }
    default: break;
    }
    snprintf(err, errsize, "cannot encode a value of type %s", luaL_typename(L, idx));
    return -1;
}

int lbridge_json_encode(lua_State *L, int idx, gbuf *b, char *err, size_t errsize) {
    return encode(L, idx, b, err, errsize, 0);
}

void lbridge_json_push(lua_State *L, const json_value *v) {
    luaL_checkstack(L, 3, "json decode");
    switch (v->type) {
    case JSON_NULL: lua_pushlightuserdata(L, JSON_NULL_PTR); break;
    case JSON_FALSE: lua_pushboolean(L, 0); break;
    case JSON_TRUE: lua_pushboolean(L, 1); break;
    case JSON_NUMBER:
        /* Range first: casting a double outside lua_Integer's range is undefined. */
        if (v->number > -9.007199254740992e15 && v->number < 9.007199254740992e15 &&
            v->number == (double)(lua_Integer)v->number)
            lua_pushinteger(L, (lua_Integer)v->number);
        else
            lua_pushnumber(L, v->number);
        break;
    case JSON_STRING: lua_pushlstring(L, v->string, v->len); break;
    case JSON_ARRAY:
        lua_createtable(L, (int)v->len, 0);
        for (size_t i = 0; i < v->len; i++) {
            lbridge_json_push(L, &v->items[i]);
            lua_rawseti(L, -2, (lua_Integer)i + 1);
        }
        break;
    case JSON_OBJECT:
        lua_createtable(L, 0, (int)v->len);
        for (size_t i = 0; i < v->len; i++) {
            lbridge_json_push(L, &v->items[i]);
            lua_setfield(L, -2, v->keys[i]);
        }
        break;
    }
}

static int l_json_encode(lua_State *L) {
    luaL_checkany(L, 1);
    gbuf b = GBUF_INIT;
    char err[256];
    if (lbridge_json_encode(L, 1, &b, err, sizeof err) < 0) {
        gbuf_free(&b);
        return luaL_error(L, "galley.json.encode: %s", err);
    }
    if (b.failed) return luaL_error(L, "galley.json.encode: out of memory");
    lua_pushlstring(L, b.data, b.len);
    gbuf_free(&b);
    return 1;
}

static int l_json_decode(lua_State *L) {
    size_t len;
    const char *s = luaL_checklstring(L, 1, &len);
    char err[256];
    json_value *v = json_parse(s, len, err, sizeof err);
    if (!v) return luaL_error(L, "galley.json.decode: %s", err);
    lbridge_json_push(L, v);
    json_free(v);
    return 1;
}

/* ---- html / xml -------------------------------------------------------------------- */

static int escape(lua_State *L, int xml) {
    size_t len;
    const char *s = luaL_checklstring(L, 1, &len);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '&': luaL_addstring(&b, "&amp;"); break;
        case '<': luaL_addstring(&b, "&lt;"); break;
        case '>': luaL_addstring(&b, "&gt;"); break;
        case '"': luaL_addstring(&b, "&quot;"); break;
        case '\'': luaL_addstring(&b, xml ? "&apos;" : "&#39;"); break;
        default:
            /* XML 1.0 cannot hold most control characters, even escaped. */
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                if (!xml) luaL_addchar(&b, ' ');
            } else {
                luaL_addchar(&b, (char)c);
            }
        }
    }
    luaL_pushresult(&b);
    return 1;
}

static int l_html_escape(lua_State *L) { return escape(L, 0); }
static int l_xml_escape(lua_State *L) { return escape(L, 1); }

/* ---- html / xml: strip and unescape --------------------------------------------------- */

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

static void add_cp(luaL_Buffer *b, unsigned cp) {
    utf8proc_uint8_t enc[4];
    utf8proc_ssize_t m = utf8proc_encode_char((utf8proc_int32_t)cp, enc);
    luaL_addlstring(b, (const char *)enc, (size_t)m);
}

static int l_html_unescape(lua_State *L) {
    size_t n;
    const char *s = luaL_checklstring(L, 1, &n);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (size_t i = 0; i < n;) {
        unsigned cp;
        size_t used = s[i] == '&' ? read_reference(s + i, n - i, 1, &cp) : 0;
        if (!used) used = utf8_decode((const unsigned char *)s + i, n - i, &cp);
        add_cp(&b, cp);
        i += used;
    }
    luaL_pushresult(&b);
    return 1;
}

/* What separates two pieces of text; the strongest asked for wins. */
enum { GAP_NONE, GAP_SPACE, GAP_LINE, GAP_PARAGRAPH };

typedef struct stripper {
    luaL_Buffer b;
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
            luaL_addstring(&st->b, st->gap == GAP_SPACE ? " " : st->gap == GAP_LINE ? "\n" : "\n\n");
        st->gap = GAP_NONE;
        st->any = 1;
        add_cp(&st->b, cp);
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

static int strip(lua_State *L, int html) {
    size_t n;
    const char *s = luaL_checklstring(L, 1, &n);
    stripper st = {.html = html, .no_gt = SIZE_MAX};
    luaL_buffinit(L, &st.b);
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
    luaL_pushresult(&st.b);
    return 1;
}

static int l_html_strip(lua_State *L) { return strip(L, 1); }
static int l_xml_strip(lua_State *L) { return strip(L, 0); }

static void set_funcs(lua_State *L, const char *name, const luaL_Reg *fns) {
    lua_newtable(L);
    luaL_setfuncs(L, fns, 0);
    lua_setfield(L, -2, name);
}

int luaopen_galley(lua_State *L) {
    static const luaL_Reg json[] = {{"encode", l_json_encode}, {"decode", l_json_decode}, {NULL, NULL}};
    static const luaL_Reg html[] = {
        {"escape", l_html_escape}, {"unescape", l_html_unescape}, {"strip", l_html_strip}, {NULL, NULL}};
    static const luaL_Reg xml[] = {{"escape", l_xml_escape}, {"strip", l_xml_strip}, {NULL, NULL}};
    lua_newtable(L);
    lua_pushstring(L, GALLEY_VERSION);
    lua_setfield(L, -2, "version");
    set_funcs(L, "json", json);
    lua_getfield(L, -1, "json");
    lua_pushlightuserdata(L, JSON_NULL_PTR);
    lua_setfield(L, -2, "null");
    lua_pop(L, 1);
    set_funcs(L, "html", html);
    set_funcs(L, "xml", xml);
    luaopen_galley_text(L);
    lua_setfield(L, -2, "text");
    luaopen_galley_date(L);
    lua_setfield(L, -2, "date");
    lbridge_open_lang(L);
    lbridge_open_places(L);
    return 1;
}
