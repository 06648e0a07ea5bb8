/* load/warc.c — web archives: WARC (1.0, 1.1) and ARC (v1, v2), plain or gzip. Crawlers
 * write .warc.gz as one gzip member per record; we inflate member after member as one
 * stream, so whole-file gzip and records split across members read too, and a corrupt
 * member costs only the record it held: the reader goes on at the next gzip magic.
 * Responses (and resources) holding HTML go through html_article with the record's
 * target URI and date; feeds through the feed loader; every other record is skipped and
 * counted, the counts told through sink->note. Memory stays bounded whatever the file:
 * one record at a time, each at most WARC_MAX_RECORD bytes. */
#include "../load.h"
#include "../util.h"
#include "html.h"

#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#define WARC_MAX_RECORD ((size_t)64 << 20) /* a record's block, and a decoded body */
#define WARC_MAX_HEADER ((size_t)64 << 10) /* record and HTTP headers */
#define WARC_MAX_TOTAL ((unsigned long long)4 << 30) /* all inflated bytes of one file */
#define WARC_CHUNK ((size_t)256 << 10)

/* ---- the byte stream: the file itself, or its gzip members inflated one after the other */

typedef struct stream {
    const unsigned char *file;
    size_t flen;
    int gz;
    const unsigned char *p; /* unread bytes are p[start..end): the file, or buf */
    size_t start, end;
    unsigned long long off; /* offset of p[start] in the uncompressed stream */
    unsigned char *buf;
    size_t cap;
    z_stream z;
    int zready, in_member;
    size_t in;                        /* next compressed byte */
    size_t member_at;                 /* the current member's offset in the file */
    unsigned long long member_out_at; /* and where its bytes begin in the stream */
    unsigned long long total;
    char err[200]; /* why more() failed */
} stream;

static const unsigned char gz_magic[3] = {0x1f, 0x8b, 0x08};

static size_t next_magic(const stream *s, size_t from) {
    for (size_t i = from; i + 3 <= s->flen; i++)
        if (memcmp(s->file + i, gz_magic, 3) == 0) return i;
    return s->flen;
}

static size_t avail(const stream *s) { return s->end - s->start; }

static void consume(stream *s, size_t n) {
    s->start += n;
    s->off += n;
}

/* Adds inflated bytes to the stream: 1 when some were added, 0 at the end of the file,
 * -1 when a member is corrupt or cut short or is not gzip at all (s->err says which;
 * the next call starts at the next member), -2 when out of memory. */
static int more(stream *s) {
    if (!s->gz) return 0;
    for (;;) {
        if (!s->in_member) {
            while (s->in < s->flen && (s->file[s->in] == 0 || isspace(s->file[s->in]))) s->in++;
            if (s->in >= s->flen) return 0;
            if (s->flen - s->in < 3 || memcmp(s->file + s->in, gz_magic, 3) != 0) {
                size_t next = next_magic(s, s->in + 1);
                snprintf(s->err, sizeof s->err, "%zu bytes of data that is not gzip at offset %zu", next - s->in,
                         s->in);
                s->in = next;
                return -1;
            }
            if (inflateReset(&s->z) != Z_OK) return -2;
            s->member_at = s->in;
            s->member_out_at = s->off + avail(s);
            s->in_member = 1;
        }
        if (s->start == s->end) s->start = s->end = 0;
        if (s->cap - s->end < WARC_CHUNK) {
            if (s->start) {
                memmove(s->buf, s->buf + s->start, s->end - s->start);
                s->end -= s->start;
                s->start = 0;
            }
            if (s->cap - s->end < WARC_CHUNK) {
                size_t cap = s->end + WARC_CHUNK;
                cap += cap / 2;
                unsigned char *b = realloc(s->buf, cap);
                if (!b) return -2;
                s->buf = b;
                s->cap = cap;
            }
        }
        s->p = s->buf;
        size_t in_avail = s->flen - s->in;
        s->z.next_in = (unsigned char *)(s->file + s->in);
        s->z.avail_in = in_avail > UINT_MAX ? UINT_MAX : (unsigned)in_avail;
        s->z.next_out = s->buf + s->end;
        s->z.avail_out = (unsigned)WARC_CHUNK;
        int rc = inflate(&s->z, Z_NO_FLUSH);
        size_t used = in_avail - s->z.avail_in, made = WARC_CHUNK - s->z.avail_out;
        if (in_avail > UINT_MAX) used = (size_t)UINT_MAX - s->z.avail_in;
        s->in += used;
        s->end += made;
        s->total += made;
        if (s->total > WARC_MAX_TOTAL) {
            snprintf(s->err, sizeof s->err, "more than %llu GiB once uncompressed: the rest is not read",
                     WARC_MAX_TOTAL >> 30);
            s->in = s->flen;
            s->in_member = 0;
            return -1;
        }
        if (rc == Z_STREAM_END) {
            s->in_member = 0;
        } else if (rc == Z_MEM_ERROR) {
            return -2;
        } else if (rc != Z_OK || (!made && !used)) { /* no progress is an error too: never a loop */
            if (s->in >= s->flen)
                snprintf(s->err, sizeof s->err, "the gzip member at offset %zu is cut short (the file ends in it)",
                         s->member_at);
            else
                snprintf(s->err, sizeof s->err, "the gzip member at offset %zu is corrupt (%s)", s->member_at,
                         s->z.msg ? s->z.msg : "bad data");
            s->in = s->in >= s->flen ? s->flen : next_magic(s, s->member_at + 1);
            s->in_member = 0;
            return -1;
        }
        if (made) return 1;
    }
}

