/* eval.c — `galley eval-categories`: k-fold cross-validation of the trained classifier
 * on labelled texts, with fastText (when its command is installed) trained and scored on
 * the very same folds, so the two accuracies and speeds can be read side by side. */
#include "labels.h"

#include <ctype.h>
#include <getopt.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char usage_eval[] =
    "usage: galley eval-categories --labels DIR|FILE.csv [OPTIONS]\n"
    "\n"
    "Cross-validates the classifier of `galley train` on labelled texts: the texts are\n"
    "split in K folds (stratified by label, in a fixed order), each fold is classified by\n"
    "a model trained on the others. Prints accuracy and speed of logistic regression and\n"
    "naive Bayes, and of fastText trained on the same folds (when the `fasttext` command\n"
    "is installed); then, for the default (logreg), precision and recall per label, the\n"
    "confusion matrix and the calibration of its probabilities (reliability bins, ECE).\n"
    "\n"
    "  --labels DIR|FILE.csv  as for `galley train`\n"
    "  --text-column C, --label-column L   CSV columns (default: text, label)\n"
    "  --folds K              number of folds, 2..20 (default 5)\n"
    "  --no-fasttext          do not run fastText\n"
    "  --min-accuracy X       exit 1 when the default's accuracy is below X\n";

enum { OPT_LABELS = 400, OPT_TEXT_COL, OPT_LABEL_COL, OPT_FOLDS, OPT_NO_FASTTEXT, OPT_MIN_ACC };

#define BINS 10
#define SHORT_BYTES 400 /* "short article": a title and a paragraph or two */

/* Speeds are per core: CPU time of this process (galley) or of the finished child
 * processes (fastText), so that a busy machine does not change them much. */
static double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double child_seconds(void) {
    struct rusage r;
    getrusage(RUSAGE_CHILDREN, &r);
    return (double)r.ru_utime.tv_sec + (double)r.ru_utime.tv_usec / 1e6 + (double)r.ru_stime.tv_sec +
           (double)r.ru_stime.tv_usec / 1e6;
}

/* What one method made of every text. */
typedef struct outcome {
    const char *name;
    int *pred;      /* label index, -1 when none */
    double *conf;   /* probability of the predicted label */
    double train_s, classify_s, short_s;
    size_t classified, shorts;
    int ran;
    char note[256];
} outcome;

typedef struct data {
    labelled l;
    strs names; /* distinct labels, first appearance order */
    int *y, *fold;
    size_t *order; /* a fixed shuffle of the texts */
    size_t n;
    int k;
} data;

static int label_index(const strs *names, const char *label) {
    for (size_t i = 0; i < names->n; i++)
        if (strcmp(names->v[i], label) == 0) return (int)i;
    return -1;
}

/* Stratified folds: a fixed shuffle, then each label's texts dealt round the folds. */
static int assign_folds(data *d) {
    size_t n = d->n;
    size_t *order = d->order = malloc(n * sizeof *order);
    int *dealt = calloc(d->names.n, sizeof *dealt);
    if (!order || !dealt) {
        free(dealt);
        return -1;
    }
    for (size_t i = 0; i < n; i++) order[i] = i;
    uint64_t s = 0x9E3779B97F4A7C15ULL;
    for (size_t i = n; i > 1; i--) {
        s ^= s << 13, s ^= s >> 7, s ^= s << 17;
        size_t j = (size_t)(s % i), t = order[i - 1];
        order[i - 1] = order[j];
        order[j] = t;
    }
    for (size_t i = 0; i < n; i++) {
        size_t t = order[i];
        d->fold[t] = dealt[d->y[t]]++ % d->k;
    }
    free(dealt);
    return 0;
}

