/* csv.c — CSV (RFC 4180) and TSV datasets: a header row naming the columns, then one
 * article per row, the columns put into fields by the field mapping (fieldmap.c). A bad
 * row (an unterminated quote, the wrong number of fields, text that is not UTF-8 and
 * cannot be read as another encoding) is an error for that row only. One pass over the
 * bytes; a field is copied once, so a 50 MB cell costs what its size does. */
#include "../encoding.h"
#include "../load.h"
#include "../util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Beyond this the header is more likely garbage than a dataset, and every row would
 * cost columns x meta keys. */
#define CSV_MAX_COLUMNS 2048

typedef struct csv_reader {
    const char *p, *end;
    char sep;
    size_t line;   /* the physical line (1-based) p is on */
    gbuf cells;    /* the current row's fields, each NUL-terminated */
    size_t *offs;  /* where each field starts in cells */
    size_t *lens;
    size_t nfields, capfields;
    char why[256]; /* the row's first problem, "" when it is well formed */
} csv_reader;

static void row_problem(csv_reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void row_problem(csv_reader *r, const char *fmt, ...) {
    if (r->why[0]) return; /* the first one explains the row */
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->why, sizeof r->why, fmt, ap);
    va_end(ap);
}

static int start_field(csv_reader *r) {
    if (r->nfields == r->capfields) {
        size_t cap = r->capfields ? r->capfields * 2 : 32;
        size_t *o = realloc(r->offs, cap * sizeof *o);
        if (!o) return -1;
        r->offs = o;
        size_t *l = realloc(r->lens, cap * sizeof *l);
        if (!l) return -1;
        r->lens = l;
        r->capfields = cap;
    }
    r->offs[r->nfields++] = r->cells.len;
    return 0;
}

static void end_field(csv_reader *r) {
    size_t i = r->nfields - 1;
    r->lens[i] = r->cells.len - r->offs[i];
    gbuf_putc(&r->cells, '\0');
}

static size_t count_newlines(const char *s, size_t n) {
    size_t c = 0;
    for (const char *p = s, *end = s + n; (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++) c++;
    return c;
}

/* A quoted field from just after its opening quote. Returns 0, or 1 when the quote
 * never closes (the row is then abandoned). */
static int quoted_field(csv_reader *r) {
    for (;;) {
        const char *q = memchr(r->p, '"', (size_t)(r->end - r->p));
        if (!q) return 1;
        r->line += count_newlines(r->p, (size_t)(q - r->p));
        gbuf_append(&r->cells, r->p, (size_t)(q - r->p));
        if (q + 1 < r->end && q[1] == '"') { /* "" is one quote */
            gbuf_putc(&r->cells, '"');
            r->p = q + 2;
            continue;
        }
        r->p = q + 1;
        break;
    }
    /* RFC 4180 allows nothing between the closing quote and the separator. */
    const char *s = r->p;
    while (r->p < r->end && *r->p != r->sep && *r->p != '\n' && *r->p != '\r') r->p++;
    if (r->p > s) {
        row_problem(r, "text after the closing quote of field %zu", r->nfields);
        gbuf_append(&r->cells, s, (size_t)(r->p - s));
    }
    return 0;
}

/* Reads the row at r->p into r->cells. Returns 1 for a row, 0 at the end of the data,
 * -1 when out of memory. *first_line is the line the row starts on; r->why says what is
 * wrong with it, if anything. Blank lines are skipped. */
static int read_row(csv_reader *r, size_t *first_line) {
    for (;;) {
        r->cells.len = 0;
        r->nfields = 0;
        r->why[0] = '\0';
        if (r->p >= r->end) return 0;
        const char *row_start = r->p;
        *first_line = r->line;
        for (;;) {
            if (start_field(r) < 0) return -1;
            if (r->p < r->end && *r->p == '"') {
                r->p++;
                if (quoted_field(r)) {
                    /* Most likely a stray quote: report the row, then read on from the
                     * line after its first so the rows below are not swallowed. */
                    row_problem(r, "a quote opened in field %zu is never closed", r->nfields);
                    r->nfields = 0;
                    const char *nl = memchr(row_start, '\n', (size_t)(r->end - row_start));
                    r->p = nl ? nl + 1 : r->end;
                    r->line = *first_line + 1;
                    return r->cells.failed ? -1 : 1;
                }
            } else {
                const char *s = r->p;
                while (r->p < r->end && *r->p != r->sep && *r->p != '\n' && *r->p != '\r') r->p++;
                gbuf_append(&r->cells, s, (size_t)(r->p - s));
            }
            end_field(r);
            if (r->p < r->end && *r->p == r->sep) {
                r->p++;
                continue;
            }
            break;
        }
        /* The row ends at CRLF, LF, a lone CR, or the end of the data. */
        if (r->p < r->end && *r->p == '\r') r->p++;
        if (r->p < r->end && *r->p == '\n') r->p++;
        r->line++;
        if (r->why[0] && r->line > *first_line + 1) {
            /* A malformed quote that ran over several lines most likely swallowed the
             * rows below a stray quote: only the first line is given up. */
            const char *nl = memchr(row_start, '\n', (size_t)(r->end - row_start));
            r->p = nl ? nl + 1 : r->end;
            r->line = *first_line + 1;
            r->nfields = 0;
        }
        if (r->cells.failed) return -1;
        if (r->nfields == 1 && r->lens[0] == 0 && !r->why[0] && *row_start != '"') continue; /* a blank line */
        return 1;
    }
}

static const char *cell(const csv_reader *r, size_t i) { return r->cells.data + r->offs[i]; }

/* ---- rows into articles ----------------------------------------------------------- */

typedef struct csv_file {
    const char *source, *format;
    load_sink *sink;
    char **names; /* the header's column names, unnamed ones as "column N" */
    load_target *targets;
    size_t ncols;
} csv_file;

/* 1 when s holds UTF-8 that is damaged rather than text in another encoding: a valid
 * multi-byte sequence next to the invalid bytes, or a sequence cut short after its
 * continuation bytes began ("\xE2\x82" of a "€"). */
static int broken_utf8(const char *s, size_t n) {
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        size_t len = utf8_seq(p + i, n - i);
        if (len > 1) return 1;
        if (len == 0 && p[i] >= 0xC2 && p[i] <= 0xF4 && i + 1 < n && (p[i + 1] & 0xC0) == 0x80) return 1;
        i++;
    }
    return 0;
}

