/* galley.c — the library handle: open, close, error messages. */
#include "internal.h"
#include "lang.h"
#include "util.h"

#include <libxml/parser.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef GALLEY_PLUGIN_DIR
#define GALLEY_PLUGIN_DIR "/usr/local/share/galley/plugins"
#endif

const char *galley_default_plugin_dir(void) { return GALLEY_PLUGIN_DIR; }

int galley_fail(galley *g, int code, const char *fmt, ...) {
    if (g) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(g->errmsg, sizeof g->errmsg, fmt, ap);
        va_end(ap);
    }
    return code;
}

int galley_open(galley **out, const galley_options *opts) {
    galley_options defaults = GALLEY_OPTIONS_INIT;
    if (!opts) opts = &defaults;
    /* libxml2 sets up its global tables once; its documentation asks that this happen
     * before threads use it (the run's workers parse pages). Idempotent. */
    xmlInitParser();
    galley *g = calloc(1, sizeof *g);
    *out = g;
    if (!g) return GALLEY_ENOMEM;
    if (opts->version < 1 || opts->version > GALLEY_OPTIONS_VERSION)
        return galley_fail(g, GALLEY_EUSAGE, "galley_options.version %d is not supported", opts->version);
    g->plugin_path = g_strdup(opts->plugin_path ? opts->plugin_path : GALLEY_PLUGIN_DIR);
    if (!g->plugin_path) return galley_fail(g, GALLEY_ENOMEM, "out of memory");
    char err[1024];
    if (opts->config_path) {
        int rc = config_read(&g->cfg, opts->config_path, err, sizeof err);
        if (rc != GALLEY_OK) return galley_fail(g, rc, "%s", err);
    }
    const char *db = opts->db_path ? opts->db_path : g->cfg.db ? g->cfg.db : opts->db_default;
    if (db) {
        int rc = store_open(&g->st, db, opts->read_only, err, sizeof err);
        if (rc != GALLEY_OK) return galley_fail(g, rc, "%s", err);
    }
    return GALLEY_OK;
}

void galley_plugin_stats_free(galley *g) {
    for (size_t i = 0; i < g->npstats; i++) free((char *)g->pstats[i].name);
    free(g->pstats);
    g->pstats = NULL;
    g->npstats = 0;
}

void galley_close(galley *g) {
    if (!g) return;
    galley_plugin_stats_free(g);
    store_close(g->st);
    config_free(&g->cfg);
    free(g->plugin_path);
    lang_detector_free(g->lang);
    free(g);
}

int galley_article_detect_lang(galley *g, galley_article *a) {
    if (!g->lang && !(g->lang = lang_detector_new())) return galley_fail(g, GALLEY_ENOMEM, "out of memory");
    char err[1200];
    int rc = lang_fill_article(g->lang, a, err, sizeof err);
    return rc == GALLEY_OK ? rc : galley_fail(g, rc, "%s", err);
}

const char *galley_errmsg(const galley *g) { return g ? g->errmsg : "out of memory"; }

void galley_free(void *p) { free(p); }

const char *const *galley_config_inputs(const galley *g, size_t *n) {
    *n = g->cfg.inputs.n;
    return (const char *const *)g->cfg.inputs.v;
}
