/* article.c — the article model: fields, blocks, metadata, categories, renditions,
 * the content hash and the JSON form shared by `extract` and `export`. */
#include "article.h"
#include "json.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

const char *const article_field_names[AF_COUNT] = {
    "uid",       "source",        "format",   "url",          "title",
    "subtitle",  "site_name",     "section",  "published",    "published_raw",
    "modified",  "modified_raw",  "lang",     "description",  "image",
};

static const char *const block_names[] = {"paragraph", "heading", "list_item", "quote",
                                          "code",      "image",   "table_row"};

int article_field_index(const char *name) {
    if (!name) return -1;
    for (int i = 0; i < AF_COUNT; i++)
        if (strcmp(article_field_names[i], name) == 0) return i;
    return -1;
}

const char *block_type_name(galley_block_type t) {
    return (unsigned)t < sizeof block_names / sizeof *block_names ? block_names[t] : "paragraph";
}

int block_type_from_name(const char *name) {
    for (size_t i = 0; i < sizeof block_names / sizeof *block_names; i++)
        if (strcmp(block_names[i], name) == 0) return (int)i;
    return -1;
}

/* Makes room for one more element in a growable array. */
static int grow(void **arr, size_t *cap, size_t n, size_t size) {
    if (n < *cap) return 0;
    size_t ncap = *cap ? *cap * 2 : 8;
    void *p = realloc(*arr, ncap * size);
    if (!p) return -1;
    *arr = p;
    *cap = ncap;
    return 0;
}

int strlist_push(strlist *l, const char *s) {
    if (grow((void **)&l->v, &l->cap, l->n, sizeof *l->v) < 0) return -1;
    char *copy = g_strdup(s ? s : "");
    if (!copy) return -1;
    l->v[l->n++] = copy;
    return 0;
}

