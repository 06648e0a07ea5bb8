/* test_classify.c — the trained classifier through galley.h: training on a small
 * labelled set, probabilities, both algorithms, the model file written and read back,
 * and model files that are truncated, damaged or hostile (a correct checksum over bad
 * sizes) giving an error rather than a crash. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "helpers.h"

#include "galley.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

static const char *const texts[] = {
    "The striker scored twice as the home team won the cup final in front of a full stadium.",
    "The coach praised his players after a hard match and a late goal from the captain.",
    "The champion won the tennis title in straight sets after a long season of injuries.",
    "The team signed a new goalkeeper before the league season and the derby match.",
    "A late penalty gave the visitors the match and sent them top of the league table.",
    "The runner broke the world record at the athletics championship in the final lap.",
    "The minister told parliament the government would raise taxes to pay for hospitals.",
    "Voters go to the polls next week in an election the opposition party expects to win.",
    "The prime minister faced questions in parliament over the budget and the new tax.",
    "The party leader promised a referendum if the government loses the election.",
    "MPs voted against the government bill after a long debate in parliament on Tuesday.",
    "The president signed the law after the senate passed the budget by a narrow vote.",
};
static const char *const labels[] = {"sport", "sport", "sport", "sport", "sport", "sport",
                                     "politics", "politics", "politics", "politics", "politics", "politics"};
#define N (sizeof texts / sizeof *texts)

typedef struct fixture {
    char dir[64], path[128];
    galley *g;
} fixture;

static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    if (!f) return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/galley-test-classify-XXXXXX");
    if (!mkdtemp(f->dir)) return -1;
    snprintf(f->path, sizeof f->path, "%s/m.gcm", f->dir);
    galley_options o = GALLEY_OPTIONS_INIT;
    if (galley_open(&f->g, &o) != GALLEY_OK) return -1;
    *state = f;
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    galley_close(f->g);
    remove_tree(f->dir);
    free(f);
    return 0;
}

static galley_model *train(fixture *f, const char *algorithm) {
    galley_train_options o = GALLEY_TRAIN_OPTIONS_INIT;
    o.algorithm = algorithm;
    o.scheme = "desk";
    o.bits = 16;
    galley_model *m = NULL;
    int rc = galley_train(f->g, texts, labels, N, &o, &m);
    if (rc != GALLEY_OK) fail_msg("train: %s", galley_errmsg(f->g));
    return m;
}

/* The probability of `label` for text. */
static double prob(const galley_model *m, const char *text, const char *label) {
    double p[8];
    assert_true(galley_model_label_count(m) <= 8);
    assert_int_equal(galley_classify(m, text, strlen(text), p), GALLEY_OK);
    double sum = 0, want = -1;
    for (size_t i = 0; i < galley_model_label_count(m); i++) {
        assert_true(p[i] >= 0 && p[i] <= 1);
        sum += p[i];
        if (strcmp(galley_model_label(m, i), label) == 0) want = p[i];
    }
    assert_true(fabs(sum - 1) < 1e-9);
    return want;
}

static void test_both_algorithms_learn_the_labels(void **state) {
    fixture *f = *state;
    const char *algos[] = {"logreg", "nb"};
    for (int k = 0; k < 2; k++) {
        galley_model *m = train(f, algos[k]);
        assert_string_equal(galley_model_scheme(m), "desk");
        assert_string_equal(galley_model_algorithm(m), algos[k]);
        assert_int_equal(galley_model_label_count(m), 2);
        assert_int_equal(strlen(galley_model_checksum(m)), 16);
        /* Unseen sentences, in other words and case. */
        if (!(prob(m, "A GOAL in the final minute won the MATCH for the team.", "sport") > 0.6))
            fail_msg("%s: sport text not sport", algos[k]);
        if (!(prob(m, "Parliament debated the government budget before the election.", "politics") > 0.6))
            fail_msg("%s: politics text not politics", algos[k]);
        /* Text with no known word: the classes' prior, not an error. */
        double p = prob(m, "zzz qqq", "sport");
        assert_true(p > 0.2 && p < 0.8);
        galley_model_free(m);
    }
}

static void test_model_file_round_trip(void **state) {
    fixture *f = *state;
    galley_model *m = train(f, "logreg");
    assert_int_equal(galley_model_save(f->g, m, f->path), GALLEY_OK);
    galley_model *back = NULL;
    if (galley_model_load(f->g, f->path, &back) != GALLEY_OK) fail_msg("load: %s", galley_errmsg(f->g));
    assert_string_equal(galley_model_checksum(back), galley_model_checksum(m));
    assert_string_equal(galley_model_label(back, 1), galley_model_label(m, 1));
    const char *t = "The captain scored in the cup match.";
    assert_true(fabs(prob(back, t, "sport") - prob(m, t, "sport")) < 1e-6);
    galley_model_free(back);
    galley_model_free(m);
}

static char *slurp(const char *path, size_t *len) {
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    fseek(fp, 0, SEEK_END);
    *len = (size_t)ftell(fp);
    rewind(fp);
    char *d = malloc(*len);
    assert_non_null(d);
    assert_int_equal(fread(d, 1, *len, fp), *len);
    fclose(fp);
    return d;
}

