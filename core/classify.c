/* classify.c — a linear text classifier trained on the user's labels.
 *
 * Features: the words of the case-folded text (words.c, as galley.text.words splits
 * them), each word and each pair of adjacent words hashed into 2^bits buckets. A text is
 * the vector of (1 + ln tf) * idf over the buckets seen in at least min_df training
 * texts, scaled to unit length. Two learners over it: multinomial naive Bayes on those
 * weights, and softmax (multinomial logistic) regression fitted by SGD with L2. Both give
 * a score per label; the softmax of the scores is the probability.
 *
 * The model file (docs/categorization.md has the table) is little-endian binary: a
 * header with magic, version, algorithm and sizes, the scheme and labels, the used
 * buckets with their idf, the biases and weights, then an XXH3-64 checksum of all that
 * precedes it. Loading checks every size against the file length before reading. */
#include "classify.h"
#include "internal.h"
#include "util.h"
#include "words.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#define MAGIC "GALLEYCM"
#define HEADER_SIZE 36
#define BIGRAM_SEED 0x9e3779b97f4a7c15ULL
#define MAX_NAME 1024

struct galley_model {
    int algorithm;
    unsigned bits;
    uint32_t nlabels, nused, ndocs;
    char *scheme;
    char **labels;
    uint32_t *buckets; /* nused, increasing */
    float *idf;        /* nused */
    float *bias;       /* nlabels */
    float *w;          /* nlabels x nused, label-major */
    int32_t *row;      /* 2^bits: bucket -> index in buckets, or -1 */
    char checksum[17];
};

/* ---- features ------------------------------------------------------------------------ */

/* The hashed features of a text: bucket numbers with their counts, buckets increasing. */
typedef struct feats {
    uint32_t *b;
    float *v;
    size_t n, cap;
} feats;

typedef struct feat_state {
    const char *s;
    uint32_t mask;
    uint64_t prev;
    int have_prev;
    feats *f;
    int failed;
} feat_state;

static void feat_push(feat_state *st, uint32_t bucket) {
    feats *f = st->f;
    if (f->n == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 256;
        uint32_t *b = realloc(f->b, cap * sizeof *b);
        if (!b) {
            st->failed = 1;
            return;
        }
        f->b = b;
        f->cap = cap;
    }
    f->b[f->n++] = bucket;
}

static void feat_word(void *ud, size_t start, size_t len) {
    feat_state *st = ud;
    uint64_t h = XXH3_64bits(st->s + start, len);
    feat_push(st, (uint32_t)(h & st->mask));
    if (st->have_prev) feat_push(st, (uint32_t)(XXH3_64bits_withSeed(st->s + start, len, st->prev ^ BIGRAM_SEED) & st->mask));
    st->prev = h;
    st->have_prev = 1;
}