/* Makes at least n bytes available: 1, 0 when the stream ends first, or more()'s -1/-2. */
static int need(stream *s, size_t n) {
    while (avail(s) < n) {
        int rc = more(s);
        if (rc <= 0) return rc;
    }
    return 1;
}

static void stream_drop(stream *s) { consume(s, avail(s)); }

/* ---- the reader's state, and how a record is named in messages ---------------------- */

enum { SK_WARCINFO, SK_REQUEST, SK_METADATA, SK_REVISIT, SK_ARC_HEADER, SK_OTHER_TYPE, SK_NOT_HTML, SK_STATUS, SK_COUNT };
static const char *const skip_names[SK_COUNT] = {
    "warcinfo", "request", "metadata", "revisit", "ARC file header", "other record types", "not HTML or a feed", "HTTP status not 2xx"};

typedef struct reader {
    const char *source, *format;
    load_sink *sink;
    stream s;
    size_t records, articles, failed, skipped[SK_COUNT];
    char where[96]; /* "record N (offset X)" of the record being read */
} reader;

/* Names the record that starts at the stream's position: its number and offset in the
 * file (the gzip member's, as CDX indexes give it), or in the uncompressed stream when
 * it does not begin a member. */
static void name_record(reader *r) {
    r->records++;
    stream *s = &r->s;
    if (!s->gz)
        snprintf(r->where, sizeof r->where, "record %zu (offset %llu)", r->records, s->off);
    else if (s->off == s->member_out_at)
        snprintf(r->where, sizeof r->where, "record %zu (offset %zu)", r->records, s->member_at);
    else
        snprintf(r->where, sizeof r->where, "record %zu (offset %llu of the uncompressed data)", r->records,
                 s->off);
}

/* One bad record: reported, and reading goes on (GALLEY_OK); without a record_error
 * callback it fails the file. */
static int record_fail(reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int record_fail(reader *r, const char *fmt, ...) {
    char why[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    r->failed++;
    if (!r->sink->record_error) return load_fail(r->sink, "%s: %s", r->where, why);
    gbuf msg = GBUF_INIT;
    gbuf_printf(&msg, "%s: %s: %s", r->source, r->where, why);
    if (msg.failed) return GALLEY_ENOMEM;
    r->sink->record_error(r->sink->ud, msg.data);
    gbuf_free(&msg);
    return GALLEY_OK;
}

/* A record error for a stream failure (-1), or out of memory (-2). */
static int stream_fail(reader *r, int rc) {
    if (rc == -2) {
        load_fail(r->sink, "out of memory");
        return GALLEY_ENOMEM;
    }
    stream_drop(&r->s);
    return record_fail(r, "%s", r->s.err);
}

/* The first case-insensitive occurrence of needle in hay, or NULL (strcasestr is GNU). */
static const char *ci_find(const char *hay, const char *needle) {
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (strncasecmp(hay, needle, n) == 0) return hay;
    return NULL;
}

/* Up to 40 bytes of p[0..n), up to the end of the line, as printable text (other bytes
 * as \\xNN) for messages. */
static void shown(const unsigned char *p, size_t n, char *out, size_t outsize) {
    size_t o = 0;
    for (size_t i = 0; i < n && i < 40 && p[i] != '\r' && p[i] != '\n' && o + 5 < outsize; i++) {
        if (p[i] >= 0x20 && p[i] < 0x7f) out[o++] = (char)p[i];
        else o += (size_t)snprintf(out + o, outsize - o, "\\x%02x", p[i]);
    }
    out[o] = '\0';
}

/* ---- headers ---------------------------------------------------------------------------- */

typedef struct header {
    const char *name, *value;
    size_t nlen, vlen;
} header;

#define MAX_HEADERS 128

/* Splits h[0..n) (lines after the first, which is the caller's) into name: value pairs;
 * continuation lines and lines without a colon are left out. Returns the count. */
static size_t parse_headers(const char *h, size_t n, header *out, size_t max) {
    size_t count = 0;
    const char *p = h, *end = h + n;
    while (p < end && count < max) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        const char *colon = memchr(p, ':', (size_t)(le - p));
        if (colon && p < le && *p != ' ' && *p != '\t') {
            const char *v = colon + 1, *ve = le;
            while (v < ve && (*v == ' ' || *v == '\t')) v++;
            while (ve > v && (ve[-1] == '\r' || ve[-1] == ' ' || ve[-1] == '\t')) ve--;
            const char *ne = colon;
            while (ne > p && (ne[-1] == ' ' || ne[-1] == '\t')) ne--;
            out[count++] = (header){p, v, (size_t)(ne - p), (size_t)(ve - v)};
        }
        p = nl ? nl + 1 : end;
    }
    return count;
}

/* The value of the header named name as a new string (NULL when absent or out of memory). */
static char *header_get(const header *hs, size_t n, const char *name) {
    size_t len = strlen(name);
    for (size_t i = 0; i < n; i++)
        if (hs[i].nlen == len && strncasecmp(hs[i].name, name, len) == 0) return g_strndup(hs[i].value, hs[i].vlen);
    return NULL;
}

/* The end of a header block at p[0..n): the offset just past its blank line, or 0. */
static size_t header_end(const char *p, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (p[i] != '\n') continue;
        if (i + 1 < n && p[i + 1] == '\n') return i + 2;
        if (i + 2 < n && p[i + 1] == '\r' && p[i + 2] == '\n') return i + 3;
    }
    return 0;
}

