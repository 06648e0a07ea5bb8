/* encoding.c — turns bytes of unknown encoding into valid UTF-8 (BOM, uchardet, iconv). */
#include "encoding.h"
#include "util.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <uchardet/uchardet.h>

#define BINARY_SNIFF_LEN 8192

/* Encodings we hand to iconv by these names; the detector's answer is matched against
 * them so that the name given back to the caller is a static string. */
static const char *const known_encodings[] = {
    /* Unicode */
    "UTF-8", "UTF-16LE", "UTF-16BE",
    /* Windows and ISO code pages */
    "WINDOWS-1252", "WINDOWS-1250", "WINDOWS-1251", "WINDOWS-1253", "WINDOWS-1254", "WINDOWS-1255",
    "WINDOWS-1256", "WINDOWS-1257", "WINDOWS-1258", "ISO-8859-2", "ISO-8859-3", "ISO-8859-4", "ISO-8859-5",
    "ISO-8859-6", "ISO-8859-7", "ISO-8859-8", "ISO-8859-9", "ISO-8859-10", "ISO-8859-11", "ISO-8859-13",
    "ISO-8859-15", "ISO-8859-16",
    /* other single-byte families */
    "KOI8-R", "KOI8-U", "IBM855", "IBM866", "IBM852", "MAC-CYRILLIC", "MAC-CENTRALEUROPE", "TIS-620",
    "VISCII", "GEORGIAN-ACADEMY", "GEORGIAN-PS",
    /* East Asian multi-byte */
    "SHIFT_JIS", "EUC-JP", "ISO-2022-JP", "EUC-KR", "ISO-2022-KR", "UHC", "JOHAB", "GB18030", "BIG5",
    "EUC-TW", "HZ-GB-2312", "ISO-2022-CN", NULL};

/* Western text is the common case of text that is not UTF-8; Windows-1252 is a
 * superset of ISO-8859-1 for every printable character, so it is what those guesses
 * (and no guess at all) become. */
#define FALLBACK_ENCODING "WINDOWS-1252"

static const char *known_name(const char *guess) {
    for (size_t i = 0; known_encodings[i]; i++)
        if (strcasecmp(known_encodings[i], guess) == 0) return known_encodings[i];
    return NULL;
}

/* Bytes 0x80-0x9F are C1 controls in ISO-8859-x and never appear in real text, but
 * they are the curly quotes, dashes and € of Windows-1252. */
static int has_c1_bytes(const unsigned char *p, size_t len) {
    for (size_t i = 0; i < len; i++)
        if (p[i] >= 0x80 && p[i] <= 0x9F) return 1;
    return 0;
}

/* 1 when data is UTF-8 with a few broken sequences (cut or mangled by some earlier
 * tool) rather than text in a single-byte code page, where valid multi-byte UTF-8
 * sequences almost never form by chance. */
static int mostly_utf8(const char *data, size_t len) {
    const unsigned char *p = (const unsigned char *)data;
    size_t good = 0, bad = 0;
    for (size_t i = 0; i < len;) {
        size_t n = utf8_seq(p + i, len - i);
        if (n == 0) {
            bad++;
            n = 1;
        } else if (n > 1) {
            good++;
        }
        i += n;
    }
    return good > 0 && good >= bad;
}

/* 1 when most bytes above 0x7F are Windows smart punctuation (… ‘ ’ “ ” • – — €): the
 * letters are then ASCII, so the text is Western and Windows-1252 reads it right. In a
 * language whose letters need those bytes, letters far outnumber punctuation. Short
 * English texts with curly quotes otherwise fool the detector into Central European
 * or Vietnamese code pages. */
static int mostly_smart_punctuation(const unsigned char *p, size_t len) {
    size_t high = 0, punct = 0;
    for (size_t i = 0; i < len; i++) {
        if (p[i] < 0x80) continue;
        high++;
        if (p[i] == 0x80 || p[i] == 0x85 || (p[i] >= 0x91 && p[i] <= 0x97)) punct++;
    }
    return high > 0 && punct * 2 > high;
}

/* The detector's best guess for data, as a name from known_encodings. */
static const char *detect(const char *data, size_t len) {
    if (mostly_utf8(data, len)) return "UTF-8";
    if (mostly_smart_punctuation((const unsigned char *)data, len)) return FALLBACK_ENCODING;
    uchardet_t ud = uchardet_new();
    if (!ud) return FALLBACK_ENCODING;
    const char *found = NULL;
    if (uchardet_handle_data(ud, data, len) == 0) {
        uchardet_data_end(ud);
        const char *guess = uchardet_get_charset(ud);
        if (guess && *guess) found = known_name(guess);
        if (found && strncmp(found, "ISO-8859-", 9) == 0 && has_c1_bytes((const unsigned char *)data, len))
            found = strcmp(found, "ISO-8859-2") == 0 ? "WINDOWS-1250" : FALLBACK_ENCODING;
    }
    uchardet_delete(ud);
    return found ? found : FALLBACK_ENCODING;
}

static void put_replacement(gbuf *b) { gbuf_append(b, "\xEF\xBF\xBD", 3); }

/* Converts with iconv, byte by byte past what it cannot decode: an invalid sequence
 * becomes one U+FFFD and the conversion resumes at the next byte (//IGNORE would
 * silently drop text, and stops at the first error on some iconv versions). */