/* A row's field that is not UTF-8: read it as the legacy encoding the detector finds
 * (a row pasted from a Windows-1252 file), or give up when it is damaged UTF-8: what
 * the lost bytes were cannot be told. *fixed is NULL when the field was fine. */
static int repair_field(const char *s, size_t n, char **fixed, const char **why) {
    *fixed = NULL;
    *why = NULL;
    if (memchr(s, '\0', n)) {
        *why = "a NUL byte";
        return 0;
    }
    if (utf8_valid(s, n)) return 0;
    if (broken_utf8(s, n)) {
        *why = "invalid UTF-8";
        return 0;
    }
    const char *enc;
    size_t outlen;
    char *out = encoding_to_utf8(s, n, &outlen, &enc);
    if (!out) return -1;
    *fixed = out;
    return 0;
}

/* Reports a bad row, or fails the file when nobody takes record errors. */
static int bad_row(csv_file *f, size_t line, const char *why) {
    load_sink *sink = f->sink;
    if (!sink->record_error) return load_fail(sink, "line %zu: %s", line, why);
    gbuf msg = GBUF_INIT;
    gbuf_printf(&msg, "%s:%zu: %s", f->source, line, why);
    if (msg.failed) return GALLEY_ENOMEM;
    sink->record_error(sink->ud, msg.data);
    gbuf_free(&msg);
    return GALLEY_OK;
}

static int emit_row(csv_file *f, const csv_reader *r, size_t line) {
    if (r->why[0]) return bad_row(f, line, r->why);
    if (r->nfields != f->ncols) {
        char why[160];
        snprintf(why, sizeof why, "%zu field%s where the header has %zu", r->nfields, r->nfields == 1 ? "" : "s",
                 f->ncols);
        return bad_row(f, line, why);
    }
    galley_article *a = galley_article_new();
    if (!a) return GALLEY_ENOMEM;
    for (size_t i = 0; i < f->ncols; i++) {
        char *fixed;
        const char *problem;
        if (repair_field(cell(r, i), r->lens[i], &fixed, &problem) < 0) goto nomem;
        if (problem) {
            galley_article_free(a);
            char why[300];
            snprintf(why, sizeof why, "%s in column '%s'", problem, f->names[i]);
            return bad_row(f, line, why);
        }
        int rc = fixed ? load_target_apply(a, &f->targets[i], fixed, strlen(fixed))
                       : load_target_apply(a, &f->targets[i], cell(r, i), r->lens[i]);
        free(fixed);
        if (rc < 0) goto nomem;
    }
    /* Without an id or url every row would share the file's name as uid. */
    if (!a->field[AF_UID] && !a->field[AF_URL]) {
        gbuf uid = GBUF_INIT;
        gbuf_printf(&uid, "%s:%zu", f->source, line);
        if (uid.failed) goto nomem;
        article_set_take(a, AF_UID, gbuf_take(&uid));
    }
    return load_emit(f->sink, a, f->source, f->format);
nomem:
    galley_article_free(a);
    return GALLEY_ENOMEM;
}