/* Parses a decimal length; -1 when it is not one or is absurd. */
static long long parse_length(const char *s) {
    if (!s || !isdigit((unsigned char)*s)) return -1;
    long long v = 0;
    for (; isdigit((unsigned char)*s); s++) {
        v = v * 10 + (*s - '0');
        if (v > (1LL << 50)) return -1;
    }
    while (*s == ' ' || *s == '\t') s++;
    return *s ? -1 : v;
}

/* The media type of a Content-Type value, lower case, into out; the charset parameter
 * (unquoted) into charset when there is one. */
static void media_type(const char *ct, char *out, size_t outsize, char *charset, size_t csize) {
    out[0] = charset[0] = '\0';
    if (!ct) return;
    size_t n = 0;
    const char *p = ct;
    while (*p == ' ') p++;
    while (*p && *p != ';' && *p != ' ' && n + 1 < outsize) out[n++] = (char)tolower((unsigned char)*p++);
    out[n] = '\0';
    const char *cs = ci_find(p, "charset=");
    if (cs) {
        cs += 8;
        while (*cs == '"' || *cs == '\'' || *cs == ' ') cs++;
        size_t m = 0;
        while (cs[m] && cs[m] != ';' && cs[m] != '"' && cs[m] != '\'' && cs[m] != ' ' && m + 1 < csize) {
            charset[m] = cs[m];
            m++;
        }
        charset[m] = '\0';
    }
}

/* ---- HTTP bodies ------------------------------------------------------------------------- */

/* Undoes chunked transfer encoding into a new buffer; NULL (with *bad set) when the body
 * is not well-formed chunks: archivers often store it dechunked under the same header,
 * and the caller then takes it as it is. */
static char *dechunk(const char *b, size_t n, size_t *outlen, int *bad) {
    gbuf out = GBUF_INIT;
    size_t i = 0;
    *bad = 0;
    for (;;) {
        size_t j = i;
        unsigned long long size = 0;
        int digits = 0;
        while (j < n && isxdigit((unsigned char)b[j]) && digits < 16) {
            int c = tolower((unsigned char)b[j]);
            size = size * 16 + (unsigned)(c <= '9' ? c - '0' : c - 'a' + 10);
            j++, digits++;
        }
        if (!digits) break;
        while (j < n && b[j] != '\n') j++; /* chunk extensions, CR */
        if (j >= n) break;
        j++;
        if (size == 0) {
            *outlen = out.len;
            gbuf_append(&out, "", 0);
            return out.failed ? NULL : gbuf_take(&out);
        }
        if (size > n - j) break;
        gbuf_append(&out, b + j, (size_t)size);
        i = j + (size_t)size;
        if (i < n && b[i] == '\r') i++;
        if (i < n && b[i] == '\n') i++;
        if (i >= n) { /* a last chunk without the 0 terminator: take what there is */
            *outlen = out.len;
            if (out.failed) return NULL;
            return gbuf_take(&out);
        }
    }
    gbuf_free(&out);
    *bad = 1;
    return NULL;
}

/* Inflates a gzip, zlib or raw deflate body (bounded by WARC_MAX_RECORD) into a new
 * NUL-terminated buffer; NULL with why set when it cannot. */
