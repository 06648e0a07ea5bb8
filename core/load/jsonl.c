/* jsonl.c — JSON Lines: one article per line, as `galley export --format jsonl` writes
 * them (every key optional). A bad line is an error for that line only. */
#include "../load.h"
#include "../util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Loads the article of one line; "source:LINE" names it when it gives no uid or url. */
static int load_line(const char *source, size_t lineno, const char *line, size_t len, load_sink *sink) {
    char where[64], why[512];
    snprintf(where, sizeof where, ":%zu", lineno);
    gbuf name = GBUF_INIT;
    gbuf_printf(&name, "%s%s", source, where);
    if (name.failed) return GALLEY_ENOMEM;
    galley_article *a;
    int rc = article_from_json(line, len, name.data, sink->map, &a, why, sizeof why);
    if (rc == GALLEY_OK && a->field[AF_SOURCE] && strcmp(a->field[AF_SOURCE], name.data) == 0) {
        if (article_set(a, AF_SOURCE, source) < 0) {
            galley_article_free(a);
            rc = GALLEY_ENOMEM;
        } else {
            /* The hash is over the fields as stored: the file, not "file:LINE". */
            article_compute_hash(a);
        }
    }
    if (rc == GALLEY_OK) {
        gbuf_free(&name);
        return sink->fn(sink->ud, a);
    }
    if (rc == GALLEY_EFORMAT && sink->record_error) {
        gbuf msg = GBUF_INIT;
        gbuf_printf(&msg, "%s: %s", name.data, why);
        if (!msg.failed) sink->record_error(sink->ud, msg.data);
        gbuf_free(&msg);
        rc = GALLEY_OK;
    } else if (rc == GALLEY_EFORMAT) {
        rc = load_fail(sink, "line %zu: %s", lineno, why);
    }
    gbuf_free(&name);
    return rc;
}

int load_jsonl(const char *source, const char *data, size_t len, load_sink *sink) {
    size_t lineno = 0, records = 0;
    const char *p = data, *end = data + len;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) p += 3;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        lineno++;
        size_t trimmed = n;
        while (trimmed && (p[trimmed - 1] == '\r' || p[trimmed - 1] == ' ' || p[trimmed - 1] == '\t')) trimmed--;
        size_t lead = 0;
        while (lead < trimmed && (p[lead] == ' ' || p[lead] == '\t')) lead++;
        if (lead < trimmed) {
            records++;
            int rc = load_line(source, lineno, p + lead, trimmed - lead, sink);
            if (rc != GALLEY_OK) return rc;
        }
        p += n + (nl ? 1 : 0);
    }
    if (!records) return load_fail(sink, "empty file (no JSON Lines records)");
    return GALLEY_OK;
}
