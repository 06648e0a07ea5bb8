/* plugin.c — the plugin runtime: finding plugin files, a sandboxed environment per
 * plugin, option checking, and calls that turn every Lua error into a message with the
 * plugin's file and line and the article. */
#include "plugin.h"
#include "json.h"
#include "lua/bridge.h"
#include "util.h"

#include <errno.h>
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <xxhash.h>

#define WRITER_MT "galley.writer"
#define ITER_MT "galley.iterator"
#define HOOK_PERIOD 10000

typedef struct plugin {
    char *name;      /* as the user named it */
    char *path;      /* the file */
    char *dir;       /* its folder, where require() looks first */
    char *chunkname; /* "@plugins/format/markdown.lua" */
    char *kind, *version;
    char options_hash[17];
    int table_ref, ctx_ref, env_ref;
} plugin;

struct runtime {
    lua_State *L;
    plugin *p;
    size_t n;
    char *plugin_path;
    galley_article *current;  /* the article being processed, or NULL */
    const char *output;       /* export output, or NULL for stdout */
    store *st;                /* during an export from the store: for ctx:articles */
    int exporting;            /* inside export(): ctx:open may write */
    size_t mem_used, mem_limit;
    long long instructions, remaining;
    galley_log_fn on_log;
    void *ud;
    char traceback[1024]; /* of the last failed call */
    galley_progress_fn on_progress; /* for exports */
    void *progress_ud;
    size_t progress_total;
    double progress_t0, progress_last;
};

typedef struct writer {
    FILE *f;
    int is_stdout;
    char *path;
} writer;

/* ---- memory and time limits ------------------------------------------------------ */

static void *limited_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
    runtime *rt = ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        free(ptr);
        rt->mem_used -= old;
        return NULL;
    }
    if (rt->mem_limit && nsize > old && rt->mem_used + (nsize - old) > rt->mem_limit) return NULL;
    void *p = realloc(ptr, nsize);
    if (p) rt->mem_used = rt->mem_used - old + nsize;
    return p;
}

static void count_hook(lua_State *L, lua_Debug *ar) {
    (void)ar;
    runtime *rt;
    lua_getallocf(L, (void **)&rt);
    if (!rt->instructions) return; /* a coroutine made under a budget, run without one */
    rt->remaining -= HOOK_PERIOD;
    if (rt->remaining <= 0) {
        /* From now on every instruction raises, so that a pcall in the plugin cannot
         * swallow the error and go on. */
        lua_sethook(L, count_hook, LUA_MASKCOUNT, 1);
        if (L != rt->L) lua_sethook(rt->L, count_hook, LUA_MASKCOUNT, 1); /* a coroutine's caller too */
        luaL_error(L, "instruction budget exceeded (%I million instructions for one article): "
                      "an endless loop?", (lua_Integer)(rt->instructions / 1000000));
    }
}

/* ---- errors ---------------------------------------------------------------------- */

/* Records up to five Lua frames, innermost first, as the error's short traceback. */
static void record_traceback(lua_State *L, runtime *rt) {
    gbuf t = GBUF_INIT;
    lua_Debug ar;
    int frames = 0;
    for (int level = 1; frames < 5 && lua_getstack(L, level, &ar); level++) {
        if (!lua_getinfo(L, "Sln", &ar) || ar.currentline <= 0) continue;
        if (frames++) gbuf_putc(&t, '\n');
        if (ar.name) gbuf_printf(&t, "%s:%d: in %s '%s'", ar.short_src, ar.currentline, *ar.namewhat ? ar.namewhat : "function", ar.name);
        else if (*ar.what == 'm') gbuf_printf(&t, "%s:%d: in main chunk", ar.short_src, ar.currentline);
        else gbuf_printf(&t, "%s:%d: in a function", ar.short_src, ar.currentline);
    }
    snprintf(rt->traceback, sizeof rt->traceback, "%s", t.data && !t.failed ? t.data : "");
    gbuf_free(&t);
}

/* The message handler of every plugin call: errors raised by C functions (bad
 * arguments to galley's API) carry no position, so the innermost Lua line is added;
 * the Lua frames are kept as a short traceback. */
static int message_handler(lua_State *L) {
    runtime *rt;
    lua_getallocf(L, (void **)&rt);
    const char *msg = lua_tostring(L, 1);
    if (!msg) {
        if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING) msg = lua_tostring(L, -1);
        else msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    }
    record_traceback(L, rt);
    lua_Debug ar;
    for (int level = 0; lua_getstack(L, level, &ar); level++) {
        if (!lua_getinfo(L, "Sl", &ar) || ar.currentline <= 0) continue;
        size_t n = strlen(ar.short_src);
        if (strncmp(msg, ar.short_src, n) != 0 || msg[n] != ':')
            lua_pushfstring(L, "%s:%d: %s", ar.short_src, ar.currentline, msg);
        else
            lua_pushstring(L, msg);
        return 1;
    }
    lua_pushstring(L, msg);
    return 1;
}

/* Calls the function below nargs arguments with the message handler and the budget. */
static int protected_call(runtime *rt, int nargs, int nresults, char *err, size_t errsize) {
    lua_State *L = rt->L;
    int base = lua_gettop(L) - nargs;
    lua_pushcfunction(L, message_handler);
    lua_insert(L, base);
    rt->remaining = rt->instructions;
    rt->traceback[0] = '\0';
    if (rt->instructions) lua_sethook(L, count_hook, LUA_MASKCOUNT, HOOK_PERIOD);
    int rc = lua_pcall(L, nargs, nresults, base);
    lua_sethook(L, NULL, 0, 0);
    lua_remove(L, base);
    if (rc != LUA_OK) {
        const char *msg = lua_tostring(L, -1);
        if (rc == LUA_ERRMEM) msg = "out of memory (the plugin state reached its memory cap)";
        snprintf(err, errsize, "%s", msg ? msg : "unknown error");
        lua_pop(L, 1);
        return GALLEY_EPLUGIN;
    }
    return GALLEY_OK;
}

