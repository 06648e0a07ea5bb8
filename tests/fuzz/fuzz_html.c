/* fuzz_html.c — libFuzzer harness for the HTML loader: any bytes through load_memory()
 * as a web page (encoding, parse, metadata, main content), and the article's JSON and
 * text, so that every field the loader filled is read once. `make fuzz` builds and runs
 * it under ASan and UBSan. */
#include "load.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int take(void *ud, galley_article *a) {
    (void)ud;
    char *json = galley_article_to_json(a);
    char *text = galley_article_text(a);
    free(json);
    free(text);
    galley_article_free(a);
    return GALLEY_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    /* Loaders read data[0..len) with a NUL at data[len], as load_file gives it. */
    char *copy = malloc(size + 1);
    if (!copy) return 0;
    if (size) memcpy(copy, data, size);
    copy[size] = '\0';
    char err[512];
    load_memory("fuzz.html", copy, size, "html", NULL, take, NULL, NULL, err, sizeof err);
    free(copy);
    return 0;
}
