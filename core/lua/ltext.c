/* ltext.c — galley.text for plugins: case, words, slugs, sentences, stemming, stop words,
 * n-grams and simhash. Invalid UTF-8 never reaches a result: it reads as U+FFFD. */
#include "../stopwords.h"
#include "../words.h"
#include "bridge.h"

#include <lauxlib.h>
#include <libstemmer.h>
#include <limits.h>
#include <lua.h>
#include <stdint.h>
#include <string.h>
#include <utf8proc.h>
#include <xxhash.h>

#define FOLD_OPTS (UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD)

/* Registry keys of the per-state caches, and the stemmer cache's metatable. */
#define STEMMERS_KEY "galley.stemmers"
#define STOPWORDS_KEY "galley.stopwords"
#define STEMMERS_META "galley.stemmer_cache"

/* ---- UTF-8 and case ------------------------------------------------------------ */

/* Pushes the string argument arg with every invalid UTF-8 sequence replaced by U+FFFD
 * (the argument itself when it is valid); returns it. */
static const char *push_valid(lua_State *L, int arg, size_t *len) {
    size_t n;
    const char *s = luaL_checklstring(L, arg, &n);
    if (utf8_valid(s, n)) {
        lua_pushvalue(L, arg);
        *len = n;
        return s;
    }
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (size_t i = 0; i < n;) {
        size_t step = utf8_seq((const unsigned char *)s + i, n - i);
        if (step) {
            luaL_addlstring(&b, s + i, step);
            i += step;
        } else {
            luaL_addstring(&b, "\xEF\xBF\xBD");
            i++;
        }
    }
    luaL_pushresult(&b);
    return lua_tolstring(L, -1, len);
}

/* Pushes valid UTF-8 s mapped by utf8proc. The work buffer is a userdata, so that a Lua
 * error cannot leak it. */
static const char *push_mapped(lua_State *L, const char *s, size_t len, utf8proc_option_t opts,
                               size_t *outlen) {
    if (len > (size_t)(PTRDIFF_MAX / 8)) luaL_error(L, "galley.text: string too long");
    const utf8proc_uint8_t *in = (const utf8proc_uint8_t *)s;
    utf8proc_ssize_t n = utf8proc_decompose(in, (utf8proc_ssize_t)len, NULL, 0, opts);
    if (n < 0) luaL_error(L, "galley.text: %s", utf8proc_errmsg(n));
    /* utf8proc re-encodes in place: n code points, then at most 4n bytes and a NUL. */
    utf8proc_int32_t *buf = lua_newuserdatauv(L, (size_t)n * sizeof *buf + 1, 0);
    utf8proc_ssize_t m = utf8proc_decompose(in, (utf8proc_ssize_t)len, buf, n, opts);
    if (m < 0 || m > n) luaL_error(L, "galley.text: %s", utf8proc_errmsg(m < 0 ? m : UTF8PROC_ERROR_NOMEM));
    m = utf8proc_reencode(buf, m, opts);
    if (m < 0) luaL_error(L, "galley.text: %s", utf8proc_errmsg(m));
    const char *out = lua_pushlstring(L, (const char *)buf, (size_t)m);
    lua_remove(L, -2);
    *outlen = (size_t)m;
    return out;
}

/* Pushes the string argument arg sanitized and case-folded; returns it. */
static const char *push_folded_arg(lua_State *L, int arg, size_t *len) {
    size_t n;
    const char *s = push_valid(L, arg, &n);
    s = push_mapped(L, s, n, FOLD_OPTS, len);
    lua_remove(L, -2);
    return s;
}

static int l_text_lower(lua_State *L) {
    push_folded_arg(L, 1, &(size_t){0});
    return 1;
}

static int l_text_normalize(lua_State *L) {
    size_t len;
    const char *s = push_valid(L, 1, &len);
    push_mapped(L, s, len, UTF8PROC_STABLE | UTF8PROC_COMPOSE, &len);
    return 1;
}

/* ---- words ------------------------------------------------------------------------ */

/* A word of a text: bytes [start, start + len). */
typedef struct span {
    size_t start, len;
} span;

typedef struct word_pusher {
    lua_State *L;
    const char *s;
    lua_Integer n;
} word_pusher;