static int run_galley(data *d, const char *algorithm, outcome *o) {
    galley *g;
    if (cli_open_bare(&g, NULL, "eval-categories")) return -1;
    const char **tr_text = malloc(d->n * sizeof *tr_text), **tr_label = malloc(d->n * sizeof *tr_label);
    double *probs = NULL;
    int rc = GALLEY_OK;
    if (!tr_text || !tr_label) rc = GALLEY_ENOMEM;
    for (int f = 0; f < d->k && rc == GALLEY_OK; f++) {
        size_t m = 0;
        for (size_t i = 0; i < d->n; i++)
            if (d->fold[i] != f) tr_text[m] = d->l.texts.v[i], tr_label[m++] = d->l.labels.v[i];
        galley_train_options opts = GALLEY_TRAIN_OPTIONS_INIT;
        opts.algorithm = algorithm;
        galley_model *model = NULL;
        double t0 = seconds();
        rc = galley_train(g, tr_text, tr_label, m, &opts, &model);
        o->train_s += seconds() - t0;
        if (rc != GALLEY_OK) break;
        size_t nl = galley_model_label_count(model);
        int *map = malloc(nl * sizeof *map);
        double *p = realloc(probs, nl * sizeof *p);
        if (!map || !p) {
            free(map);
            galley_model_free(model);
            rc = GALLEY_ENOMEM;
            break;
        }
        probs = p;
        for (size_t c = 0; c < nl; c++) map[c] = label_index(&d->names, galley_model_label(model, c));
        t0 = seconds();
        for (size_t i = 0; i < d->n && rc == GALLEY_OK; i++) {
            if (d->fold[i] != f) continue;
            rc = galley_classify(model, d->l.texts.v[i], strlen(d->l.texts.v[i]), probs);
            size_t best = 0;
            for (size_t c = 1; c < nl; c++)
                if (probs[c] > probs[best]) best = c;
            o->pred[i] = map[best];
            o->conf[i] = probs[best];
            o->classified++;
        }
        o->classify_s += seconds() - t0;
        t0 = seconds();
        for (size_t i = 0; i < d->n && rc == GALLEY_OK; i++) {
            if (d->fold[i] != f) continue;
            size_t len = strlen(d->l.texts.v[i]);
            rc = galley_classify(model, d->l.texts.v[i], len < SHORT_BYTES ? len : SHORT_BYTES, probs);
            o->shorts++;
        }
        o->short_s += seconds() - t0;
        free(map);
        galley_model_free(model);
    }
    if (rc != GALLEY_OK) fprintf(stderr, "galley eval-categories: %s\n", galley_errmsg(g));
    o->ran = rc == GALLEY_OK;
    free(probs);
    free(tr_text);
    free(tr_label);
    galley_close(g);
    return rc == GALLEY_OK ? 0 : -1;
}

/* ---- fastText ------------------------------------------------------------------------- */

#define FASTTEXT_ARGS "-epoch 15 -lr 1.0 -wordNgrams 2 -dim 20 -bucket 200000 -minCount 1 -thread 1"

/* fastText splits on white space only: lower-case and pad punctuation, its usual
 * preparation. */
static void put_fasttext_line(FILE *f, int label, const char *text) {
    fprintf(f, "__label__%d ", label);
    int space = 1;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        unsigned char c = *p;
        if (c >= 0x80 || isalnum(c)) {
            fputc(tolower(c), f);
            space = 0;
        } else if (!space) {
            fputc(' ', f);
            space = 1;
        }
    }
    fputc('\n', f);
}

static int have_fasttext(void) { return system("command -v fasttext >/dev/null 2>&1") == 0; }

static int run_fasttext(data *d, outcome *o) {
    char dir[] = "/tmp/galley-eval-XXXXXX";
    if (!mkdtemp(dir)) {
        snprintf(o->note, sizeof o->note, "cannot make a temporary folder");
        return -1;
    }
    int ok = 1;
    for (int f = 0; f < d->k && ok; f++) {
        char train[64], test[64], cmd[512];
        snprintf(train, sizeof train, "%s/train.txt", dir);
        snprintf(test, sizeof test, "%s/test.txt", dir);
        FILE *tr = fopen(train, "w"), *te = fopen(test, "w");
        if (!tr || !te) {
            if (tr) fclose(tr);
            if (te) fclose(te);
            ok = 0;
            break;
        }
        /* In the shuffled order: fastText learns in file order, and a file sorted by label
         * would leave it with the last label's texts. */
        for (size_t k = 0; k < d->n; k++)
            if (d->fold[d->order[k]] != f) put_fasttext_line(tr, d->y[d->order[k]], d->l.texts.v[d->order[k]]);
        for (size_t i = 0; i < d->n; i++)
            if (d->fold[i] == f) put_fasttext_line(te, d->y[i], d->l.texts.v[i]);
        fclose(tr);
        fclose(te);
        snprintf(cmd, sizeof cmd, "fasttext supervised -input %s -output %s/model " FASTTEXT_ARGS " >/dev/null 2>&1",
                 train, dir);
        double t0 = child_seconds();
        int rc = system(cmd);
        o->train_s += child_seconds() - t0;
        if (rc != 0) {
            snprintf(o->note, sizeof o->note, "fasttext supervised failed (status %d)", rc);
            ok = 0;
            break;
        }
        snprintf(cmd, sizeof cmd, "fasttext predict-prob %s/model.bin %s 1 2>/dev/null", dir, test);
        t0 = child_seconds();
        FILE *p = popen(cmd, "r");
        char line[256];
        size_t i = 0;
        while (p && fgets(line, sizeof line, p)) {
            while (i < d->n && d->fold[i] != f) i++;
            if (i == d->n) break;
            int lab = -1;
            double prob = 0;
            if (sscanf(line, "__label__%d %lf", &lab, &prob) != 2) lab = -1;
            o->pred[i] = lab >= 0 && (size_t)lab < d->names.n ? lab : -1;
            o->conf[i] = prob > 1 ? 1 : prob;
            o->classified++;
            i++;
        }
        rc = p ? pclose(p) : -1;
        o->classify_s += child_seconds() - t0;
        if (rc != 0) {
            snprintf(o->note, sizeof o->note, "fasttext predict-prob failed (status %d)", rc);
            ok = 0;
        }
    }
    cli_remove_tree(dir);
    o->ran = ok;
    return ok ? 0 : -1;
}