static void spit(const char *path, const char *d, size_t len) {
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(d, 1, len, fp), len);
    fclose(fp);
}

/* Loads path, which must fail with GALLEY_EFORMAT and a message holding `why`. */
static void expect_bad(fixture *f, const char *why) {
    galley_model *m = NULL;
    int rc = galley_model_load(f->g, f->path, &m);
    if (rc != GALLEY_EFORMAT || m) fail_msg("loaded (%d) a bad model; wanted '%s'", rc, why);
    if (!strstr(galley_errmsg(f->g), why) || !strstr(galley_errmsg(f->g), f->path))
        fail_msg("message '%s' lacks '%s' or the path", galley_errmsg(f->g), why);
}

/* Rewrites the trailing checksum, as a hostile file would. */
static void reseal(char *d, size_t len) {
    uint64_t sum = XXH3_64bits(d, len - 8);
    for (int i = 0; i < 8; i++) d[len - 8 + i] = (char)(sum >> (8 * i));
}

static void test_damaged_and_hostile_model_files_are_errors(void **state) {
    fixture *f = *state;
    galley_model *m = train(f, "nb");
    assert_int_equal(galley_model_save(f->g, m, f->path), GALLEY_OK);
    galley_model_free(m);
    size_t len;
    char *good = slurp(f->path, &len);
    char *d = malloc(len);
    assert_non_null(d);

    spit(f->path, good, len / 2); /* truncated */
    expect_bad(f, "checksum");
    spit(f->path, good, 20);
    expect_bad(f, "truncated");
    spit(f->path, "not a model at all", 18);
    expect_bad(f, "magic");
    memcpy(d, good, len); /* one weight byte flipped */
    d[len - 20] ^= 0x40;
    spit(f->path, d, len);
    expect_bad(f, "checksum");
    memcpy(d, good, len); /* a future version */
    d[8] = 9;
    spit(f->path, d, len);
    expect_bad(f, "version 9");
    /* Correct checksums over lies: more features than the file holds, a huge label
     * count, an unknown algorithm. */
    memcpy(d, good, len);
    d[24] = (char)0xff, d[25] = (char)0xff;
    reseal(d, len);
    spit(f->path, d, len);
    expect_bad(f, "bytes of weights");
    memcpy(d, good, len);
    d[20] = 0, d[21] = 0, d[22] = 0, d[23] = 0x7f;
    reseal(d, len);
    spit(f->path, d, len);
    expect_bad(f, "labels");
    memcpy(d, good, len);
    d[12] = 7;
    reseal(d, len);
    spit(f->path, d, len);
    expect_bad(f, "algorithm");
    free(d);
    free(good);
    galley_model *none = NULL;
    snprintf(f->path, sizeof f->path, "%s/missing.gcm", f->dir);
    assert_int_equal(galley_model_load(f->g, f->path, &none), GALLEY_EIO);
    assert_non_null(strstr(galley_errmsg(f->g), "missing.gcm"));
}

static void test_bad_training_input_is_explained(void **state) {
    fixture *f = *state;
    galley_model *m = NULL;
    const char *one[] = {"sport", "sport", "sport"};
    assert_int_equal(galley_train(f->g, texts, one, 3, NULL, &m), GALLEY_EUSAGE);
    assert_non_null(strstr(galley_errmsg(f->g), "at least two labels"));
    assert_int_equal(galley_train(f->g, texts, labels, 0, NULL, &m), GALLEY_EUSAGE);
    assert_non_null(strstr(galley_errmsg(f->g), "no training texts"));
    galley_train_options o = GALLEY_TRAIN_OPTIONS_INIT;
    o.algorithm = "svm";
    assert_int_equal(galley_train(f->g, texts, labels, N, &o, &m), GALLEY_EUSAGE);
    assert_non_null(strstr(galley_errmsg(f->g), "unknown algorithm 'svm'"));
    const char *empty_label[] = {"sport", ""};
    assert_int_equal(galley_train(f->g, texts, empty_label, 2, NULL, &m), GALLEY_EUSAGE);
    assert_non_null(strstr(galley_errmsg(f->g), "text 2"));
    const char *blank[] = {"", "  ", "..."};
    const char *two[] = {"a", "b", "a"};
    assert_int_equal(galley_train(f->g, blank, two, 3, NULL, &m), GALLEY_EUSAGE);
    assert_non_null(strstr(galley_errmsg(f->g), "no words"));
    assert_null(m);
    /* Invalid UTF-8 is read with U+FFFD, not refused. */
    const char *latin1[] = {"caf\xe9 goal match team", "caf\xe9 vote parliament"};
    const char *lab2[] = {"sport", "politics"};
    o.algorithm = NULL;
    o.min_df = 1;
    assert_int_equal(galley_train(f->g, latin1, lab2, 2, &o, &m), GALLEY_OK);
    galley_model_free(m);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_both_algorithms_learn_the_labels, setup, teardown),
        cmocka_unit_test_setup_teardown(test_model_file_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_damaged_and_hostile_model_files_are_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_training_input_is_explained, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
