/* fuzz_csv.c — libFuzzer harness for the CSV loader: any bytes through load_memory
 * with format "csv", alternately with the default mapping and with a user map, and
 * with bad rows reported per record. Must never crash, leak or hang.
 *
 * Build (library objects with ASan and fuzzer coverage, then the harness):
 *   make CC=clang BUILD=build-fuzz OPT="-O1 -g" SANITIZE="-fsanitize=address,fuzzer-no-link" build-fuzz/libgalley.a
 *   clang -std=c11 -g -O1 -fsanitize=fuzzer,address -Icore tests/fuzz/fuzz_csv.c build-fuzz/libgalley.a \
 *       $(sed -n 's/^PKG_LIBS = //p' build-fuzz/config.mk) -o build-fuzz/fuzz_csv
 *   build-fuzz/fuzz_csv -max_total_time=60 -max_len=65536 fixtures/csv-corpus/   (a folder of seeds) */
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
    load_map *map = NULL;
    if (size && (data[0] & 1)) {
        static const char *const specs[] = {"title=a,text=b,published=c,authors=d,tags=e,meta.x=f,uid=g"};
        char why[512];
        if (load_map_parse(specs, 1, &map, why, sizeof why) != GALLEY_OK) abort();
    }
    char err[1024];
    load_memory("fuzz.csv", copy, size, "csv", map, drop, NULL, (size && (data[0] & 2)) ? NULL : ignore, err,
                sizeof err);
    load_map_free(map);
    free(copy);
    return 0;
}
