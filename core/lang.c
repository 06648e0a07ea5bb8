/* lang.c — language detection with libexttextcat. textcat ranks its ~160 language
 * fingerprints by n-gram distance and returns those within 3% of the best; one candidate
 * means a clear answer, several a close call, too many "unknown". Confidence comes from
 * that count and from the length of the text (measured on the BBC corpus and the
 * fixtures: see docs/categorization.md). */
#include "lang.h"
#include "article.h"
#include "galley.h"
#include "util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <textcat.h>

#ifndef GALLEY_TEXTCAT_DIR
#define GALLEY_TEXTCAT_DIR "/usr/share/libexttextcat"
#endif

/* textcat reads this much at most: a few hundred bytes are enough for a language, and
 * the cost grows with the length. */
#define LANG_MAX_BYTES 1024

struct lang_detector {
    void *h;               /* textcat handle, NULL until first use */
    candidate_t *cands;    /* its output array */
    int failed;            /* loading failed once: not tried again */
};

lang_detector *lang_detector_new(void) { return calloc(1, sizeof(lang_detector)); }

void lang_detector_free(lang_detector *d) {
    if (!d) return;
    if (d->h) {
        textcat_ReleaseClassifyFullOutput(d->h, d->cands);
        textcat_Done(d->h);
    }
    free(d);
}

const char *lang_data_dir(void) {
    const char *dir = getenv("GALLEY_TEXTCAT_DIR");
    return dir && *dir ? dir : GALLEY_TEXTCAT_DIR;
}

static int load(lang_detector *d, char *err, size_t errsize) {
    if (d->h) return GALLEY_OK;
    const char *dir = lang_data_dir();
    char conf[1024], prefix[1024];
    snprintf(conf, sizeof conf, "%s/fpdb.conf", dir);
    snprintf(prefix, sizeof prefix, "%s/", dir);
    if (d->failed || !(d->h = special_textcat_Init(conf, prefix))) {
        d->failed = 1;
        snprintf(err, errsize, "language detection: cannot load libexttextcat's fingerprints from %s", conf);
        return GALLEY_EIO;
    }
    textcat_SetProperty(d->h, TCPROP_UTF8AWARE, TC_TRUE);
    textcat_SetProperty(d->h, TCPROP_MINIMUM_DOCUMENT_SIZE, LANG_MIN_LETTERS);
    if (!(d->cands = textcat_GetClassifyFullOutput(d->h))) {
        textcat_Done(d->h);
        d->h = NULL;
        snprintf(err, errsize, "out of memory");
        return GALLEY_ENOMEM;
    }
    return GALLEY_OK;
}

/* The language part of a textcat name ("en--utf8", "zh-CN-utf8") into code. */
static void code_of(const char *name, char code[16]) {
    size_t n = strcspn(name, "-");
    if (n == 0 || n >= 16) {
        strcpy(code, "und");
        return;
    }
    for (size_t i = 0; i < n; i++) code[i] = (char)tolower((unsigned char)name[i]);
    code[n] = '\0';
}

int lang_detect(lang_detector *d, const char *text, size_t len, char code[16], double *confidence, char *err,
                size_t errsize) {
    strcpy(code, "und");
    *confidence = 0;
    int rc = load(d, err, errsize);
    if (rc != GALLEY_OK) return rc;
    /* Letters are what carry a language; digits, punctuation and spaces do not count
     * towards the length. */
    size_t n = len < LANG_MAX_BYTES ? len : LANG_MAX_BYTES;
    while (n > 0 && n < len && ((unsigned char)text[n] & 0xC0) == 0x80) n--; /* whole characters */
    size_t letters = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)text[i];
        if (isalpha(c) || (c >= 0x80 && (c & 0xC0) != 0x80)) letters++;
    }
    if (letters < LANG_MIN_LETTERS) return GALLEY_OK;
    int found = textcat_ClassifyFull(d->h, text, n, d->cands);
    if (found <= 0) return GALLEY_OK; /* too short, or no language stands out */
    /* Among close candidates, one with an ISO 639-1 code (a widely used language) beats
     * one with only a 639-3 code: English text often comes close to Scots ("sco"). */
    int best = 0;
    for (int i = 0; i < found; i++) {
        char c[16];
        code_of(d->cands[i].name, c);
        if (strlen(c) == 2) {
            best = i;
            break;
        }
    }
    code_of(d->cands[best].name, code);
    if (strcmp(code, "und") == 0) return GALLEY_OK;
    /* One candidate is a clear answer; k close ones share the confidence. Short texts are
     * discounted: below ~400 letters textcat confuses near languages more often (English
     * headlines come out as Danish, Latin or Catalan). */
    double length = letters >= 400 ? 1.0 : 0.5 + 0.5 * (double)(letters - LANG_MIN_LETTERS) / 300.0;
    *confidence = length * 0.98 / (double)found;
    if (*confidence < 0.3) { /* a close call on a short text: no answer rather than a guess */
        strcpy(code, "und");
        *confidence = 0;
    }
    return GALLEY_OK;
}

int lang_fill_article(lang_detector *d, galley_article *a, char *err, size_t errsize) {
    if (a->field[AF_LANG] && a->field[AF_LANG][0]) return GALLEY_OK;
    gbuf text = GBUF_INIT;
    if (a->field[AF_TITLE]) gbuf_puts(&text, a->field[AF_TITLE]);
    for (size_t i = 0; i < a->nblocks && text.len < LANG_MAX_BYTES; i++) {
        gbuf_putc(&text, '\n');
        gbuf_puts(&text, a->blocks[i].text);
    }
    if (text.failed) {
        gbuf_free(&text);
        snprintf(err, errsize, "out of memory");
        return GALLEY_ENOMEM;
    }
    char code[16], confidence_text[32];
    double confidence;
    int rc = lang_detect(d, text.data ? text.data : "", text.len, code, &confidence, err, errsize);
    gbuf_free(&text);
    if (rc != GALLEY_OK) return rc;
    snprintf(confidence_text, sizeof confidence_text, "%.2f", confidence);
    if (article_set(a, AF_LANG, code) < 0 || article_set_meta(a, ARTICLE_LANG_CONFIDENCE, confidence_text) < 0) {
        snprintf(err, errsize, "out of memory");
        return GALLEY_ENOMEM;
    }
    return GALLEY_OK;
}