static char *inflate_body(const char *b, size_t n, int raw, size_t *outlen, char *why, size_t whysize) {
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, raw ? -15 : 15 + 32) != Z_OK) {
        snprintf(why, whysize, "out of memory");
        return NULL;
    }
    size_t cap = n * 4 + 4096, len = 0;
    if (cap > WARC_MAX_RECORD + 1) cap = WARC_MAX_RECORD + 1;
    char *out = malloc(cap + 1);
    int rc = Z_OK;
    z.next_in = (unsigned char *)b;
    z.avail_in = (unsigned)n;
    while (out) {
        if (len == cap) {
            if (cap > WARC_MAX_RECORD) {
                snprintf(why, whysize, "the body is larger than %zu MiB once decoded", WARC_MAX_RECORD >> 20);
                break;
            }
            size_t ncap = cap * 2 > WARC_MAX_RECORD + 1 ? WARC_MAX_RECORD + 1 : cap * 2;
            char *o = realloc(out, ncap + 1);
            if (!o) break;
            out = o;
            cap = ncap;
        }
        z.next_out = (unsigned char *)out + len;
        z.avail_out = (unsigned)(cap - len);
        rc = inflate(&z, Z_NO_FLUSH);
        len = cap - z.avail_out;
        if (rc == Z_STREAM_END) {
            /* Another gzip member may follow. */
            if (z.avail_in >= 3 && memcmp(z.next_in, gz_magic, 3) == 0 && inflateReset(&z) == Z_OK) continue;
            inflateEnd(&z);
            out[len] = '\0';
            *outlen = len;
            return out;
        }
        if (rc == Z_OK) continue;
        if (rc == Z_BUF_ERROR && z.avail_out) {
            snprintf(why, whysize, "the compressed body is cut short (a truncated record?)");
            break;
        }
        if (rc != Z_BUF_ERROR) {
            snprintf(why, whysize, "the compressed body is corrupt (%s)", z.msg ? z.msg : "bad data");
            break;
        }
    }
    if (!out) snprintf(why, whysize, "out of memory");
    inflateEnd(&z);
    free(out);
    return NULL;
}

/* ---- one document out of a record ------------------------------------------------------- */

typedef struct doc {
    const char *url, *date, *record_id; /* may be NULL */
    const char *ctype;                  /* the document's Content-Type, NULL if unknown */
    const char *body;
    size_t len;
} doc;

/* Feed items found in an archived feed get the record's fetch date and id too. */
typedef struct feed_pass {
    reader *r;
    const doc *d;
} feed_pass;

static int mark_article(reader *r, galley_article *a, const doc *d) {
    if ((d->date && article_set_meta(a, "fetched", d->date) < 0) ||
        (d->record_id && article_set_meta(a, "warc_record_id", d->record_id) < 0) ||
        article_set(a, AF_FORMAT, r->format) < 0)
        return -1;
    return 0;
}

static int feed_article(void *ud, galley_article *a) {
    feed_pass *f = ud;
    if (mark_article(f->r, a, f->d) < 0) {
        galley_article_free(a);
        return GALLEY_ENOMEM;
    }
    article_compute_hash(a);
    f->r->articles++;
    return f->r->sink->fn(f->r->sink->ud, a);
}

/* A bad item of an archived feed, told to the caller with its own ud. */
static void feed_item_error(void *ud, const char *message) {
    feed_pass *f = ud;
    f->r->failed++;
    f->r->sink->record_error(f->r->sink->ud, message);
}

/* 1 when the start of a body looks like an HTML page. */
static int looks_html(const char *b, size_t n) {
    size_t i = 0;
    if (n >= 3 && memcmp(b, "\xEF\xBB\xBF", 3) == 0) i = 3;
    while (i < n && isspace((unsigned char)b[i])) i++;
    static const char *const starts[] = {"<!doctype html", "<html", "<head", "<body", "<!--", "<meta", "<title", NULL};
    for (int k = 0; starts[k]; k++) {
        size_t l = strlen(starts[k]);
        if (n - i >= l && strncasecmp(b + i, starts[k], l) == 0) return 1;
    }
    return 0;
}

static int is_feed_type(const char *mt) {
    return strcmp(mt, "application/rss+xml") == 0 || strcmp(mt, "application/atom+xml") == 0 ||
           strcmp(mt, "application/rdf+xml") == 0 || strcmp(mt, "application/feed+json") == 0 ||
           strcmp(mt, "application/xml") == 0 || strcmp(mt, "text/xml") == 0 ||
           strcmp(mt, "application/json") == 0;
}

/* Makes an article of a page or the items of a feed; skips (and counts) the rest. */
static int load_doc(reader *r, const doc *d) {
    char mt[96], charset[64];
    media_type(d->ctype, mt, sizeof mt, charset, sizeof charset);
    /* Loaders want their input NUL-terminated. */
    char *body = g_strndup(d->body, d->len);
    if (!body) return GALLEY_ENOMEM;
    int rc = GALLEY_OK, feed = 0, html = 0;
    if (is_feed_type(mt) || !*mt) feed = feed_sniff(body, d->len);
    if (!feed)
        html = strcmp(mt, "text/html") == 0 || strcmp(mt, "application/xhtml+xml") == 0 ||
               ((!*mt || strcmp(mt, "text/xml") == 0 || strcmp(mt, "application/xml") == 0 ||
                 strcmp(mt, "text/plain") == 0 || strcmp(mt, "application/octet-stream") == 0) &&
                looks_html(body, d->len));
    if (feed) {
        char why[512] = "";
        feed_pass fp = {r, d};
        load_sink sub = *r->sink;
        sub.fn = feed_article;
        sub.ud = &fp;
        sub.err = why;
        sub.errsize = sizeof why;
        sub.record_error = r->sink->record_error ? feed_item_error : NULL;
        sub.note = NULL;
        rc = load_feed(r->source, body, d->len, &sub);
        if (rc == GALLEY_EFORMAT) rc = record_fail(r, "a feed at %s: %s", d->url ? d->url : "?", why);
    } else if (html) {
        html_source src = {d->url, *charset ? charset : NULL, d->date};
        galley_article *a;
        char why[512];
        rc = html_article(body, d->len, &src, &a, why, sizeof why);
        if (rc == GALLEY_OK) {
            if ((d->url && article_set(a, AF_UID, d->url) < 0) || mark_article(r, a, d) < 0) {
                galley_article_free(a);
                rc = GALLEY_ENOMEM;
            } else {
                r->articles++;
                rc = load_emit(r->sink, a, r->source, r->format);
            }
        } else if (rc == GALLEY_EFORMAT) {
            rc = record_fail(r, "%s: %s", d->url ? d->url : "the page", why);
        }
    } else {
        r->skipped[SK_NOT_HTML]++;
    }
    free(body);
    return rc;
}

