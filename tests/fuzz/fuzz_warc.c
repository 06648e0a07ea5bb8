/* fuzz_warc.c — libFuzzer harness for the WARC and ARC readers: any bytes through
 * load_memory with format "warc" or "arc" (the first byte chooses), as they are and
 * gzipped member by member is up to the fuzzer (seed it with .warc.gz files), with bad
 * records reported per record or failing the file. Must never crash, leak or hang.
 *
 * `make fuzz` builds and runs it (FUZZ_SECONDS, FUZZ_TARGETS); scripts/fuzz lays out its seeds. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    /* The first byte picks the loader and the last the error mode, when they are not part
     * of a gzip or WARC header. */
    int arc = size && data[0] == 'f';
    fuzz_load(arc ? "fuzz.arc" : "fuzz.warc", arc ? "arc" : "warc", NULL, data, size, NULL,
              (size > 1 && (data[size - 1] & 1)) ? NULL : fuzz_ignore);
    return 0;
}
