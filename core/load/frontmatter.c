/* load/frontmatter.c — the front-matter tree, and YAML (libyaml) and JSON front matter
 * read into it. TOML has its own parser in toml.c. */
#include "frontmatter.h"
#include "json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

/* A few lines of front matter can name one anchor a thousand times over ("billion
 * laughs"); the tree copies what aliases point to, so its size and depth are capped. */
#define FM_MAX_NODES 100000
#define FM_MAX_DEPTH 64

void fm_clear(fm_node *n) {
    for (size_t i = 0; i < n->n; i++)
        fm_clear(&n->items[i]);
    free(n->items);
    free(n->key);
    free(n->text);
    memset(n, 0, sizeof *n);
}

void fm_free(fm_node *root) {
    if (!root) return;
    fm_clear(root);
    free(root);
}

fm_node *fm_push(fm_node *parent) {
    if (parent->n == parent->cap) {
        size_t cap = parent->cap ? parent->cap * 2 : 8;
        fm_node *v = realloc(parent->items, cap * sizeof *v);
        if (!v) return NULL;
        parent->items = v;
        parent->cap = cap;
    }
    fm_node *c = &parent->items[parent->n++];
    memset(c, 0, sizeof *c);
    return c;
}

const fm_node *fm_get(const fm_node *table, const char *key) {
    if (!table || table->kind != FM_TABLE) return NULL;
    for (size_t i = 0; i < table->n; i++)
        if (table->items[i].key && strcasecmp(table->items[i].key, key) == 0) return &table->items[i];
    return NULL;
}

/* RFC 8259's number grammar: "1e5" is a JSON number, "+1", "01", ".5" and "inf" are not. */
static int is_json_number(const char *s) {
    if (*s == '-') s++;
    if (*s == '0')
        s++;
    else if (*s >= '1' && *s <= '9')
        while (*s >= '0' && *s <= '9')
            s++;
    else
        return 0;
    if (*s == '.') {
        if (!(*++s >= '0' && *s <= '9')) return 0;
        while (*s >= '0' && *s <= '9')
            s++;
    }
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '+' || *s == '-') s++;
        if (!(*s >= '0' && *s <= '9')) return 0;
        while (*s >= '0' && *s <= '9')
            s++;
    }
    return *s == '\0';
}

void fm_json(gbuf *b, const fm_node *n) {
    switch (n->kind) {
    case FM_NULL: gbuf_puts(b, "null"); return;
    case FM_BOOL: gbuf_puts(b, n->text); return;
    case FM_INTEGER:
    case FM_FLOAT:
        if (is_json_number(n->text)) {
            gbuf_puts(b, n->text);
            return;
        }
        json_put_string(b, n->text);
        return;
    case FM_STRING:
    case FM_DATETIME: json_put_string(b, n->text); return;
    case FM_ARRAY:
    case FM_TABLE:
        gbuf_putc(b, n->kind == FM_ARRAY ? '[' : '{');
        for (size_t i = 0; i < n->n; i++) {
            if (i) gbuf_putc(b, ',');
            if (n->kind == FM_TABLE) {
                json_put_string(b, n->items[i].key ? n->items[i].key : "");
                gbuf_putc(b, ':');
            }
            fm_json(b, &n->items[i]);
        }
        gbuf_putc(b, n->kind == FM_ARRAY ? ']' : '}');
        return;
    }
}

/* ---- YAML ------------------------------------------------------------------------- */

typedef struct yaml_walk {
    yaml_document_t *doc;
    size_t nodes;
    int first_line;
    char *err;
    size_t errsize;
} yaml_walk;

static int matches_all(const char *s, const char *const *words) {
    for (; *words; words++)
        if (strcmp(s, *words) == 0) return 1;
    return 0;
}

static int all_in(const char *s, const char *set) {
    if (!*s) return 0;
    for (; *s; s++)
        if (!strchr(set, *s)) return 0;
    return 1;
}

