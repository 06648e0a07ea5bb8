/* lpage.c — the web page behind an HTML article, for plugins: a `galley.document`
 * userdata owning the libxml2 tree (parsed from a->raw on first use), the XPath
 * queries behind article:select() and article:xpath(), and the `galley.node` userdata
 * they return. A node holds its document as its user value, so the tree lives as long
 * as any node of it, whatever happens to the article. */
#include "bridge.h"

#include "../css.h"
#include "../load/html.h"

#include <lauxlib.h>
#include <libxml/HTMLtree.h>
#include <libxml/xpath.h>
#include <libxml/xmlerror.h>
#include <lua.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DOC_MT "galley.document"
#define NODE_MT "galley.node"
#define QUERY_MT "galley.query"

/* XPath steps one query may take (libxml2 counts node visits and operations): one to
 * two seconds of work, so a quadratic expression over a big page fails instead of running
 * for minutes outside the instruction budget, which only counts Lua instructions. */
#define XPATH_OP_LIMIT 50000000UL

typedef struct ldoc {
    xmlDocPtr doc;
} ldoc;

typedef struct lnode {
    xmlNodePtr n;
} lnode;

/* What one query holds outside Lua's heap, freed by __gc if a Lua error (out of memory
 * while building the result) cuts the query short. */
typedef struct lquery {
    gbuf xpath;
    xmlXPathContextPtr ctx;
    xmlXPathCompExprPtr comp;
    xmlXPathObjectPtr obj;
    xmlBufferPtr buf;
} lquery;

static int doc_gc(lua_State *L) {
    ldoc *d = luaL_checkudata(L, 1, DOC_MT);
    if (d->doc) xmlFreeDoc(d->doc);
    d->doc = NULL;
    return 0;
}

static void query_free(lquery *q) {
    gbuf_free(&q->xpath);
    if (q->obj) xmlXPathFreeObject(q->obj);
    if (q->comp) xmlXPathFreeCompExpr(q->comp);
    if (q->ctx) xmlXPathFreeContext(q->ctx);
    if (q->buf) xmlBufferFree(q->buf);
    memset(q, 0, sizeof *q);
}

static int query_gc(lua_State *L) {
    query_free(luaL_checkudata(L, 1, QUERY_MT));
    return 0;
}

static lquery *push_query(lua_State *L) {
    lquery *q = lua_newuserdatauv(L, sizeof *q, 0);
    memset(q, 0, sizeof *q);
    if (luaL_newmetatable(L, QUERY_MT)) {
        lua_pushcfunction(L, query_gc);
        lua_setfield(L, -2, "__gc");
        lua_pushboolean(L, 0);
        lua_setfield(L, -2, "__metatable");
    }
    lua_setmetatable(L, -2);
    return q;
}

void lbridge_push_document(lua_State *L, const char *utf8, size_t len) {
    ldoc *d = lua_newuserdatauv(L, sizeof *d, 0);
    d->doc = NULL;
    if (luaL_newmetatable(L, DOC_MT)) {
        lua_pushcfunction(L, doc_gc);
        lua_setfield(L, -2, "__gc");
        lua_pushboolean(L, 0);
        lua_setfield(L, -2, "__metatable");
    }
    lua_setmetatable(L, -2);
    d->doc = html_parse(utf8, len);
    if (!d->doc) luaL_error(L, "out of memory (parsing the page)");
    /* The tree is on the C heap, where the collector does not see it: count it (about
     * four times the page) as Lua debt, so that the trees of articles already done are
     * collected at the pace they are made. */
    size_t kb = len / 256;
    lua_gc(L, LUA_GCSTEP, kb > INT32_MAX ? INT32_MAX : (int)kb);
}

/* What went wrong in one query. libxml2 2.9 reports XPath errors through the context's
 * structured handler (code and position, no message), and some (an unknown function)
 * only through the generic handler, which is per thread: both are caught here for the
 * length of one compile and evaluation, and nothing is left installed. */
typedef struct xperr {
    int code; /* xmlParserErrors value, 0 for none */
    int pos;  /* in the expression, from 0; -1 when unknown */
    char generic[160];
} xperr;

static void on_error(void *ud, xmlErrorPtr e) {
    xperr *x = ud;
    if (x->code) return;
    x->code = e->code;
    x->pos = e->str1 ? e->int1 : -1;
}