/* An HTTP response (status line, headers, body) at b[0..n) to a document. */
static int load_http(reader *r, doc *d, const char *b, size_t n) {
    size_t he = header_end(b, n < WARC_MAX_HEADER ? n : WARC_MAX_HEADER);
    if (!he) return record_fail(r, "the HTTP response has no end of headers");
    int status = 0;
    const char *sp = memchr(b, ' ', he);
    if (sp) status = atoi(sp + 1);
    if (status < 200 || status > 299) {
        r->skipped[SK_STATUS]++;
        return GALLEY_OK;
    }
    const char *eol = memchr(b, '\n', he);
    header hs[MAX_HEADERS];
    size_t nh = parse_headers(eol + 1, he - (size_t)(eol + 1 - b), hs, MAX_HEADERS);
    char *ct = header_get(hs, nh, "Content-Type"), *te = header_get(hs, nh, "Transfer-Encoding"),
         *ce = header_get(hs, nh, "Content-Encoding");
    const char *body = b + he;
    size_t blen = n - he;
    char *dechunked = NULL, *decoded = NULL, why[256];
    int rc = GALLEY_OK;
    if (te && ci_find(te, "chunked")) {
        int bad;
        size_t dl;
        dechunked = dechunk(body, blen, &dl, &bad);
        if (dechunked) body = dechunked, blen = dl;
        else if (!bad) rc = GALLEY_ENOMEM;
    }
    if (rc == GALLEY_OK && ce && *ce && strcasecmp(ce, "identity") != 0) {
        int gzip = strcasecmp(ce, "gzip") == 0 || strcasecmp(ce, "x-gzip") == 0;
        int deflate = strcasecmp(ce, "deflate") == 0;
        size_t dl;
        if (!gzip && !deflate) {
            rc = record_fail(r, "%s: Content-Encoding '%s' is not supported (gzip and deflate are)",
                             d->url ? d->url : "the page", ce);
            body = NULL;
        } else if ((decoded = inflate_body(body, blen, 0, &dl, why, sizeof why)) != NULL ||
                   (deflate && (decoded = inflate_body(body, blen, 1, &dl, why, sizeof why)) != NULL)) {
            body = decoded, blen = dl;
        } else if (!looks_html(body, blen)) { /* stored already decoded: take it as it is */
            rc = strcmp(why, "out of memory") == 0
                     ? GALLEY_ENOMEM
                     : record_fail(r, "%s: Content-Encoding %s: %s", d->url ? d->url : "the page", ce, why);
            body = NULL;
        }
    }
    if (rc == GALLEY_OK && body) {
        d->ctype = ct;
        d->body = body;
        d->len = blen;
        rc = load_doc(r, d);
    }
    free(ct);
    free(te);
    free(ce);
    free(dechunked);
    free(decoded);
    return rc;
}

/* ---- WARC -------------------------------------------------------------------------------- */

/* A copy of a WARC-Target-URI without the <...> some writers (wget 1.19) put around it. */
static char *target_uri(char *v) {
    if (!v) return NULL;
    size_t n = strlen(v);
    if (n >= 2 && v[0] == '<' && v[n - 1] == '>') {
        memmove(v, v + 1, n - 2);
        v[n - 2] = '\0';
    }
    return v;
}

/* Skips a record's block too large to hold; -1/-2 from the stream, 0 at the end of the
 * file, 1 when skipped. */
static int discard(stream *s, unsigned long long n) {
    while (n) {
        if (!avail(s)) {
            int rc = more(s);
            if (rc <= 0) return rc;
        }
        size_t k = avail(s) < n ? avail(s) : (size_t)n;
        consume(s, k);
        n -= k;
    }
    return 1;
}

/* Goes on to the next line starting with `magic` after stray bytes; 0 when the file
 * ends first, -1/-2 from the stream. */
static int seek_line(stream *s, const char *magic) {
    size_t m = strlen(magic);
    for (;;) {
        const unsigned char *p = s->p + s->start;
        size_t n = avail(s);
        for (size_t i = 1; i + m <= n; i++)
            if (p[i - 1] == '\n' && memcmp(p + i, magic, m) == 0) {
                consume(s, i);
                return 1;
            }
        consume(s, n > m ? n - m : 0);
        int rc = more(s);
        if (rc <= 0) {
            stream_drop(s);
            return rc;
        }
    }
}

