/* json_article.c — an article from its JSON form (the objects `galley export --format
 * jsonl` writes), for streaming mode and JSON Lines inputs. */
#include "../json.h"
#include "../load.h"
#include "../util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int put_strings(strlist *l, const json_value *v) {
    if (!v || v->type == JSON_NULL) return 0;
    if (v->type == JSON_STRING) return strlist_push(l, v->string);
    if (v->type != JSON_ARRAY) return -2;
    for (size_t i = 0; i < v->len; i++) {
        if (v->items[i].type != JSON_STRING) return -2;
        if (strlist_push(l, v->items[i].string) < 0) return -1;
    }
    return 0;
}

/* A JSON value as text for meta: strings as they are, other values as JSON. */
static char *meta_text(const json_value *v) {
    if (v->type == JSON_STRING) return g_strdup(v->string);
    gbuf b = GBUF_INIT;
    if (v->type == JSON_NUMBER) json_put_number(&b, v->number);
    else if (v->type == JSON_TRUE) gbuf_puts(&b, "true");
    else if (v->type == JSON_FALSE) gbuf_puts(&b, "false");
    else gbuf_puts(&b, "null");
    return gbuf_take(&b);
}

static int read_blocks(galley_article *a, const json_value *v) {
    if (v->type != JSON_ARRAY) return -2;
    for (size_t i = 0; i < v->len; i++) {
        const json_value *b = &v->items[i];
        if (b->type != JSON_OBJECT) return -2;
        const char *type = json_get_string(b, "type");
        int t = block_type_from_name(type ? type : "paragraph");
        const json_value *level = json_get(b, "level");
        if (t < 0) return -2;
        if (article_add_block(a, (galley_block_type)t, level && level->type == JSON_NUMBER ? (int)level->number : 0,
                              json_get_string(b, "text"), json_get_string(b, "url"), json_get_string(b, "alt")) < 0)
            return -1;
    }
    return 0;
}

/* Paragraphs from plain text: blank lines separate them. */
static int blocks_from_text(galley_article *a, const char *text) {
    const char *p = text;
    while (*p) {
        const char *end = strstr(p, "\n\n");
        size_t n = end ? (size_t)(end - p) : strlen(p);
        while (n && (p[0] == '\n' || p[0] == ' ')) p++, n--;
        while (n && (p[n - 1] == '\n' || p[n - 1] == ' ')) n--;
        if (n) {
            char *para = g_strndup(p, n);
            int rc = para ? article_add_block(a, GALLEY_BLOCK_PARAGRAPH, 0, para, NULL, NULL) : -1;
            free(para);
            if (rc < 0) return -1;
        }
        if (!end) break;
        p = end + 2;
    }
    return 0;
}

static int read_categories(galley_article *a, const json_value *v) {
    if (v->type != JSON_ARRAY) return -2;
    for (size_t i = 0; i < v->len; i++) {
        const json_value *c = &v->items[i];
        const char *scheme = json_get_string(c, "scheme"), *label = json_get_string(c, "label");
        const json_value *score = json_get(c, "score");
        if (!scheme || !label) return -2;
        if (article_add_category(a, scheme, label, score && score->type == JSON_NUMBER ? score->number : 1.0,
                                 json_get_string(c, "plugin")) < 0)
            return -1;
    }
    return 0;
}

/* obj is the whole object: "renditions" reads the plugins of "rendition_plugins" in it. */
static int read_own_key(galley_article *a, const json_value *obj, const char *key, const json_value *v) {
    int f = article_field_index(key), rc = 0;
    if (f >= 0) {
        if (v->type == JSON_STRING) rc = article_set(a, (article_field)f, v->string);
        else if (v->type != JSON_NULL) rc = -2;
    } else if (strcmp(key, "authors") == 0) {
        rc = put_strings(&a->authors, v);
    } else if (strcmp(key, "tags") == 0) {
        rc = put_strings(&a->tags, v);
    } else if (strcmp(key, "blocks") == 0) {
        rc = read_blocks(a, v);
    } else if (strcmp(key, "meta") == 0 && v->type == JSON_OBJECT) {
        for (size_t k = 0; k < v->len && rc == 0; k++) {
            char *text = meta_text(&v->items[k]);
            rc = text ? article_set_meta(a, v->keys[k], text) : -1;
            free(text);
        }
    } else if (strcmp(key, "categories") == 0) {
        rc = read_categories(a, v);
    } else if (strcmp(key, "renditions") == 0 && v->type == JSON_OBJECT) {
        const json_value *made_by = json_get(obj, "rendition_plugins");
        for (size_t k = 0; k < v->len && rc == 0; k++)
            if (v->items[k].type == JSON_STRING)
                rc = article_set_rendition(a, v->keys[k], v->items[k].string,
                                           json_get_string(made_by, v->keys[k]));
    } else if (strcmp(key, "meta") == 0 || strcmp(key, "renditions") == 0 ||
               (strcmp(key, "rendition_plugins") == 0 && v->type != JSON_OBJECT && v->type != JSON_NULL)) {
        rc = -2;
    }
    /* "text" is read after the other keys, "hash" is derived, "rendition_plugins" is read
     * with "renditions". */
    return rc;
}

