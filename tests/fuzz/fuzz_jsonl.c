/* fuzz_jsonl.c — libFuzzer harness for the jsonl loader: any bytes through load_memory
 * with format "jsonl", bad records reported per record. Must never crash, leak or hang.
 * Built and run by `make fuzz` (see the Makefile) like every tests/fuzz/fuzz_*.c. */
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
    load_memory("fuzz.jsonl", copy, size, "jsonl", NULL, drop, NULL, ignore, err, sizeof err);
    free(copy);
    return 0;
}
