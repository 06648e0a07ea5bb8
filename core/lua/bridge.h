/* bridge.h — the Lua side of galley: the `galley` module, article userdata, and the
 * conversions between Lua values and JSON. */
#ifndef GALLEY_BRIDGE_H
#define GALLEY_BRIDGE_H

#include "../article.h"
#include "../json.h"
#include "../util.h"

#include <lua.h>

#define LBRIDGE_ARTICLE "galley.article"

/* Pushes the `galley` module table (version, json, html, xml, text, date). */
int luaopen_galley(lua_State *L);
/* Push the `galley.text` (ltext.c) and `galley.date` (ldate.c) tables. The text table
 * keeps its stemmers and stop word sets in the registry of L, freed with L. */
int luaopen_galley_text(lua_State *L);
int luaopen_galley_date(lua_State *L);
/* Sets galley.lang (llang.c) on the table on top of the stack. */
void lbridge_open_lang(lua_State *L);
/* Sets galley.places (lplaces.c) on the table on top of the stack. */
void lbridge_open_places(lua_State *L);
/* Adds model, classify (lclassify.c) and simhash to the galley table on top of the stack. */
void lbridge_open_classify(lua_State *L);

/* Pushes a userdata for article a. When owned, the userdata frees the article when
 * collected; otherwise it borrows it until lbridge_release_article(). `plugin` (kept by
 * pointer, must outlive the userdata) is recorded on the categories it adds. */
void lbridge_push_article(lua_State *L, galley_article *a, int owned, const char *plugin);
/* Detaches a borrowed article from the userdata at idx: later use raises an error. */
void lbridge_release_article(lua_State *L, int idx);

/* The page behind an HTML article (lpage.c). Pushes a `galley.document` userdata owning
 * the libxml2 tree of utf8[0..len), freed when it is collected; raises a Lua error when
 * out of memory. */
void lbridge_push_document(lua_State *L, const char *utf8, size_t len);
/* Runs expr (a CSS selector when css, else XPath 1.0) with the context node `context`
 * (an xmlNodePtr of the document at doc_idx; NULL: the document itself) and pushes the
 * result: an array of `galley.node` userdata, or a string, number or boolean. doc_idx 0
 * means there is no page: expr is only checked and the result is an empty array.
 * Errors in expr raise Lua errors naming it. Returns 1. */
int lbridge_query(lua_State *L, int doc_idx, void *context, const char *expr, int css);

/* Appends the value at idx as JSON (object keys sorted, so the text is stable).
 * Returns 0, or -1 with a message in err (functions, cycles, deep nesting). */
int lbridge_json_encode(lua_State *L, int idx, gbuf *b, char *err, size_t errsize);
/* Pushes v as a Lua value (JSON null: galley.json.null). */
void lbridge_json_push(lua_State *L, const json_value *v);

#endif