static void push_word(void *ud, size_t start, size_t len) {
    word_pusher *p = ud;
    lua_pushlstring(p->L, p->s + start, len);
    lua_rawseti(p->L, -2, ++p->n);
}

static int l_text_words(lua_State *L) {
    size_t len;
    const char *s = luaL_checklstring(L, 1, &len);
    lua_newtable(L);
    word_pusher p = {L, s, 0};
    words_each((const unsigned char *)s, len, push_word, &p);
    return 1;
}

typedef struct span_list {
    span *items; /* NULL while counting */
    size_t n;
} span_list;

static void add_span(void *ud, size_t start, size_t len) {
    span_list *w = ud;
    if (w->items) w->items[w->n] = (span){start, len};
    w->n++;
}

/* The words of s as spans, in a userdata pushed on the stack (empty: *n == 0). */
static span *push_spans(lua_State *L, const char *s, size_t len, size_t *n) {
    span_list w = {NULL, 0};
    words_each((const unsigned char *)s, len, add_span, &w);
    w.items = lua_newuserdatauv(L, (w.n ? w.n : 1) * sizeof *w.items, 0);
    w.n = 0;
    words_each((const unsigned char *)s, len, add_span, &w);
    *n = w.n;
    return w.items;
}

/* ---- slug ------------------------------------------------------------------------- */

static int l_text_slug(lua_State *L) {
    lua_settop(L, 2);
    size_t len, n;
    const char *s = push_valid(L, 1, &len);
    lua_Integer max = luaL_optinteger(L, 2, 80);
    const unsigned char *folded = (const unsigned char *)push_mapped(
        L, s, len,
        UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK, &n);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    size_t out = 0;
    int dash = 0;
    for (size_t i = 0; i < n;) {
        unsigned cp;
        size_t step = utf8_decode(folded + i, n - i, &cp);
        if (words_is_word_char((int32_t)cp) && cp != '_') {
            /* Check the length with the dash, so that a cut slug never ends with one. */
            size_t sep = dash && out ? 1 : 0;
            if (out + sep + step > (size_t)max) break;
            if (sep) luaL_addchar(&b, '-');
            dash = 0;
            luaL_addlstring(&b, (const char *)folded + i, step);
            out += sep + step;
        } else {
            dash = 1;
        }
        i += step;
    }
    luaL_pushresult(&b);
    return 1;
}

/* ---- sentences -------------------------------------------------------------------- */

enum { END_NONE, END_SPACED, END_CJK };

/* Sentence-ending punctuation that needs a space (or the end of the text) after it. The
 * Arabic comma U+060C does not end a sentence. */
static const unsigned spaced_terminators[] = {
    '.',    '!',    '?',    0x2026,         /* … */
    0x203C, 0x203D, 0x2047, 0x2048, 0x2049, /* ‼ ‽ ⁇ ⁈ ⁉ */
    0x061F,                                 /* ؟ Arabic question mark */
    0x06D4,                                 /* ۔ Arabic full stop */
    0x0589,                                 /* ։ Armenian full stop */
    0x0964, 0x0965,                         /* । ॥ Devanagari danda */
    0x1362,                                 /* ። Ethiopic full stop */
};

/* CJK sentence ends, which need no space after them: 。！？．｡ */
static const unsigned cjk_terminators[] = {0x3002, 0xFF01, 0xFF1F, 0xFF0E, 0xFF61};

/* Quotes and brackets that close after a sentence's terminator (German closes with “ ‘). */
static const unsigned closers[] = {
    '"',    '\'',   ')',    ']',    '}',    0x2019, 0x201D, 0x201C, 0x2018, 0x00BB, 0x00AB, 0x203A,
    0x2039, 0x300D, 0x300F, 0x3009, 0x300B, 0x3011, 0x3015, 0x3017, 0xFF09, 0xFF3D, 0xFF63,
};

/* Quotes, brackets and inverted marks that may open the next sentence. */
static const unsigned openers[] = {
    '"',    '\'',   '(',    '[',    '{',    0x201C, 0x2018, 0x201E, 0x201A, 0x00AB,
    0x00BB, 0x2039, 0x300C, 0x300E, 0x3008, 0x300A, 0x3010, 0xFF08, 0x00BF, 0x00A1,
};

#define IN_SET(c, set) in_set(c, set, sizeof set / sizeof set[0])

