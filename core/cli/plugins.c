/* plugins.c — `galley plugins`, the plugins galley finds as a table or JSON, and
 * `galley plugin`, which hands over to `plugin new` and `plugin test`. */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char usage_plugins[] =
    "usage: galley plugins [--json]\n"
    "\n"
    "Lists every plugin in the plugin folders ($GALLEY_PLUGIN_PATH, ./plugins, the source\n"
    "tree's and the installed plugins) as NAME KIND VERSION DESCRIPTION. A plugin that\n"
    "does not load is listed with the kind \"broken\" and the reason; the exit status is\n"
    "then 1.\n"
    "\n"
    "  --json   a JSON array of {\"name\",\"path\",\"kind\",\"version\",\"description\"}\n";

static const char usage_plugin[] =
    "usage: galley plugin new NAME --kind KIND [--dir DIR]\n"
    "       galley plugin test PLUGIN FILE... [--expect [--update]] [--output DIR] [--config F]\n"
    "\n"
    "  new    writes DIR/NAME.lua, a working plugin of that kind to start from, and a test:\n"
    "         DIR/NAME.test/sample.txt with its expectation file\n"
    "  test   runs one plugin on files without a database and shows what it did;\n"
    "         --expect checks the results against expectation files beside the files\n"
    "\n"
    "  galley plugin new --help, galley plugin test --help: the options\n";

typedef struct entry {
    char *name, *path, *kind, *version, *description;
} entry;

typedef struct listing {
    entry *v;
    size_t n, cap;
    int nomem;
} listing;

static char *dup_or(const char *s, const char *fallback) { return strdup(s ? s : fallback); }

/* The reason a plugin does not load, on one line. */
static char *first_line(const char *s) {
    char *copy = strdup(s ? s : "");
    if (copy) copy[strcspn(copy, "\n")] = '\0';
    return copy;
}

static int collect(void *ud, const galley_plugin_info *info) {
    listing *l = ud;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        entry *v = realloc(l->v, cap * sizeof *v);
        if (!v) return l->nomem = 1, GALLEY_ENOMEM;
        l->v = v;
        l->cap = cap;
    }
    entry *e = &l->v[l->n++];
    e->name = dup_or(info->name, "");
    e->path = dup_or(info->path, "");
    e->kind = dup_or(info->kind, "broken");
    e->version = info->kind ? dup_or(info->version, "") : NULL;
    e->description = info->kind ? dup_or(info->description, "") : first_line(info->description);
    if (!e->name || !e->path || !e->kind || (info->kind && !e->version) || !e->description) {
        l->nomem = 1;
        return GALLEY_ENOMEM;
    }
    return GALLEY_OK;
}

static void listing_free(listing *l) {
    for (size_t i = 0; i < l->n; i++) {
        entry *e = &l->v[i];
        free(e->name);
        free(e->path);
        free(e->kind);
        free(e->version);
        free(e->description);
    }
    free(l->v);
}

static int wider(int w, const char *s) {
    int n = (int)strlen(s);
    return n > w ? n : w;
}

static void print_table(const listing *l) {
    int wn = 4, wk = 4, wv = 7; /* NAME, KIND, VERSION */
    for (size_t i = 0; i < l->n; i++) {
        wn = wider(wn, l->v[i].name);
        wk = wider(wk, l->v[i].kind);
        wv = wider(wv, l->v[i].version ? l->v[i].version : "-");
    }
    printf("%-*s  %-*s  %-*s  %s\n", wn, "NAME", wk, "KIND", wv, "VERSION", "DESCRIPTION");
    for (size_t i = 0; i < l->n; i++) {
        const entry *e = &l->v[i];
        printf("%-*s  %-*s  %-*s  %s\n", wn, e->name, wk, e->kind, wv, e->version ? e->version : "-",
               e->description);
    }
}

static void print_json(const listing *l) {
    putchar('[');
    for (size_t i = 0; i < l->n; i++) {
        const entry *e = &l->v[i];
        const char *keys[] = {"name", "path", "kind", "version", "description"};
        const char *values[] = {e->name, e->path, e->kind, e->version, e->description};
        printf("%s{", i ? ",\n " : "");
        for (int k = 0; k < 5; k++) {
            printf("%s\"%s\":", k ? "," : "", keys[k]);
            if (values[k])
                cli_json_string(stdout, values[k]);
            else
                fputs("null", stdout);
        }
        putchar('}');
    }
    puts("]");
}

int cmd_plugins(int argc, char **argv) {
    static const struct option longopts[] = {
        {"json", no_argument, NULL, OPT_JSON}, {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    int json = 0, opt;
    while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (opt) {
        case OPT_JSON: json = 1; break;
        case 'h': fputs(usage_plugins, stdout); return 0;
        default: fputs(usage_plugins, stderr); return EXIT_USAGE;
        }
    }
    if (optind != argc) return cli_usage_error("plugins", "unexpected argument '%s'", argv[optind]);
    galley *g;
    if (cli_open_bare(&g, NULL, "plugins")) return EXIT_FATAL;
    listing l = {0};
    int rc = galley_plugins(g, collect, &l);
    int status = 0;
    if (rc != GALLEY_OK || l.nomem) {
        fprintf(stderr, "galley plugins: %s\n", l.nomem ? "out of memory" : galley_errmsg(g));
        status = EXIT_FATAL;
    } else {
        if (json)
            print_json(&l);
        else
            print_table(&l);
        for (size_t i = 0; i < l.n; i++)
            if (!l.v[i].version) status = EXIT_PARTIAL;
    }
    listing_free(&l);
    galley_close(g);
    return status;
}

int cmd_plugin(int argc, char **argv) {
    const char *sub = argc > 1 ? argv[1] : NULL;
    if (sub && strcmp(sub, "new") == 0) return cmd_plugin_new(argc - 1, argv + 1);
    if (sub && strcmp(sub, "test") == 0) return cmd_plugin_test(argc - 1, argv + 1);
    if (sub && (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0)) {
        fputs(usage_plugin, stdout);
        return 0;
    }
    if (sub) fprintf(stderr, "galley plugin: unknown command '%s'\n\n", sub);
    fputs(usage_plugin, stderr);
    return EXIT_USAGE;
}
