/* jv.h — a small JSON value for the CLI: parse, build, compare and write. The CLI cannot
 * use the library's internal JSON code, and needs to read articles
 * (galley_article_to_json) and expectation files. */
#ifndef GALLEY_CLI_JV_H
#define GALLEY_CLI_JV_H

#include "cli.h"

#include <stddef.h>

typedef enum jv_type { JV_NULL, JV_FALSE, JV_TRUE, JV_NUMBER, JV_STRING, JV_ARRAY, JV_OBJECT } jv_type;

typedef struct jv jv;
struct jv {
    jv_type type;
    double number; /* JV_NUMBER */
    char *str;     /* JV_STRING: UTF-8, NUL-terminated */
    jv *items;     /* JV_ARRAY, JV_OBJECT: the values, in order */
    char **keys;   /* JV_OBJECT: the keys, beside the values */
    size_t n, cap;
};

/* Parses a JSON text (the whole of it). NULL on error, with the reason and the line in
 * err. The caller frees the value with jv_free(). */
jv *jv_parse(const char *text, char *err, size_t errsize);

/* New values; NULL when out of memory. */
jv *jv_new(jv_type type);
jv *jv_string(const char *s);
jv *jv_number(double x);
jv *jv_bool(int b);
jv *jv_copy(const jv *v);
void jv_free(jv *v);

/* Moves item into an array or object (item is freed, even on failure). -1 when out of
 * memory. jv_set replaces the value of a key already there. */
int jv_push(jv *array, jv *item);
int jv_set(jv *object, const char *key, jv *item);

/* The value of key in an object, NULL when absent or when obj is not an object. */
const jv *jv_get(const jv *obj, const char *key);

/* The string of a JV_STRING value, else NULL. */
const char *jv_str(const jv *v);

int jv_equal(const jv *a, const jv *b);

/* Writes v: compact with indent < 0, else pretty (small containers on one line). */
void jv_write(sbuf *out, const jv *v, int indent);

#endif
