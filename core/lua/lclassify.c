/* lclassify.c — galley.model(path) and galley.classify(model, text) for plugins: trained
 * classifiers (classify.c), each file loaded once per Lua state and kept in its
 * registry; and galley.simhash, the same as galley.text.simhash. */
#include "../classify.h"
#include "bridge.h"

#include <lauxlib.h>
#include <lua.h>
#include <stdlib.h>
#include <string.h>

#define MODEL_META "galley.model"
#define MODELS_KEY "galley.models" /* path -> model userdata */

typedef struct lmodel {
    galley_model *m;
} lmodel;

static int model_gc(lua_State *L) {
    lmodel *u = luaL_checkudata(L, 1, MODEL_META);
    cls_free(u->m);
    u->m = NULL;
    return 0;
}

static int model_index(lua_State *L) {
    lmodel *u = luaL_checkudata(L, 1, MODEL_META);
    const char *key = luaL_checkstring(L, 2);
    if (strcmp(key, "scheme") == 0) lua_pushstring(L, galley_model_scheme(u->m));
    else if (strcmp(key, "algorithm") == 0) lua_pushstring(L, galley_model_algorithm(u->m));
    else if (strcmp(key, "checksum") == 0) lua_pushstring(L, galley_model_checksum(u->m));
    else if (strcmp(key, "labels") == 0) {
        size_t n = galley_model_label_count(u->m);
        lua_createtable(L, (int)n, 0);
        for (size_t i = 0; i < n; i++) {
            lua_pushstring(L, galley_model_label(u->m, i));
            lua_rawseti(L, -2, (lua_Integer)i + 1);
        }
    } else lua_pushnil(L);
    return 1;
}

static int model_tostring(lua_State *L) {
    lmodel *u = luaL_checkudata(L, 1, MODEL_META);
    lua_pushfstring(L, "galley.model(%s, %s, %d labels, %s)", galley_model_scheme(u->m),
                    galley_model_algorithm(u->m), (int)galley_model_label_count(u->m), galley_model_checksum(u->m));
    return 1;
}

/* Pushes the model of the file at path, loading it the first time this state asks. */
static galley_model *push_model(lua_State *L, const char *path) {
    if (lua_getfield(L, LUA_REGISTRYINDEX, MODELS_KEY) != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_newtable(L);
        lua_pushvalue(L, -1);
        lua_setfield(L, LUA_REGISTRYINDEX, MODELS_KEY);
    }
    if (lua_getfield(L, -1, path) == LUA_TUSERDATA) {
        lua_remove(L, -2);
        return ((lmodel *)lua_touserdata(L, -1))->m;
    }
    lua_pop(L, 1);
    lmodel *u = lua_newuserdatauv(L, sizeof *u, 0);
    u->m = NULL;
    if (luaL_newmetatable(L, MODEL_META)) {
        lua_pushcfunction(L, model_gc);
        lua_setfield(L, -2, "__gc");
        lua_pushcfunction(L, model_index);
        lua_setfield(L, -2, "__index");
        lua_pushcfunction(L, model_tostring);
        lua_setfield(L, -2, "__tostring");
        lua_pushliteral(L, "galley.model");
        lua_setfield(L, -2, "__metatable");
    }
    lua_setmetatable(L, -2);
    char err[1024];
    if (cls_load(path, &u->m, err, sizeof err) != GALLEY_OK) luaL_error(L, "galley.model: %s", err);
    lua_pushvalue(L, -1);
    lua_setfield(L, -3, path);
    lua_remove(L, -2);
    return u->m;
}

static int l_model(lua_State *L) {
    push_model(L, luaL_checkstring(L, 1));
    return 1;
}

/* galley.classify(model or path, text [, top_k]): the labels with their probabilities,
 * most probable first. */
static int l_classify(lua_State *L) {
    galley_model *m;
    if (lua_type(L, 1) == LUA_TSTRING) {
        m = push_model(L, lua_tostring(L, 1));
        lua_replace(L, 1);
    } else {
        m = ((lmodel *)luaL_checkudata(L, 1, MODEL_META))->m;
    }
    size_t len;
    const char *text = luaL_checklstring(L, 2, &len);
    lua_Integer top = luaL_optinteger(L, 3, 0);
    size_t n = galley_model_label_count(m);
    double *p = lua_newuserdatauv(L, n * sizeof *p, 0);
    if (cls_classify(m, text, len, p) != GALLEY_OK) return luaL_error(L, "galley.classify: out of memory");
    /* Labels by falling probability (a selection sort: label counts are small). */
    size_t *order = lua_newuserdatauv(L, n * sizeof *order, 0);
    for (size_t i = 0; i < n; i++) order[i] = i;
    size_t want = top > 0 && (size_t)top < n ? (size_t)top : n;
    lua_createtable(L, (int)want, 0);
    for (size_t k = 0; k < want; k++) {
        size_t best = k;
        for (size_t i = k + 1; i < n; i++)
            if (p[order[i]] > p[order[best]]) best = i;
        size_t t = order[k];
        order[k] = order[best];
        order[best] = t;
        lua_createtable(L, 0, 2);
        lua_pushstring(L, galley_model_label(m, order[k]));
        lua_setfield(L, -2, "label");
        lua_pushnumber(L, p[order[k]]);
        lua_setfield(L, -2, "score");
        lua_rawseti(L, -2, (lua_Integer)k + 1);
    }
    return 1;
}

void lbridge_open_classify(lua_State *L) {
    lua_pushcfunction(L, l_model);
    lua_setfield(L, -2, "model");
    lua_pushcfunction(L, l_classify);
    lua_setfield(L, -2, "classify");
    /* galley.simhash is galley.text.simhash, under the name the categorization API uses. */
    lua_getfield(L, -1, "text");
    lua_getfield(L, -1, "simhash");
    lua_setfield(L, -3, "simhash");
    lua_pop(L, 1);
}
