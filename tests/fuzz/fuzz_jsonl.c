/* fuzz_jsonl.c — libFuzzer harness for the jsonl loader: any bytes through load_memory
 * with format "jsonl", bad records reported per record. Must never crash, leak or hang.
 * Built and run by `make fuzz` (see the Makefile) like every tests/fuzz/fuzz_*.c. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz_load("fuzz.jsonl", "jsonl", NULL, data, size, NULL, fuzz_ignore);
    return 0;
}
