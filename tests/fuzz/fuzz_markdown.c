/* fuzz_markdown.c — libFuzzer harness for the Markdown loader: any bytes, loaded as a
 * file named post.md. A crash, a leak, a hang or an error without a message is a bug.
 * Build (until `make fuzz` exists), from the repository root:
 *   make BUILD=build-fuzz CC=clang OPT="-O1 -g" SANITIZE="-fsanitize=fuzzer-no-link,address,undefined"
 *   clang -fsanitize=fuzzer,address,undefined -Icore tests/fuzz/fuzz_markdown.c build-fuzz/libgalley.a \
 *       $(sed -n 's/^PKG_LIBS = //p' build-fuzz/config.mk) -o build-fuzz/fuzz_markdown
 *   build-fuzz/fuzz_markdown -max_total_time=60 -max_len=65536 fixtures/markdown */
#include "load.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
    /* loaders get their input NUL-terminated, as load_file reads it */
    char *copy = malloc(size + 1);
    if (!copy) return 0;
    if (size) memcpy(copy, data, size);
    copy[size] = '\0';
    char err[1024];
    int rc = load_memory("post.md", copy, size, "markdown", NULL, drop, NULL, NULL, err, sizeof err);
    if (rc == GALLEY_EFORMAT && !err[0]) abort(); /* a failure must say why */
    free(copy);
    return 0;
}
