/* fuzz_html.c — libFuzzer harness for the HTML loader: any bytes through load_memory()
 * as a web page (encoding, parse, metadata, main content), and the article's JSON and
 * text, so that every field the loader filled is read once. `make fuzz` builds and runs
 * it under ASan and UBSan. */
#include "fuzz.h"

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
    fuzz_load("fuzz.html", "html", NULL, data, size, take, NULL);
    return 0;
}