static int in_set(unsigned c, const unsigned *set, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (set[i] == c) return 1;
    return 0;
}

static int terminator_kind(unsigned c) {
    if (IN_SET(c, spaced_terminators)) return END_SPACED;
    if (IN_SET(c, cjk_terminators)) return END_CJK;
    return END_NONE;
}

static int is_closer(unsigned c) { return IN_SET(c, closers); }
static int is_opener(unsigned c) { return IN_SET(c, openers); }

static int is_space(unsigned c) {
    return c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0x85 || c == 0xA0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
           c == 0x3000;
}

/* Abbreviations after which a full stop does not end a sentence, case-folded, without
 * their final dot. Others ("etc.", "Inc.", "a.m.") end one unless a lower-case word
 * follows, as every terminator does. */
static const char *const abbreviations[] = {
    "mr",  "mrs", "ms",  "mx",  "dr",   "prof", "st",   "rev", "fr",  "hon",  "gen",  "col",  "capt",
    "cpt", "lt",  "sgt", "maj", "cmdr", "adm",  "brig", "gov", "sen", "rep",  "pres", "supt", "insp",
    "mt",  "ft",  "vs",  "v",   "cf",   "al",   "e.g",  "i.e", "viz", "ph.d", "mme",  "mlle", "z.b",
    "bzw", "d.h", "u.a", "ул",  "проф", "акад", "св",   "т.е", "т.д", "т.п",  "т.к",  NULL};

/* Abbreviations only before a number: "No. 10", "Oct. 5" (but "The answer was no."). */
static const char *const number_abbreviations[] = {
    "no",  "nos", "nr",  "fig", "figs", "vol", "vols", "pp",   "p",   "approx", "ca",  "jan",
    "feb", "mar", "apr", "jun", "jul",  "aug", "sep",  "sept", "oct", "nov",    "dec", NULL};

/* Whether the word cps[from, to) (just before a full stop) is an abbreviation; `number`
 * when a number follows. */
static int is_abbreviation(const unsigned *cps, size_t from, size_t to, int number) {
    while (from < to && is_opener(cps[from]))
        from++;
    if (from == to) return 0;
    /* A single capital is an initial: "J. K. Rowling", "В. В. Путин". */
    if (to - from == 1 && utf8proc_category((utf8proc_int32_t)cps[from]) == UTF8PROC_CATEGORY_LU) return 1;
    /* Capitals joined by dots: "U.S", "U.K", "D.C". */
    int dotted = to - from >= 3;
    for (size_t k = from; k < to && dotted; k++) {
        int letter_place = (k - from) % 2 == 0;
        dotted = letter_place ? utf8proc_category((utf8proc_int32_t)cps[k]) == UTF8PROC_CATEGORY_LU
                              : cps[k] == '.';
    }
    if (dotted && (to - from) % 2 == 1) return 1;
    char word[32];
    size_t n = 0;
    for (size_t k = from; k < to; k++) {
        unsigned c = (unsigned)utf8proc_tolower((utf8proc_int32_t)cps[k]);
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t m = utf8proc_encode_char((utf8proc_int32_t)c, enc);
        if (n + (size_t)m >= sizeof word) return 0;
        memcpy(word + n, enc, (size_t)m);
        n += (size_t)m;
    }
    word[n] = '\0';
    for (const char *const *a = abbreviations; *a; a++)
        if (strcmp(*a, word) == 0) return 1;
    for (const char *const *a = number_abbreviations; *a && number; a++)
        if (strcmp(*a, word) == 0) return 1;
    return 0;
}

/* Whether a sentence ends after the terminators cps[i, j) and the closers up to k. */
static int ends_sentence(const unsigned *cps, size_t n, size_t start, size_t i, size_t j, size_t k) {
    for (size_t t = i; t < j; t++)
        if (terminator_kind(cps[t]) == END_CJK) return 1;
    if (k == n) return 1;
    if (!is_space(cps[k])) return 0; /* "3.14", "e.g.", "Yahoo!Inc" */
    size_t m = k;
    while (m < n && (is_space(cps[m]) || is_opener(cps[m])))
        m++;
    /* A lower-case word goes on the sentence: "he asked", "approx. five", "Wait... what". */
    if (m < n && utf8proc_category((utf8proc_int32_t)cps[m]) == UTF8PROC_CATEGORY_LL) return 0;
    if (j == i + 1 && cps[i] == '.') {
        size_t w = i;
        while (w > start && !is_space(cps[w - 1]))
            w--;
        int number = m < n && utf8proc_category((utf8proc_int32_t)cps[m]) == UTF8PROC_CATEGORY_ND;
        if (is_abbreviation(cps, w, i, number)) return 0;
    }
    return 1;
}

