/* config.c — reads galley.lua: Lua as the configuration language, run sandboxed. */
#include "config.h"
#include "lua/bridge.h"
#include "util.h"

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void config_free(config *c) {
    free(c->db);
    strlist_clear(&c->inputs);
    for (size_t i = 0; i < c->nplugins; i++) {
        free(c->plugins[i].name);
        free(c->plugins[i].options_json);
    }
    free(c->plugins);
    memset(c, 0, sizeof *c);
}

const char *config_options_for(const config *c, const char *name) {
    for (size_t i = 0; i < c->nplugins; i++)
        if (strcmp(c->plugins[i].name, name) == 0) return c->plugins[i].options_json;
    return NULL;
}

/* Reads the plugin entry on top of the stack into c->plugins[c->nplugins]. */
static int read_plugin(lua_State *L, config *c, int i, char *err, size_t errsize) {
    config_plugin *p = &c->plugins[c->nplugins];
    gbuf opts = GBUF_INIT;
    if (lua_type(L, -1) == LUA_TSTRING) {
        p->name = g_strdup(lua_tostring(L, -1));
        gbuf_puts(&opts, "{}");
    } else if (lua_istable(L, -1)) {
        int t = lua_gettop(L);
        lua_rawgeti(L, t, 1);
        if (lua_type(L, -1) != LUA_TSTRING) {
            snprintf(err, errsize, "plugins[%d]: the first item must be the plugin name", i);
            return -1;
        }
        p->name = g_strdup(lua_tostring(L, -1));
        lua_pop(L, 1);
        /* The options are the table without its name. */
        lua_pushnil(L);
        lua_rawseti(L, t, 1);
        char jerr[256];
        if (lbridge_json_encode(L, t, &opts, jerr, sizeof jerr) < 0) {
            snprintf(err, errsize, "plugins[%d] (%s): %s", i, p->name ? p->name : "?", jerr);
            free(p->name);
            p->name = NULL;
            gbuf_free(&opts);
            return -1;
        }
    } else {
        snprintf(err, errsize, "plugins[%d] must be a name or a table { name, option = value, ... }", i);
        return -1;
    }
    p->options_json = gbuf_take(&opts);
    if (!p->name || !p->options_json) {
        free(p->name);
        free(p->options_json);
        snprintf(err, errsize, "out of memory");
        return -1;
    }
    c->nplugins++;
    return 0;
}

/* Reads `limits = { instructions = N, memory_mb = N }` (the table on top). */
static int read_limits(lua_State *L, config *c, char *err, size_t errsize) {
    lua_pushnil(L);
    while (lua_next(L, -2)) {
        const char *key = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "?";
        int isnum;
        lua_Number v = lua_tonumberx(L, -1, &isnum);
        long long *slot = strcmp(key, "instructions") == 0 ? &c->instructions
                          : strcmp(key, "memory_mb") == 0  ? &c->memory_mb
                                                           : NULL;
        if (!slot) {
            snprintf(err, errsize, "limits: unknown limit '%s' (known: instructions, memory_mb)", key);
            return -1;
        }
        if (!isnum || lua_type(L, -1) != LUA_TNUMBER || v < 1 || v > 9e18) {
            snprintf(err, errsize, "limits.%s must be a positive number", key);
            return -1;
        }
        *slot = (long long)v;
        lua_pop(L, 1);
    }
    return 0;
}

