/* larticle.c — the article as plugins see it: a `galley.article` userdata with fields,
 * blocks, metadata, categories and renditions. */
#include "bridge.h"

#include <lauxlib.h>
#include <lua.h>
#include <stdlib.h>
#include <string.h>

typedef struct larticle {
    galley_article *a; /* NULL once released */
    int owned;
    const char *plugin;
} larticle;

static galley_article *check(lua_State *L, int idx) {
    larticle *u = luaL_checkudata(L, idx, LBRIDGE_ARTICLE);
    if (!u->a) luaL_error(L, "this article is no longer available (kept past process()?)");
    return u->a;
}

static int oom(lua_State *L) { return luaL_error(L, "out of memory"); }

static void push_strlist(lua_State *L, const strlist *l) {
    lua_createtable(L, (int)l->n, 0);
    for (size_t i = 0; i < l->n; i++) {
        lua_pushstring(L, l->v[i]);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
}

/* Replaces a string list with the strings of the array at idx. */
static void set_strlist(lua_State *L, strlist *l, int idx, const char *name) {
    if (lua_isnil(L, idx)) {
        strlist_clear(l);
        return;
    }
    if (!lua_istable(L, idx)) luaL_error(L, "article.%s must be an array of strings", name);
    strlist fresh = {0};
    lua_Integer n = luaL_len(L, idx);
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, idx, i);
        if (lua_type(L, -1) != LUA_TSTRING) {
            strlist_clear(&fresh);
            luaL_error(L, "article.%s[%d] must be a string, got %s", name, (int)i, luaL_typename(L, -1));
        }
        if (strlist_push(&fresh, lua_tostring(L, -1)) < 0) {
            strlist_clear(&fresh);
            oom(L);
        }
        lua_pop(L, 1);
    }
    strlist_clear(l);
    *l = fresh;
}

static void push_meta(lua_State *L, const galley_article *a) {
    lua_createtable(L, 0, (int)a->nmeta);
    for (size_t i = 0; i < a->nmeta; i++) {
        lua_pushstring(L, a->meta[i].value);
        lua_setfield(L, -2, a->meta[i].key);
    }
}

static void free_meta(meta_entry *m, size_t n) {
    for (size_t i = 0; i < n; i++) {
        free(m[i].key);
        free(m[i].value);
    }
    free(m);
}

/* Replaces the metadata with the string keys and values of the table at idx (nil
 * clears it); numbers and booleans are stored as their text. */
static void set_meta_table(lua_State *L, galley_article *a, int idx) {
    if (!lua_isnil(L, idx) && !lua_istable(L, idx)) luaL_error(L, "article.meta must be a table of strings");
    galley_article scratch = {0};
    const char *problem = NULL;
    if (lua_istable(L, idx)) {
        lua_pushnil(L);
        while (!problem && lua_next(L, idx)) {
            int kt = lua_type(L, -2), vt = lua_type(L, -1);
            if (kt != LUA_TSTRING || (vt != LUA_TSTRING && vt != LUA_TNUMBER && vt != LUA_TBOOLEAN)) {
                problem = "article.meta: keys must be strings and values strings, numbers or booleans";
            } else {
                /* A converted copy, so that next() still sees the original value. */
                if (vt == LUA_TBOOLEAN) lua_pushstring(L, lua_toboolean(L, -1) ? "true" : "false");
                else lua_pushstring(L, lua_tostring(L, -1));
                if (article_set_meta(&scratch, lua_tostring(L, -3), lua_tostring(L, -1)) < 0) problem = "out of memory";
                lua_pop(L, 1);
            }
            lua_pop(L, 1);
        }
        if (problem) lua_pop(L, 1); /* the key next() would have taken */
    }
    if (problem) {
        free_meta(scratch.meta, scratch.nmeta);
        luaL_error(L, "%s", problem);
    }
    free_meta(a->meta, a->nmeta);
    a->meta = scratch.meta;
    a->nmeta = scratch.nmeta;
    a->capmeta = scratch.capmeta;
}

static void push_block(lua_State *L, const block *b) {
    lua_createtable(L, 0, 5);
    lua_pushstring(L, block_type_name(b->type));
    lua_setfield(L, -2, "type");
    lua_pushstring(L, b->text);
    lua_setfield(L, -2, "text");
    if (b->level) {
        lua_pushinteger(L, b->level);
        lua_setfield(L, -2, "level");
    }
    if (b->url) {
        lua_pushstring(L, b->url);
        lua_setfield(L, -2, "url");
    }
    if (b->alt) {
        lua_pushstring(L, b->alt);
        lua_setfield(L, -2, "alt");
    }
}