static void on_generic(void *ud, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void on_generic(void *ud, const char *fmt, ...) {
    xperr *x = ud;
    size_t n = strlen(x->generic);
    if (n + 1 >= sizeof x->generic) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(x->generic + n, sizeof x->generic - n, fmt, ap);
    va_end(ap);
}

/* The reason for an xmlXPathError (libxml2's enum, in its order). */
static const char *xpath_reason(int e) {
    static const char *const reasons[] = {
        "no error", "a malformed number", "a string that is never closed", "expected a string",
        "expected '$' before a variable name", "an undefined variable", "a malformed predicate",
        "a malformed expression", "a missing closing brace", "an unknown function", "an operand of the wrong type",
        "a value of the wrong type", "the wrong number of arguments", "an invalid context size",
        "an invalid context position", "out of memory", "a syntax error", "a resource error", "a sub-resource error",
        "an undefined namespace prefix", "an encoding error", "a character XML does not allow",
        "an incomplete context", "an evaluation stack error", "a variable where none is allowed",
        "too much work: more than 50,000,000 steps (make the query narrower)",
        "nesting too deep"};
    return e >= 0 && e < (int)(sizeof reasons / sizeof *reasons) ? reasons[e] : "an error libxml2 does not name";
}

/* Raises the Lua error for a failed query. */
static int query_error(lua_State *L, const xperr *x, const char *fn, const char *expr) {
    char what[200];
    if (x->generic[0]) { /* "xmlXPathCompOpEval: function foo not found\n" */
        const char *m = strstr(x->generic, ": ");
        snprintf(what, sizeof what, "%s", m ? m + 2 : x->generic);
        size_t n = strlen(what);
        while (n && (what[n - 1] == '\n' || what[n - 1] == ' ')) what[--n] = '\0';
    } else {
        snprintf(what, sizeof what, "%s", xpath_reason(x->code ? x->code - XML_XPATH_EXPRESSION_OK : XPATH_EXPR_ERROR));
    }
    if (x->pos >= 0) return luaL_error(L, "%s: %s at position %d in '%s'", fn, what, x->pos + 1, expr);
    return luaL_error(L, "%s: %s in '%s'", fn, what, expr);
}

static void push_node_metatable(lua_State *L);

static void push_node(lua_State *L, int doc_idx, xmlNodePtr n) {
    lnode *u = lua_newuserdatauv(L, sizeof *u, 1);
    u->n = n;
    push_node_metatable(L);
    lua_setmetatable(L, -2);
    lua_pushvalue(L, doc_idx);
    lua_setiuservalue(L, -2, 1);
}

/* Pushes what an XPath result is: a list of nodes, or a string, number or boolean. */
static void push_result(lua_State *L, int doc_idx, xmlXPathObjectPtr obj) {
    switch (obj->type) {
    case XPATH_NODESET: {
        xmlNodeSetPtr set = obj->nodesetval;
        int n = set ? set->nodeNr : 0;
        lua_createtable(L, n, 0);
        lua_Integer k = 0;
        for (int i = 0; i < n; i++) {
            xmlNodePtr node = set->nodeTab[i];
            switch (node->type) {
            case XML_ELEMENT_NODE:
            case XML_TEXT_NODE:
            case XML_CDATA_SECTION_NODE:
            case XML_COMMENT_NODE:
            case XML_ATTRIBUTE_NODE:
            case XML_PI_NODE:
            case XML_DOCUMENT_NODE:
            case XML_HTML_DOCUMENT_NODE:
                push_node(L, doc_idx, node);
                break;
            case XML_NAMESPACE_DECL: /* a copy owned by the node set: its URI */
                lua_pushstring(L, (const char *)((xmlNsPtr)node)->href);
                break;
            default: /* the doctype and other declarations */
                continue;
            }
            lua_rawseti(L, -2, ++k);
        }
        break;
    }
    case XPATH_BOOLEAN:
        lua_pushboolean(L, obj->boolval);
        break;
    case XPATH_NUMBER: {
        double v = obj->floatval;
        if (isfinite(v) && v == floor(v) && fabs(v) < 9.0e15) lua_pushinteger(L, (lua_Integer)v);
        else lua_pushnumber(L, v);
        break;
    }
    case XPATH_STRING:
        lua_pushstring(L, obj->stringval ? (const char *)obj->stringval : "");
        break;
    default:
        luaL_error(L, "xpath: a result of a kind galley does not know (%d)", (int)obj->type);
    }
}

int lbridge_query(lua_State *L, int doc_idx, void *context, const char *expr, int css) {
    doc_idx = doc_idx ? lua_absindex(L, doc_idx) : 0;
    ldoc *d = doc_idx ? luaL_checkudata(L, doc_idx, DOC_MT) : NULL;
    const char *shown = expr; /* what the plugin wrote, for messages */
    lquery *q = push_query(L);
    char msg[512];
    if (css) {
        if (css_to_xpath(expr, &q->xpath, msg, sizeof msg) < 0) return luaL_error(L, "select: %s", msg);
        expr = q->xpath.data;
    }
    q->ctx = xmlXPathNewContext(d ? d->doc : NULL);
    if (!q->ctx) return luaL_error(L, "out of memory");
    xperr x = {0, -1, ""};
    q->ctx->error = on_error;
    q->ctx->userData = &x;
    q->ctx->opLimit = XPATH_OP_LIMIT;
    q->ctx->node = d ? (context ? (xmlNodePtr)context : (xmlNodePtr)d->doc) : NULL;
    xmlGenericErrorFunc old = xmlGenericError;
    void *old_ud = xmlGenericErrorContext;
    xmlSetGenericErrorFunc(&x, on_generic);
    q->comp = xmlXPathCtxtCompile(q->ctx, (const xmlChar *)expr);
    if (q->comp && d) q->obj = xmlXPathCompiledEval(q->comp, q->ctx);
    xmlSetGenericErrorFunc(old_ud, old);
    if (!q->comp || (d && !q->obj)) {
        if (css) x.pos = -1; /* a position in the XPath would mislead */
        return query_error(L, &x, css ? "select" : "xpath", shown);
    }
    if (!d) { /* no page: the expression was checked, the answer is empty */
        lua_newtable(L);
        return 1;
    }
    push_result(L, doc_idx, q->obj);
    query_free(q); /* now, rather than when the collector comes */
    return 1;
}

/* ---- nodes ------------------------------------------------------------------------------- */

static lnode *check_node(lua_State *L, int idx) { return luaL_checkudata(L, idx, NODE_MT); }

static int is_document(xmlNodePtr n) { return n->type == XML_DOCUMENT_NODE || n->type == XML_HTML_DOCUMENT_NODE; }

/* 1 for an element that flows inside a line of text (libxml2's HTML 4 table, and the
 * inline elements HTML5 added): no space is put around its text. */
static int flows_inline(xmlNodePtr n) {
    static const char *const html5[] = {"mark", "time", "data", "bdi", "wbr", "output", "meter", "ruby", "rt", "rp",
                                        NULL};
    const htmlElemDesc *desc = htmlTagLookup(n->name);
    if (desc) return desc->isinline;
    for (int i = 0; html5[i]; i++)
        if (strcmp((const char *)n->name, html5[i]) == 0) return 1;
    return 0;
}

/* The text of node and everything in it, a space around blocks, scripts, styles and
 * hidden elements inside it left out; into b, not yet squeezed. Iterative: any depth. */
static void node_text(gbuf *b, xmlNodePtr node) {
    if (node->type != XML_ELEMENT_NODE && !is_document(node)) {
        xmlChar *c = xmlNodeGetContent(node);
        if (c) gbuf_puts(b, (const char *)c);
        xmlFree(c);
        return;
    }
    xmlNodePtr n = node->children;
    while (n) {
        int descend = 0;
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (n->content) gbuf_puts(b, (const char *)n->content);
        } else if (n->type == XML_ELEMENT_NODE && !html_skipped(n)) {
            if (!flows_inline(n) || html_is(n, "br")) gbuf_putc(b, ' ');
            descend = n->children != NULL;
        }
        if (descend) {
            n = n->children;
            continue;
        }
        while (n != node && !n->next) {
            n = n->parent;
            if (n != node && n->type == XML_ELEMENT_NODE && !flows_inline(n)) gbuf_putc(b, ' ');
        }
        if (n == node) break;
        n = n->next;
    }
}

