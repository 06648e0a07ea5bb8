/* outdir.h — the files an export writes: each one atomic (a temporary file renamed on
 * close), left untouched when its content did not change, and the files an earlier
 * export of the same plugin wrote but this one did not removed, through a manifest. */
#ifndef GALLEY_OUTDIR_H
#define GALLEY_OUTDIR_H

#include "article.h"

#include <stdio.h>

/* The manifest in the output folder: {"galley_export": 1, "plugins": {NAME: [FILE...]}}. */
#define OUTDIR_MANIFEST ".galley-export.json"

typedef struct out_file {
    FILE *f;    /* writes go here: the temporary file */
    char *path; /* the file's final name (owned) */
    char *tmp;  /* the temporary file beside it (owned) */
} out_file;

/* Opens a temporary file in path's folder (creating the folders), to become path on
 * commit. Returns 0, or -1 with errno set. path is copied. */
int out_file_open(out_file *w, const char *path);

/* Closes the file and puts it in place: renamed over path, or dropped when path already
 * holds the same bytes (so its modification time stays). Returns 0, or -1 with errno
 * set (the temporary file is removed). Either way w is released. */
int out_file_commit(out_file *w);

/* Closes and removes the temporary file: path is left as it was. */
void out_file_abort(out_file *w);

/* Ends an export of `plugin` into folder root that wrote the files `written` (paths
 * relative to root; sorted here). When complete, the files the manifest lists for this
 * plugin that it did not write are removed (with the folders that become empty), unless
 * another plugin's list has them; an incomplete (failed) export removes nothing and
 * keeps both lists. Then writes the manifest. Nothing is done when nothing was written
 * and there is no manifest. Returns GALLEY_OK or an error with err set. */
int outdir_finish(const char *root, const char *plugin, strlist *written, int complete, char *err,
                  size_t errsize);

#endif
