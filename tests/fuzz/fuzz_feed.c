/* fuzz_feed.c — libFuzzer harness for the feed loader: any bytes through load_memory
 * with format "feed" (RSS, Atom, RDF and JSON Feed, chosen by the content), with bad
 * items reported per record or failing the file. Must never crash, leak, hang, read a
 * file or reach the network (entities are never loaded: see core/load/feed.c).
 *
 * `make fuzz` builds and runs it (FUZZ_SECONDS, FUZZ_TARGETS); scripts/fuzz lays out its seeds. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    /* the last byte picks the error mode: per item, or the whole feed */
    fuzz_load("fuzz.rss", "feed", NULL, data, size, NULL, (size && (data[size - 1] & 1)) ? NULL : fuzz_ignore);
    return 0;
}