/* Appends cps[from, to) to the result table at -1 when it holds more than spaces,
 * with runs of spaces as one and control characters left out. */
static void push_sentence(lua_State *L, const unsigned *cps, size_t from, size_t to, lua_Integer *count) {
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    int space = 0, any = 0;
    for (size_t k = from; k < to; k++) {
        unsigned c = cps[k];
        if (is_space(c)) {
            space = any;
            continue;
        }
        if (c < 0x20 || (c >= 0x7F && c < 0xA0)) continue;
        if (space) luaL_addchar(&b, ' ');
        space = 0, any = 1;
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t m = utf8proc_encode_char((utf8proc_int32_t)c, enc);
        luaL_addlstring(&b, (const char *)enc, (size_t)m);
    }
    luaL_pushresult(&b);
    if (any)
        lua_rawseti(L, -2, ++*count);
    else
        lua_pop(L, 1);
}

static int l_text_sentences(lua_State *L) {
    size_t len;
    const unsigned char *s = (const unsigned char *)luaL_checklstring(L, 1, &len);
    if (len > SIZE_MAX / sizeof(unsigned)) luaL_error(L, "galley.text.sentences: string too long");
    unsigned *cps = lua_newuserdatauv(L, (len ? len : 1) * sizeof *cps, 0);
    size_t n = 0;
    for (size_t i = 0; i < len;)
        i += utf8_decode(s + i, len - i, &cps[n++]);
    lua_newtable(L);
    lua_Integer count = 0;
    size_t start = 0;
    for (size_t i = 0; i < n;) {
        unsigned c = cps[i];
        if (c == '\n' || c == 0x2029) {
            /* A blank line (a paragraph break) always ends a sentence. */
            size_t m = i + 1;
            while (m < n && is_space(cps[m]) && cps[m] != '\n')
                m++;
            if (c == 0x2029 || (m < n && cps[m] == '\n')) {
                push_sentence(L, cps, start, i, &count);
                start = i = m;
                continue;
            }
            i++;
            continue;
        }
        if (terminator_kind(c) == END_NONE) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < n && terminator_kind(cps[j]) != END_NONE)
            j++;
        size_t k = j;
        while (k < n && is_closer(cps[k]))
            k++;
        if (ends_sentence(cps, n, start, i, j, k)) {
            push_sentence(L, cps, start, k, &count);
            start = k;
        }
        i = k;
    }
    push_sentence(L, cps, start, n, &count);
    return 1;
}

/* ---- languages -------------------------------------------------------------------- */

/* ISO 639-1 codes and the Snowball algorithm of each. */
static const struct {
    const char *code, *name;
} languages[] = {
    {"ar", "arabic"},    {"hy", "armenian"},   {"eu", "basque"},    {"ca", "catalan"},    {"da", "danish"},
    {"nl", "dutch"},     {"en", "english"},    {"fi", "finnish"},   {"fr", "french"},     {"de", "german"},
    {"el", "greek"},     {"hi", "hindi"},      {"hu", "hungarian"}, {"id", "indonesian"}, {"ga", "irish"},
    {"it", "italian"},   {"lt", "lithuanian"}, {"ne", "nepali"},    {"no", "norwegian"},  {"nb", "norwegian"},
    {"nn", "norwegian"}, {"pt", "portuguese"}, {"ro", "romanian"},  {"ru", "russian"},    {"sr", "serbian"},
    {"es", "spanish"},   {"sv", "swedish"},    {"ta", "tamil"},     {"tr", "turkish"},    {"yi", "yiddish"},
};
#define N_LANGUAGES (sizeof languages / sizeof languages[0])

/* The language argument arg in lower case, without a region ("en-GB" → "en"), in out;
 * "" when it cannot be a language name. */
