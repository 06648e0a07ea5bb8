/* internal.h — the library handle and helpers shared by the rooms of core/. */
#ifndef GALLEY_INTERNAL_H
#define GALLEY_INTERNAL_H

#include "galley.h"
#include "config.h"
#include "plugin.h"
#include "store.h"

struct galley {
    store *st;          /* NULL when opened without a database */
    char *plugin_path;  /* ':'-separated folders */
    config cfg;         /* from galley.lua; empty when there is none */
    galley_plugin_stats *pstats; /* the last run's, names owned */
    struct lang_detector *lang;  /* for galley_article_detect_lang, made on first use */
    size_t npstats;
    char errmsg[2048];
};

/* The plugin limits: the configuration's, else the defaults; per_article 0 gives no
 * instruction budget (exports walk the whole store in one call). */
runtime_limits galley_limits(const galley *g, int per_article);

/* Frees the last run's per-plugin counters. */
void galley_plugin_stats_free(galley *g);

/* Records a message on the handle and returns code (so `return galley_fail(...)`). */
int galley_fail(galley *g, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
