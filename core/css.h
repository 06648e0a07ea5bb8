/* css.h — a subset of CSS selectors compiled to XPath 1.0, for article:select(). */
#ifndef GALLEY_CSS_H
#define GALLEY_CSS_H

#include "util.h"
#include <stddef.h>

/* Compiles a selector list to one XPath expression relative to the context node (the
 * selector's first part is looked for among the context's descendants; a leading `>`,
 * `+` or `~` starts from the context itself). Tag and attribute names are matched in
 * lower case, as the HTML parser stores them. The subset: type (tag), *, #id, .class,
 * [attr], [attr=v], [attr~=v], [attr|=v], [attr^=v], [attr$=v], [attr*=v], the
 * pseudo-classes :first-child, :last-child, :only-child and :nth-child(N), the
 * combinators descendant (space), child (>), next sibling (+) and later sibling (~),
 * and groups (a, b). Appends the XPath to out and returns 0; on anything else returns
 * -1 with err saying what, where (position from 1) and in which selector. */
int css_to_xpath(const char *selector, gbuf *out, char *err, size_t errsize);

#endif