static void language_arg(lua_State *L, int arg, char *out, size_t size) {
    size_t len;
    const char *s = luaL_checklstring(L, arg, &len);
    size_t n = 0;
    for (; n < len && s[n] != '-' && s[n] != '_'; n++) {
        char c = s[n];
        if (n + 1 >= size || !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
            n = 0;
            break;
        }
        out[n] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    out[n] = '\0';
}

/* The position in sb_stemmer_list() of the algorithm for lang (a code or a name), or -1. */
static int find_algorithm(const char *lang) {
    const char *name = lang;
    for (size_t i = 0; i < N_LANGUAGES; i++)
        if (strcmp(languages[i].code, lang) == 0) name = languages[i].name;
    const char **list = sb_stemmer_list();
    for (int i = 0; list[i]; i++)
        if (strcmp(list[i], name) == 0) return i;
    return -1;
}

/* The ISO code for lang (a code or an algorithm name), or NULL. */
static const char *find_code(const char *lang) {
    for (size_t i = 0; i < N_LANGUAGES; i++)
        if (strcmp(languages[i].code, lang) == 0 || strcmp(languages[i].name, lang) == 0)
            return languages[i].code;
    return NULL;
}

/* ---- stem ------------------------------------------------------------------------- */

/* The stemmers of one Lua state, made when first asked for, freed with the state. */
typedef struct stemmer_cache {
    size_t n;
    struct sb_stemmer *stemmers[];
} stemmer_cache;

static int stemmer_cache_gc(lua_State *L) {
    stemmer_cache *c = luaL_checkudata(L, 1, STEMMERS_META);
    for (size_t i = 0; i < c->n; i++) {
        if (c->stemmers[i]) sb_stemmer_delete(c->stemmers[i]);
        c->stemmers[i] = NULL;
    }
    return 0;
}

static stemmer_cache *get_stemmer_cache(lua_State *L) {
    if (lua_getfield(L, LUA_REGISTRYINDEX, STEMMERS_KEY) == LUA_TUSERDATA) {
        stemmer_cache *c = lua_touserdata(L, -1);
        lua_pop(L, 1);
        return c;
    }
    lua_pop(L, 1);
    size_t n = 0;
    for (const char **list = sb_stemmer_list(); list[n];)
        n++;
    stemmer_cache *c = lua_newuserdatauv(L, sizeof *c + n * sizeof c->stemmers[0], 0);
    c->n = n;
    for (size_t i = 0; i < n; i++)
        c->stemmers[i] = NULL;
    if (luaL_newmetatable(L, STEMMERS_META)) {
        lua_pushcfunction(L, stemmer_cache_gc);
        lua_setfield(L, -2, "__gc");
    }
    lua_setmetatable(L, -2);
    lua_setfield(L, LUA_REGISTRYINDEX, STEMMERS_KEY);
    return c;
}

static int unknown_language(lua_State *L, const char *fn, int arg) {
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    const char **list = sb_stemmer_list();
    for (int i = 0; list[i]; i++) {
        if (i) luaL_addstring(&b, ", ");
        luaL_addstring(&b, list[i]);
        for (size_t k = 0; k < N_LANGUAGES; k++) {
            if (strcmp(languages[k].name, list[i]) == 0) {
                luaL_addstring(&b, " (");
                luaL_addstring(&b, languages[k].code);
                luaL_addchar(&b, ')');
                break;
            }
        }
    }
    luaL_pushresult(&b);
    return luaL_error(L, "%s: unknown language '%s' (known: %s)", fn, lua_tostring(L, arg),
                      lua_tostring(L, -1));
}

static struct sb_stemmer *get_stemmer(lua_State *L, int arg) {
    char lang[32];
    language_arg(L, arg, lang, sizeof lang);
    int i = lang[0] ? find_algorithm(lang) : -1;
    if (i < 0) unknown_language(L, "galley.text.stem", arg);
    stemmer_cache *c = get_stemmer_cache(L);
    if ((size_t)i >= c->n) unknown_language(L, "galley.text.stem", arg);
    if (!c->stemmers[i]) {
        c->stemmers[i] = sb_stemmer_new(sb_stemmer_list()[i], "UTF_8");
        if (!c->stemmers[i]) luaL_error(L, "galley.text.stem: out of memory");
    }
    return c->stemmers[i];
}

/* Pushes the stem of the string at idx. */
static void push_stem(lua_State *L, struct sb_stemmer *st, int idx) {
    size_t len;
    const char *w = push_folded_arg(L, idx, &len);
    if (len > INT_MAX) luaL_error(L, "galley.text.stem: word too long");
    const sb_symbol *out = sb_stemmer_stem(st, (const sb_symbol *)w, (int)len);
    if (!out) luaL_error(L, "galley.text.stem: out of memory");
    lua_pushlstring(L, (const char *)out, (size_t)sb_stemmer_length(st));
    lua_remove(L, -2);
}

static int l_text_stem(lua_State *L) {
    lua_settop(L, 2);
    int t = lua_type(L, 1);
    luaL_argexpected(L, t == LUA_TSTRING || t == LUA_TNUMBER || t == LUA_TTABLE, 1,
                     "string or array of strings");
    struct sb_stemmer *st = get_stemmer(L, 2);
    if (t != LUA_TTABLE) {
        push_stem(L, st, 1);
        return 1;
    }
    lua_Integer n = (lua_Integer)lua_rawlen(L, 1);
    lua_createtable(L, n < INT_MAX ? (int)n : 0, 0);
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, 1, i);
        if (!lua_isstring(L, -1))
            luaL_error(L, "galley.text.stem: item %I of the array is a %s, not a string", (LUAI_UACINT)i,
                       luaL_typename(L, -1));
        push_stem(L, st, lua_gettop(L));
        lua_remove(L, -2);
        lua_rawseti(L, -2, i);
    }
    return 1;
}