/* ---- finding plugins ------------------------------------------------------------- */

static int is_file(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int plugin_find(const char *plugin_path, const char *name, char **out, char *err, size_t errsize) {
    *out = NULL;
    size_t n = strlen(name);
    if (n > 4 && strcmp(name + n - 4, ".lua") == 0) {
        if (!is_file(name)) {
            snprintf(err, errsize, "plugin file '%s' not found", name);
            return GALLEY_ENOTFOUND;
        }
        *out = g_strdup(name);
        return *out ? GALLEY_OK : GALLEY_ENOMEM;
    }
    gbuf tried = GBUF_INIT;
    for (const char *p = plugin_path; p && *p;) {
        size_t len = strcspn(p, ":");
        if (len) {
            gbuf path = GBUF_INIT;
            gbuf_append(&path, p, len);
            gbuf_printf(&path, "/%s.lua", name);
            if (!path.failed && is_file(path.data)) {
                gbuf_free(&tried);
                *out = gbuf_take(&path);
                return *out ? GALLEY_OK : GALLEY_ENOMEM;
            }
            if (tried.len) gbuf_puts(&tried, ", ");
            gbuf_append(&tried, p, len);
            gbuf_free(&path);
        }
        p += len;
        if (*p == ':') p++;
    }
    snprintf(err, errsize, "plugin '%s' not found (looked in %s)", name,
             tried.data ? tried.data : "no folder");
    gbuf_free(&tried);
    return GALLEY_ENOTFOUND;
}

/* ---- the sandbox ----------------------------------------------------------------- */

/* Joins the arguments from `first` on with sep (as tostring would) and hands the line to
 * the caller's log callback. */
static void log_args(lua_State *L, runtime *rt, int first, const char *sep, const char *level,
                     const char *pname) {
    int top = lua_gettop(L); /* the buffer may push onto the stack: count arguments first */
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (int i = first; i <= top; i++) {
        if (i > first) luaL_addstring(&b, sep);
        luaL_tolstring(L, i, NULL);
        luaL_addvalue(&b);
    }
    luaL_pushresult(&b);
    if (rt->on_log)
        rt->on_log(rt->ud, level, pname, rt->current ? rt->current->field[AF_SOURCE] : NULL, lua_tostring(L, -1));
}

static int env_print(lua_State *L) {
    log_args(L, lua_touserdata(L, lua_upvalueindex(1)), 1, "\t", "info", lua_tostring(L, lua_upvalueindex(2)));
    return 0;
}

/* load() for plugins: text chunks only, running in the plugin's environment. */
static int env_load(lua_State *L) {
    size_t len;
    const char *s = luaL_checklstring(L, 1, &len);
    const char *name = luaL_optstring(L, 2, "=(load)");
    /* Decided before loading: afterwards index 4 may be the new chunk itself. */
    int env = lua_gettop(L) >= 4 && !lua_isnil(L, 4) ? 4 : 0;
    if (luaL_loadbufferx(L, s, len, name, "t") != LUA_OK) {
        lua_pushnil(L);
        lua_insert(L, -2);
        return 2;
    }
    if (env) lua_pushvalue(L, env);
    else lua_pushvalue(L, lua_upvalueindex(1));
    lua_setupvalue(L, -2, 1);
    return 1;
}

/* require() for plugins: modules from the plugin's folder, then from lib/ beside the
 * plugin folders; loaded once per plugin. Upvalues: env, plugin dir, plugin path, and the
 * table of loaded modules (out of the plugin's reach). */
static int env_require(lua_State *L) {
    const char *mod = luaL_checkstring(L, 1);
    lua_pushvalue(L, lua_upvalueindex(4));
    lua_getfield(L, -1, mod);
    if (!lua_isnil(L, -1)) return 1;
    lua_pop(L, 1);
    for (const char *c = mod; *c; c++)
        if (!(*c == '.' || *c == '_' || *c == '-' || (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
              (*c >= '0' && *c <= '9')))
            return luaL_error(L, "require: bad module name '%s'", mod);
    gbuf rel = GBUF_INIT;
    for (const char *c = mod; *c; c++) gbuf_putc(&rel, *c == '.' ? '/' : *c);
    gbuf_puts(&rel, ".lua");
    if (rel.failed) return luaL_error(L, "out of memory");
    gbuf tried = GBUF_INIT;
    char *found = NULL;
    const char *dirs[2] = {lua_tostring(L, lua_upvalueindex(2)), NULL};
    const char *ppath = lua_tostring(L, lua_upvalueindex(3));
    gbuf file = GBUF_INIT;
    gbuf_printf(&file, "%s/%s", dirs[0], rel.data);
    if (is_file(file.data)) found = gbuf_take(&file);
    else gbuf_printf(&tried, "%s", file.data ? file.data : "");
    gbuf_free(&file);
    for (const char *p = ppath; !found && p && *p;) {
        size_t len = strcspn(p, ":");
        gbuf lib = GBUF_INIT;
        gbuf_append(&lib, p, len);
        gbuf_printf(&lib, "/lib/%s", rel.data);
        if (!lib.failed && is_file(lib.data)) {
            found = gbuf_take(&lib);
        } else {
            gbuf_printf(&tried, ", %s", lib.data ? lib.data : "");
            gbuf_free(&lib);
        }
        p += len;
        if (*p == ':') p++;
    }
    gbuf_free(&rel);
    if (!found) {
        lua_pushfstring(L, "module '%s' not found (looked for %s)", mod, tried.data ? tried.data : "");
        gbuf_free(&tried);
        return lua_error(L);
    }
    gbuf_free(&tried);
    char *data;
    size_t len;
    if (read_file(found, &data, &len) < 0) {
        lua_pushfstring(L, "require '%s': cannot read %s: %s", mod, found, strerror(errno));
        free(found);
        return lua_error(L);
    }
    lua_pushfstring(L, "@%s", found[0] == '.' && found[1] == '/' ? found + 2 : found);
    free(found);
    int rc = luaL_loadbufferx(L, data, len, lua_tostring(L, -1), "t");
    free(data);
    if (rc != LUA_OK) return lua_error(L);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_setupvalue(L, -2, 1);
    lua_pushstring(L, mod);
    lua_call(L, 1, 1);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_pushboolean(L, 1);
    }
    lua_pushvalue(L, -1);
    lua_setfield(L, -4, mod); /* into the loaded table */
    return 1;
}

/* Copies the named functions of a library table into a fresh table, so that one plugin
 * changing string.format changes it for nobody else. */
static void copy_lib(lua_State *L, const char *lib, const char *const *only) {
    lua_getglobal(L, lib);
    lua_newtable(L);
    lua_pushnil(L);
    while (lua_next(L, -3)) {
        int keep = !only;
        for (const char *const *o = only; o && *o && !keep; o++)
            keep = lua_type(L, -2) == LUA_TSTRING && strcmp(lua_tostring(L, -2), *o) == 0;
        if (keep) {
            lua_pushvalue(L, -2);
            lua_insert(L, -2);
            lua_settable(L, -4);
        } else {
            lua_pop(L, 1);
        }
    }
    lua_remove(L, -2);
}

/* Pushes a copy of the table at idx whose table values are copied too (one level), so
 * that a plugin changing galley.text.lower changes it for nobody else. */
static void push_copy2(lua_State *L, int idx) {
    idx = lua_absindex(L, idx);
    lua_newtable(L);
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        if (lua_istable(L, -1)) {
            lua_newtable(L);
            lua_pushnil(L);
            while (lua_next(L, -3)) {
                lua_pushvalue(L, -2);
                lua_insert(L, -2);
                lua_settable(L, -4);
            }
            lua_remove(L, -2);
        }
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_settable(L, -4);
    }
}