void strlist_clear(strlist *l) {
    for (size_t i = 0; i < l->n; i++) free(l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}

galley_article *galley_article_new(void) { return calloc(1, sizeof(galley_article)); }

void article_clear_blocks(galley_article *a) {
    for (size_t i = 0; i < a->nblocks; i++) {
        free(a->blocks[i].text);
        free(a->blocks[i].url);
        free(a->blocks[i].alt);
    }
    free(a->blocks);
    a->blocks = NULL;
    a->nblocks = a->capblocks = 0;
}

void galley_article_free(galley_article *a) {
    if (!a) return;
    for (int i = 0; i < AF_COUNT; i++) free(a->field[i]);
    strlist_clear(&a->authors);
    strlist_clear(&a->tags);
    article_clear_blocks(a);
    for (size_t i = 0; i < a->nmeta; i++) {
        free(a->meta[i].key);
        free(a->meta[i].value);
    }
    free(a->meta);
    for (size_t i = 0; i < a->ncats; i++) {
        free(a->cats[i].scheme);
        free(a->cats[i].label);
        free(a->cats[i].plugin);
    }
    free(a->cats);
    for (size_t i = 0; i < a->nrends; i++) {
        free(a->rends[i].format);
        free(a->rends[i].body);
        free(a->rends[i].plugin);
    }
    free(a->rends);
    free(a->raw);
    free(a);
}

int article_set(galley_article *a, article_field f, const char *value) {
    char *copy = NULL;
    if (value && !(copy = g_strdup(value))) return -1;
    article_set_take(a, f, copy);
    return 0;
}

void article_set_take(galley_article *a, article_field f, char *value) {
    free(a->field[f]);
    a->field[f] = value;
}

const char *galley_article_get(const galley_article *a, const char *field) {
    int f = article_field_index(field);
    return f < 0 ? NULL : a->field[f];
}

int galley_article_set(galley_article *a, const char *field, const char *value) {
    int f = article_field_index(field);
    if (f < 0) return GALLEY_EUSAGE;
    /* The caller changed the article: the cached hash no longer describes it. (Plugins
     * use article_set, which keeps the hash of the article as loaded.) */
    a->hash[0] = '\0';
    return article_set(a, (article_field)f, value) < 0 ? GALLEY_ENOMEM : GALLEY_OK;
}

int article_add_block(galley_article *a, galley_block_type type, int level, const char *text,
                      const char *url, const char *alt) {
    if (grow((void **)&a->blocks, &a->capblocks, a->nblocks, sizeof *a->blocks) < 0) return -1;
    block *b = &a->blocks[a->nblocks];
    b->type = type;
    b->level = level;
    b->text = g_strdup(text ? text : "");
    b->url = url ? g_strdup(url) : NULL;
    b->alt = alt ? g_strdup(alt) : NULL;
    if (!b->text || (url && !b->url) || (alt && !b->alt)) {
        free(b->text);
        free(b->url);
        free(b->alt);
        return -1;
    }
    a->nblocks++;
    return 0;
}

size_t galley_article_block_count(const galley_article *a) { return a->nblocks; }

int galley_article_block(const galley_article *a, size_t i, galley_block *out) {
    if (i >= a->nblocks) return GALLEY_EUSAGE;
    const block *b = &a->blocks[i];
    out->type = b->type;
    out->level = b->level;
    out->text = b->text;
    out->url = b->url;
    out->alt = b->alt;
    return GALLEY_OK;
}

int galley_article_add_block(galley_article *a, galley_block_type type, int level,
                             const char *text) {
    if ((unsigned)type > GALLEY_BLOCK_TABLE_ROW) return GALLEY_EUSAGE;
    a->hash[0] = '\0';
    return article_add_block(a, type, level, text, NULL, NULL) < 0 ? GALLEY_ENOMEM : GALLEY_OK;
}

int article_set_meta(galley_article *a, const char *key, const char *value) {
    for (size_t i = 0; i < a->nmeta; i++) {
        if (strcmp(a->meta[i].key, key) != 0) continue;
        if (!value) {
            free(a->meta[i].key);
            free(a->meta[i].value);
            memmove(&a->meta[i], &a->meta[i + 1], (a->nmeta - i - 1) * sizeof *a->meta);
            a->nmeta--;
            return 0;
        }
        char *v = g_strdup(value);
        if (!v) return -1;
        free(a->meta[i].value);
        a->meta[i].value = v;
        return 0;
    }
    if (!value) return 0;
    if (grow((void **)&a->meta, &a->capmeta, a->nmeta, sizeof *a->meta) < 0) return -1;
    char *k = g_strdup(key), *v = g_strdup(value);
    if (!k || !v) {
        free(k);
        free(v);
        return -1;
    }
    a->meta[a->nmeta].key = k;
    a->meta[a->nmeta].value = v;
    a->nmeta++;
    return 0;
}

const char *article_get_meta(const galley_article *a, const char *key) {
    for (size_t i = 0; i < a->nmeta; i++)
        if (strcmp(a->meta[i].key, key) == 0) return a->meta[i].value;
    return NULL;
}

int article_add_category(galley_article *a, const char *scheme, const char *label, double score,
                         const char *plugin) {
    if (!(score >= 0)) score = 0; /* also catches NaN */
    if (score > 1) score = 1;
    char *p = plugin ? g_strdup(plugin) : NULL;
    if (plugin && !p) return -1;
    for (size_t i = 0; i < a->ncats; i++) {
        if (strcmp(a->cats[i].scheme, scheme) == 0 && strcmp(a->cats[i].label, label) == 0) {
            a->cats[i].score = score;
            free(a->cats[i].plugin);
            a->cats[i].plugin = p;
            return 0;
        }
    }
    char *s = g_strdup(scheme), *l = g_strdup(label);
    if (!s || !l || grow((void **)&a->cats, &a->capcats, a->ncats, sizeof *a->cats) < 0) {
        free(s);
        free(l);
        free(p);
        return -1;
    }
    a->cats[a->ncats++] = (category){s, l, p, score};
    return 0;
}

int article_set_rendition(galley_article *a, const char *format, const char *body,
                          const char *plugin) {
    char *b = g_strdup(body ? body : ""), *p = plugin ? g_strdup(plugin) : NULL;
    if (!b || (plugin && !p)) {
        free(b);
        free(p);
        return -1;
    }
    for (size_t i = 0; i < a->nrends; i++) {
        if (strcmp(a->rends[i].format, format) == 0) {
            free(a->rends[i].body);
            free(a->rends[i].plugin);
            a->rends[i].body = b;
            a->rends[i].plugin = p;
            return 0;
        }
    }
    char *f = g_strdup(format);
    if (!f || grow((void **)&a->rends, &a->caprends, a->nrends, sizeof *a->rends) < 0) {
        free(f);
        free(b);
        free(p);
        return -1;
    }
    a->rends[a->nrends++] = (rendition){f, b, p};
    return 0;
}

const char *galley_article_rendition(const galley_article *a, const char *format) {
    for (size_t i = 0; i < a->nrends; i++)
        if (strcmp(a->rends[i].format, format) == 0) return a->rends[i].body;
    return NULL;
}

size_t galley_article_category_count(const galley_article *a) { return a->ncats; }

int galley_article_category(const galley_article *a, size_t i, galley_category *out) {
    if (i >= a->ncats) return GALLEY_EUSAGE;
    out->scheme = a->cats[i].scheme;
    out->label = a->cats[i].label;
    out->score = a->cats[i].score;
    out->plugin = a->cats[i].plugin;
    return GALLEY_OK;
}

char *galley_article_text(const galley_article *a) {
    gbuf b = GBUF_INIT;
    gbuf_append(&b, "", 0);
    for (size_t i = 0; i < a->nblocks; i++) {
        if (!a->blocks[i].text[0]) continue;
        if (b.len) gbuf_puts(&b, "\n\n");
        gbuf_puts(&b, a->blocks[i].text);
    }
    return gbuf_take(&b);
}

/* Feeds one length-prefixed string to the hash, so that ("ab","c") != ("a","bc"). */
static void hash_str(XXH3_state_t *st, const char *s) {
    unsigned long long n = s ? strlen(s) + 1 : 0;
    XXH3_64bits_update(st, &n, sizeof n);
    if (s) XXH3_64bits_update(st, s, n - 1);
}

/* The content hash of a as 16 hex digits into out. */
static void hash_into(const galley_article *a, char out[17]) {
    XXH3_state_t *st = XXH3_createState();
    unsigned long long h = 0;
    if (st) {
        XXH3_64bits_reset(st);
        /* A language the run detected (it left its confidence in meta) is derived from the
         * text, not content: the article hashes as it was loaded, so that its export
         * loaded back (lang and confidence now written out) is the same article. */
        int detected = article_get_meta(a, ARTICLE_LANG_CONFIDENCE) != NULL;
        for (int i = 0; i < AF_COUNT; i++) hash_str(st, i == AF_LANG && detected ? NULL : a->field[i]);
        for (size_t i = 0; i < a->authors.n; i++) hash_str(st, a->authors.v[i]);
        hash_str(st, "\x01tags");
        for (size_t i = 0; i < a->tags.n; i++) hash_str(st, a->tags.v[i]);
        hash_str(st, "\x01blocks");
        for (size_t i = 0; i < a->nblocks; i++) {
            const block *b = &a->blocks[i];
            int tl[2] = {(int)b->type, b->level};
            XXH3_64bits_update(st, tl, sizeof tl);
            hash_str(st, b->text);
            hash_str(st, b->url);
            hash_str(st, b->alt);
        }
        hash_str(st, "\x01meta");
        for (size_t i = 0; i < a->nmeta; i++) {
            if (detected && strcmp(a->meta[i].key, ARTICLE_LANG_CONFIDENCE) == 0) continue;
            hash_str(st, a->meta[i].key);
            hash_str(st, a->meta[i].value);
        }
        h = XXH3_64bits_digest(st);
        XXH3_freeState(st);
    }
    static const char hex[] = "0123456789abcdef";
    for (int i = 15; i >= 0; i--, h >>= 4) out[i] = hex[h & 15];
    out[16] = '\0';
}

void article_compute_hash(galley_article *a) { hash_into(a, a->hash); }

const char *galley_article_hash(galley_article *a) {
    if (!a->hash[0]) article_compute_hash(a);
    return a->hash;
}

void article_json_strlist(gbuf *b, const strlist *l) {
    gbuf_putc(b, '[');
    for (size_t i = 0; i < l->n; i++) {
        if (i) gbuf_putc(b, ',');
        json_put_string(b, l->v[i]);
    }
    gbuf_putc(b, ']');
}

static void put_field(gbuf *b, const char *key, const char *value) {
    gbuf_printf(b, ",\"%s\":", key);
    if (value) json_put_string(b, value);
    else gbuf_puts(b, "null");
}

void article_json_blocks(gbuf *b, const galley_article *a) {
    gbuf_putc(b, '[');
    for (size_t i = 0; i < a->nblocks; i++) {
        const block *bl = &a->blocks[i];
        if (i) gbuf_putc(b, ',');
        gbuf_printf(b, "{\"type\":\"%s\"", block_type_name(bl->type));
        if (bl->level) gbuf_printf(b, ",\"level\":%d", bl->level);
        gbuf_puts(b, ",\"text\":");
        json_put_string(b, bl->text);
        if (bl->url) put_field(b, "url", bl->url);
        if (bl->alt) put_field(b, "alt", bl->alt);
        gbuf_putc(b, '}');
    }
    gbuf_putc(b, ']');
}

void article_json_meta(gbuf *b, const galley_article *a) {
    gbuf_putc(b, '{');
    for (size_t i = 0; i < a->nmeta; i++) {
        if (i) gbuf_putc(b, ',');
        json_put_string(b, a->meta[i].key);
        gbuf_putc(b, ':');
        json_put_string(b, a->meta[i].value);
    }
    gbuf_putc(b, '}');
}

char *galley_article_to_json(const galley_article *a) {
    gbuf b = GBUF_INIT;
    gbuf_puts(&b, "{\"uid\":");
    json_put_string(&b, a->field[AF_UID] ? a->field[AF_UID] : "");
    for (int i = 1; i < AF_COUNT; i++) put_field(&b, article_field_names[i], a->field[i]);
    gbuf_puts(&b, ",\"authors\":");
    article_json_strlist(&b, &a->authors);
    gbuf_puts(&b, ",\"tags\":");
    article_json_strlist(&b, &a->tags);
    char *text = galley_article_text(a);
    put_field(&b, "text", text ? text : "");
    free(text);
    gbuf_puts(&b, ",\"blocks\":");
    article_json_blocks(&b, a);
    gbuf_puts(&b, ",\"meta\":");
    article_json_meta(&b, a);
    gbuf_puts(&b, ",\"categories\":[");
    for (size_t i = 0; i < a->ncats; i++) {
        const category *c = &a->cats[i];
        if (i) gbuf_putc(&b, ',');
        gbuf_puts(&b, "{\"scheme\":");
        json_put_string(&b, c->scheme);
        gbuf_puts(&b, ",\"label\":");
        json_put_string(&b, c->label);
        gbuf_puts(&b, ",\"score\":");
        json_put_number(&b, c->score);
        put_field(&b, "plugin", c->plugin);
        gbuf_putc(&b, '}');
    }
    gbuf_puts(&b, "],\"renditions\":{");
    for (size_t i = 0; i < a->nrends; i++) {
        if (i) gbuf_putc(&b, ',');
        json_put_string(&b, a->rends[i].format);
        gbuf_putc(&b, ':');
        json_put_string(&b, a->rends[i].body);
    }
    /* Which plugin made each rendition, apart from the renditions themselves so that
     * "renditions" stays format -> text; loading it back keeps the store's plugin column. */
    gbuf_puts(&b, "},\"rendition_plugins\":{");
    for (size_t i = 0, n = 0; i < a->nrends; i++) {
        if (!a->rends[i].plugin) continue;
        if (n++) gbuf_putc(&b, ',');
        json_put_string(&b, a->rends[i].format);
        gbuf_putc(&b, ':');
        json_put_string(&b, a->rends[i].plugin);
    }
    /* An article changed through the public setters has no hash cached: compute it. */
    char hash[17];
    if (a->hash[0]) memcpy(hash, a->hash, sizeof hash);
    else hash_into(a, hash);
    gbuf_puts(&b, "},\"hash\":");
    json_put_string(&b, hash);
    gbuf_putc(&b, '}');
    return gbuf_take(&b);
}