/* ---- the report ------------------------------------------------------------------------ */

static double accuracy(const data *d, const outcome *o) {
    size_t right = 0;
    for (size_t i = 0; i < d->n; i++) right += o->pred[i] == d->y[i];
    return (double)right / (double)d->n;
}

static void print_calibration(const data *d, const outcome *o) {
    size_t count[BINS] = {0}, right[BINS] = {0};
    double conf[BINS] = {0};
    for (size_t i = 0; i < d->n; i++) {
        int b = (int)(o->conf[i] * BINS);
        if (b >= BINS) b = BINS - 1;
        if (b < 0) b = 0;
        count[b]++;
        conf[b] += o->conf[i];
        right[b] += o->pred[i] == d->y[i];
    }
    double ece = 0;
    printf("\ncalibration of %s (top label's probability against how often it is right):\n", o->name);
    printf("  %-11s %7s %10s %10s\n", "probability", "texts", "mean prob", "accuracy");
    for (int b = 0; b < BINS; b++) {
        if (!count[b]) continue;
        double mc = conf[b] / (double)count[b], acc = (double)right[b] / (double)count[b];
        ece += (double)count[b] / (double)d->n * fabs(mc - acc);
        printf("  %.1f-%.1f     %7zu %10.3f %10.3f\n", (double)b / BINS, (double)(b + 1) / BINS, count[b], mc, acc);
    }
    printf("  ECE (expected calibration error): %.4f\n", ece);
}

static void print_details(const data *d, const outcome *o) {
    size_t K = d->names.n;
    size_t *cm = calloc(K * K, sizeof *cm);
    if (!cm) return;
    for (size_t i = 0; i < d->n; i++)
        if (o->pred[i] >= 0) cm[(size_t)d->y[i] * K + (size_t)o->pred[i]]++;
    printf("\nper label (%s):\n  %-16s %9s %9s %9s %7s\n", o->name, "label", "precision", "recall", "f1", "texts");
    for (size_t c = 0; c < K; c++) {
        size_t tp = cm[c * K + c], pred = 0, truth = 0;
        for (size_t k = 0; k < K; k++) pred += cm[k * K + c], truth += cm[c * K + k];
        double p = pred ? (double)tp / (double)pred : 0, r = truth ? (double)tp / (double)truth : 0;
        printf("  %-16s %9.3f %9.3f %9.3f %7zu\n", d->names.v[c], p, r, p + r > 0 ? 2 * p * r / (p + r) : 0, truth);
    }
    printf("\nconfusion matrix (%s; rows: true label, columns: predicted):\n  %-16s", o->name, "");
    for (size_t c = 0; c < K; c++) printf(" %8.8s", d->names.v[c]);
    printf("\n");
    for (size_t r = 0; r < K; r++) {
        printf("  %-16s", d->names.v[r]);
        for (size_t c = 0; c < K; c++) printf(" %8zu", cm[r * K + c]);
        printf("\n");
    }
    free(cm);
}

static void print_row(const data *d, const outcome *o) {
    if (!o->ran) {
        printf("  %-16s %s\n", o->name, o->note[0] ? o->note : "not run");
        return;
    }
    printf("  %-16s %8.4f %12.2f %14.0f", o->name, accuracy(d, o), o->train_s / d->k,
           o->classify_s > 0 ? (double)o->classified / o->classify_s : 0);
    if (o->shorts) printf(" %14.0f", o->short_s > 0 ? (double)o->shorts / o->short_s : 0);
    else printf(" %14s", "-");
    printf("\n");
}

static int outcome_init(outcome *o, const char *name, size_t n) {
    memset(o, 0, sizeof *o);
    o->name = name;
    o->pred = malloc(n * sizeof *o->pred);
    o->conf = calloc(n, sizeof *o->conf);
    if (!o->pred || !o->conf) return -1;
    for (size_t i = 0; i < n; i++) o->pred[i] = -1;
    return 0;
}