/* setmetatable() for plugins: no __gc, since finalizers run outside plugin calls, where
 * the instruction budget cannot stop them. Upvalue: the real setmetatable. */
static int env_setmetatable(lua_State *L) {
    if (lua_istable(L, 2)) {
        lua_pushliteral(L, "__gc");
        if (lua_rawget(L, 2) != LUA_TNIL) return luaL_argerror(L, 2, "__gc is not available to plugins");
        lua_pop(L, 1);
    }
    lua_settop(L, 2);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, 2, 1);
    return 1;
}

/* Pushes a new environment for plugin p. */
static void push_env(runtime *rt, const plugin *p) {
    lua_State *L = rt->L;
    static const char *const base[] = {"assert", "error", "ipairs", "next", "pairs", "pcall", "rawequal",
                                       "rawget", "rawlen", "rawset", "select", "setmetatable",
                                       "getmetatable", "tonumber", "tostring", "type", "xpcall", "_VERSION"};
    static const char *const os_safe[] = {"clock", "date", "difftime", "time", NULL};
    lua_newtable(L);
    int env = lua_gettop(L);
    for (size_t i = 0; i < sizeof base / sizeof *base; i++) {
        lua_getglobal(L, base[i]);
        lua_setfield(L, env, base[i]);
    }
    static const char *const libs[] = {"string", "table", "math", "utf8", "coroutine"};
    for (size_t i = 0; i < sizeof libs / sizeof *libs; i++) {
        copy_lib(L, libs[i], NULL);
        lua_setfield(L, env, libs[i]);
    }
    copy_lib(L, "os", os_safe);
    lua_setfield(L, env, "os");
    lua_getfield(L, LUA_REGISTRYINDEX, "galley.module");
    push_copy2(L, -1);
    lua_remove(L, -2);
    lua_setfield(L, env, "galley");
    lua_getglobal(L, "setmetatable");
    lua_pushcclosure(L, env_setmetatable, 1);
    lua_setfield(L, env, "setmetatable");
    lua_pushvalue(L, env);
    lua_setfield(L, env, "_G");
    lua_pushlightuserdata(L, rt);
    lua_pushstring(L, p->name);
    lua_pushcclosure(L, env_print, 2);
    lua_setfield(L, env, "print");
    lua_pushvalue(L, env);
    lua_pushcclosure(L, env_load, 1);
    lua_setfield(L, env, "load");
    lua_pushvalue(L, env);
    lua_pushstring(L, p->dir);
    lua_pushstring(L, rt->plugin_path);
    lua_newtable(L);
    lua_pushcclosure(L, env_require, 4);
    lua_setfield(L, env, "require");
}

/* ---- ctx ---------------------------------------------------------------------------- */

static runtime *ctx_rt(lua_State *L) { return lua_touserdata(L, lua_upvalueindex(1)); }
static plugin *ctx_plugin(lua_State *L) {
    return &ctx_rt(L)->p[lua_tointeger(L, lua_upvalueindex(2))];
}

static int ctx_log(lua_State *L) {
    static const char *const levels[] = {"debug", "info", "warn", "error", NULL};
    int level = luaL_checkoption(L, 2, NULL, levels);
    log_args(L, ctx_rt(L), 3, " ", levels[level], ctx_plugin(L)->name);
    return 0;
}

static int ctx_emit(lua_State *L) {
    runtime *rt = ctx_rt(L);
    const char *format = luaL_checkstring(L, 2);
    const char *text = luaL_checkstring(L, 3);
    if (!rt->current) return luaL_error(L, "ctx:emit works inside process(), on the current article");
    if (!*format) return luaL_argerror(L, 2, "format must not be empty");
    if (article_set_rendition(rt->current, format, text, ctx_plugin(L)->name) < 0)
        return luaL_error(L, "out of memory");
    return 0;
}

static int writer_close_file(writer *w) {
    int rc = 0;
    if (w->f && !w->is_stdout) rc = fclose(w->f);
    else if (w->f) rc = fflush(w->f);
    w->f = NULL;
    return rc;
}