/* The keys of the export form, read as they are unless the field map names them. */
static int is_own_key(const char *key) {
    static const char *const own[] = {"authors", "tags",       "blocks",            "meta",
                                      "categories", "renditions", "rendition_plugins", "text", "hash"};
    if (article_field_index(key) >= 0) return 1;
    for (size_t i = 0; i < sizeof own / sizeof *own; i++)
        if (strcmp(own[i], key) == 0) return 1;
    return 0;
}

/* A dataset's key through the field map: strings (and numbers, booleans) as text, arrays
 * of strings as authors or tags; other shapes are left alone. */
static int read_mapped(galley_article *a, const load_target *t, const json_value *v) {
    if (v->type == JSON_ARRAY && (t->kind == LT_AUTHORS || t->kind == LT_TAGS)) {
        for (size_t i = 0; i < v->len; i++)
            if (v->items[i].type == JSON_STRING && v->items[i].string[0] &&
                strlist_push(t->kind == LT_AUTHORS ? &a->authors : &a->tags, v->items[i].string) < 0)
                return -1;
        return 0;
    }
    if (v->type == JSON_ARRAY || v->type == JSON_OBJECT || v->type == JSON_NULL) return 0;
    char *text = meta_text(v);
    int rc = text ? load_target_apply(a, t, text, strlen(text)) : -1;
    free(text);
    return rc;
}

static int read_object(galley_article *a, const json_value *obj, const load_map *map, const char **bad) {
    load_target *targets = calloc(obj->len ? obj->len : 1, sizeof *targets);
    if (!targets) return -1;
    for (size_t i = 0; i < obj->len; i++)
        if (is_own_key(obj->keys[i])) targets[i].kind = LT_RESERVED;
    load_map_resolve(map, (const char *const *)obj->keys, obj->len, targets);
    int rc = 0;
    for (size_t i = 0; i < obj->len && rc == 0; i++) {
        *bad = obj->keys[i];
        rc = targets[i].kind == LT_RESERVED ? read_own_key(a, obj, obj->keys[i], &obj->items[i])
                                            : read_mapped(a, &targets[i], &obj->items[i]);
    }
    free(targets);
    return rc;
}

int article_from_json(const char *text, size_t len, const char *fallback_source, const load_map *map,
                      galley_article **out, char *err, size_t errsize) {
    *out = NULL;
    char why[256];
    json_value *obj = json_parse(text, len, why, sizeof why);
    if (!obj) {
        /* One line of JSON: its column is enough. */
        snprintf(err, errsize, "not JSON: %s", strncmp(why, "line 1, ", 8) == 0 ? why + 8 : why);
        return GALLEY_EFORMAT;
    }
    if (obj->type != JSON_OBJECT) {
        json_free(obj);
        snprintf(err, errsize, "an article must be a JSON object");
        return GALLEY_EFORMAT;
    }
    galley_article *a = galley_article_new();
    const char *bad = "";
    int rc = a ? read_object(a, obj, map, &bad) : -1;
    const char *body = json_get_string(obj, "text");
    if (rc == 0 && !a->nblocks && body) rc = blocks_from_text(a, body);
    if (rc == 0 && !a->field[AF_SOURCE]) rc = article_set(a, AF_SOURCE, fallback_source);
    if (rc == 0 && !a->field[AF_FORMAT]) rc = article_set(a, AF_FORMAT, "jsonl");
    if (rc == 0 && !a->field[AF_UID])
        rc = article_set(a, AF_UID, a->field[AF_URL] ? a->field[AF_URL] : a->field[AF_SOURCE]);
    if (rc < 0) {
        if (rc == -1) snprintf(err, errsize, "out of memory");
        else snprintf(err, errsize, "\"%s\" has the wrong type", bad); /* bad points into obj */
        json_free(obj);
        galley_article_free(a);
        return rc == -1 ? GALLEY_ENOMEM : GALLEY_EFORMAT;
    }
    json_free(obj);
    article_compute_hash(a);
    *out = a;
    return GALLEY_OK;
}