static int m_blocks(lua_State *L) {
    galley_article *a = check(L, 1);
    lua_createtable(L, (int)a->nblocks, 0);
    for (size_t i = 0; i < a->nblocks; i++) {
        push_block(L, &a->blocks[i]);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

/* Reads an optional string field of a block table: 0, or -1 when it is not a string. */
static int opt_field(lua_State *L, int t, const char *key, const char **out) {
    lua_getfield(L, t, key);
    *out = NULL;
    int ok = lua_isnil(L, -1) || lua_type(L, -1) == LUA_TSTRING;
    if (ok && !lua_isnil(L, -1)) *out = lua_tostring(L, -1);
    lua_pop(L, 1); /* the string stays alive: the table holds it */
    return ok ? 0 : -1;
}

/* Adds the block table at t to a scratch article; a message on failure. */
static const char *add_block_from(lua_State *L, int t, galley_article *scratch) {
    static const char *const keys[] = {"type", "text", "url", "alt"};
    const char *v[4];
    for (int k = 0; k < 4; k++)
        if (opt_field(L, t, keys[k], &v[k]) < 0) return keys[k];
    int bt = block_type_from_name(v[0] ? v[0] : "paragraph");
    if (bt < 0) return "type";
    lua_getfield(L, t, "level");
    int level = lua_isinteger(L, -1) ? (int)lua_tointeger(L, -1) : 0;
    lua_pop(L, 1);
    if (bt == GALLEY_BLOCK_HEADING && (level < 1 || level > 6)) level = level < 1 ? 2 : 6;
    if (article_add_block(scratch, (galley_block_type)bt, level, v[1], v[2], v[3]) < 0) return "";
    return NULL;
}

/* __gc of the scratch article of set_blocks. */
static int scratch_gc(lua_State *L) {
    article_clear_blocks(lua_touserdata(L, 1));
    return 0;
}

static int m_set_blocks(lua_State *L) {
    galley_article *a = check(L, 1);
    luaL_checktype(L, 2, LUA_TTABLE);
    /* The copies live in a userdata until they replace the article's blocks, so that an
     * error raised halfway (by a metamethod of a block table, or out of memory) cannot
     * leak them. */
    galley_article *scratch = lua_newuserdatauv(L, sizeof *scratch, 0);
    memset(scratch, 0, sizeof *scratch);
    if (luaL_newmetatable(L, "galley.blocks")) {
        lua_pushcfunction(L, scratch_gc);
        lua_setfield(L, -2, "__gc");
    }
    lua_setmetatable(L, -2);
    lua_Integer n = luaL_len(L, 2);
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, 2, i);
        const char *bad = lua_istable(L, -1) ? add_block_from(L, lua_gettop(L), scratch) : "table";
        lua_pop(L, 1);
        if (bad) {
            article_clear_blocks(scratch);
            if (!*bad) return oom(L);
            if (strcmp(bad, "table") == 0) return luaL_error(L, "set_blocks: block %d must be a table", (int)i);
            if (strcmp(bad, "type") == 0)
                return luaL_error(L, "set_blocks: block %d: type must be one of paragraph, heading, "
                                     "list_item, quote, code, image, table_row", (int)i);
            return luaL_error(L, "set_blocks: block %d: '%s' must be a string", (int)i, bad);
        }
    }
    article_clear_blocks(a);
    a->blocks = scratch->blocks;
    a->nblocks = scratch->nblocks;
    a->capblocks = scratch->capblocks;
    scratch->blocks = NULL;
    scratch->nblocks = scratch->capblocks = 0;
    return 0;
}

static int m_text(lua_State *L) {
    char *t = galley_article_text(check(L, 1));
    if (!t) return oom(L);
    lua_pushstring(L, t);
    free(t);
    return 1;
}

static int m_set_meta(lua_State *L) {
    galley_article *a = check(L, 1);
    const char *key = luaL_checkstring(L, 2);
    const char *value = lua_isnoneornil(L, 3) ? NULL : luaL_tolstring(L, 3, NULL);
    if (article_set_meta(a, key, value) < 0) return oom(L);
    return 0;
}

static int m_categorize(lua_State *L) {
    larticle *u = luaL_checkudata(L, 1, LBRIDGE_ARTICLE);
    galley_article *a = check(L, 1);
    const char *scheme = luaL_checkstring(L, 2), *label = luaL_checkstring(L, 3);
    lua_Number score = luaL_optnumber(L, 4, 1.0);
    if (!*scheme || !*label) return luaL_error(L, "categorize: scheme and label must not be empty");
    if (!(score >= 0 && score <= 1)) return luaL_argerror(L, 4, "score must be a number in [0, 1]");
    if (article_add_category(a, scheme, label, score, u->plugin) < 0) return oom(L);
    return 0;
}

static int m_categories(lua_State *L) {
    galley_article *a = check(L, 1);
    const char *scheme = luaL_optstring(L, 2, NULL);
    lua_createtable(L, scheme ? 0 : (int)a->ncats, 0);
    lua_Integer n = 0;
    for (size_t i = 0; i < a->ncats; i++) {
        if (scheme && strcmp(a->cats[i].scheme, scheme) != 0) continue;
        lua_createtable(L, 0, 4);
        lua_pushstring(L, a->cats[i].scheme);
        lua_setfield(L, -2, "scheme");
        lua_pushstring(L, a->cats[i].label);
        lua_setfield(L, -2, "label");
        lua_pushnumber(L, a->cats[i].score);
        lua_setfield(L, -2, "score");
        if (a->cats[i].plugin) {
            lua_pushstring(L, a->cats[i].plugin);
            lua_setfield(L, -2, "plugin");
        }
        lua_rawseti(L, -2, ++n);
    }
    return 1;
}