static int w_write(lua_State *L) {
    writer *w = luaL_checkudata(L, 1, WRITER_MT);
    if (!w->f) return luaL_error(L, "write to a closed writer");
    for (int i = 2; i <= lua_gettop(L); i++) {
        size_t len;
        const char *s = luaL_checklstring(L, i, &len);
        if (fwrite(s, 1, len, w->f) != len)
            return luaL_error(L, "writing %s: %s", w->path ? w->path : "standard output", strerror(errno));
    }
    lua_settop(L, 1);
    return 1;
}

static int w_close(lua_State *L) {
    writer *w = luaL_checkudata(L, 1, WRITER_MT);
    if (w->f && writer_close_file(w) != 0)
        return luaL_error(L, "closing %s: %s", w->path ? w->path : "standard output", strerror(errno));
    return 0;
}

static int w_gc(lua_State *L) {
    writer *w = luaL_checkudata(L, 1, WRITER_MT);
    writer_close_file(w);
    free(w->path);
    w->path = NULL;
    return 0;
}

/* Creates the folders leading to path (not path itself). */
static int make_parents(char *path) {
    for (char *p = path + 1; *p; p++) {
        if (*p != '/') continue;
        *p = '\0';
        int rc = mkdir(path, 0777);
        *p = '/';
        if (rc != 0 && errno != EEXIST) return -1;
    }
    return 0;
}

/* 1 when a path has a ".." component (a name like "a..b" is fine). */
static int has_dotdot(const char *path) {
    for (const char *p = path; (p = strstr(p, "..")) != NULL; p += 2)
        if ((p == path || p[-1] == '/') && (p[2] == '\0' || p[2] == '/')) return 1;
    return 0;
}

static int ctx_open(lua_State *L) {
    runtime *rt = ctx_rt(L);
    if (!rt->exporting) return luaL_error(L, "ctx:open writes an export's output: it works in export()");
    const char *rel = luaL_optstring(L, 2, NULL);
    gbuf path = GBUF_INIT;
    if (rel) {
        if (!*rel || rel[0] == '/' || has_dotdot(rel) || strchr(rel, '\\'))
            return luaL_error(L, "ctx:open: '%s' must be a relative path inside the output folder", rel);
        if (!rt->output)
            return luaL_error(L, "ctx:open('%s'): this exporter writes several files; give an output "
                                 "folder with -o", rel);
        gbuf_printf(&path, "%s/%s", rt->output, rel);
    } else if (rt->output) {
        gbuf_puts(&path, rt->output);
    }
    if (path.failed) return luaL_error(L, "out of memory");
    writer *w = lua_newuserdatauv(L, sizeof *w, 0);
    memset(w, 0, sizeof *w);
    luaL_setmetatable(L, WRITER_MT);
    if (!path.data) {
        w->f = stdout;
        w->is_stdout = 1;
        return 1;
    }
    w->path = gbuf_take(&path);
    if (!w->path) return luaL_error(L, "out of memory");
    if (make_parents(w->path) < 0 || !(w->f = fopen(w->path, "wb")))
        return luaL_error(L, "ctx:open: cannot write %s: %s", w->path, strerror(errno));
    return 1;
}

static void make_metatables(lua_State *L) {
    static const luaL_Reg wm[] = {{"write", w_write}, {"close", w_close}, {NULL, NULL}};
    luaL_newmetatable(L, WRITER_MT);
    lua_newtable(L);
    luaL_setfuncs(L, wm, 0);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, w_gc);
    lua_setfield(L, -2, "__gc");
    lua_pushcfunction(L, w_gc);
    lua_setfield(L, -2, "__close");
    lua_pop(L, 1);
}

/* ctx:read(path): a file of the plugin's own folder (data, word lists), as a string. */
static int ctx_read(lua_State *L) {
    const char *rel = luaL_checkstring(L, 2);
    if (!*rel || rel[0] == '/' || has_dotdot(rel) || strchr(rel, '\\'))
        return luaL_error(L, "ctx:read: '%s' must be a relative path inside the plugin's folder", rel);
    gbuf path = GBUF_INIT;
    gbuf_printf(&path, "%s/%s", ctx_plugin(L)->dir, rel);
    if (path.failed) return luaL_error(L, "out of memory");
    char *data;
    size_t len;
    if (read_file(path.data, &data, &len) < 0) {
        lua_pushfstring(L, "ctx:read: cannot read %s: %s", path.data, strerror(errno));
        gbuf_free(&path);
        return lua_error(L);
    }
    gbuf_free(&path);
    lua_pushlstring(L, data, len);
    free(data);
    return 1;
}

static int ctx_articles(lua_State *L);

/* Pushes the ctx table of plugin i; the merged options are on top of the stack. */
static void push_ctx(runtime *rt, size_t i) {
    lua_State *L = rt->L;
    static const luaL_Reg fns[] = {{"log", ctx_log},   {"emit", ctx_emit},         {"open", ctx_open},
                                   {"read", ctx_read}, {"articles", ctx_articles}, {NULL, NULL}};
    lua_newtable(L);
    lua_insert(L, -2);
    lua_setfield(L, -2, "options");
    lua_pushstring(L, rt->p[i].name);
    lua_setfield(L, -2, "plugin");
    lua_pushlightuserdata(L, rt);
    lua_pushinteger(L, (lua_Integer)i);
    luaL_setfuncs(L, fns, 2);
}

/* ---- loading ------------------------------------------------------------------------- */

/* Merges the user's options (JSON, may be NULL) over the plugin's defaults (the table at
 * idx, may be nil) and pushes the result; on a mistake returns -1 with err set. */