/* node:text() */
static int node_text_m(lua_State *L) {
    lnode *u = check_node(L, 1);
    lquery *q = push_query(L); /* its buffer is freed even if pushing the string fails */
    node_text(&q->xpath, u->n);
    gbuf_putc(&q->xpath, '\0');
    if (q->xpath.failed) return luaL_error(L, "out of memory");
    html_squeeze(q->xpath.data);
    lua_pushstring(L, q->xpath.data);
    query_free(q);
    return 1;
}

/* node:attr(name) -> the attribute's value, or nil. */
static int node_attr(lua_State *L) {
    lnode *u = check_node(L, 1);
    size_t len;
    const char *name = luaL_checklstring(L, 2, &len);
    if (u->n->type != XML_ELEMENT_NODE) {
        lua_pushnil(L);
        return 1;
    }
    /* The HTML parser stores attribute names in lower case. */
    luaL_Buffer lb;
    char *low = luaL_buffinitsize(L, &lb, len + 1);
    for (size_t i = 0; i < len; i++) low[i] = (char)((name[i] >= 'A' && name[i] <= 'Z') ? name[i] + 32 : name[i]);
    low[len] = '\0';
    xmlAttrPtr at = xmlHasProp(u->n, (const xmlChar *)low);
    if (!at) {
        lua_pushnil(L);
        return 1;
    }
    lquery *q = push_query(L);
    xmlChar *v = xmlNodeGetContent((xmlNodePtr)at);
    if (!v) return luaL_error(L, "out of memory");
    gbuf_puts(&q->xpath, (const char *)v);
    xmlFree(v);
    lua_pushlstring(L, q->xpath.data ? q->xpath.data : "", q->xpath.len);
    query_free(q);
    return 1;
}