static int m_renditions(lua_State *L) {
    galley_article *a = check(L, 1);
    lua_createtable(L, 0, (int)a->nrends);
    for (size_t i = 0; i < a->nrends; i++) {
        lua_pushstring(L, a->rends[i].body);
        lua_setfield(L, -2, a->rends[i].format);
    }
    return 1;
}

static int m_to_json(lua_State *L) {
    char *s = galley_article_to_json(check(L, 1));
    if (!s) return oom(L);
    lua_pushstring(L, s);
    free(s);
    return 1;
}

static const luaL_Reg methods[] = {
    {"blocks", m_blocks},         {"set_blocks", m_set_blocks}, {"text", m_text},
    {"set_meta", m_set_meta},     {"categorize", m_categorize}, {"categories", m_categories},
    {"renditions", m_renditions}, {"to_json", m_to_json},       {NULL, NULL},
};

/* Fields plugins may change; the others (uid, source, format, *_raw, hash) are the
 * loader's record of where the article came from. */
static int writable(article_field f) {
    return f == AF_URL || f == AF_TITLE || f == AF_SUBTITLE || f == AF_SITE_NAME || f == AF_SECTION ||
           f == AF_PUBLISHED || f == AF_MODIFIED || f == AF_LANG || f == AF_DESCRIPTION || f == AF_IMAGE;
}

static int mt_index(lua_State *L) {
    galley_article *a = check(L, 1);
    const char *key = luaL_checkstring(L, 2);
    int f = article_field_index(key);
    if (f >= 0) {
        if (a->field[f]) lua_pushstring(L, a->field[f]);
        else lua_pushnil(L);
    } else if (strcmp(key, "authors") == 0) {
        push_strlist(L, &a->authors);
    } else if (strcmp(key, "tags") == 0) {
        push_strlist(L, &a->tags);
    } else if (strcmp(key, "meta") == 0) {
        push_meta(L, a);
    } else if (strcmp(key, "hash") == 0) {
        lua_pushstring(L, galley_article_hash(a));
    } else {
        lua_getfield(L, lua_upvalueindex(1), key); /* a method, or nil */
    }
    return 1;
}

static int mt_newindex(lua_State *L) {
    galley_article *a = check(L, 1);
    const char *key = luaL_checkstring(L, 2);
    int f = article_field_index(key);
    if (f >= 0 && writable((article_field)f)) {
        if (!lua_isnil(L, 3) && lua_type(L, 3) != LUA_TSTRING)
            return luaL_error(L, "article.%s must be a string or nil, got %s", key, luaL_typename(L, 3));
        if (article_set(a, (article_field)f, lua_tostring(L, 3)) < 0) return oom(L);
    } else if (strcmp(key, "authors") == 0) {
        set_strlist(L, &a->authors, 3, "authors");
    } else if (strcmp(key, "tags") == 0) {
        set_strlist(L, &a->tags, 3, "tags");
    } else if (strcmp(key, "meta") == 0) {
        set_meta_table(L, a, 3);
    } else if (f >= 0) {
        return luaL_error(L, "article.%s is read-only", key);
    } else {
        return luaL_error(L, "article has no field '%s' (use article:set_meta for your own keys)", key);
    }
    return 0;
}

static int mt_gc(lua_State *L) {
    larticle *u = luaL_checkudata(L, 1, LBRIDGE_ARTICLE);
    if (u->owned) galley_article_free(u->a);
    u->a = NULL;
    return 0;
}

static int mt_tostring(lua_State *L) {
    larticle *u = luaL_checkudata(L, 1, LBRIDGE_ARTICLE);
    const char *uid = u->a && u->a->field[AF_UID] ? u->a->field[AF_UID] : "?";
    lua_pushfstring(L, "article '%s'", uid);
    return 1;
}

void lbridge_push_article(lua_State *L, galley_article *a, int owned, const char *plugin) {
    larticle *u = lua_newuserdatauv(L, sizeof *u, 0);
    u->a = a;
    u->owned = owned;
    u->plugin = plugin;
    if (luaL_newmetatable(L, LBRIDGE_ARTICLE)) {
        lua_newtable(L);
        luaL_setfuncs(L, methods, 0);
        lua_pushcclosure(L, mt_index, 1);
        lua_setfield(L, -2, "__index");
        lua_pushcfunction(L, mt_newindex);
        lua_setfield(L, -2, "__newindex");
        lua_pushcfunction(L, mt_gc);
        lua_setfield(L, -2, "__gc");
        lua_pushcfunction(L, mt_tostring);
        lua_setfield(L, -2, "__tostring");
        lua_pushliteral(L, "galley.article");
        lua_setfield(L, -2, "__name");
        lua_pushboolean(L, 0);
        lua_setfield(L, -2, "__metatable"); /* plugins cannot swap the metatable */
    }
    lua_setmetatable(L, -2);
}

void lbridge_release_article(lua_State *L, int idx) {
    larticle *u = luaL_testudata(L, idx, LBRIDGE_ARTICLE);
    if (u && !u->owned) u->a = NULL;
}