/* Reads the table returned by the file (at index 1). Runs under lua_pcall. */
static int read_table(lua_State *L) {
    config *c = lua_touserdata(L, lua_upvalueindex(1));
    char *err = lua_touserdata(L, lua_upvalueindex(2));
    size_t errsize = (size_t)lua_tointeger(L, lua_upvalueindex(3));
    lua_pushnil(L);
    while (lua_next(L, 1)) {
        const char *key = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "?";
        int t = lua_type(L, -1);
        if (strcmp(key, "db") == 0 && t == LUA_TSTRING) {
            free(c->db);
            if (!(c->db = g_strdup(lua_tostring(L, -1)))) goto oom;
        } else if (strcmp(key, "jobs") == 0 && lua_isinteger(L, -1) && lua_tointeger(L, -1) >= 0) {
            c->jobs = (int)lua_tointeger(L, -1);
        } else if (strcmp(key, "inputs") == 0 && (t == LUA_TTABLE || t == LUA_TSTRING)) {
            if (t == LUA_TSTRING) {
                if (strlist_push(&c->inputs, lua_tostring(L, -1)) < 0) goto oom;
            } else {
                lua_Integer n = luaL_len(L, -1);
                for (lua_Integer i = 1; i <= n; i++) {
                    lua_rawgeti(L, -1, i);
                    if (lua_type(L, -1) != LUA_TSTRING) {
                        snprintf(err, errsize, "inputs[%d] must be a string (a file or folder)", (int)i);
                        return 0;
                    }
                    if (strlist_push(&c->inputs, lua_tostring(L, -1)) < 0) goto oom;
                    lua_pop(L, 1);
                }
            }
        } else if (strcmp(key, "limits") == 0 && t == LUA_TTABLE) {
            if (read_limits(L, c, err, errsize) < 0) return 0;
        } else if (strcmp(key, "plugins") == 0 && t == LUA_TTABLE) {
            lua_Integer n = luaL_len(L, -1);
            c->has_plugins = 1;
            c->plugins = calloc((size_t)n + 1, sizeof *c->plugins);
            if (!c->plugins) goto oom;
            for (lua_Integer i = 1; i <= n; i++) {
                lua_rawgeti(L, -1, i);
                if (read_plugin(L, c, (int)i, err, errsize) < 0) return 0;
                lua_pop(L, 1);
            }
        } else if (strcmp(key, "db") == 0 || strcmp(key, "jobs") == 0 || strcmp(key, "inputs") == 0 ||
                   strcmp(key, "plugins") == 0 || strcmp(key, "limits") == 0) {
            snprintf(err, errsize, "'%s' has the wrong type (%s)", key, luaL_typename(L, -1));
            return 0;
        } else {
            snprintf(err, errsize, "unknown setting '%s' (known: db, inputs, plugins, jobs, limits)", key);
            return 0;
        }
        lua_pop(L, 1);
    }
    return 0;
oom:
    snprintf(err, errsize, "out of memory");
    return 0;
}

int config_read(config *c, const char *path, char *err, size_t errsize) {
    memset(c, 0, sizeof *c);
    char msg[1024] = "";
    lua_State *L = luaL_newstate();
    if (!L) {
        snprintf(err, errsize, "%s: out of memory", path);
        return GALLEY_ENOMEM;
    }
    /* The configuration gets the plain language and nothing that reaches outside. */
    luaL_requiref(L, LUA_GNAME, luaopen_base, 1);
    luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 1);
    luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 1);
    luaL_requiref(L, LUA_MATHLIBNAME, luaopen_math, 1);
    lua_settop(L, 0);
    static const char *const unsafe[] = {"dofile", "loadfile", "load", "require", "collectgarbage"};
    for (size_t i = 0; i < sizeof unsafe / sizeof *unsafe; i++) {
        lua_pushnil(L);
        lua_setglobal(L, unsafe[i]);
    }
    int rc = luaL_loadfilex(L, path, "t");
    if (rc == LUA_OK) rc = lua_pcall(L, 0, 1, 0);
    if (rc != LUA_OK) {
        snprintf(msg, sizeof msg, "%s", lua_tostring(L, -1));
    } else if (!lua_istable(L, -1)) {
        snprintf(msg, sizeof msg, "must return a table, e.g. return { db = \"galley.db\", plugins = {...} }");
    } else {
        lua_pushlightuserdata(L, c);
        lua_pushlightuserdata(L, msg);
        lua_pushinteger(L, (lua_Integer)sizeof msg);
        lua_pushcclosure(L, read_table, 3);
        lua_insert(L, -2);
        if (lua_pcall(L, 1, 0, 0) != LUA_OK && !msg[0]) snprintf(msg, sizeof msg, "%s", lua_tostring(L, -1));
    }
    lua_close(L);
    if (msg[0]) {
        /* Lua's own messages already start with the file name. */
        if (strncmp(msg, path, strlen(path)) == 0) snprintf(err, errsize, "%s", msg);
        else snprintf(err, errsize, "%s: %s", path, msg);
        config_free(c);
        return GALLEY_EUSAGE;
    }
    return GALLEY_OK;
}