static int cmp_u32(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Fills f with the distinct buckets of text and their counts. -1 when out of memory. */
static int extract(const char *text, size_t len, unsigned bits, feats *f) {
    f->n = 0;
    size_t flen;
    char *folded = words_fold(text, len, &flen);
    if (!folded) return -1;
    feat_state st = {folded, (uint32_t)((1u << bits) - 1), 0, 0, f, 0};
    words_each((const unsigned char *)folded, flen, feat_word, &st);
    free(folded);
    if (st.failed) return -1;
    if (f->n) qsort(f->b, f->n, sizeof *f->b, cmp_u32);
    float *v = realloc(f->v, (f->cap ? f->cap : 1) * sizeof *v);
    if (!v) return -1;
    f->v = v;
    size_t k = 0;
    for (size_t i = 0; i < f->n;) {
        size_t j = i;
        while (j < f->n && f->b[j] == f->b[i]) j++;
        f->b[k] = f->b[i];
        f->v[k++] = (float)(j - i);
        i = j;
    }
    f->n = k;
    return 0;
}

static void feats_free(feats *f) {
    free(f->b);
    free(f->v);
}

/* A text as the model sees it: rows of used buckets and unit-length TF-IDF weights. */
typedef struct vec {
    uint32_t *r;
    float *x;
    size_t n;
} vec;

/* Turns counts into the weighted vector over the model's rows (in place in f). */
static void weigh(const galley_model *m, feats *f) {
    size_t k = 0;
    double norm = 0;
    for (size_t i = 0; i < f->n; i++) {
        int32_t r = m->row[f->b[i]];
        if (r < 0) continue;
        float x = (float)((1.0 + log(f->v[i])) * m->idf[r]);
        f->b[k] = (uint32_t)r;
        f->v[k++] = x;
        norm += (double)x * x;
    }
    f->n = k;
    if (norm > 0) {
        float inv = (float)(1.0 / sqrt(norm));
        for (size_t i = 0; i < k; i++) f->v[i] *= inv;
    }
}

/* ---- scoring --------------------------------------------------------------------------- */

static void softmax(double *s, size_t n) {
    double max = s[0], sum = 0;
    for (size_t c = 1; c < n; c++)
        if (s[c] > max) max = s[c];
    for (size_t c = 0; c < n; c++) sum += s[c] = exp(s[c] - max);
    for (size_t c = 0; c < n; c++) s[c] /= sum;
}

static void scores(const galley_model *m, const uint32_t *r, const float *x, size_t n, double *out) {
    for (uint32_t c = 0; c < m->nlabels; c++) {
        const float *w = m->w + (size_t)c * m->nused;
        double s = m->bias[c];
        for (size_t i = 0; i < n; i++) s += (double)w[r[i]] * x[i];
        out[c] = s;
    }
    softmax(out, m->nlabels);
}

int cls_classify(const galley_model *m, const char *text, size_t len, double *probs) {
    feats f = {0};
    if (extract(text, len, m->bits, &f) < 0) {
        feats_free(&f);
        return GALLEY_ENOMEM;
    }
    weigh(m, &f);
    scores(m, f.b, f.v, f.n, probs);
    feats_free(&f);
    return GALLEY_OK;
}

/* ---- training ---------------------------------------------------------------------------- */

static void fmt_err(char *err, size_t errsize, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void fmt_err(char *err, size_t errsize, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errsize, fmt, ap);
    va_end(ap);
}

static galley_model *model_new(void) {
    galley_model *m = calloc(1, sizeof *m);
    return m;
}

void cls_free(galley_model *m) {
    if (!m) return;
    for (uint32_t i = 0; m->labels && i < m->nlabels; i++) free(m->labels[i]);
    free(m->labels);
    free(m->scheme);
    free(m->buckets);
    free(m->idf);
    free(m->bias);
    free(m->w);
    free(m->row);
    free(m);
}

static int build_rows(galley_model *m) {
    size_t nb = (size_t)1 << m->bits;
    m->row = malloc(nb * sizeof *m->row);
    if (!m->row) return -1;
    for (size_t i = 0; i < nb; i++) m->row[i] = -1;
    for (uint32_t i = 0; i < m->nused; i++) m->row[m->buckets[i]] = (int32_t)i;
    return 0;
}

/* A small deterministic generator for the SGD order (no global state, same model from
 * the same data). */
static uint64_t next_rand(uint64_t *s) {
    uint64_t x = *s;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *s = x;
}

static void train_nb(galley_model *m, const vec *docs, const uint32_t *y, size_t n, double alpha) {
    size_t K = m->nlabels, V = m->nused;
    double *sum = calloc(K * V, sizeof *sum), *tot = calloc(K, sizeof *tot), *prior = calloc(K, sizeof *prior);
    if (sum && tot && prior) {
        for (size_t d = 0; d < n; d++) {
            prior[y[d]] += 1;
            for (size_t i = 0; i < docs[d].n; i++) {
                sum[y[d] * V + docs[d].r[i]] += docs[d].x[i];
                tot[y[d]] += docs[d].x[i];
            }
        }
        for (size_t c = 0; c < K; c++) {
            m->bias[c] = (float)log(prior[c] / (double)n);
            double denom = log(tot[c] + alpha * (double)V);
            for (size_t j = 0; j < V; j++) m->w[c * V + j] = (float)(log(sum[c * V + j] + alpha) - denom);
        }
    }
    free(sum);
    free(tot);
    free(prior);
}

/* Softmax regression by SGD: the learning rate falls linearly to zero; the L2 decay is
 * kept as one scale factor of all weights, so a step costs only the text's features. */
static int train_logreg(galley_model *m, const vec *docs, const uint32_t *y, size_t n, int epochs, double l2) {
    size_t K = m->nlabels, V = m->nused;
    double *w = calloc(K * V, sizeof *w), *b = calloc(K, sizeof *b), *p = malloc(K * sizeof *p);
    size_t *order = malloc(n * sizeof *order);
    if (!w || !b || !p || !order) {
        free(w), free(b), free(p), free(order);
        return -1;
    }
    for (size_t i = 0; i < n; i++) order[i] = i;
    uint64_t seed = 0x2545F4914F6CDD1DULL;
    double scale = 1.0, lr0 = 4.0;
    size_t steps = (size_t)epochs * n, t = 0;
    for (int e = 0; e < epochs; e++) {
        for (size_t i = n; i > 1; i--) {
            size_t j = (size_t)(next_rand(&seed) % i);
            size_t tmp = order[i - 1];
            order[i - 1] = order[j];
            order[j] = tmp;
        }
        for (size_t k = 0; k < n; k++, t++) {
            const vec *d = &docs[order[k]];
            double lr = lr0 * (1.0 - (double)t / (double)steps) + 1e-4;
            /* The weights are scale * w; the bias is not decayed. */
            for (size_t c = 0; c < K; c++) {
                double dot = 0;
                const double *wc = w + c * V;
                for (size_t i = 0; i < d->n; i++) dot += wc[d->r[i]] * d->x[i];
                p[c] = b[c] + scale * dot;
            }
            softmax(p, K);
            scale *= 1.0 - lr * l2;
            for (size_t c = 0; c < K; c++) {
                double g = p[c] - (y[order[k]] == c);
                b[c] -= lr * g;
                double *wc = w + c * V;
                double step = lr * g / scale;
                for (size_t i = 0; i < d->n; i++) wc[d->r[i]] -= step * d->x[i];
            }
            if (scale < 1e-6) {
                for (size_t i = 0; i < K * V; i++) w[i] *= scale;
                scale = 1.0;
            }
        }
    }
    for (size_t i = 0; i < K * V; i++) m->w[i] = (float)(w[i] * scale);
    for (size_t c = 0; c < K; c++) m->bias[c] = (float)b[c];
    free(w), free(b), free(p), free(order);
    return 0;
}

static void set_checksum(galley_model *m);

int cls_train(const char *const *texts, const char *const *labels, size_t n, const galley_train_options *o,
              galley_model **out, char *err, size_t errsize) {
    galley_train_options defaults = GALLEY_TRAIN_OPTIONS_INIT;
    if (!o) o = &defaults;
    *out = NULL;
    if (o->version < 1 || o->version > GALLEY_TRAIN_OPTIONS_VERSION) {
        fmt_err(err, errsize, "galley_train_options.version %d is not supported", o->version);
        return GALLEY_EUSAGE;
    }
    const char *algo = o->algorithm ? o->algorithm : "logreg";
    int algorithm = strcmp(algo, "logreg") == 0 ? CLS_LOGREG : strcmp(algo, "nb") == 0 ? CLS_NB : 0;
    unsigned bits = o->bits ? (unsigned)o->bits : 20;
    const char *scheme = o->scheme ? o->scheme : "topic";
    if (!algorithm) {
        fmt_err(err, errsize, "unknown algorithm '%s' (known: logreg, nb)", algo);
        return GALLEY_EUSAGE;
    }
    if (o->bits && (o->bits < CLS_MIN_BITS || o->bits > CLS_MAX_BITS)) {
        fmt_err(err, errsize, "bits must be within %d..%d (got %d)", CLS_MIN_BITS, CLS_MAX_BITS, o->bits);
        return GALLEY_EUSAGE;
    }
    if (!*scheme || strlen(scheme) > MAX_NAME || !utf8_valid(scheme, strlen(scheme))) {
        fmt_err(err, errsize, "the scheme name must be 1 to %d bytes of UTF-8", MAX_NAME);
        return GALLEY_EUSAGE;
    }
    if (n == 0) {
        fmt_err(err, errsize, "no training texts");
        return GALLEY_EUSAGE;
    }
    if (n > UINT32_MAX) {
        fmt_err(err, errsize, "too many training texts");
        return GALLEY_EUSAGE;
    }
    galley_model *m = model_new();
    uint32_t *y = calloc(n, sizeof *y);
    vec *docs = calloc(n, sizeof *docs);
    uint32_t *df = calloc((size_t)1 << bits, sizeof *df);
    feats f = {0};
    int rc = GALLEY_ENOMEM;
    if (!m || !y || !docs || !df || !(m->scheme = g_strdup(scheme))) goto fail;
    m->algorithm = algorithm;
    m->bits = bits;
    m->ndocs = (uint32_t)n;
    /* Labels in order of first appearance. */
    for (size_t i = 0; i < n; i++) {
        const char *l = labels[i];
        if (!l || !*l || strlen(l) > MAX_NAME || !utf8_valid(l, strlen(l))) {
            fmt_err(err, errsize, "text %zu: the label must be 1 to %d bytes of UTF-8", i + 1, MAX_NAME);
            rc = GALLEY_EUSAGE;
            goto fail;
        }
        uint32_t c = 0;
        while (c < m->nlabels && strcmp(m->labels[c], l) != 0) c++;
        if (c == m->nlabels) {
            if (m->nlabels == CLS_MAX_LABELS) {
                fmt_err(err, errsize, "more than %d labels", CLS_MAX_LABELS);
                rc = GALLEY_EUSAGE;
                goto fail;
            }
            char **nl = realloc(m->labels, (m->nlabels + 1) * sizeof *nl);
            if (!nl) goto fail;
            m->labels = nl;
            if (!(nl[m->nlabels] = g_strdup(l))) goto fail;
            m->nlabels++;
        }
        y[i] = c;
    }
    if (m->nlabels < 2) {
        fmt_err(err, errsize, "every text has the label '%s': a classifier needs at least two labels",
                m->labels[0]);
        rc = GALLEY_EUSAGE;
        goto fail;
    }
    /* Counts per text, and in how many texts each bucket occurs. */
    for (size_t i = 0; i < n; i++) {
        if (extract(texts[i] ? texts[i] : "", texts[i] ? strlen(texts[i]) : 0, bits, &f) < 0) goto fail;
        docs[i].r = malloc((f.n ? f.n : 1) * sizeof *docs[i].r);
        docs[i].x = malloc((f.n ? f.n : 1) * sizeof *docs[i].x);
        if (!docs[i].r || !docs[i].x) goto fail;
        if (f.n) { /* a text without words has no buffers yet */
            memcpy(docs[i].r, f.b, f.n * sizeof *f.b);
            memcpy(docs[i].x, f.v, f.n * sizeof *f.v);
        }
        docs[i].n = f.n;
        for (size_t k = 0; k < f.n; k++) df[f.b[k]]++;
    }
    uint32_t min_df = o->min_df > 0 ? (uint32_t)o->min_df : 2;
    if (min_df > n) min_df = 1;
    size_t nb = (size_t)1 << bits;
    for (size_t b = 0; b < nb; b++) m->nused += df[b] >= min_df;
    if (!m->nused) {
        fmt_err(err, errsize, "the training texts have no words");
        rc = GALLEY_EUSAGE;
        goto fail;
    }
    m->buckets = malloc(m->nused * sizeof *m->buckets);
    m->idf = malloc(m->nused * sizeof *m->idf);
    m->bias = calloc(m->nlabels, sizeof *m->bias);
    m->w = calloc((size_t)m->nlabels * m->nused, sizeof *m->w);
    if (!m->buckets || !m->idf || !m->bias || !m->w) goto fail;
    for (size_t b = 0, k = 0; b < nb; b++) {
        if (df[b] < min_df) continue;
        m->buckets[k] = (uint32_t)b;
        m->idf[k++] = (float)(log((1.0 + (double)n) / (1.0 + df[b])) + 1.0);
    }
    if (build_rows(m) < 0) goto fail;
    for (size_t i = 0; i < n; i++) {
        feats d = {docs[i].r, docs[i].x, docs[i].n, docs[i].n};
        weigh(m, &d);
        docs[i].n = d.n;
    }
    if (algorithm == CLS_NB) {
        train_nb(m, docs, y, n, o->l2 > 0 ? o->l2 : 0.02);
    } else if (train_logreg(m, docs, y, n, o->epochs > 0 ? o->epochs : 30, o->l2 > 0 ? o->l2 : 1e-6) < 0) {
        goto fail;
    }
    set_checksum(m);
    *out = m;
    m = NULL;
    rc = GALLEY_OK;
fail:
    if (rc == GALLEY_ENOMEM) fmt_err(err, errsize, "out of memory");
    for (size_t i = 0; docs && i < n; i++) free(docs[i].r), free(docs[i].x);
    free(docs);
    free(y);
    free(df);
    feats_free(&f);
    cls_free(m);
    return rc;
}

/* ---- the model file ------------------------------------------------------------------------ */

static void put_u16(gbuf *b, uint16_t v) {
    unsigned char c[2] = {(unsigned char)v, (unsigned char)(v >> 8)};
    gbuf_append(b, (const char *)c, 2);
}

static void put_u32(gbuf *b, uint32_t v) {
    unsigned char c[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16), (unsigned char)(v >> 24)};
    gbuf_append(b, (const char *)c, 4);
}

