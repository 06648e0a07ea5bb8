/* plugin_new.c — `galley plugin new NAME --kind KIND`: writes a working, commented
 * plugin to start from, a sample article, and the sample's expectation file made by
 * running the plugin once, so that `galley plugin test ... --expect` passes at once. */
#include "ptest.h"
#include "templates.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char usage_plugin_new[] =
    "usage: galley plugin new NAME --kind format|categorize|filter|export [--dir DIR]\n"
    "\n"
    "Writes DIR/NAME.lua, a commented plugin of that kind that works as written, and its\n"
    "test: DIR/NAME.test/sample.txt, a short article, with the expectation file of the\n"
    "plugin's result on it. Existing files are never overwritten.\n"
    "\n"
    "  --kind KIND   format: a one-line summary rendition; categorize: a tiny keyword\n"
    "                categorizer; filter: drops articles under min_words words;\n"
    "                export: one line per article through ctx:open()\n"
    "  --dir DIR     where to write (default: the current folder)\n"
    "\n"
    "NAME is made of a-z, 0-9, '_' and '-'. Then:\n"
    "  galley plugin test DIR/NAME.lua DIR/NAME.test/sample.txt --expect\n";

typedef struct new_files {
    char *plugin, *folder, *sample, *expected;
} new_files;

static int valid_name(const char *name) {
    return *name && strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_-") == strlen(name);
}

static void new_files_free(new_files *f) {
    free(f->plugin);
    free(f->folder);
    free(f->sample);
    free(f->expected);
}

/* The paths the command writes; -1 when out of memory. */
static int new_paths(new_files *f, const char *dir, const char *name, const char *kind) {
    sbuf base = SBUF_INIT;
    sbuf_printf(&base, "%s.lua", name);
    f->plugin = base.failed ? NULL : cli_path_join(dir, base.data);
    sbuf_free(&base);
    sbuf_printf(&base, "%s.test", name);
    f->folder = base.failed ? NULL : cli_path_join(dir, base.data);
    sbuf_free(&base);
    f->sample = f->folder ? cli_path_join(f->folder, "sample.txt") : NULL;
    f->expected = f->sample ? expect_path(f->sample, kind, name, 0) : NULL;
    return f->plugin && f->folder && f->sample && f->expected ? 0 : -1;
}

/* The template with every @NAME@ replaced. Caller frees. */
static char *fill_template(const char *text, const char *name) {
    sbuf out = SBUF_INIT;
    for (const char *at; (at = strstr(text, "@NAME@")) != NULL; text = at + 6) {
        sbuf_put(&out, text, (size_t)(at - text));
        sbuf_puts(&out, name);
    }
    sbuf_puts(&out, text);
    if (!out.failed) return out.data;
    sbuf_free(&out);
    return NULL;
}

static int refuse_existing(const new_files *f) {
    const char *paths[] = {f->plugin, f->sample, f->expected};
    struct stat st;
    for (int i = 0; i < 3; i++) {
        if (lstat(paths[i], &st) != 0) continue;
        fprintf(
            stderr,
            "galley plugin new: %s exists; not overwriting it (remove it, or choose another NAME or --dir)\n",
            paths[i]);
        return EXIT_USAGE;
    }
    return 0;
}

static int write_new(const char *path, const char *text) {
    if (cli_write_file(path, text, strlen(text), 1) == 0) {
        printf("wrote %s\n", path);
        return 0;
    }
    fprintf(stderr, "galley plugin new: cannot write %s: %s\n", path, strerror(errno));
    return EXIT_FATAL;
}

/* Writes the plugin and the sample, then the expectation from a run of the plugin. */
static int write_plugin(const new_files *f, const char *name, const char *kind) {
    if (cli_mkdirs(f->folder) != 0) {
        fprintf(stderr, "galley plugin new: cannot create %s: %s\n", f->folder, strerror(errno));
        return EXIT_FATAL;
    }
    char *source = fill_template(template_for(kind), name);
    int status = source ? write_new(f->plugin, source) : EXIT_FATAL;
    free(source);
    if (!status) status = write_new(f->sample, template_sample);
    if (status) return status;
    char *files[] = {f->sample};
    ptest_options o = {f->plugin, files, 1, PTEST_UPDATE, NULL, NULL, NULL, 1};
    status = ptest_run(&o);
    if (status) return status;
    printf("wrote %s\n", f->expected);
    printf("\nnext: edit %s, then check it with\n  galley plugin test %s %s --expect\n", f->plugin, f->plugin,
           f->sample);
    return 0;
}

int cmd_plugin_new(int argc, char **argv) {
    static const struct option longopts[] = {{"kind", required_argument, NULL, OPT_KIND},
                                             {"dir", required_argument, NULL, OPT_DIR},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    const char *kind = NULL, *dir = ".";
    int opt;
    while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (opt) {
        case OPT_KIND: kind = optarg; break;
        case OPT_DIR: dir = optarg; break;
        case 'h': fputs(usage_plugin_new, stdout); return 0;
        default: fputs(usage_plugin_new, stderr); return EXIT_USAGE;
        }
    }
    if (argc - optind != 1)
        return cli_usage_error("plugin new", "%s", argc == optind ? "no NAME given" : "give one NAME");
    const char *name = argv[optind];
    if (!valid_name(name))
        return cli_usage_error("plugin new", "NAME '%s' must be made of a-z, 0-9, '_' and '-'", name);
    if (!kind)
        return cli_usage_error("plugin new", "%s",
                               "--kind is required: format, categorize, filter or export");
    if (!template_for(kind))
        return cli_usage_error("plugin new", "--kind must be format, categorize, filter or export, not '%s'",
                               kind);
    new_files f = {0};
    int status = new_paths(&f, dir, name, kind) == 0 ? refuse_existing(&f) : EXIT_FATAL;
    if (status == EXIT_FATAL) fprintf(stderr, "galley plugin new: out of memory\n");
    if (!status) status = write_plugin(&f, name, kind);
    new_files_free(&f);
    return status;
}
