/* ptest.h — `galley plugin test` as a function (`plugin new` runs it to write the first
 * expectation), and the expectation files it reads and writes. */
#ifndef GALLEY_CLI_PTEST_H
#define GALLEY_CLI_PTEST_H

#include "jv.h"

typedef enum ptest_mode {
    PTEST_SHOW,   /* print what the plugin did */
    PTEST_EXPECT, /* ... and check it against the expectation files */
    PTEST_UPDATE  /* ... and (re)write the expectation files */
} ptest_mode;

typedef struct ptest_options {
    const char *plugin; /* name or path */
    char *const *files;
    size_t nfiles;
    ptest_mode mode;
    const char *output;       /* export plugins: the output folder; NULL: a new temporary one */
    const char *config;       /* a galley.lua giving the plugin's options, or NULL */
    const char *input_format; /* a loader, or NULL to guess */
    int quiet;                /* print only what went wrong; an export's temporary folder is removed */
} ptest_options;

/* Runs one plugin over the articles of the files; returns the exit code. */
int ptest_run(const ptest_options *o);

/* ---- expectations (expect.c) ------------------------------------------------------ */

/* Where the expectation of the index-th article of `article` (a path) is kept:
 * "<path without extension>.expected.<kind>-<name>.json" (".<index+1>.json" after the
 * first article of a file). Caller frees. */
char *expect_path(const char *article, const char *kind, const char *name, size_t index);

/* 1 for an article's own fields; 0 for its categories, renditions and hash (derived
 * from the fields). */
int expect_is_field(const char *key);

/* What the plugin is responsible for, from the article before and after it ran:
 * {"kept"} for filters, {"categories": [{scheme, label, score}]} for categorizers,
 * {"renditions": {...}} for formatters, and every field it changed. */
jv *expect_result(const char *kind, const jv *before, const jv *after, int kept);

/* Compares got with expected; writes one paragraph per difference into report
 * (indented by two spaces) and returns the number of differences. */
size_t expect_compare(const jv *expected, const jv *got, sbuf *report);

/* Reads an expectation file; NULL with a message in err. */
jv *expect_read(const char *path, char *err, size_t errsize);

/* Writes a result as an expectation file; returns "created", "updated" or "unchanged",
 * or NULL with errno set. */
const char *expect_write(const char *path, const jv *result);

/* A value on one line, cut to about max bytes (at a character boundary) with "...". */
void expect_show(sbuf *out, const jv *v, size_t max);

#endif