static void put_u64(gbuf *b, uint64_t v) {
    put_u32(b, (uint32_t)v);
    put_u32(b, (uint32_t)(v >> 32));
}

static void put_f32(gbuf *b, float f) {
    uint32_t v;
    memcpy(&v, &f, 4);
    put_u32(b, v);
}

static void put_str(gbuf *b, const char *s) {
    size_t n = strlen(s);
    put_u16(b, (uint16_t)n);
    gbuf_append(b, s, n);
}

/* The file's bytes without the checksum; NULL when out of memory. */
static char *serialize(const galley_model *m, size_t *len) {
    gbuf b = GBUF_INIT;
    gbuf_append(&b, MAGIC, 8);
    put_u32(&b, CLS_FORMAT_VERSION);
    put_u32(&b, (uint32_t)m->algorithm);
    put_u32(&b, m->bits);
    put_u32(&b, m->nlabels);
    put_u32(&b, m->nused);
    put_u32(&b, m->ndocs);
    put_u32(&b, 1); /* flags: bit 0, bigrams are features */
    put_str(&b, m->scheme);
    for (uint32_t i = 0; i < m->nlabels; i++) put_str(&b, m->labels[i]);
    for (uint32_t i = 0; i < m->nused; i++) put_u32(&b, m->buckets[i]);
    for (uint32_t i = 0; i < m->nused; i++) put_f32(&b, m->idf[i]);
    for (uint32_t i = 0; i < m->nlabels; i++) put_f32(&b, m->bias[i]);
    for (size_t i = 0; i < (size_t)m->nlabels * m->nused; i++) put_f32(&b, m->w[i]);
    *len = b.len;
    return gbuf_take(&b);
}

