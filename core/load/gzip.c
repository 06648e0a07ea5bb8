/* load/gzip.c — gzip-compressed inputs (page.html.gz, feed.xml.gz), decompressed in
 * memory before a loader sees them, with a cap on what they may expand to: a small
 * file that inflates to gigabytes (a "gzip bomb") is refused, not read. */
#include "load.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

int load_is_gzip(const char *data, size_t len) {
    return len >= 2 && (unsigned char)data[0] == 0x1f && (unsigned char)data[1] == 0x8b;
}

static int all_zero(const unsigned char *p, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (p[i]) return 0;
    return 1;
}

int load_gunzip(const char *data, size_t len, size_t max, char **out, size_t *outlen, char *err, size_t errsize) {
    *out = NULL;
    *outlen = 0;
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    /* 16 + MAX_WBITS: gzip framing only (header, CRC-32 and length checked). */
    if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
        snprintf(err, errsize, "out of memory");
        return GALLEY_ENOMEM;
    }
    size_t cap = len < max / 4 ? len * 4 + 4096 : max + 1, n = 0;
    if (cap > max + 1) cap = max + 1;
    char *buf = malloc(cap + 1);
    const unsigned char *in = (const unsigned char *)data, *end = in + len;
    int rc = GALLEY_OK, zrc = Z_OK;
    while (buf) {
        /* zlib counts in uInt: feed and drain at most UINT_MAX at a time. */
        size_t avail_in = (size_t)(end - in), room = cap - n;
        zs.next_in = (unsigned char *)in;
        zs.avail_in = avail_in > UINT_MAX ? UINT_MAX : (uInt)avail_in;
        zs.next_out = (unsigned char *)buf + n;
        zs.avail_out = room > UINT_MAX ? UINT_MAX : (uInt)room;
        uInt given_in = zs.avail_in, given_out = zs.avail_out;
        zrc = inflate(&zs, Z_NO_FLUSH);
        in += given_in - zs.avail_in;
        n += given_out - zs.avail_out;
        if (n > max) {
            snprintf(err, errsize, "gzip data that expands beyond %zu MiB (the limit for one input)", max >> 20);
            rc = GALLEY_EFORMAT;
            break;
        }
        if (zrc == Z_STREAM_END) {
            /* Another member follows (concatenated .gz files are one stream to gzip -d);
             * zero bytes after the last one are padding. */
            if (in < end && !all_zero(in, (size_t)(end - in))) {
                if (!load_is_gzip((const char *)in, (size_t)(end - in))) {
                    snprintf(err, errsize, "corrupt gzip data: %zu bytes of something else after the compressed data",
                             (size_t)(end - in));
                    rc = GALLEY_EFORMAT;
                    break;
                }
                inflateReset(&zs);
                continue;
            }
            break;
        }
        if (zrc == Z_DATA_ERROR || zrc == Z_NEED_DICT) {
            snprintf(err, errsize, "corrupt gzip data (%s)", zs.msg ? zs.msg : "invalid stream");
            rc = GALLEY_EFORMAT;
            break;
        }
        if (zrc == Z_MEM_ERROR) {
            snprintf(err, errsize, "out of memory");
            rc = GALLEY_ENOMEM;
            break;
        }
        if (zrc == Z_BUF_ERROR && in == end && n < cap) {
            snprintf(err, errsize, "truncated gzip data (it ends before the end of the compressed stream)");
            rc = GALLEY_EFORMAT;
            break;
        }
        if (n == cap) { /* output full: grow, up to one byte past the cap to see it */
            size_t ncap = cap > max / 2 ? max + 1 : cap * 2;
            char *nb = realloc(buf, ncap + 1);
            if (!nb) break;
            buf = nb;
            cap = ncap;
        }
    }
    inflateEnd(&zs);
    if (!buf || (rc == GALLEY_OK && zrc != Z_STREAM_END)) {
        free(buf);
        snprintf(err, errsize, "out of memory");
        return GALLEY_ENOMEM;
    }
    if (rc != GALLEY_OK) {
        free(buf);
        return rc;
    }
    buf[n] = '\0';
    *out = buf;
    *outlen = n;
    return GALLEY_OK;
}
