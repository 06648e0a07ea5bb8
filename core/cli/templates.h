/* templates.h — the plugins and the sample article `galley plugin new` writes. */
#ifndef GALLEY_CLI_TEMPLATES_H
#define GALLEY_CLI_TEMPLATES_H

/* The starting plugin of a kind (format, categorize, filter, export), with @NAME@ for
 * its name; NULL for another kind. */
const char *template_for(const char *kind);

/* A short plain-text article: a title line, a blank line, paragraphs. */
extern const char template_sample[];

#endif