static void set_checksum(galley_model *m) {
    size_t len;
    char *data = serialize(m, &len);
    snprintf(m->checksum, sizeof m->checksum, "%016llx", data ? (unsigned long long)XXH3_64bits(data, len) : 0ULL);
    free(data);
}

int cls_save(const galley_model *m, const char *path, char *err, size_t errsize) {
    size_t len;
    char *data = serialize(m, &len);
    if (!data) {
        fmt_err(err, errsize, "out of memory");
        return GALLEY_ENOMEM;
    }
    gbuf b = GBUF_INIT;
    gbuf_append(&b, data, len);
    put_u64(&b, XXH3_64bits(data, len));
    free(data);
    if (b.failed) {
        gbuf_free(&b);
        fmt_err(err, errsize, "out of memory");
        return GALLEY_ENOMEM;
    }
    /* Written beside and renamed, so a reader never sees half a model. */
    gbuf tmp = GBUF_INIT;
    gbuf_printf(&tmp, "%s.tmp", path);
    FILE *f = tmp.failed ? NULL : fopen(tmp.data, "wb");
    int ok = f && fwrite(b.data, 1, b.len, f) == b.len;
    if (f && fclose(f) != 0) ok = 0;
    if (ok && rename(tmp.data, path) != 0) ok = 0;
    if (!ok) {
        fmt_err(err, errsize, "%s: cannot write: %s", path, strerror(errno));
        if (tmp.data) remove(tmp.data);
    }
    gbuf_free(&tmp);
    gbuf_free(&b);
    return ok ? GALLEY_OK : GALLEY_EIO;
}

