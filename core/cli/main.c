/* main.c — the `galley` command: picks the command, which parses its own options. The
 * CLI uses only the public header, exactly as an integrator would. */
#include "cli.h"

#include <string.h>

static const char usage_main[] =
    "usage: galley COMMAND [OPTIONS] [ARGS]\n"
    "\n"
    "Loads news and CMS articles, runs Lua plugins over them (format, categorize, filter,\n"
    "export) and keeps every result in SQLite.\n"
    "\n"
    "commands:\n"
    "  run           load files and folders, run the plugins, store the results\n"
    "  extract       show what galley makes of files, without a database\n"
    "  export        write the stored articles out through an export plugin\n"
    "  merge         combine databases (e.g. of --shard runs) into one\n"
    "  plugins       list the plugins galley finds, with kind and version\n"
    "  plugin new    write a starting plugin of a kind, with a test\n"
    "  plugin test   run one plugin on files and show what it did; check expectations\n"
    "\n"
    "  galley COMMAND --help   shows a command's options;  galley --version\n"
    "\n"
    "exit status: 0 all well, 1 some inputs or plugins failed (the rest was done),\n"
    "2 usage error, 3 fatal error (e.g. the database cannot be opened)\n";

typedef struct command {
    const char *name;
    int (*fn)(int argc, char **argv);
} command;

static const command commands[] = {{"run", cmd_run},         {"extract", cmd_extract}, {"export", cmd_export},
                                   {"plugins", cmd_plugins}, {"plugin", cmd_plugin},   {"merge", cmd_merge},
                                   {"train", cmd_train},     {"eval-categories", cmd_eval_categories},
                                   {NULL, NULL}};

int main(int argc, char **argv) {
    if (argc < 2) {
        fputs(usage_main, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage_main, stdout);
        return 0;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        printf("galley %s\n", GALLEY_VERSION);
        return 0;
    }
    for (const command *c = commands; c->name; c++)
        if (strcmp(cmd, c->name) == 0) return c->fn(argc - 1, argv + 1); /* options from argv[1] on */
    fprintf(stderr, "galley: unknown command '%s'\n\n", cmd);
    fputs(usage_main, stderr);
    return EXIT_USAGE;
}