static int skip_blank(stream *s) {
    for (;;) {
        while (avail(s) && (s->p[s->start] == '\r' || s->p[s->start] == '\n')) consume(s, 1);
        if (avail(s)) return 1;
        int rc = more(s);
        if (rc <= 0) return rc;
    }
}

/* Reads one WARC record at the stream's position. */
static int warc_record(reader *r) {
    stream *s = &r->s;
    /* The header block. */
    size_t he = 0;
    for (;;) {
        size_t n = avail(s) < WARC_MAX_HEADER ? avail(s) : WARC_MAX_HEADER;
        if (n >= 5 && memcmp(s->p + s->start, "WARC/", 5) != 0) break;
        if ((he = header_end((const char *)s->p + s->start, n))) break;
        if (n == WARC_MAX_HEADER) {
            consume(s, 1);
            return record_fail(r, "a record header longer than %zu KiB", WARC_MAX_HEADER >> 10);
        }
        int rc = more(s);
        if (rc < 0) return stream_fail(r, rc);
        if (rc == 0) {
            stream_drop(s);
            return record_fail(r, "truncated: the file ends inside the record header");
        }
    }
    const char *h = (const char *)s->p + s->start;
    if (!he) {
        char seen[200];
        shown((const unsigned char *)h, avail(s), seen, sizeof seen);
        int rc = record_fail(r, "'%s' is not a WARC record header (is the previous record's Content-Length wrong?)",
                             seen);
        if (rc != GALLEY_OK) return rc;
        rc = seek_line(s, "WARC/");
        return rc < 0 ? stream_fail(r, rc) : GALLEY_OK;
    }
    header hs[MAX_HEADERS];
    const char *eol = memchr(h, '\n', he);
    size_t nh = parse_headers(eol + 1, he - (size_t)(eol + 1 - h), hs, MAX_HEADERS);
    char *type = header_get(hs, nh, "WARC-Type"), *cl = header_get(hs, nh, "Content-Length");
    long long len = parse_length(cl);
    free(cl);
    if (len < 0) {
        free(type);
        consume(s, he);
        int rc = record_fail(r, "no valid Content-Length in the record header");
        if (rc != GALLEY_OK) return rc;
        rc = seek_line(s, "WARC/");
        return rc < 0 ? stream_fail(r, rc) : GALLEY_OK;
    }
    int wanted = type && (strcasecmp(type, "response") == 0 || strcasecmp(type, "resource") == 0);
    if ((unsigned long long)len > WARC_MAX_RECORD) {
        consume(s, he);
        int rc = discard(s, (unsigned long long)len);
        if (rc < 0) rc = stream_fail(r, rc);
        else if (rc == 0) rc = record_fail(r, "truncated: the file ends inside the record");
        else if (wanted)
            rc = record_fail(r, "too large (%lld MiB; the limit is %zu MiB)", len >> 20, WARC_MAX_RECORD >> 20);
        else rc = GALLEY_OK, r->skipped[SK_OTHER_TYPE]++;
        free(type);
        return rc;
    }
    int rc = need(s, he + (size_t)len);
    if (rc <= 0) {
        free(type);
        if (rc < 0) return stream_fail(r, rc);
        size_t have = avail(s) - he;
        stream_drop(s);
        return record_fail(r, "truncated: Content-Length is %lld bytes, the file ends after %zu", len, have);
    }
    h = (const char *)s->p + s->start;
    const char *blk = h + he;
    eol = memchr(h, '\n', he);
    nh = parse_headers(eol + 1, he - (size_t)(eol + 1 - h), hs, MAX_HEADERS);
    rc = GALLEY_OK;
    if (!wanted) {
        static const char *const names[] = {"warcinfo", "request", "metadata", "revisit"};
        int k = SK_OTHER_TYPE;
        for (int i = 0; type && i < 4; i++)
            if (strcasecmp(type, names[i]) == 0) k = i;
        r->skipped[k]++;
    } else {
        char *uri = target_uri(header_get(hs, nh, "WARC-Target-URI")), *date = header_get(hs, nh, "WARC-Date"),
             *id = header_get(hs, nh, "WARC-Record-ID"), *ct = header_get(hs, nh, "Content-Type");
        doc d = {uri, date, id, ct, blk, (size_t)len};
        int http = (size_t)len >= 5 && memcmp(blk, "HTTP/", 5) == 0;
        if (http && strcasecmp(type, "response") == 0) rc = load_http(r, &d, blk, (size_t)len);
        else if (http && ct && ci_find(ct, "application/http")) rc = load_http(r, &d, blk, (size_t)len);
        else if (ct && ci_find(ct, "application/http")) r->skipped[SK_NOT_HTML]++;
        else rc = load_doc(r, &d);
        free(uri);
        free(date);
        free(id);
        free(ct);
    }
    free(type);
    consume(s, he + (size_t)len);
    return rc;
}

/* ---- ARC --------------------------------------------------------------------------------- */

