/* labels.h — labelled texts for `galley train` and `galley eval-categories`: a folder
 * with one sub-folder per label, or a CSV file with a text and a label column. */
#ifndef GALLEY_CLI_LABELS_H
#define GALLEY_CLI_LABELS_H

#include "cli.h"

typedef struct labelled {
    strs texts, labels, sources; /* one entry per text; sources name its file (and line) */
} labelled;

/* Reads DIR (each sub-folder a label; every file in it loaded as `galley run` would,
 * the text being the title, a blank line and the body) or a .csv file (RFC 4180, a
 * header naming text_col and label_col). Problems with one file or row are printed as
 * warnings naming it and the rest goes on: text that is not valid UTF-8 is decoded
 * (DIR: with the detected encoding) and said so. Returns 0, or an exit code after
 * printing why (nothing usable, a column that does not exist). */
int labelled_read(labelled *out, const char *path, const char *text_col, const char *label_col, const char *cmd);
void labelled_free(labelled *l);

#endif
