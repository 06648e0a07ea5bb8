/* fuzz.h — what every loader harness shares: the input copied with the NUL that
 * load_file gives loaders, and callbacks that drop articles and record errors. Each
 * harness includes it once (static functions). */
#ifndef GALLEY_FUZZ_H
#define GALLEY_FUZZ_H

#include "load.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

__attribute__((unused)) static int fuzz_drop(void *ud, galley_article *a) {
    (void)ud;
    galley_article_free(a);
    return GALLEY_OK;
}

__attribute__((unused)) static void fuzz_ignore(void *ud, const char *message) {
    (void)ud;
    (void)message;
}

/* Loads data[0..size) named `name` with the loader `format`; articles go to fn (NULL:
 * dropped), bad records to record_error (NULL: a bad record fails the whole input).
 * Returns the loader's code; a failure must say why, or the harness aborts. */
static int fuzz_load(const char *name, const char *format, const load_map *map, const uint8_t *data, size_t size,
                     galley_article_fn fn, load_record_error_fn record_error) {
    char *copy = malloc(size + 1);
    if (!copy) return GALLEY_ENOMEM;
    if (size) memcpy(copy, data, size);
    copy[size] = '\0';
    char err[1024];
    int rc = load_memory(name, copy, size, format, map, fn ? fn : fuzz_drop, NULL, record_error, err, sizeof err);
    free(copy);
    if (rc == GALLEY_EFORMAT && !err[0]) abort();
    return rc;
}

#endif