/* YAML 1.2 core schema resolution of a plain (unquoted) scalar. */
static fm_kind plain_kind(const char *s) {
    static const char *const nulls[] = {"", "~", "null", "Null", "NULL", NULL};
    static const char *const bools[] = {"true", "True", "TRUE", "false", "False", "FALSE", NULL};
    static const char *const floats[] = {".inf", ".Inf", ".INF", "+.inf", "-.inf", ".nan", ".NaN", ".NAN", NULL};
    if (matches_all(s, nulls)) return FM_NULL;
    if (matches_all(s, bools)) return FM_BOOL;
    if (matches_all(s, floats)) return FM_FLOAT;
    const char *d = s + (*s == '-' || *s == '+');
    if (all_in(d, "0123456789")) return FM_INTEGER;
    if ((strncmp(s, "0x", 2) == 0 && all_in(s + 2, "0123456789abcdefABCDEF")) ||
        (strncmp(s, "0o", 2) == 0 && all_in(s + 2, "01234567")))
        return FM_INTEGER;
    /* [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )? */
    size_t digits = 0;
    while (*d >= '0' && *d <= '9')
        d++, digits++;
    if (*d == '.') {
        d++;
        while (*d >= '0' && *d <= '9')
            d++, digits++;
    }
    if (!digits) return FM_STRING;
    if (*d == 'e' || *d == 'E') {
        d++;
        if (*d == '+' || *d == '-') d++;
        if (!all_in(d, "0123456789")) return FM_STRING;
        return FM_FLOAT;
    }
    return *d ? FM_STRING : FM_FLOAT;
}

static int yaml_fail(yaml_walk *w, const yaml_node_t *at, const char *what) {
    snprintf(w->err, w->errsize, "line %d: YAML front matter: %s", w->first_line + (int)at->start_mark.line, what);
    return -1;
}

static int yaml_convert(yaml_walk *w, yaml_node_t *y, fm_node *out, int depth) {
    if (++w->nodes > FM_MAX_NODES) return yaml_fail(w, y, "more than 100000 values (an alias repeated over and over?)");
    if (depth > FM_MAX_DEPTH) return yaml_fail(w, y, "nested too deeply");
    switch (y->type) {
    case YAML_SCALAR_NODE: {
        const char *s = (const char *)y->data.scalar.value;
        out->kind = y->data.scalar.style == YAML_PLAIN_SCALAR_STYLE ? plain_kind(s) : FM_STRING;
        if (out->kind == FM_BOOL) s = (s[0] == 't' || s[0] == 'T') ? "true" : "false";
        if (out->kind != FM_NULL && !(out->text = g_strndup(s, strlen(s)))) goto nomem;
        return 0;
    }
    case YAML_SEQUENCE_NODE:
        out->kind = FM_ARRAY;
        for (yaml_node_item_t *it = y->data.sequence.items.start; it < y->data.sequence.items.top; it++) {
            yaml_node_t *child = yaml_document_get_node(w->doc, *it);
            fm_node *c = child ? fm_push(out) : NULL;
            if (child && !c) goto nomem;
            if (child && yaml_convert(w, child, c, depth + 1) < 0) return -1;
        }
        return 0;
    case YAML_MAPPING_NODE:
        out->kind = FM_TABLE;
        for (yaml_node_pair_t *p = y->data.mapping.pairs.start; p < y->data.mapping.pairs.top; p++) {
            yaml_node_t *k = yaml_document_get_node(w->doc, p->key);
            yaml_node_t *v = yaml_document_get_node(w->doc, p->value);
            if (!k || !v) continue;
            if (k->type != YAML_SCALAR_NODE) return yaml_fail(w, k, "a key that is a list or a mapping");
            fm_node *c = fm_push(out);
            if (!c) goto nomem;
            if (yaml_convert(w, v, c, depth + 1) < 0) return -1;
            if (!(c->key = g_strdup((const char *)k->data.scalar.value))) goto nomem;
        }
        return 0;
    case YAML_NO_NODE: out->kind = FM_NULL; return 0;
    }
    return 0;
nomem:
    snprintf(w->err, w->errsize, "out of memory");
    return -1;
}

/* libyaml slows down with the square of flow nesting (200,000 '[' take minutes), and
 * nothing real nests deeply: the depth of [ and { outside quotes and comments is
 * checked before libyaml sees the text. */
static int flow_depth_ok(const char *s, size_t len, int first_line, char *err, size_t errsize) {
    int depth = 0, line = first_line;
    char quote = 0, prev = '\n';
    for (size_t i = 0; i < len; prev = s[i++]) {
        char c = s[i];
        if (c == '\n') line++;
        if (quote) {
            if (c == '\\' && quote == '"' && i + 1 < len && s[i + 1] != '\n')
                i++;
            else if (c == quote)
                quote = 0;
            continue;
        }
        int after_space = strchr(" \t\n[{,:", prev) != NULL;
        if ((c == '"' || c == '\'') && after_space) {
            quote = c;
        } else if (c == '#' && (prev == ' ' || prev == '\t' || prev == '\n')) {
            while (i + 1 < len && s[i + 1] != '\n')
                i++;
        } else if ((c == '[' || c == '{') && ++depth > FM_MAX_DEPTH) {
            snprintf(err, errsize, "line %d: YAML front matter: nested too deeply", line);
            return 0;
        } else if ((c == ']' || c == '}') && depth > 0) {
            depth--;
        }
    }
    return 1;
}