static int merge_options(runtime *rt, const plugin *p, int defaults, const char *user_json, char *err,
                         size_t errsize) {
    lua_State *L = rt->L;
    lua_newtable(L);
    int merged = lua_gettop(L);
    if (lua_istable(L, defaults)) {
        lua_pushnil(L);
        while (lua_next(L, defaults)) {
            lua_pushvalue(L, -2);
            lua_insert(L, -2);
            lua_settable(L, merged);
        }
    }
    if (!user_json) return 0;
    json_value *v = json_parse(user_json, strlen(user_json), err, errsize);
    if (!v) return -1;
    int rc = 0;
    for (size_t k = 0; v->type == JSON_OBJECT && k < v->len && rc == 0; k++) {
        const char *key = v->keys[k];
        lua_getfield(L, merged, key);
        int have = lua_type(L, -1);
        lua_pop(L, 1);
        lbridge_json_push(L, &v->items[k]);
        if (have == LUA_TNIL) {
            gbuf known = GBUF_INIT;
            if (lua_istable(L, defaults)) {
                lua_pushnil(L);
                while (lua_next(L, defaults)) {
                    lua_pop(L, 1);
                    if (lua_type(L, -1) == LUA_TSTRING) gbuf_printf(&known, "%s%s", known.len ? ", " : "", lua_tostring(L, -1));
                }
            }
            snprintf(err, errsize, "%s: unknown option '%s' (known: %s)", p->name, key,
                     known.data ? known.data : "none");
            gbuf_free(&known);
            rc = -1;
        } else if (lua_type(L, -1) != have) {
            snprintf(err, errsize, "%s: option '%s' must be a %s, got a %s", p->name, key,
                     lua_typename(L, have), luaL_typename(L, -1));
            rc = -1;
        } else {
            lua_setfield(L, merged, key);
            continue;
        }
        lua_pop(L, 1);
    }
    json_free(v);
    if (rc < 0) lua_pop(L, 1);
    return rc;
}

static void hash_options(runtime *rt, plugin *p) {
    gbuf b = GBUF_INIT;
    char err[64];
    unsigned long long h = 0;
    if (lbridge_json_encode(rt->L, -1, &b, err, sizeof err) == 0 && !b.failed) h = XXH3_64bits(b.data, b.len);
    gbuf_free(&b);
    snprintf(p->options_hash, sizeof p->options_hash, "%016llx", h);
}

/* A plugin whose results depend on files its options name (a model, a term list) may
 * declare fingerprint(options) -> string: it is mixed into the options hash, so that a
 * changed file reprocesses articles as a changed option or version does. Called with
 * the merged options on top of the stack, the plugin table at t. */
static int add_fingerprint(runtime *rt, plugin *p, int t, char *err, size_t errsize) {
    lua_State *L = rt->L;
    lua_getfield(L, t, "fingerprint");
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        return GALLEY_OK;
    }
    if (!lua_isfunction(L, -1)) {
        lua_pop(L, 1);
        snprintf(err, errsize, "%s: fingerprint must be a function(options) returning a string", p->name);
        return GALLEY_EPLUGIN;
    }
    lua_pushvalue(L, -2);
    if (protected_call(rt, 1, 1, err, errsize) != GALLEY_OK) return GALLEY_EPLUGIN;
    if (lua_type(L, -1) != LUA_TSTRING) {
        snprintf(err, errsize, "%s: fingerprint(options) returned a %s, not a string", p->name, luaL_typename(L, -1));
        lua_pop(L, 1);
        return GALLEY_EPLUGIN;
    }
    gbuf b = GBUF_INIT;
    gbuf_printf(&b, "%s\n%s", p->options_hash, lua_tostring(L, -1));
    lua_pop(L, 1);
    if (b.failed) {
        snprintf(err, errsize, "out of memory");
        return GALLEY_ENOMEM;
    }
    snprintf(p->options_hash, sizeof p->options_hash, "%016llx", (unsigned long long)XXH3_64bits(b.data, b.len));
    gbuf_free(&b);
    return GALLEY_OK;
}

static char *field_string(lua_State *L, int t, const char *key) {
    lua_getfield(L, t, key);
    char *s = lua_type(L, -1) == LUA_TSTRING || lua_type(L, -1) == LUA_TNUMBER ? g_strdup(lua_tostring(L, -1)) : NULL;
    lua_pop(L, 1);
    return s;
}

