/* classify.h — the trained text classifier behind galley_train/galley_classify: hashed
 * unigrams and bigrams of the folded words, TF-IDF weights, multinomial naive Bayes or
 * logistic regression, and the model file. The public API (galley.h) wraps these with a
 * handle for messages; the Lua side (galley.classify) uses them directly. */
#ifndef GALLEY_CLASSIFY_H
#define GALLEY_CLASSIFY_H

#include "galley.h"

#include <stddef.h>
#include <stdint.h>

enum { CLS_NB = 1, CLS_LOGREG = 2 };

#define CLS_FORMAT_VERSION 1
#define CLS_MIN_BITS 12
#define CLS_MAX_BITS 22
#define CLS_MAX_LABELS 4096

/* Trains a model. texts[i] (valid or not: invalid bytes read as U+FFFD) has label
 * labels[i]; there must be at least two distinct labels. err explains a failure. */
int cls_train(const char *const *texts, const char *const *labels, size_t n, const galley_train_options *o,
              galley_model **out, char *err, size_t errsize);

/* Reads and validates a model file; a truncated, corrupt or hostile file is an error
 * (err names the file and the problem), never a crash. */
int cls_load(const char *path, galley_model **out, char *err, size_t errsize);
int cls_save(const galley_model *m, const char *path, char *err, size_t errsize);
void cls_free(galley_model *m);

/* Probabilities of each label (galley_model_label order) for text; probs has room for
 * the model's label count. Safe to call from several threads on one model. */
int cls_classify(const galley_model *m, const char *text, size_t len, double *probs);

#endif