/* A bounds-checked reader over the file's bytes. */
typedef struct reader {
    const unsigned char *p;
    size_t len, pos;
} reader;

static int get_u32(reader *r, uint32_t *v) {
    if (r->len - r->pos < 4) return -1;
    const unsigned char *p = r->p + r->pos;
    *v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
    r->pos += 4;
    return 0;
}

static int get_f32(reader *r, float *f) {
    uint32_t v;
    if (get_u32(r, &v) < 0) return -1;
    memcpy(f, &v, 4);
    return isfinite(*f) ? 0 : -1;
}

static char *get_str(reader *r) {
    if (r->len - r->pos < 2) return NULL;
    size_t n = (size_t)r->p[r->pos] | (size_t)r->p[r->pos + 1] << 8;
    r->pos += 2;
    if (n == 0 || n > MAX_NAME || r->len - r->pos < n) return NULL;
    const char *s = (const char *)r->p + r->pos;
    if (!utf8_valid(s, n) || memchr(s, '\0', n)) return NULL;
    r->pos += n;
    return g_strndup(s, n);
}

#define BAD(...)                                    \
    do {                                            \
        fmt_err(err, errsize, __VA_ARGS__);         \
        rc = GALLEY_EFORMAT;                        \
        goto out;                                   \
    } while (0)