/* ---- stop words ------------------------------------------------------------------- */

/* Pushes the (cached, never handed out) stop word set of the language argument arg:
 * an empty table for a language without a list. */
static void push_stopword_set(lua_State *L, int arg) {
    char lang[32];
    language_arg(L, arg, lang, sizeof lang);
    const char *code = lang[0] ? find_code(lang) : NULL;
    const char *const *words = code ? stopwords_list(code) : NULL;
    if (!words) {
        lua_newtable(L);
        return;
    }
    if (lua_getfield(L, LUA_REGISTRYINDEX, STOPWORDS_KEY) != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_newtable(L);
        lua_pushvalue(L, -1);
        lua_setfield(L, LUA_REGISTRYINDEX, STOPWORDS_KEY);
    }
    if (lua_getfield(L, -1, code) != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_newtable(L);
        for (size_t i = 0; words[i]; i++) {
            lua_pushboolean(L, 1);
            lua_setfield(L, -2, words[i]);
        }
        lua_pushvalue(L, -1);
        lua_setfield(L, -3, code);
    }
    lua_remove(L, -2);
}

static int l_text_stopwords(lua_State *L) {
    push_stopword_set(L, 1);
    /* A copy, so that a plugin changing it changes no one else's. */
    lua_newtable(L);
    lua_pushnil(L);
    while (lua_next(L, -3)) {
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_rawset(L, -4);
    }
    return 1;
}

static int l_text_is_stopword(lua_State *L) {
    lua_settop(L, 2);
    size_t len;
    push_folded_arg(L, 1, &len);
    /* The lists write the apostrophe as ', texts often as ’. */
    luaL_gsub(L, lua_tostring(L, -1), "\xE2\x80\x99", "'");
    push_stopword_set(L, 2);
    lua_insert(L, -2);
    lua_pushboolean(L, lua_rawget(L, -2) == LUA_TBOOLEAN);
    return 1;
}

/* ---- n-grams ---------------------------------------------------------------------- */

/* The n argument arg: at least 1. */
static lua_Integer check_n(lua_State *L, int arg) {
    lua_Integer n = luaL_checkinteger(L, arg);
    luaL_argcheck(L, n >= 1, arg, "n must be at least 1");
    return n;
}

static int l_text_ngrams(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_Integer n = check_n(L, 2);
    lua_Integer count = (lua_Integer)lua_rawlen(L, 1);
    for (lua_Integer i = 1; i <= count; i++) {
        if (lua_rawgeti(L, 1, i) != LUA_TSTRING && !lua_isnumber(L, -1))
            luaL_error(L, "galley.text.ngrams: item %I of the array is a %s, not a string", (LUAI_UACINT)i,
                       luaL_typename(L, -1));
        lua_pop(L, 1);
    }
    lua_newtable(L);
    for (lua_Integer i = 1; n <= count && i <= count - n + 1; i++) {
        luaL_Buffer b;
        luaL_buffinit(L, &b);
        for (lua_Integer k = 0; k < n; k++) {
            if (k) luaL_addchar(&b, ' ');
            lua_rawgeti(L, 1, i + k);
            luaL_addvalue(&b);
        }
        luaL_pushresult(&b);
        lua_rawseti(L, -2, i);
    }
    return 1;
}

