/* fuzz_feed.c — libFuzzer harness for the feed loader: any bytes through load_memory
 * with format "feed" (RSS, Atom, RDF and JSON Feed, chosen by the content), with bad
 * items reported per record or failing the file. Must never crash, leak, hang, read a
 * file or reach the network (entities are never loaded: see core/load/feed.c).
 *
 * Build (library objects with ASan and fuzzer coverage, then the harness):
 *   make CC=clang BUILD=build-fuzz OPT="-O1 -g" SANITIZE="-fsanitize=address,fuzzer-no-link" build-fuzz/libgalley.a
 *   clang -std=c11 -g -O1 -fsanitize=fuzzer,address -Icore tests/fuzz/fuzz_feed.c build-fuzz/libgalley.a \
 *       $(sed -n 's/^PKG_LIBS = //p' build-fuzz/config.mk) -o build-fuzz/fuzz_feed
 *   build-fuzz/fuzz_feed -max_total_time=60 -max_len=65536 -dict=tests/fuzz/feed.dict CORPUS_DIR fixtures/feed/ */
#include "load.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int drop(void *ud, galley_article *a) {
    (void)ud;
    galley_article_free(a);
    return GALLEY_OK;
}

static void ignore(void *ud, const char *message) {
    (void)ud;
    (void)message;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    /* Loaders get their input NUL-terminated, as load_file gives it. */
    char *copy = malloc(size + 1);
    if (!copy) return 0;
    if (size) memcpy(copy, data, size);
    copy[size] = '\0';
    char err[1024];
    load_memory("fuzz.rss", copy, size, "feed", NULL, drop, NULL, (size && (data[size - 1] & 1)) ? NULL : ignore,
                err, sizeof err);
    free(copy);
    return 0;
}
