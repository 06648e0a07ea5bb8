/* train.c — `galley train`: fits a text classifier on labelled texts and writes the
 * model file the categorize/trained plugin applies. */
#include "labels.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char usage_train[] =
    "usage: galley train --labels DIR|FILE.csv -o MODEL.gcm [OPTIONS]\n"
    "\n"
    "Trains a text classifier on labelled texts and writes it to MODEL.gcm, for the\n"
    "categorize/trained plugin (options = { model = \"MODEL.gcm\" }) or galley.classify().\n"
    "\n"
    "  --labels DIR        one sub-folder per label holding the texts (any format galley\n"
    "                      loads; the text is the title and the body)\n"
    "  --labels FILE.csv   a CSV file with a header line\n"
    "  --text-column C     the CSV column of the text (default: text)\n"
    "  --label-column L    the CSV column of the label (default: label)\n"
    "  --scheme NAME       the category scheme of the labels (default: topic)\n"
    "  --algorithm A       logreg (default: logistic regression) or nb (naive Bayes)\n"
    "  -o, --output FILE   the model file to write\n"
    "\n"
    "Features are the case-folded words and word pairs, hashed, weighted by TF-IDF\n"
    "(docs/categorization.md). `galley eval-categories` measures a model's accuracy.\n";

enum { OPT_LABELS = 400, OPT_TEXT_COL, OPT_LABEL_COL, OPT_SCHEME, OPT_ALGORITHM };

static double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int cmd_train(int argc, char **argv) {
    static const struct option longopts[] = {{"labels", required_argument, NULL, OPT_LABELS},
                                             {"text-column", required_argument, NULL, OPT_TEXT_COL},
                                             {"label-column", required_argument, NULL, OPT_LABEL_COL},
                                             {"scheme", required_argument, NULL, OPT_SCHEME},
                                             {"algorithm", required_argument, NULL, OPT_ALGORITHM},
                                             {"output", required_argument, NULL, 'o'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    const char *labels = NULL, *text_col = "text", *label_col = "label", *output = NULL;
    galley_train_options o = GALLEY_TRAIN_OPTIONS_INIT;
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_LABELS: labels = optarg; break;
        case OPT_TEXT_COL: text_col = optarg; break;
        case OPT_LABEL_COL: label_col = optarg; break;
        case OPT_SCHEME: o.scheme = optarg; break;
        case OPT_ALGORITHM: o.algorithm = optarg; break;
        case 'o': output = optarg; break;
        case 'h': fputs(usage_train, stdout); return 0;
        case ':': return cli_usage_error("train", "option '%s' needs a value", argv[optind - 1]);
        default: return cli_usage_error("train", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc) return cli_usage_error("train", "unexpected argument '%s'", argv[optind]);
    if (!labels) return cli_usage_error("train", "%s", "give the labelled texts with --labels DIR|FILE.csv");
    if (!output) return cli_usage_error("train", "%s", "give the model file to write with -o FILE");
    labelled l;
    int status = labelled_read(&l, labels, text_col, label_col, "train");
    if (status) return status;
    galley *g;
    if ((status = cli_open_bare(&g, NULL, "train")) != 0) {
        labelled_free(&l);
        return status;
    }
    double t0 = seconds();
    galley_model *m = NULL;
    int rc = galley_train(g, (const char *const *)l.texts.v, (const char *const *)l.labels.v, l.texts.n, &o, &m);
    double t1 = seconds();
    if (rc == GALLEY_OK) rc = galley_model_save(g, m, output);
    if (rc != GALLEY_OK) {
        fprintf(stderr, "galley train: %s: %s\n", labels, galley_errmsg(g));
        status = cli_exit_code(rc);
    } else {
        fprintf(stderr, "galley: trained %s (%s) on %zu texts, %zu labels, in %.2f s; wrote %s (checksum %s)\n",
                galley_model_scheme(m), galley_model_algorithm(m), l.texts.n, galley_model_label_count(m), t1 - t0,
                output, galley_model_checksum(m));
    }
    galley_model_free(m);
    galley_close(g);
    labelled_free(&l);
    return status;
}