/* An ARC date (14 digits, YYYYMMDDhhmmss, sometimes more) as ISO 8601 in UTC. */
static void arc_date(const char *s, size_t n, char *out, size_t outsize) {
    out[0] = '\0';
    if (n < 14) return;
    for (size_t i = 0; i < 14; i++)
        if (!isdigit((unsigned char)s[i])) return;
    snprintf(out, outsize, "%.4s-%.2s-%.2sT%.2s:%.2s:%.2sZ", s, s + 4, s + 6, s + 8, s + 10, s + 12);
}

/* Reads one ARC record: a header line "URL IP date content-type length" (v1; v2 has
 * more fields, the length last), then that many bytes. URLs may hold spaces, so the
 * fields are counted from the right. */
static int arc_record(reader *r, int *version) {
    stream *s = &r->s;
    const char *line, *nl;
    for (;;) {
        line = (const char *)s->p + s->start;
        nl = memchr(line, '\n', avail(s) < WARC_MAX_HEADER ? avail(s) : WARC_MAX_HEADER);
        if (nl) break;
        if (avail(s) >= WARC_MAX_HEADER) {
            stream_drop(s);
            return record_fail(r, "a header line longer than %zu KiB", WARC_MAX_HEADER >> 10);
        }
        int rc = more(s);
        if (rc < 0) return stream_fail(r, rc);
        if (rc == 0) {
            line = (const char *)s->p + s->start;
            nl = line + avail(s);
            break;
        }
    }
    size_t ll = (size_t)(nl - line);
    while (ll && (line[ll - 1] == '\r' || line[ll - 1] == ' ')) ll--;
    /* Fields from the right. */
    const char *f[10] = {0};
    size_t fl[10] = {0};
    int want = *version == 2 ? 10 : 5, got = 0;
    size_t e = ll;
    while (got < want - 1 && e) {
        size_t b = e;
        while (b && line[b - 1] != ' ') b--;
        f[want - 1 - got] = line + b;
        fl[want - 1 - got] = e - b;
        got++;
        e = b;
        while (e && line[e - 1] == ' ') e--;
    }
    f[0] = line;
    fl[0] = e;
    size_t linelen = (size_t)(nl - line) + (avail(s) > (size_t)(nl - line) ? 1 : 0);
    char lenbuf[24] = "";
    if (fl[want - 1] < sizeof lenbuf) memcpy(lenbuf, f[want - 1], fl[want - 1]), lenbuf[fl[want - 1]] = '\0';
    long long len = got == want - 1 && e ? parse_length(lenbuf) : -1;
    if (len < 0) {
        char seen[200];
        shown((const unsigned char *)line, ll, seen, sizeof seen);
        int rc = got == want - 1 && e
                     ? record_fail(r, "the length '%s' in the ARC header '%s' is not a number of bytes", lenbuf, seen)
                     : record_fail(r, "'%s' is not an ARC record header (URL IP-address date content-type length)",
                                   seen);
        consume(s, linelen);
        if (rc != GALLEY_OK) return rc;
        /* What follows a bad header cannot be trusted: go on after the next blank line. */
        for (;;) {
            const unsigned char *p = s->p + s->start;
            const unsigned char *blank = NULL;
            for (size_t i = 0; i + 1 < avail(s) && !blank; i++)
                if (p[i] == '\n' && p[i + 1] == '\n') blank = p + i + 2;
            if (blank) {
                consume(s, (size_t)(blank - p));
                return GALLEY_OK;
            }
            consume(s, avail(s) > 1 ? avail(s) - 1 : 0);
            int m = more(s);
            if (m <= 0) {
                stream_drop(s);
                return m < 0 ? stream_fail(r, m) : GALLEY_OK;
            }
        }
    }
    int filedesc = fl[0] >= 11 && strncmp(line, "filedesc://", 11) == 0;
    if ((unsigned long long)len > WARC_MAX_RECORD) {
        consume(s, linelen);
        int rc = discard(s, (unsigned long long)len);
        if (rc < 0) return stream_fail(r, rc);
        if (rc == 0) return record_fail(r, "truncated: the file ends inside the record");
        return record_fail(r, "too large (%lld MiB; the limit is %zu MiB)", len >> 20, WARC_MAX_RECORD >> 20);
    }
    int rc = need(s, linelen + (size_t)len);
    if (rc < 0) return stream_fail(r, rc);
    if (rc == 0) {
        size_t have = avail(s) - linelen;
        stream_drop(s);
        return record_fail(r, "truncated: the header gives %lld bytes, the file ends after %zu", len, have);
    }
    line = (const char *)s->p + s->start;
    const char *blk = line + linelen;
    if (filedesc) {
        /* The version block: "1 0 name" or "2 0 name". */
        if (len >= 1 && blk[0] == '2') *version = 2;
        r->skipped[SK_ARC_HEADER]++;
        rc = GALLEY_OK;
    } else {
        char *url = g_strndup(line, fl[0]);
        char date[32];
        arc_date(f[2], fl[2], date, sizeof date);
        char *ct = g_strndup(f[3], fl[3]);
        if (!url || !ct) rc = GALLEY_ENOMEM;
        else {
            doc d = {url, *date ? date : NULL, NULL, ct, blk, (size_t)len};
            int http = len >= 5 && memcmp(blk, "HTTP/", 5) == 0;
            rc = http ? load_http(r, &d, blk, (size_t)len) : load_doc(r, &d);
        }
        free(url);
        free(ct);
    }
    consume(s, linelen + (size_t)len);
    return rc;
}