int cmd_eval_categories(int argc, char **argv) {
    static const struct option longopts[] = {{"labels", required_argument, NULL, OPT_LABELS},
                                             {"text-column", required_argument, NULL, OPT_TEXT_COL},
                                             {"label-column", required_argument, NULL, OPT_LABEL_COL},
                                             {"folds", required_argument, NULL, OPT_FOLDS},
                                             {"no-fasttext", no_argument, NULL, OPT_NO_FASTTEXT},
                                             {"min-accuracy", required_argument, NULL, OPT_MIN_ACC},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    const char *labels = NULL, *text_col = "text", *label_col = "label";
    int folds = 5, fasttext = 1;
    double min_acc = 0;
    optind = 1;
    opterr = 0;
    int c;
    char *end;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_LABELS: labels = optarg; break;
        case OPT_TEXT_COL: text_col = optarg; break;
        case OPT_LABEL_COL: label_col = optarg; break;
        case OPT_FOLDS:
            folds = (int)strtol(optarg, &end, 10);
            if (*end || folds < 2 || folds > 20) return cli_usage_error("eval-categories", "--folds must be 2..20, not '%s'", optarg);
            break;
        case OPT_NO_FASTTEXT: fasttext = 0; break;
        case OPT_MIN_ACC:
            min_acc = strtod(optarg, &end);
            if (*end || min_acc < 0 || min_acc > 1)
                return cli_usage_error("eval-categories", "--min-accuracy must be within 0..1, not '%s'", optarg);
            break;
        case 'h': fputs(usage_eval, stdout); return 0;
        case ':': return cli_usage_error("eval-categories", "option '%s' needs a value", argv[optind - 1]);
        default: return cli_usage_error("eval-categories", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc) return cli_usage_error("eval-categories", "unexpected argument '%s'", argv[optind]);
    if (!labels) return cli_usage_error("eval-categories", "%s", "give the labelled texts with --labels DIR|FILE.csv");
    data d;
    memset(&d, 0, sizeof d);
    int status = labelled_read(&d.l, labels, text_col, label_col, "eval-categories");
    if (status) return status;
    d.n = d.l.texts.n;
    d.k = folds;
    outcome res[3];
    memset(res, 0, sizeof res);
    d.y = malloc(d.n * sizeof *d.y);
    d.fold = malloc(d.n * sizeof *d.fold);
    status = EXIT_FATAL;
    if (!d.y || !d.fold) goto out;
    for (size_t i = 0; i < d.n; i++) {
        int k = label_index(&d.names, d.l.labels.v[i]);
        if (k < 0) {
            if (strs_push(&d.names, d.l.labels.v[i]) < 0) goto out;
            k = (int)d.names.n - 1;
        }
        d.y[i] = k;
    }
    if (d.names.n < 2) {
        fprintf(stderr, "galley eval-categories: %s: every text has the label '%s'; at least two labels are needed\n",
                labels, d.names.v[0]);
        status = EXIT_USAGE;
        goto out;
    }
    if (d.n < (size_t)folds) {
        fprintf(stderr, "galley eval-categories: %s: %zu texts cannot make %d folds\n", labels, d.n, folds);
        status = EXIT_USAGE;
        goto out;
    }
    if (assign_folds(&d) < 0 || outcome_init(&res[0], "galley logreg", d.n) < 0 ||
        outcome_init(&res[1], "galley nb", d.n) < 0 || outcome_init(&res[2], "fastText", d.n) < 0)
        goto out;
    printf("%s: %zu texts, %zu labels, %d-fold cross-validation (stratified, fixed order)\n", labels, d.n,
           d.names.n, folds);
    if (run_galley(&d, "logreg", &res[0]) < 0 || run_galley(&d, "nb", &res[1]) < 0) goto out;
    if (!fasttext) snprintf(res[2].note, sizeof res[2].note, "not run (--no-fasttext)");
    else if (!have_fasttext()) snprintf(res[2].note, sizeof res[2].note, "not run: the fasttext command is not installed");
    else run_fasttext(&d, &res[2]);
    printf("\n  %-16s %8s %12s %14s %14s\n", "method", "accuracy", "train s/fold", "classify/s", "short/s");
    for (int i = 0; i < 3; i++) print_row(&d, &res[i]);
    printf("  (CPU time, one thread each; fastText: " FASTTEXT_ARGS ",\n"
           "   its times include starting the command and reading the model; short: the first %d bytes of each text)\n",
           SHORT_BYTES);
    print_details(&d, &res[0]);
    print_calibration(&d, &res[0]);
    if (res[2].ran) print_calibration(&d, &res[2]);
    double acc = accuracy(&d, &res[0]);
    status = 0;
    if (acc < min_acc) {
        printf("\naccuracy %.4f is below %.4f\n", acc, min_acc);
        status = EXIT_PARTIAL;
    }
out:
    if (status == EXIT_FATAL) fprintf(stderr, "galley eval-categories: failed\n");
    for (int i = 0; i < 3; i++) free(res[i].pred), free(res[i].conf);
    free(d.y);
    free(d.fold);
    free(d.order);
    strs_free(&d.names);
    labelled_free(&d.l);
    return status;
}