/* Reads the header: names (trimmed; an unnamed column is "column N") and targets. */
static int read_header(csv_file *f, csv_reader *r) {
    size_t line;
    int rc = read_row(r, &line);
    if (rc < 0) return GALLEY_ENOMEM;
    if (rc == 0) return load_fail(f->sink, "empty file (no header row)");
    if (r->why[0]) return load_fail(f->sink, "the header row (line %zu): %s", line, r->why);
    if (r->nfields > CSV_MAX_COLUMNS)
        return load_fail(f->sink, "the header has %zu columns (the limit is %d)", r->nfields, CSV_MAX_COLUMNS);
    for (size_t i = 0; i < r->nfields; i++)
        if (!utf8_valid(cell(r, i), r->lens[i]) || memchr(cell(r, i), '\0', r->lens[i]))
            return load_fail(f->sink, "the header row (line %zu): column %zu is not UTF-8 text", line, i + 1);
    f->ncols = r->nfields;
    f->names = calloc(f->ncols, sizeof *f->names);
    f->targets = calloc(f->ncols, sizeof *f->targets);
    if (!f->names || !f->targets) return GALLEY_ENOMEM;
    for (size_t i = 0; i < f->ncols; i++) {
        size_t n = r->lens[i];
        const char *s = cell(r, i);
        while (n && (*s == ' ' || *s == '\t')) s++, n--;
        while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
        gbuf name = GBUF_INIT;
        if (n) gbuf_append(&name, s, n);
        else gbuf_printf(&name, "column %zu", i + 1);
        if (name.failed) return GALLEY_ENOMEM;
        f->names[i] = gbuf_take(&name);
    }
    load_map_resolve(f->sink->map, (const char *const *)f->names, f->ncols, f->targets);
    return GALLEY_OK;
}

static int load_separated(const char *source, const char *data, size_t len, load_sink *sink, char sep,
                          const char *format) {
    if (len == 0) return load_fail(sink, "empty file (no header row)");
    if (encoding_looks_binary(data, len)) return load_fail(sink, "binary file, not text");
    /* A file in a legacy encoding (or UTF-16) is converted whole; a UTF-8 file with a
     * few broken rows stays as it is, and those rows fail alone (emit_row). */
    char *converted = NULL;
    if (!utf8_valid(data, len)) {
        const char *enc;
        size_t clen;
        converted = encoding_to_utf8(data, len, &clen, &enc);
        if (!converted) {
            load_fail(sink, "out of memory");
            return GALLEY_ENOMEM;
        }
        if (strcmp(enc, "UTF-8") == 0) {
            free(converted);
            converted = NULL;
        } else {
            data = converted;
            len = clen;
        }
    }
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) data += 3, len -= 3;

    csv_reader r = {data, data + len, sep, 1, GBUF_INIT, NULL, NULL, 0, 0, ""};
    csv_file f = {source, format, sink, NULL, NULL, 0};
    size_t rows = 0, line;
    int rc = read_header(&f, &r);
    while (rc == GALLEY_OK) {
        int got = read_row(&r, &line);
        if (got <= 0) {
            rc = got < 0 ? GALLEY_ENOMEM : GALLEY_OK;
            break;
        }
        rows++;
        rc = emit_row(&f, &r, line);
    }
    if (rc == GALLEY_OK && !rows) rc = load_fail(sink, "no rows after the header");
    if (rc == GALLEY_ENOMEM) load_fail(sink, "out of memory");
    for (size_t i = 0; f.names && i < f.ncols; i++) free(f.names[i]);
    free(f.names);
    free(f.targets);
    gbuf_free(&r.cells);
    free(r.offs);
    free(r.lens);
    free(converted);
    return rc;
}

int load_csv(const char *source, const char *data, size_t len, load_sink *sink) {
    return load_separated(source, data, len, sink, ',', "csv");
}

int load_tsv(const char *source, const char *data, size_t len, load_sink *sink) {
    return load_separated(source, data, len, sink, '\t', "tsv");
}