static int convert(iconv_t cd, const char *data, size_t len, gbuf *out) {
    char chunk[4096];
    char *in = (char *)data;
    size_t inleft = len;
    while (inleft > 0 && !out->failed) {
        char *o = chunk;
        size_t oleft = sizeof chunk;
        size_t rc = iconv(cd, &in, &inleft, &o, &oleft);
        int err = rc == (size_t)-1 ? errno : 0;
        gbuf_append(out, chunk, (size_t)(o - chunk));
        if (err == 0 || err == E2BIG) continue;
        if (err != EILSEQ && err != EINVAL) return -1;
        put_replacement(out);
        if (err == EINVAL) break; /* a sequence cut short by the end of the data */
        in++;
        inleft--;
        iconv(cd, NULL, NULL, NULL, NULL); /* back to the initial shift state */
    }
    char *o = chunk;
    size_t oleft = sizeof chunk;
    iconv(cd, NULL, NULL, &o, &oleft);
    gbuf_append(out, chunk, (size_t)(o - chunk));
    return 0;
}

/* Copies data as it is, mending invalid sequences as a last resort. */
static char *copy_utf8(const char *data, size_t len, size_t *outlen) {
    if (!utf8_valid(data, len)) {
        char *out = utf8_sanitize(data, len);
        if (out && outlen) *outlen = strlen(out);
        return out;
    }
    char *out = malloc(len + 1);
    if (!out) return NULL;
    if (len) memcpy(out, data, len);
    out[len] = '\0';
    if (outlen) *outlen = len;
    return out;
}

static char *convert_from(const char *from, const char *data, size_t len, size_t *outlen) {
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1) cd = iconv_open("UTF-8", FALLBACK_ENCODING);
    if (cd == (iconv_t)-1) return copy_utf8(data, len, outlen);
    gbuf b = GBUF_INIT;
    int rc = convert(cd, data, len, &b);
    iconv_close(cd);
    if (b.failed) {
        gbuf_free(&b);
        return NULL;
    }
    if (rc < 0 || !utf8_valid(b.data, b.len)) {
        /* iconv gave up or produced something odd: keep what can be kept. */
        char *mended = utf8_sanitize(b.data ? b.data : "", b.len);
        gbuf_free(&b);
        if (mended && outlen) *outlen = strlen(mended);
        return mended;
    }
    if (outlen) *outlen = b.len;
    return gbuf_take(&b);
}

/* What browsers read for a declared name: the supersets they decode with. */
static const char *const declared_aliases[][2] = {
    {"iso-8859-1", "WINDOWS-1252"}, {"latin1", "WINDOWS-1252"},  {"us-ascii", "WINDOWS-1252"},
    {"ascii", "WINDOWS-1252"},      {"iso8859-1", "WINDOWS-1252"}, {"gb2312", "GB18030"},
    {"gbk", "GB18030"},             {"x-gbk", "GB18030"},          {"euc-kr", "CP949"},
    {"ks_c_5601-1987", "CP949"},    {"shift_jis", "CP932"},        {"x-sjis", "CP932"},
    {"sjis", "CP932"},              {"tis-620", "CP874"},          {"iso-8859-9", "WINDOWS-1254"},
    {"iso-8859-11", "CP874"},       {"x-mac-roman", "MACINTOSH"},  {"big5", "BIG5-HKSCS"},
};

char *encoding_convert(const char *data, size_t len, const char *from, size_t *outlen) {
    for (size_t i = 0; i < sizeof declared_aliases / sizeof *declared_aliases; i++)
        if (strcasecmp(from, declared_aliases[i][0]) == 0) {
            from = declared_aliases[i][1];
            break;
        }
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1) return NULL;
    iconv_close(cd);
    char *out = convert_from(from, data, len, outlen);
    return out;
}

char *encoding_to_utf8(const char *data, size_t len, size_t *outlen, const char **encoding) {
    const unsigned char *p = (const unsigned char *)data;
    const char *enc;
    if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
        data += 3;
        len -= 3;
        enc = "UTF-8";
    } else if (len >= 2 && p[0] == 0xFF && p[1] == 0xFE) {
        data += 2;
        len -= 2;
        enc = "UTF-16LE";
    } else if (len >= 2 && p[0] == 0xFE && p[1] == 0xFF) {
        data += 2;
        len -= 2;
        enc = "UTF-16BE";
    } else if (utf8_valid(data, len)) {
        enc = "UTF-8";
    } else {
        enc = detect(data, len);
    }
    if (encoding) *encoding = enc;
    if (strcmp(enc, "UTF-8") == 0) return copy_utf8(data, len, outlen);
    return convert_from(enc, data, len, outlen);
}

static int is_text_control(unsigned char c) {
    return c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0x1B;
}

int encoding_looks_binary(const char *data, size_t len) {
    const unsigned char *p = (const unsigned char *)data;
    if (len >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF))) return 0;
    size_t n = len < BINARY_SNIFF_LEN ? len : BINARY_SNIFF_LEN;
    size_t controls = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] == 0) return 1;
        if ((p[i] < 0x20 && !is_text_control(p[i])) || p[i] == 0x7F) controls++;
    }
    return n > 0 && controls * 10 > n;
}
