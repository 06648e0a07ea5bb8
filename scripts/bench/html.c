/* bench-html — HTML extraction against its floor, libxml2's bare parse of the same
 * bytes, in the same process: pages per second for each and their ratio.
 *   bench-html [-r ROUNDS] FILE...     (files are read into memory first) */
#include "article.h"
#include "load/html.h"

#include <libxml/HTMLparser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct page {
    char *data;
    size_t len;
} page;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int read_all(const char *path, page *p) {
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap + 1);
    size_t n;
    while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap) {
            char *nb = realloc(buf, cap * 2 + 1);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
    }
    fclose(f);
    if (!buf) return -1;
    buf[len] = '\0';
    p->data = buf;
    p->len = len;
    return 0;
}

static void quiet(void *ctx, const char *msg, ...) {
    (void)ctx;
    (void)msg;
}

int main(int argc, char **argv) {
    xmlSetGenericErrorFunc(NULL, quiet); /* the bare parse reports encoding trouble */
    int rounds = 3, first = 1;
    if (argc > 2 && strcmp(argv[1], "-r") == 0) {
        rounds = atoi(argv[2]);
        first = 3;
    }
    if (first >= argc) {
        fprintf(stderr, "usage: bench-html [-r ROUNDS] FILE...\n");
        return 2;
    }
    size_t n = 0;
    page *pages = calloc((size_t)(argc - first), sizeof *pages);
    size_t bytes = 0;
    for (int i = first; i < argc; i++)
        if (read_all(argv[i], &pages[n]) == 0) bytes += pages[n++].len;
    double bare = 1e30, full = 1e30;
    size_t blocks = 0;
    for (int r = 0; r < rounds; r++) {
        double t = now();
        for (size_t i = 0; i < n; i++) {
            htmlDocPtr doc = htmlReadMemory(pages[i].data, (int)pages[i].len, NULL, NULL,
                                            HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                                HTML_PARSE_NONET | HTML_PARSE_COMPACT);
            if (doc) xmlFreeDoc(doc);
        }
        double b = now() - t;
        t = now();
        blocks = 0;
        for (size_t i = 0; i < n; i++) {
            galley_article *a = NULL;
            char err[256];
            if (html_article(pages[i].data, pages[i].len, NULL, &a, err, sizeof err) == GALLEY_OK) {
                blocks += a->nblocks;
                galley_article_free(a);
            }
        }
        double f = now() - t;
        if (b < bare) bare = b;
        if (f < full) full = f;
    }
    printf("pages %zu  bytes %zu  blocks %zu\n", n, bytes, blocks);
    printf("libxml2 bare parse   %8.1f pages/s\n", (double)n / bare);
    printf("galley extraction    %8.1f pages/s  (encoding, parse, metadata, main content)\n", (double)n / full);
    printf("extraction / parse   %8.2f x the time  (target <= 3)\n", full / bare);
    for (size_t i = 0; i < n; i++) free(pages[i].data);
    free(pages);
    return 0;
}
