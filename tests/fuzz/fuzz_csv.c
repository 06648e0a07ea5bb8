/* fuzz_csv.c — libFuzzer harness for the CSV loader: any bytes through load_memory
 * with format "csv", alternately with the default mapping and with a user map, and
 * with bad rows reported per record. Must never crash, leak or hang.
 *
 * `make fuzz` builds and runs it (FUZZ_SECONDS, FUZZ_TARGETS); scripts/fuzz lays out its seeds. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    /* the first byte picks the mapping (default or a user's) and the error mode */
    load_map *map = NULL;
    if (size && (data[0] & 1)) {
        static const char *const specs[] = {"title=a,text=b,published=c,authors=d,tags=e,meta.x=f,uid=g"};
        char why[512];
        if (load_map_parse(specs, 1, &map, why, sizeof why) != GALLEY_OK) abort();
    }
    fuzz_load("fuzz.csv", "csv", map, data, size, NULL, (size && (data[0] & 2)) ? NULL : fuzz_ignore);
    load_map_free(map);
    return 0;
}