fm_node *fm_parse_yaml(const char *text, size_t len, int first_line, char *err, size_t errsize) {
    if (!flow_depth_ok(text, len, first_line, err, errsize)) return NULL;
    yaml_parser_t parser;
    yaml_document_t doc;
    if (!yaml_parser_initialize(&parser)) {
        snprintf(err, errsize, "out of memory");
        return NULL;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
    if (!yaml_parser_load(&parser, &doc)) {
        /* libyaml finds the problem where it gave up; the construct it was reading (a
         * list never closed) may have started earlier, so that line is told too. */
        char started[48] = "";
        if (parser.context && parser.context_mark.line != parser.problem_mark.line)
            snprintf(started, sizeof started, " (started on line %d)", first_line + (int)parser.context_mark.line);
        snprintf(err, errsize, "line %d: YAML front matter: %s%s%s%s", first_line + (int)parser.problem_mark.line,
                 parser.problem ? parser.problem : "cannot be read", parser.context ? " " : "",
                 parser.context ? parser.context : "", started);
        yaml_parser_delete(&parser);
        return NULL;
    }
    fm_node *root = calloc(1, sizeof *root);
    yaml_walk w = {&doc, 0, first_line, err, errsize};
    yaml_node_t *top = yaml_document_get_root_node(&doc);
    int rc = 0;
    if (!root) {
        snprintf(err, errsize, "out of memory");
        rc = -1;
    } else if (!top || (top->type == YAML_SCALAR_NODE && plain_kind((const char *)top->data.scalar.value) == FM_NULL &&
                        top->data.scalar.style == YAML_PLAIN_SCALAR_STYLE)) {
        root->kind = FM_TABLE; /* empty (or only comments) */
    } else if (top->type != YAML_MAPPING_NODE) {
        rc = yaml_fail(&w, top, "not a mapping of keys to values");
    } else {
        rc = yaml_convert(&w, top, root, 0);
    }
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    if (rc < 0) {
        fm_free(root);
        return NULL;
    }
    return root;
}

/* ---- JSON ------------------------------------------------------------------------- */

static int json_convert(const json_value *j, fm_node *out) {
    switch (j->type) {
    case JSON_NULL: out->kind = FM_NULL; return 0;
    case JSON_TRUE:
    case JSON_FALSE:
        out->kind = FM_BOOL;
        return (out->text = g_strdup(j->type == JSON_TRUE ? "true" : "false")) ? 0 : -1;
    case JSON_NUMBER: {
        char buf[64];
        /* %.17g keeps every double exactly; integers print without a fraction. */
        snprintf(buf, sizeof buf, "%.17g", j->number);
        out->kind = strpbrk(buf, ".eEn") ? FM_FLOAT : FM_INTEGER;
        return (out->text = g_strdup(buf)) ? 0 : -1;
    }
    case JSON_STRING: out->kind = FM_STRING; return (out->text = g_strndup(j->string, strlen(j->string))) ? 0 : -1;
    case JSON_ARRAY:
    case JSON_OBJECT:
        out->kind = j->type == JSON_ARRAY ? FM_ARRAY : FM_TABLE;
        for (size_t i = 0; i < j->len; i++) {
            fm_node *c = fm_push(out);
            if (!c || json_convert(&j->items[i], c) < 0) return -1;
            if (j->type == JSON_OBJECT && !(c->key = g_strdup(j->keys[i]))) return -1;
        }
        return 0;
    }
    return 0;
}

fm_node *fm_parse_json(const char *text, size_t len, int first_line, char *err, size_t errsize) {
    char why[256];
    json_value *j = json_parse(text, len, why, sizeof why);
    if (!j) {
        /* json.c says "line L, column C: ..." counted from the text's first line. */
        int line = 1, used = 0;
        if (sscanf(why, "line %d,%n", &line, &used) == 1 && used)
            snprintf(err, errsize, "line %d: JSON front matter:%s", first_line + line - 1, why + used);
        else
            snprintf(err, errsize, "line %d: JSON front matter: %s", first_line, why);
        return NULL;
    }
    fm_node *root = calloc(1, sizeof *root);
    if (j->type != JSON_OBJECT) {
        snprintf(err, errsize, "line %d: JSON front matter: not an object", first_line);
        fm_free(root);
        root = NULL;
    } else if (!root || json_convert(j, root) < 0) {
        snprintf(err, errsize, "out of memory");
        fm_free(root);
        root = NULL;
    }
    json_free(j);
    return root;
}
