/* merge.c — `galley merge OUT.db IN.db...`: combines shard databases into one. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

static const char usage_merge[] =
    "usage: galley merge OUT.db IN.db...\n"
    "\n"
    "Merges galley databases (e.g. from `galley run --shard I/N`) into OUT.db, creating it\n"
    "when needed. In order: an article of a later input replaces one with the same uid in\n"
    "OUT.db (its id there is kept), with its categories, renditions and processed plugins;\n"
    "runs and errors are added unless already there. Merging the same input again changes\n"
    "nothing. Each input is merged in one transaction.\n";

int cmd_merge(int argc, char **argv) {
    if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(usage_merge, stdout);
        return 0;
    }
    for (int i = 1; i < argc; i++)
        if (argv[i][0] == '-') return cli_usage_error("merge", "unknown option '%s'", argv[i]);
    if (argc < 3) return cli_usage_error("merge", "%s", "give OUT.db and at least one IN.db");
    galley *g;
    int status = cli_open_handle(&g, argv[1], NULL, 0, "merge");
    if (status) return status;
    size_t articles = 0;
    int rc = galley_merge(g, (const char *const *)argv + 2, (size_t)(argc - 2), &articles);
    if (rc != GALLEY_OK) {
        fprintf(stderr, "galley merge: %s\n", galley_errmsg(g));
        status = cli_exit_code(rc);
    } else {
        fprintf(stderr, "galley: merged %zu articles from %d databases into %s\n", articles, argc - 2, argv[1]);
    }
    galley_close(g);
    return status;
}
