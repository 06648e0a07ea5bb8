/* json.h — a small JSON writer (into a gbuf) and a DOM reader, strict RFC 8259. */
#ifndef GALLEY_JSON_H
#define GALLEY_JSON_H

#include "util.h"
#include <stddef.h>

/* Writes s as a JSON string literal (quotes included). Invalid UTF-8 becomes U+FFFD. */
void json_put_string(gbuf *b, const char *s);
void json_put_stringn(gbuf *b, const char *s, size_t n);
/* Writes a number; NaN and infinities, which JSON cannot hold, become null. */
void json_put_number(gbuf *b, double v);

typedef enum json_type { JSON_NULL, JSON_FALSE, JSON_TRUE, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT } json_type;

typedef struct json_value json_value;
struct json_value {
    json_type type;
    double number;
    char *string;   /* JSON_STRING: the text, NUL-terminated (may contain \0: see len) */
    size_t len;     /* string length, or element count for arrays and objects */
    char **keys;    /* JSON_OBJECT: keys[i] names items[i] */
    json_value *items;
};

/* Parses text[0..len) as one JSON value (surrounding whitespace allowed). Returns a new
 * value the caller frees with json_free(), or NULL with a message in err (e.g.
 * "line 3, column 7: expected ':'"). Nesting deeper than 512 levels is refused. */
json_value *json_parse(const char *text, size_t len, char *err, size_t errsize);
void json_free(json_value *v);

/* The member of an object by key, or NULL. */
const json_value *json_get(const json_value *obj, const char *key);
/* The string of a JSON_STRING member, or NULL. */
const char *json_get_string(const json_value *obj, const char *key);

#endif
