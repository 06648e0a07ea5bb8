/* lgalley.c — the `galley` module for plugins: json, html and xml tools here, text
 * (ltext.c) and date (ldate.c) assembled into it. */
#include "bridge.h"
#include "../markup.h"

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
            } else if (xml && c == 0xEF && i + 2 < len && (unsigned char)s[i + 1] == 0xBF &&
                       ((unsigned char)s[i + 2] == 0xBE || (unsigned char)s[i + 2] == 0xBF)) {
                i += 2; /* U+FFFE and U+FFFF are not XML characters either */
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

/* ---- html / xml: strip and unescape (core/html.c) ------------------------------------ */

/* Pushes the buffer's text, or raises a Lua error when it ran out of memory. */
static int push_gbuf(lua_State *L, gbuf *b) {
    if (b->failed) {
        gbuf_free(b);
        return luaL_error(L, "out of memory");
    }
    lua_pushlstring(L, b->data ? b->data : "", b->len);
    gbuf_free(b);
    return 1;
}

static int l_html_unescape(lua_State *L) {
    size_t n;
    const char *s = luaL_checklstring(L, 1, &n);
    gbuf b = GBUF_INIT;
    html_unescape(&b, s, n);
    return push_gbuf(L, &b);
}

static int strip(lua_State *L, int html) {
    size_t n;
    const char *s = luaL_checklstring(L, 1, &n);
    gbuf b = GBUF_INIT;
    html_strip(&b, s, n, html);
    return push_gbuf(L, &b);
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
    lbridge_open_classify(L);
    return 1;
}
