/* encoding.h — bytes of unknown encoding to valid UTF-8. */
#ifndef GALLEY_ENCODING_H
#define GALLEY_ENCODING_H

#include <stddef.h>

/* Converts data[0..len) to UTF-8: a BOM (UTF-8, UTF-16LE/BE) decides first; valid
 * UTF-8 stays as it is; otherwise the encoding is detected (uchardet, with
 * Windows-1252 as the fallback for Western text) and converted with iconv. The result
 * is always valid UTF-8 (what cannot be decoded becomes U+FFFD), NUL-terminated, and
 * the caller frees it. The BOM is dropped. *encoding (may be NULL) receives the name of
 * the encoding found ("UTF-8", "WINDOWS-1252", ...), a static string.
 * Returns NULL only when out of memory. */
char *encoding_to_utf8(const char *data, size_t len, size_t *outlen, const char **encoding);

/* Converts data[0..len) from the named encoding (as a page or feed declares it; the
 * supersets browsers use stand in for ISO-8859-1, GB2312, Shift_JIS, ...) to valid
 * UTF-8, NUL-terminated. NULL when iconv does not know the name, or out of memory. */
char *encoding_convert(const char *data, size_t len, const char *from, size_t *outlen);

/* 1 when data looks binary rather than text: NUL bytes (outside UTF-16 text) or many
 * control characters in the first 8 KiB. */
int encoding_looks_binary(const char *data, size_t len);

#endif
