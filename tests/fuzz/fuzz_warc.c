/* fuzz_warc.c — libFuzzer harness for the WARC and ARC readers: any bytes through
 * load_memory with format "warc" or "arc" (the first byte chooses), as they are and
 * gzipped member by member is up to the fuzzer (seed it with .warc.gz files), with bad
 * records reported per record or failing the file. Must never crash, leak or hang.
 *
 * Build (library objects with ASan and fuzzer coverage, then the harness):
 *   make CC=clang BUILD=build-fuzz OPT="-O1 -g" SANITIZE="-fsanitize=address,fuzzer-no-link" build-fuzz/libgalley.a
 *   clang -std=c11 -g -O1 -fsanitize=fuzzer,address -Icore tests/fuzz/fuzz_warc.c build-fuzz/libgalley.a \
 *       $(sed -n 's/^PKG_LIBS = //p' build-fuzz/config.mk) -o build-fuzz/fuzz_warc
 *   build-fuzz/fuzz_warc -max_total_time=60 -max_len=65536 CORPUS/ fixtures/warc ../shared/corpus/warcio/test/data */
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
    /* Loaders get their input NUL-terminated, as load_file gives it. The first byte picks
     * the loader and the error mode when it is not part of a gzip or WARC header. */
    int arc = size && data[0] == 'f';
    char *copy = malloc(size + 1);
    if (!copy) return 0;
    if (size) memcpy(copy, data, size);
    copy[size] = '\0';
    char err[1024];
    load_memory(arc ? "fuzz.arc" : "fuzz.warc", copy, size, arc ? "arc" : "warc", NULL, drop, NULL,
                (size > 1 && (data[size - 1] & 1)) ? NULL : ignore, err, sizeof err);
    free(copy);
    return 0;
}