/* ---- the loaders ------------------------------------------------------------------------- */

/* Tells the sink's note what the file held besides its articles. */
static void tell_counts(reader *r) {
    if (!r->sink->note) return;
    gbuf b = GBUF_INIT;
    size_t skipped = 0;
    for (int k = 0; k < SK_COUNT; k++) skipped += r->skipped[k];
    gbuf_printf(&b, "%s: %zu records: %zu articles, %zu failed, %zu skipped", r->source, r->records, r->articles,
                r->failed, skipped);
    const char *sep = " (";
    for (int k = 0; k < SK_COUNT; k++)
        if (r->skipped[k]) {
            gbuf_printf(&b, "%s%zu %s", sep, r->skipped[k], skip_names[k]);
            sep = ", ";
        }
    if (skipped) gbuf_puts(&b, ")");
    if (!b.failed) r->sink->note(r->sink->ud, b.data);
    gbuf_free(&b);
}

static int load_archive(const char *source, const char *data, size_t len, load_sink *sink, int arc) {
    reader r;
    memset(&r, 0, sizeof r);
    r.source = source;
    r.format = arc ? "arc" : "warc";
    r.sink = sink;
    stream *s = &r.s;
    s->file = (const unsigned char *)data;
    s->flen = len;
    s->gz = len >= 3 && memcmp(data, gz_magic, 3) == 0;
    s->p = s->file;
    s->end = s->gz ? 0 : len;
    if (s->gz) {
        if (inflateInit2(&s->z, 15 + 32) != Z_OK) {
            load_fail(sink, "out of memory");
            return GALLEY_ENOMEM;
        }
        s->zready = 1;
    }
    int version = 1, rc;
    /* What does not begin like the format is not that format: one error for the file,
     * not one for every line of it. (more()'s codes are kept apart from GALLEY_*.) */
    static const char *const starts[2] = {"WARC/", "filedesc://"};
    int got = skip_blank(s);
    if (got == 1) got = need(s, strlen(starts[arc]));
    if (got >= 0 && avail(s) &&
        (avail(s) < strlen(starts[arc]) || memcmp(s->p + s->start, starts[arc], strlen(starts[arc])) != 0)) {
        char seen[200];
        shown(s->p + s->start, avail(s), seen, sizeof seen);
        rc = load_fail(sink, "not %s file: it begins with '%s', not '%s'", arc ? "an ARC" : "a WARC", seen,
                       starts[arc]);
    } else if (got == 0 && !s->gz) {
        rc = load_fail(sink, "empty file (no %s records)", arc ? "ARC" : "WARC");
    } else {
        rc = GALLEY_OK;
        /* The first member may be corrupt: that is its record's error. */
        if (got < 0) {
            name_record(&r);
            rc = stream_fail(&r, got);
        }
        while (rc == GALLEY_OK) {
            int b = skip_blank(s);
            if (b < 0) {
                name_record(&r);
                rc = stream_fail(&r, b);
                continue;
            }
            if (b == 0) break;
            name_record(&r);
            rc = arc ? arc_record(&r, &version) : warc_record(&r);
        }
        if (rc == GALLEY_OK && r.records == 0) rc = load_fail(sink, "no %s records", arc ? "ARC" : "WARC");
        if (rc == GALLEY_OK) tell_counts(&r);
    }
    if (s->zready) inflateEnd(&s->z);
    free(s->buf);
    return rc;
}

int load_warc(const char *source, const char *data, size_t len, load_sink *sink) {
    return load_archive(source, data, len, sink, 0);
}

int load_arc(const char *source, const char *data, size_t len, load_sink *sink) {
    return load_archive(source, data, len, sink, 1);
}

const char *warc_sniff(const char *data, size_t len) {
    char head[16];
    size_t n = 0;
    if (len >= 3 && memcmp(data, gz_magic, 3) == 0) {
        z_stream z;
        memset(&z, 0, sizeof z);
        if (inflateInit2(&z, 15 + 32) != Z_OK) return NULL;
        z.next_in = (unsigned char *)data;
        z.avail_in = len > UINT_MAX ? UINT_MAX : (unsigned)len;
        z.next_out = (unsigned char *)head;
        z.avail_out = sizeof head;
        int rc;
        do rc = inflate(&z, Z_NO_FLUSH);
        while (rc == Z_OK && z.avail_out);
        n = sizeof head - z.avail_out;
        inflateEnd(&z);
    } else {
        n = len < sizeof head ? len : sizeof head;
        memcpy(head, data, n);
    }
    if (n >= 6 && memcmp(head, "WARC/1", 6) == 0) return "warc";
    if (n >= 11 && memcmp(head, "filedesc://", 11) == 0) return "arc";
    return NULL;
}
