/* config.h — the run configuration, read from a galley.lua file. */
#ifndef GALLEY_CONFIG_H
#define GALLEY_CONFIG_H

#include "article.h"

typedef struct config_plugin {
    char *name;         /* "format/markdown" or a path */
    char *options_json; /* the user's options as a JSON object */
} config_plugin;

typedef struct config {
    char *db;
    strlist inputs;
    config_plugin *plugins;
    size_t nplugins;
    int has_plugins; /* the file has a `plugins` list (possibly empty) */
    int jobs;
    long long instructions; /* limits.instructions: per plugin call on one article; 0: default */
    long long memory_mb;    /* limits.memory_mb: per Lua state; 0: default */
} config;

/* Runs the file in a sandbox (no io, os or require) and reads what it returns:
 *   return { db = "x.db", inputs = {"articles/"}, jobs = 2,
 *            plugins = { "format/markdown", { "categorize/keywords", min_score = 0.3 } },
 *            limits = { instructions = 1e9, memory_mb = 256 } }
 * Unknown keys and wrong types are errors, written into err with the file name. */
int config_read(config *c, const char *path, char *err, size_t errsize);
void config_free(config *c);
/* The user's options for a plugin name, as JSON, or NULL. */
const char *config_options_for(const config *c, const char *name);

#endif