static int load_plugin(runtime *rt, size_t i, const char *name, const config *cfg, char *err, size_t errsize) {
    lua_State *L = rt->L;
    plugin *p = &rt->p[i];
    p->table_ref = p->ctx_ref = p->env_ref = LUA_NOREF;
    char *path;
    int rc = plugin_find(rt->plugin_path, name, &path, err, errsize);
    if (rc != GALLEY_OK) return rc;
    p->path = path;
    p->name = g_strdup(name);
    const char *shown = path[0] == '.' && path[1] == '/' ? path + 2 : path;
    const char *slash = strrchr(path, '/');
    p->dir = slash ? g_strndup(path, (size_t)(slash - path)) : g_strdup(".");
    gbuf chunk = GBUF_INIT;
    gbuf_printf(&chunk, "@%s", shown);
    p->chunkname = gbuf_take(&chunk);
    if (!p->name || !p->dir || !p->chunkname) {
        snprintf(err, errsize, "out of memory");
        return GALLEY_ENOMEM;
    }
    char *data;
    size_t len;
    if (read_file(path, &data, &len) < 0) {
        snprintf(err, errsize, "%s: cannot read: %s", shown, strerror(errno));
        return GALLEY_EPLUGIN;
    }
    rc = luaL_loadbufferx(L, data, len, p->chunkname, "t");
    free(data);
    if (rc != LUA_OK) {
        snprintf(err, errsize, "%s", lua_tostring(L, -1));
        lua_pop(L, 1);
        return GALLEY_EPLUGIN;
    }
    push_env(rt, p);
    lua_pushvalue(L, -1);
    p->env_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_setupvalue(L, -2, 1);
    if (protected_call(rt, 0, 1, err, errsize) != GALLEY_OK) return GALLEY_EPLUGIN;
    int t = lua_gettop(L);
    if (!lua_istable(L, t)) {
        lua_pop(L, 1);
        snprintf(err, errsize, "%s: a plugin must return a table { name, kind, version, process = ... }", shown);
        return GALLEY_EPLUGIN;
    }
    p->kind = field_string(L, t, "kind");
    p->version = field_string(L, t, "version");
    if (!p->version) p->version = g_strdup("0");
    static const char *const kinds[] = {"format", "categorize", "filter", "export"};
    int known = 0;
    for (size_t k = 0; k < 4 && p->kind; k++) known |= strcmp(p->kind, kinds[k]) == 0;
    const char *need = p->kind && strcmp(p->kind, "export") == 0 ? "export" : "process";
    lua_getfield(L, t, need);
    int has_fn = lua_isfunction(L, -1);
    lua_pop(L, 1);
    if (!known) {
        snprintf(err, errsize, "%s: kind must be one of format, categorize, filter, export (got %s)", shown,
                 p->kind ? p->kind : "nothing");
    } else if (!has_fn) {
        snprintf(err, errsize, "%s: a plugin of kind '%s' needs a function '%s'", shown, p->kind, need);
    }
    if (!known || !has_fn) {
        lua_pop(L, 1);
        return GALLEY_EPLUGIN;
    }
    lua_getfield(L, t, "options");
    if (merge_options(rt, p, lua_gettop(L), cfg ? config_options_for(cfg, name) : NULL, err, errsize) < 0) {
        lua_pop(L, 2);
        return GALLEY_EUSAGE;
    }
    lua_remove(L, -2);
    hash_options(rt, p);
    if (add_fingerprint(rt, p, t, err, errsize) != GALLEY_OK) {
        lua_pop(L, 2);
        return GALLEY_EPLUGIN;
    }
    push_ctx(rt, i);
    p->ctx_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    p->table_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    return GALLEY_OK;
}

/* Calls the optional function `fname` of plugin i with ctx. */
static int call_hook(runtime *rt, size_t i, const char *fname, char *err, size_t errsize) {
    lua_State *L = rt->L;
    lua_rawgeti(L, LUA_REGISTRYINDEX, rt->p[i].table_ref);
    lua_getfield(L, -1, fname);
    lua_remove(L, -2);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        return GALLEY_OK;
    }
    lua_rawgeti(L, LUA_REGISTRYINDEX, rt->p[i].ctx_ref);
    return protected_call(rt, 1, 0, err, errsize);
}

/* A runtime with a fresh Lua state and no plugin loaded yet. */
static int runtime_new(runtime **out, const char *plugin_path, size_t n, runtime_limits limits,
                       galley_log_fn on_log, void *ud, char *err, size_t errsize) {
    *out = NULL;
    runtime *rt = calloc(1, sizeof *rt);
    if (!rt || !(rt->p = calloc(n ? n : 1, sizeof *rt->p)) || !(rt->plugin_path = g_strdup(plugin_path))) {
        if (rt) free(rt->p);
        free(rt);
        snprintf(err, errsize, "out of memory");
        return GALLEY_ENOMEM;
    }
    rt->mem_limit = limits.memory;
    rt->instructions = limits.instructions;
    rt->on_log = on_log;
    rt->ud = ud;
    rt->L = lua_newstate(limited_alloc, rt);
    if (!rt->L) {
        runtime_close(rt);
        snprintf(err, errsize, "out of memory");
        return GALLEY_ENOMEM;
    }
    lua_State *L = rt->L;
    luaL_openlibs(L);
    /* Hide the string metatable, shared by every plugin, from getmetatable(""). */
    lua_pushliteral(L, "");
    lua_getmetatable(L, -1);
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 2);
    luaopen_galley(L);
    lua_setfield(L, LUA_REGISTRYINDEX, "galley.module");
    make_metatables(L);
    *out = rt;
    return GALLEY_OK;
}

int runtime_open(runtime **out, const char *plugin_path, const char *const *names, size_t n,
                 const config *cfg, runtime_limits limits, galley_log_fn on_log, void *ud,
                 char *err, size_t errsize) {
    runtime *rt;
    *out = NULL;
    int rc = runtime_new(&rt, plugin_path, n, limits, on_log, ud, err, errsize);
    if (rc != GALLEY_OK) return rc;
    for (size_t i = 0; i < n && rc == GALLEY_OK; i++) {
        rt->n = i + 1;
        rc = load_plugin(rt, i, names[i], cfg, err, errsize);
    }
    for (size_t i = 0; i < rt->n && rc == GALLEY_OK; i++) rc = call_hook(rt, i, "setup", err, errsize);
    if (rc != GALLEY_OK) {
        runtime_close(rt);
        return rc;
    }
    *out = rt;
    return GALLEY_OK;
}

int plugin_describe(const char *plugin_path, const char *name, galley_plugin_fn fn, void *ud) {
    runtime *rt;
    char err[1024];
    runtime_limits limits = {RUNTIME_DEFAULT_INSTRUCTIONS, RUNTIME_DEFAULT_MEMORY};
    int rc = runtime_new(&rt, plugin_path, 1, limits, NULL, NULL, err, sizeof err);
    if (rc != GALLEY_OK) return rc;
    rt->n = 1;
    galley_plugin_info info = {name, NULL, NULL, NULL, NULL};
    char *description = NULL;
    rc = load_plugin(rt, 0, name, NULL, err, sizeof err);
    if (rc == GALLEY_ENOTFOUND || rc == GALLEY_ENOMEM) {
        runtime_close(rt);
        return rc;
    }
    info.path = rt->p[0].path;
    if (rc == GALLEY_OK) {
        lua_rawgeti(rt->L, LUA_REGISTRYINDEX, rt->p[0].table_ref);
        description = field_string(rt->L, lua_gettop(rt->L), "description");
        lua_pop(rt->L, 1);
        info.kind = rt->p[0].kind;
        info.version = rt->p[0].version;
        info.description = description ? description : "";
    } else {
        info.description = err;
    }
    rc = fn(ud, &info);
    free(description);
    runtime_close(rt);
    return rc;
}

