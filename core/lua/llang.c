/* llang.c — galley.lang(text): the language of a text (lang.c), for plugins. Each Lua
 * state keeps its own detector in its registry, made on first use and freed with the
 * state: textcat handles are not shared between threads. */
#include "../lang.h"
#include "bridge.h"

#include <lauxlib.h>

#define DETECTOR_KEY "galley.lang.detector"

static int detector_gc(lua_State *L) {
    lang_detector **box = lua_touserdata(L, 1);
    if (box && *box) {
        lang_detector_free(*box);
        *box = NULL;
    }
    return 0;
}

static lang_detector *state_detector(lua_State *L) {
    if (lua_getfield(L, LUA_REGISTRYINDEX, DETECTOR_KEY) == LUA_TUSERDATA) {
        lang_detector **box = lua_touserdata(L, -1);
        lua_pop(L, 1);
        return *box;
    }
    lua_pop(L, 1);
    lang_detector **box = lua_newuserdatauv(L, sizeof *box, 0);
    *box = NULL;
    if (luaL_newmetatable(L, DETECTOR_KEY)) {
        lua_pushcfunction(L, detector_gc);
        lua_setfield(L, -2, "__gc");
    }
    lua_setmetatable(L, -2);
    if (!(*box = lang_detector_new())) luaL_error(L, "galley.lang: out of memory");
    lua_setfield(L, LUA_REGISTRYINDEX, DETECTOR_KEY);
    return *box;
}

/* galley.lang(text) -> code, confidence: "und", 0 when the text is too short or unclear. */
static int l_lang(lua_State *L) {
    size_t len;
    const char *text = luaL_checklstring(L, 1, &len);
    lang_detector *d = state_detector(L);
    char code[16], err[1200];
    double confidence;
    if (lang_detect(d, text, len, code, &confidence, err, sizeof err) != GALLEY_OK)
        return luaL_error(L, "galley.lang: %s", err);
    lua_pushstring(L, code);
    lua_pushnumber(L, confidence);
    return 2;
}

void lbridge_open_lang(lua_State *L) {
    lua_pushcfunction(L, l_lang);
    lua_setfield(L, -2, "lang");
}
