/* fuzz_markdown.c — libFuzzer harness for the Markdown loader: any bytes, loaded as a
 * file named post.md. A crash, a leak, a hang or an error without a message is a bug.
 * `make fuzz` builds and runs it (FUZZ_SECONDS, FUZZ_TARGETS). */
#include "fuzz.h"

static int drop(void *ud, galley_article *a) {
    (void)ud;
    /* walk what the loader built, so uninitialised or freed parts show up under ASan */
    size_t n = 0;
    for (size_t i = 0; i < a->nblocks; i++)
        n += strlen(a->blocks[i].text);
    for (size_t i = 0; i < a->nmeta; i++)
        n += strlen(a->meta[i].key) + strlen(a->meta[i].value);
    if (!a->field[AF_TITLE] || n == (size_t)-1) abort(); /* every article has a title */
    galley_article_free(a);
    return GALLEY_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz_load("post.md", "markdown", NULL, data, size, drop, NULL);
    return 0;
}