int cls_load(const char *path, galley_model **out, char *err, size_t errsize) {
    *out = NULL;
    char *data;
    size_t len;
    if (read_file(path, &data, &len) < 0) {
        fmt_err(err, errsize, "%s: cannot read: %s", path, strerror(errno));
        return GALLEY_EIO;
    }
    int rc = GALLEY_ENOMEM;
    galley_model *m = model_new();
    if (!m) goto out;
    reader r = {(const unsigned char *)data, len, 8};
    if (len < 8 || memcmp(data, MAGIC, 8) != 0) BAD("%s: not a galley model (no GALLEYCM magic)", path);
    uint32_t version, algorithm, bits, nlabels, nused, ndocs, flags;
    if (get_u32(&r, &version) < 0) BAD("%s: truncated model header", path);
    if (version != CLS_FORMAT_VERSION)
        BAD("%s: model format version %u, this galley reads version %d", path, version, CLS_FORMAT_VERSION);
    if (len < HEADER_SIZE + 8) BAD("%s: truncated model (%zu bytes)", path, len);
    const unsigned char *tail = (const unsigned char *)data + len - 8;
    uint64_t sum = 0;
    for (int i = 7; i >= 0; i--) sum = sum << 8 | tail[i];
    if (XXH3_64bits(data, len - 8) != sum) BAD("%s: checksum mismatch: the model file is damaged or truncated", path);
    r.len = len - 8;
    get_u32(&r, &algorithm), get_u32(&r, &bits), get_u32(&r, &nlabels), get_u32(&r, &nused);
    get_u32(&r, &ndocs), get_u32(&r, &flags);
    if (algorithm != CLS_NB && algorithm != CLS_LOGREG) BAD("%s: unknown algorithm %u", path, algorithm);
    if (bits < CLS_MIN_BITS || bits > CLS_MAX_BITS) BAD("%s: hash bits %u out of %d..%d", path, bits, CLS_MIN_BITS, CLS_MAX_BITS);
    if (nlabels < 2 || nlabels > CLS_MAX_LABELS) BAD("%s: %u labels (2..%d allowed)", path, nlabels, CLS_MAX_LABELS);
    if (nused == 0 || nused > (1u << bits)) BAD("%s: %u features for %u buckets", path, nused, 1u << bits);
    if (flags != 1) BAD("%s: unknown feature flags %u", path, flags);
    m->algorithm = (int)algorithm;
    m->bits = bits;
    m->ndocs = ndocs;
    if (!(m->scheme = get_str(&r))) BAD("%s: bad scheme name", path);
    if (!(m->labels = calloc(nlabels, sizeof *m->labels))) goto out;
    m->nlabels = nlabels;
    for (uint32_t i = 0; i < nlabels; i++) {
        if (!(m->labels[i] = get_str(&r))) BAD("%s: bad label %u", path, i + 1);
        for (uint32_t j = 0; j < i; j++)
            if (strcmp(m->labels[j], m->labels[i]) == 0) BAD("%s: label '%s' twice", path, m->labels[i]);
    }
    /* Every array is exactly what is left: sizes first, so nothing is read past the end. */
    uint64_t need = (uint64_t)nused * 8 + (uint64_t)nlabels * 4 + (uint64_t)nlabels * nused * 4;
    if (need != r.len - r.pos)
        BAD("%s: %zu bytes of weights where %llu are needed", path, r.len - r.pos, (unsigned long long)need);
    m->nused = nused;
    m->buckets = malloc(nused * sizeof *m->buckets);
    m->idf = malloc(nused * sizeof *m->idf);
    m->bias = malloc(nlabels * sizeof *m->bias);
    m->w = malloc((size_t)nlabels * nused * sizeof *m->w);
    if (!m->buckets || !m->idf || !m->bias || !m->w) goto out;
    for (uint32_t i = 0; i < nused; i++) {
        get_u32(&r, &m->buckets[i]);
        if (m->buckets[i] >= (1u << bits) || (i && m->buckets[i] <= m->buckets[i - 1]))
            BAD("%s: feature buckets out of order at %u", path, i);
    }
    for (uint32_t i = 0; i < nused; i++)
        if (get_f32(&r, &m->idf[i]) < 0 || m->idf[i] <= 0) BAD("%s: bad idf weight at %u", path, i);
    for (uint32_t i = 0; i < nlabels; i++)
        if (get_f32(&r, &m->bias[i]) < 0) BAD("%s: bad bias at %u", path, i);
    for (size_t i = 0; i < (size_t)nlabels * nused; i++)
        if (get_f32(&r, &m->w[i]) < 0) BAD("%s: bad weight at %zu", path, i);
    if (build_rows(m) < 0) goto out;
    snprintf(m->checksum, sizeof m->checksum, "%016llx", (unsigned long long)sum);
    *out = m;
    m = NULL;
    rc = GALLEY_OK;
out:
    if (rc == GALLEY_ENOMEM) fmt_err(err, errsize, "%s: out of memory", path);
    cls_free(m);
    free(data);
    return rc;
}