static int l_text_shingles(lua_State *L) {
    lua_settop(L, 2);
    size_t len, nwords;
    const char *s = push_folded_arg(L, 1, &len);
    lua_Integer n = check_n(L, 2);
    const span *w = push_spans(L, s, len, &nwords);
    lua_newtable(L);
    lua_Integer count = (lua_Integer)nwords;
    for (lua_Integer i = 0; n <= count && i <= count - n; i++) {
        luaL_Buffer b;
        luaL_buffinit(L, &b);
        for (lua_Integer k = 0; k < n; k++) {
            if (k) luaL_addchar(&b, ' ');
            luaL_addlstring(&b, s + w[i + k].start, w[i + k].len);
        }
        luaL_pushresult(&b);
        lua_rawseti(L, -2, i + 1);
    }
    return 1;
}

/* ---- simhash ---------------------------------------------------------------------- */

static int l_text_simhash(lua_State *L) {
    lua_settop(L, 1);
    int t = lua_type(L, 1);
    luaL_argexpected(L, t == LUA_TSTRING || t == LUA_TNUMBER || t == LUA_TTABLE, 1,
                     "string or array of strings");
    uint64_t value;
    if (t == LUA_TTABLE) {
        int64_t weights[64] = {0};
        lua_Integer n = (lua_Integer)lua_rawlen(L, 1);
        for (lua_Integer i = 1; i <= n; i++) {
            if (lua_rawgeti(L, 1, i) != LUA_TSTRING && !lua_isnumber(L, -1))
                luaL_error(L, "galley.text.simhash: item %I of the array is a %s, not a string",
                           (LUAI_UACINT)i, luaL_typename(L, -1));
            size_t len;
            const char *f = push_folded_arg(L, lua_gettop(L), &len);
            words_simhash_add(weights, XXH3_64bits(f, len));
            lua_pop(L, 2);
        }
        value = words_simhash_value(weights);
    } else {
        size_t len;
        const char *s = push_folded_arg(L, 1, &len);
        value = words_simhash(s, len, NULL);
    }
    char hex[17];
    uint64_t v = value;
    for (int i = 15; i >= 0; i--, v >>= 4)
        hex[i] = "0123456789abcdef"[v & 15];
    hex[16] = '\0';
    lua_pushstring(L, hex);
    return 1;
}

/* The simhash argument arg: exactly 16 hex digits. */
static uint64_t check_simhash(lua_State *L, int arg) {
    size_t len;
    const char *s = luaL_checklstring(L, arg, &len);
    uint64_t v = 0;
    int ok = len == 16;
    for (size_t i = 0; i < len && ok; i++) {
        char c = s[i];
        unsigned d = c >= '0' && c <= '9'   ? (unsigned)(c - '0')
                     : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
                     : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10)
                                            : 16;
        ok = d < 16;
        v = v << 4 | d;
    }
    if (!ok) luaL_argerror(L, arg, "expected a simhash: 16 hex digits");
    return v;
}

static int l_text_hamming(lua_State *L) {
    uint64_t a = check_simhash(L, 1), b = check_simhash(L, 2);
    lua_pushinteger(L, words_hamming(a, b));
    return 1;
}

int luaopen_galley_text(lua_State *L) {
    static const luaL_Reg text[] = {{"lower", l_text_lower},
                                    {"normalize", l_text_normalize},
                                    {"words", l_text_words},
                                    {"slug", l_text_slug},
                                    {"sentences", l_text_sentences},
                                    {"stem", l_text_stem},
                                    {"stopwords", l_text_stopwords},
                                    {"is_stopword", l_text_is_stopword},
                                    {"ngrams", l_text_ngrams},
                                    {"shingles", l_text_shingles},
                                    {"simhash", l_text_simhash},
                                    {"hamming", l_text_hamming},
                                    {NULL, NULL}};
    luaL_newlib(L, text);
    return 1;
}