void runtime_close(runtime *rt) {
    if (!rt) return;
    if (rt->L) lua_close(rt->L);
    for (size_t i = 0; i < rt->n; i++) {
        plugin *p = &rt->p[i];
        free(p->name);
        free(p->path);
        free(p->dir);
        free(p->chunkname);
        free(p->kind);
        free(p->version);
    }
    free(rt->p);
    free(rt->plugin_path);
    free(rt);
}

size_t runtime_count(const runtime *rt) { return rt->n; }
const char *runtime_traceback(const runtime *rt) { return rt->traceback[0] ? rt->traceback : NULL; }
const char *runtime_kind(const runtime *rt, size_t i) { return rt->p[i].kind; }

store_plugin_state runtime_state(const runtime *rt, size_t i) {
    store_plugin_state s = {rt->p[i].name, rt->p[i].version, rt->p[i].options_hash};
    return s;
}

static void add_article_to_error(char *err, size_t errsize, const galley_article *a) {
    size_t n = strlen(err);
    const char *src = a->field[AF_SOURCE] ? a->field[AF_SOURCE] : a->field[AF_UID];
    if (n < errsize) snprintf(err + n, errsize - n, " (article '%s')", src ? src : "?");
}

int runtime_process(runtime *rt, size_t i, galley_article *a, int *keep, char *err, size_t errsize) {
    lua_State *L = rt->L;
    plugin *p = &rt->p[i];
    *keep = 1;
    lua_rawgeti(L, LUA_REGISTRYINDEX, p->table_ref);
    lua_getfield(L, -1, "process");
    lua_remove(L, -2);
    lbridge_push_article(L, a, 0, p->name);
    lua_pushvalue(L, -1);
    int ud_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_rawgeti(L, LUA_REGISTRYINDEX, p->ctx_ref);
    rt->current = a;
    int rc = protected_call(rt, 2, 1, err, errsize);
    rt->current = NULL;
    /* The plugin may have kept the article somewhere; it must not outlive this call. */
    lua_rawgeti(L, LUA_REGISTRYINDEX, ud_ref);
    lbridge_release_article(L, -1);
    lua_pop(L, 1);
    luaL_unref(L, LUA_REGISTRYINDEX, ud_ref);
    if (rc != GALLEY_OK) {
        add_article_to_error(err, errsize, a);
        return rc;
    }
    if (strcmp(p->kind, "filter") == 0) *keep = !(lua_isboolean(L, -1) && !lua_toboolean(L, -1));
    lua_pop(L, 1);
    return GALLEY_OK;
}

/* ---- export ---------------------------------------------------------------------------- */

/* The state of one `articles` iterator: over the store (all or a query), or over a
 * list of the caller's articles. Its user value 1 is a table of the userdata handed
 * out from a list, released when the export ends. */
typedef struct iter_box {
    runtime *rt;
    store *st;
    store_iter *it;
    galley_article *const *list;
    size_t n, next;
    size_t count;
    const char *plugin;
    int closed;
} iter_box;

static double mono_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void runtime_set_progress(runtime *rt, galley_progress_fn fn, void *ud, size_t total) {
    rt->on_progress = fn;
    rt->progress_ud = ud;
    rt->progress_total = total;
    rt->progress_t0 = rt->progress_last = mono_now();
}

static void export_progress(runtime *rt, size_t done, int final) {
    if (!rt->on_progress || (!final && done % 64)) return;
    double t = mono_now();
    if (!final && t - rt->progress_last < 0.2) return;
    rt->progress_last = t;
    galley_progress p = {done, rt->progress_total, 1, done, 0, t - rt->progress_t0, final};
    rt->on_progress(rt->progress_ud, &p);
}

static int iter_next(lua_State *L) {
    iter_box *box = luaL_checkudata(L, lua_upvalueindex(1), ITER_MT);
    if (box->closed) return luaL_error(L, "the articles iterator is only valid during export()");
    if (box->list) {
        if (box->next >= box->n) return 0;
        lbridge_push_article(L, box->list[box->next++], 0, box->plugin);
        lua_getiuservalue(L, lua_upvalueindex(1), 1);
        lua_pushvalue(L, -2);
        lua_rawseti(L, -2, (lua_Integer)box->next);
        lua_pop(L, 1);
        box->count++;
        return 1;
    }
    galley_article *a;
    int rc = store_iter_next(box->it, &a);
    if (rc != GALLEY_OK) return luaL_error(L, "reading the store: %s", store_errmsg(box->st));
    if (!a) return 0;
    box->count++;
    if (box->rt) export_progress(box->rt, box->count, 0);
    /* Articles are freed by the collector; nudge it, since it cannot see their size. */
    if (box->count % 64 == 0) lua_gc(L, LUA_GCSTEP, 0);
    lbridge_push_article(L, a, 1, box->plugin);
    return 1;
}

static int iter_gc(lua_State *L) {
    iter_box *box = luaL_checkudata(L, 1, ITER_MT);
    store_iter_close(box->it);
    box->it = NULL;
    box->closed = 1;
    return 0;
}

/* Pushes a new iterator box (its store iterator still to be opened). */
static iter_box *push_iter_box(lua_State *L, const char *pname) {
    iter_box *box = lua_newuserdatauv(L, sizeof *box, 1);
    memset(box, 0, sizeof *box);
    box->plugin = pname;
    if (luaL_newmetatable(L, ITER_MT)) {
        lua_pushcfunction(L, iter_gc);
        lua_setfield(L, -2, "__gc");
    }
    lua_setmetatable(L, -2);
    lua_newtable(L);
    lua_setiuservalue(L, -2, 1);
    return box;
}

