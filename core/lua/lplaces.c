/* lplaces.c — galley.places(text): the countries a text names (places.c), for plugins.
 * Each Lua state keeps its own compiled gazetteer in its registry, built on first use. */
#include "../places.h"
#include "bridge.h"

#include <lauxlib.h>
#include <stdlib.h>
#include <string.h>

#define INDEX_KEY "galley.places.index"
#define MAX_PARTS 4096

static int index_gc(lua_State *L) {
    places_index **box = lua_touserdata(L, 1);
    if (box && *box) {
        places_index_free(*box);
        *box = NULL;
    }
    return 0;
}

static places_index *state_index(lua_State *L) {
    if (lua_getfield(L, LUA_REGISTRYINDEX, INDEX_KEY) == LUA_TUSERDATA) {
        places_index **box = lua_touserdata(L, -1);
        lua_pop(L, 1);
        return *box;
    }
    lua_pop(L, 1);
    places_index **box = lua_newuserdatauv(L, sizeof *box, 0);
    *box = NULL;
    if (luaL_newmetatable(L, INDEX_KEY)) {
        lua_pushcfunction(L, index_gc);
        lua_setfield(L, -2, "__gc");
    }
    lua_setmetatable(L, -2);
    if (!(*box = places_index_new())) luaL_error(L, "galley.places: out of memory");
    lua_setfield(L, LUA_REGISTRYINDEX, INDEX_KEY);
    return *box;
}

/* Adds the string, or array of strings, at idx as parts of weight w. */
static void add_parts(lua_State *L, int idx, double w, places_part *parts, size_t *n, const char *name) {
    int t = lua_type(L, idx);
    if (t == LUA_TNIL) return;
    if (t == LUA_TSTRING) {
        if (*n >= MAX_PARTS) luaL_error(L, "galley.places: more than %d strings", MAX_PARTS);
        parts[*n].text = lua_tolstring(L, idx, &parts[*n].len);
        parts[*n].weight = w;
        (*n)++;
        return;
    }
    if (t != LUA_TTABLE) luaL_error(L, "galley.places: %s must be a string or an array of strings", name);
    lua_Integer len = luaL_len(L, idx);
    for (lua_Integer i = 1; i <= len; i++) {
        lua_rawgeti(L, idx, i);
        if (lua_type(L, -1) != LUA_TSTRING)
            luaL_error(L, "galley.places: %s[%d] must be a string", name, (int)i);
        /* the string stays referenced by the table at idx, which stays on the stack */
        if (*n >= MAX_PARTS) luaL_error(L, "galley.places: more than %d strings", MAX_PARTS);
        parts[*n].text = lua_tolstring(L, -1, &parts[*n].len);
        parts[*n].weight = w;
        (*n)++;
        lua_pop(L, 1);
    }
}

/* galley.places(text) or galley.places({ title =, lead =, body = }) -> an array of
 * { code =, name =, score =, mentions = }, best first. A mention in the title counts 3
 * times, in the lead 1.5 times; in a plain string the first line is the lead. */
static int l_places(lua_State *L) {
    places_part *parts = lua_newuserdatauv(L, MAX_PARTS * sizeof *parts, 0);
    int scratch = lua_gettop(L);
    size_t n = 0;
    if (lua_type(L, 1) == LUA_TSTRING) {
        size_t len;
        const char *s = lua_tolstring(L, 1, &len);
        while (len && (*s == '\n' || *s == '\r' || *s == ' ')) s++, len--;
        const char *nl = memchr(s, '\n', len);
        size_t first = nl ? (size_t)(nl - s) : len;
        parts[n++] = (places_part){s, first, 1.5};
        if (nl) parts[n++] = (places_part){nl + 1, len - first - 1, 1};
    } else {
        luaL_checktype(L, 1, LUA_TTABLE);
        lua_getfield(L, 1, "title");
        add_parts(L, lua_gettop(L), 3, parts, &n, "title");
        lua_getfield(L, 1, "lead");
        add_parts(L, lua_gettop(L), 1.5, parts, &n, "lead");
        lua_getfield(L, 1, "body");
        add_parts(L, lua_gettop(L), 1, parts, &n, "body");
    }
    places_index *ix = state_index(L);
    place_hit *hits;
    size_t nhits;
    if (places_find(ix, parts, n, &hits, &nhits) != GALLEY_OK) return luaL_error(L, "galley.places: out of memory");
    lua_settop(L, scratch);
    lua_createtable(L, (int)nhits, 0);
    for (size_t i = 0; i < nhits; i++) {
        lua_createtable(L, 0, 4);
        lua_pushstring(L, hits[i].code);
        lua_setfield(L, -2, "code");
        lua_pushstring(L, hits[i].name);
        lua_setfield(L, -2, "name");
        lua_pushnumber(L, hits[i].score);
        lua_setfield(L, -2, "score");
        lua_pushnumber(L, hits[i].evidence);
        lua_setfield(L, -2, "evidence");
        lua_pushinteger(L, hits[i].mentions);
        lua_setfield(L, -2, "mentions");
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    free(hits);
    return 1;
}

void lbridge_open_places(lua_State *L) {
    lua_pushcfunction(L, l_places);
    lua_setfield(L, -2, "places");
}
