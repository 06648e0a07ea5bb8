/* markup.h — HTML and XML markup to plain text (the strip and unescape behind
 * galley.html, galley.xml and the Markdown loader's raw HTML). */
#ifndef GALLEY_MARKUP_H
#define GALLEY_MARKUP_H

#include "util.h"
#include <stddef.h>

/* Appends s[0..n) with its character references decoded (every HTML 4 name, numeric
 * references, &#150; read as windows-1252 the way browsers do). */
void html_unescape(gbuf *b, const char *s, size_t n);

/* Appends the text of markup s[0..n): tags dropped, references decoded, runs of white
 * space collapsed, a line break or blank line where block elements (html != 0) were,
 * the content of script, style and the like skipped. html == 0 reads it as XML: five
 * named references, no element knowledge. */
void html_strip(gbuf *b, const char *s, size_t n, int html);

#endif
