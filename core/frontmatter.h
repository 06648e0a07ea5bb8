/* frontmatter.h — the metadata block at the top of a Markdown file (YAML between
 * "---" lines, TOML between "+++" lines, or a JSON object) read into one tree, so the
 * Markdown loader maps fields the same way whatever the syntax was. */
#ifndef GALLEY_FRONTMATTER_H
#define GALLEY_FRONTMATTER_H

#include "util.h"
#include <stddef.h>

typedef enum fm_kind {
    FM_NULL,
    FM_STRING,
    FM_INTEGER,  /* text in decimal ("0x1F" in TOML becomes "31") */
    FM_FLOAT,
    FM_BOOL,     /* text "true" or "false" */
    FM_DATETIME, /* TOML dates and times, as written but with 'T' between date and time */
    FM_ARRAY,
    FM_TABLE
} fm_kind;

typedef struct fm_node fm_node;
struct fm_node {
    fm_kind kind;
    char *key;      /* the key naming it inside its table, else NULL */
    char *text;     /* scalars: the value as text; NULL for arrays, tables and null */
    fm_node *items; /* arrays and tables: the children, in document order */
    size_t n, cap;
    unsigned flags; /* the TOML parser's bookkeeping (how a table was defined) */
};

/* Frees a tree returned by a parser below. */
void fm_free(fm_node *root);
/* Frees what n holds (not n itself) and zeroes it. */
void fm_clear(fm_node *n);
/* Appends a zeroed child to an array or table; NULL when out of memory. The pointer
 * holds until the parent gets its next child. */
fm_node *fm_push(fm_node *parent);
/* The member of a table by key, compared without case (Hugo folds keys), or NULL. */
const fm_node *fm_get(const fm_node *table, const char *key);
/* Writes n as JSON: tables as objects, arrays as arrays, numbers and booleans bare
 * when JSON can hold them as written, everything else as strings. */
void fm_json(gbuf *b, const fm_node *n);

/* Each parses text[0..len) (valid UTF-8, "\n" line ends) into a table. On failure it
 * returns NULL with "line N: problem" in err, N counted in the file, whose line
 * first_line the text starts on ("out of memory" when that is the problem). */
fm_node *fm_parse_toml(const char *text, size_t len, int first_line, char *err, size_t errsize);
fm_node *fm_parse_yaml(const char *text, size_t len, int first_line, char *err, size_t errsize);
fm_node *fm_parse_json(const char *text, size_t len, int first_line, char *err, size_t errsize);

#endif