/* Ends an iterator: no more articles, borrowed ones detached from their userdata. */
static void close_iter_box(lua_State *L, int idx) {
    iter_box *box = luaL_checkudata(L, idx, ITER_MT);
    store_iter_close(box->it);
    box->it = NULL;
    box->closed = 1;
    lua_getiuservalue(L, idx, 1);
    for (size_t k = 1; k <= box->next; k++) {
        lua_rawgeti(L, -1, (lua_Integer)k);
        lbridge_release_article(L, -1);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
}

/* ctx:articles{ where = {field = value, ...}, category = "scheme/label" or "scheme",
 * since = ISO, ["until"] = ISO, limit = N, order = "newest" | "oldest" | "stored" }:
 * an iterator over the stored articles that match. */
static int ctx_articles(lua_State *L) {
    runtime *rt = ctx_rt(L);
    if (!rt->st) return luaL_error(L, "ctx:articles needs the store: it works in export() under galley export");
    store_filter f = {0};
    const char *fields[AF_COUNT], *values[AF_COUNT];
    char scheme[256];
    f.fields = fields;
    f.values = values;
    if (!lua_isnoneornil(L, 2)) {
        luaL_checktype(L, 2, LUA_TTABLE);
        lua_pushnil(L);
        while (lua_next(L, 2)) {
            const char *key = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "?";
            if (strcmp(key, "where") == 0) {
                luaL_checktype(L, -1, LUA_TTABLE);
                lua_pushnil(L);
                while (lua_next(L, -2)) {
                    const char *field = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "?";
                    if (article_field_index(field) < 0)
                        return luaL_error(L, "ctx:articles: where.%s is not an article field", field);
                    if (lua_type(L, -1) != LUA_TSTRING)
                        return luaL_error(L, "ctx:articles: where.%s must be a string", field);
                    if (f.nwhere < AF_COUNT) {
                        fields[f.nwhere] = field;
                        values[f.nwhere++] = lua_tostring(L, -1);
                    }
                    lua_pop(L, 1);
                }
            } else if (strcmp(key, "category") == 0) {
                const char *c = luaL_checkstring(L, -1);
                const char *slash = strchr(c, '/');
                snprintf(scheme, sizeof scheme, "%.*s", slash ? (int)(slash - c) : (int)strlen(c), c);
                f.scheme = scheme;
                f.label = slash ? slash + 1 : NULL;
            } else if (strcmp(key, "since") == 0) {
                f.since = luaL_checkstring(L, -1);
            } else if (strcmp(key, "until") == 0) {
                f.until = luaL_checkstring(L, -1);
            } else if (strcmp(key, "limit") == 0) {
                f.limit = luaL_checkinteger(L, -1);
            } else if (strcmp(key, "order") == 0) {
                static const char *const orders[] = {"stored", "newest", "oldest", NULL};
                f.order = luaL_checkoption(L, -1, NULL, orders);
            } else {
                return luaL_error(L, "ctx:articles: unknown key '%s' (where, category, since, until, limit, order)", key);
            }
            lua_pop(L, 1);
        }
    }
    iter_box *box = push_iter_box(L, ctx_plugin(L)->name);
    box->st = rt->st;
    if (store_iter_open(rt->st, &f, &box->it) != GALLEY_OK)
        return luaL_error(L, "ctx:articles: %s", store_errmsg(rt->st));
    lua_pushcclosure(L, iter_next, 1);
    return 1;
}

int runtime_export(runtime *rt, size_t i, store *st, galley_article *const *list, size_t n, const char *output,
                   size_t *count, char *err, size_t errsize) {
    lua_State *L = rt->L;
    plugin *p = &rt->p[i];
    if (count) *count = 0;
    if (strcmp(p->kind, "export") != 0) {
        snprintf(err, errsize, "%s is a %s plugin, not an export plugin", p->name, p->kind);
        return GALLEY_EUSAGE;
    }
    iter_box *box = push_iter_box(L, p->name);
    int box_idx = lua_gettop(L);
    box->rt = rt;
    box->st = st;
    box->list = list;
    box->n = n;
    if (st && !list) {
        int rc = store_iter_open(st, NULL, &box->it);
        if (rc != GALLEY_OK) {
            lua_pop(L, 1);
            snprintf(err, errsize, "%s", store_errmsg(st));
            return rc;
        }
    }
    rt->output = output;
    rt->st = st;
    rt->exporting = 1;
    lua_rawgeti(L, LUA_REGISTRYINDEX, p->table_ref);
    lua_getfield(L, -1, "export");
    lua_remove(L, -2);
    lua_pushvalue(L, box_idx);
    lua_pushcclosure(L, iter_next, 1);
    lua_rawgeti(L, LUA_REGISTRYINDEX, p->ctx_ref);
    long long budget = rt->instructions;
    rt->instructions = 0; /* an export walks the whole store: no per-article budget */
    int rc = protected_call(rt, 2, 0, err, errsize);
    rt->instructions = budget;
    if (count) *count = box->count;
    export_progress(rt, box->count, 1);
    close_iter_box(L, box_idx);
    lua_pop(L, 1);
    /* Close the writers the plugin forgot, so that every byte reaches the file. */
    lua_gc(L, LUA_GCCOLLECT, 0);
    fflush(stdout);
    rt->output = NULL;
    rt->st = NULL;
    rt->exporting = 0;
    return rc;
}

int runtime_finish(runtime *rt, size_t *failed_plugin, char *err, size_t errsize) {
    int first = GALLEY_OK;
    for (size_t i = 0; i < rt->n; i++) {
        char msg[1024];
        int rc = call_hook(rt, i, "finish", msg, sizeof msg);
        if (rc != GALLEY_OK && first == GALLEY_OK) {
            first = rc;
            if (failed_plugin) *failed_plugin = i;
            snprintf(err, errsize, "%s", msg);
        }
    }
    return first;
}

const char *runtime_name(const runtime *rt, size_t i) { return rt->p[i].name; }