/* node:html() -> the node as HTML (outer HTML: the element with its tags). */
static int node_html(lua_State *L) {
    lnode *u = check_node(L, 1);
    lquery *q = push_query(L);
    q->buf = xmlBufferCreate();
    xmlOutputBufferPtr out = q->buf ? xmlOutputBufferCreateBuffer(q->buf, NULL) : NULL;
    if (!out) return luaL_error(L, "out of memory");
    if (is_document(u->n)) htmlDocContentDumpFormatOutput(out, (xmlDocPtr)u->n, NULL, 0);
    else htmlNodeDumpFormatOutput(out, u->n->doc, u->n, NULL, 0);
    int failed = out->error != 0;
    xmlOutputBufferClose(out); /* flushes into q->buf, which stays */
    if (failed) return luaL_error(L, "out of memory");
    lua_pushlstring(L, (const char *)xmlBufferContent(q->buf), (size_t)xmlBufferLength(q->buf));
    query_free(q);
    return 1;
}

/* node:name() -> the tag or attribute name; #text, #comment, #document for the others. */
static const char *node_name(xmlNodePtr n) {
    switch (n->type) {
    case XML_ELEMENT_NODE:
    case XML_ATTRIBUTE_NODE:
    case XML_PI_NODE:
        return (const char *)n->name;
    case XML_TEXT_NODE: return "#text";
    case XML_CDATA_SECTION_NODE: return "#cdata-section";
    case XML_COMMENT_NODE: return "#comment";
    default: return "#document";
    }
}

static int node_name_m(lua_State *L) {
    lua_pushstring(L, node_name(check_node(L, 1)->n));
    return 1;
}

static int node_query(lua_State *L, int css) {
    lnode *u = check_node(L, 1);
    const char *expr = luaL_checkstring(L, 2);
    lua_getiuservalue(L, 1, 1);
    return lbridge_query(L, -1, u->n, expr, css);
}

static int node_select(lua_State *L) { return node_query(L, 1); }
static int node_xpath(lua_State *L) { return node_query(L, 0); }

static int node_tostring(lua_State *L) {
    xmlNodePtr n = check_node(L, 1)->n;
    if (n->type == XML_ELEMENT_NODE) lua_pushfstring(L, "node <%s>", (const char *)n->name);
    else lua_pushfstring(L, "node %s", node_name(n));
    return 1;
}

/* Two userdata for the same node of the same page are equal. */
static int node_eq(lua_State *L) {
    lnode *a = luaL_testudata(L, 1, NODE_MT), *b = luaL_testudata(L, 2, NODE_MT);
    lua_pushboolean(L, a && b && a->n == b->n);
    return 1;
}

static const luaL_Reg node_methods[] = {
    {"text", node_text_m}, {"attr", node_attr},     {"html", node_html},   {"name", node_name_m},
    {"select", node_select}, {"xpath", node_xpath}, {NULL, NULL},
};

static void push_node_metatable(lua_State *L) {
    if (luaL_newmetatable(L, NODE_MT)) {
        luaL_newlib(L, node_methods);
        lua_setfield(L, -2, "__index");
        lua_pushcfunction(L, node_tostring);
        lua_setfield(L, -2, "__tostring");
        lua_pushcfunction(L, node_eq);
        lua_setfield(L, -2, "__eq");
        lua_pushliteral(L, NODE_MT);
        lua_setfield(L, -2, "__name");
        lua_pushboolean(L, 0);
        lua_setfield(L, -2, "__metatable");
    }
}