/* ---- the public API ------------------------------------------------------------------------ */

int galley_train(galley *g, const char *const *texts, const char *const *labels, size_t n,
                 const galley_train_options *opts, galley_model **out) {
    char err[1024];
    int rc = cls_train(texts, labels, n, opts, out, err, sizeof err);
    return rc == GALLEY_OK ? rc : galley_fail(g, rc, "%s", err);
}

int galley_model_save(galley *g, const galley_model *m, const char *path) {
    char err[1024];
    int rc = cls_save(m, path, err, sizeof err);
    return rc == GALLEY_OK ? rc : galley_fail(g, rc, "%s", err);
}

int galley_model_load(galley *g, const char *path, galley_model **out) {
    char err[1024];
    int rc = cls_load(path, out, err, sizeof err);
    return rc == GALLEY_OK ? rc : galley_fail(g, rc, "%s", err);
}

void galley_model_free(galley_model *m) { cls_free(m); }

const char *galley_model_scheme(const galley_model *m) { return m->scheme; }
const char *galley_model_algorithm(const galley_model *m) { return m->algorithm == CLS_NB ? "nb" : "logreg"; }
const char *galley_model_checksum(const galley_model *m) { return m->checksum; }
size_t galley_model_label_count(const galley_model *m) { return m->nlabels; }
const char *galley_model_label(const galley_model *m, size_t i) { return i < m->nlabels ? m->labels[i] : NULL; }

int galley_classify(const galley_model *m, const char *text, size_t len, double *probs) {
    return cls_classify(m, text, len, probs);
}
