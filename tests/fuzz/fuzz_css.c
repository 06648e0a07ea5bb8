/* fuzz_css.c — libFuzzer harness for the CSS selector compiler behind article:select():
 * any bytes as a selector. What compiles must be an XPath libxml2 accepts and that
 * evaluates to a node-set on a small page (else the harness aborts: a compiler bug);
 * what does not compile must say why. */
#include "css.h"
#include "load/html.h"

#include <libxml/xpath.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char PAGE[] = "<html><head><title>t</title></head><body><div id=a class='x y'><p lang=en-GB>one</p>"
                           "<p data-k=\"v'w\">two</p><ul><li>a</li><li class=y>b</li></ul></div></body></html>";

static void quiet(void *ud, const char *fmt, ...) {
    (void)ud;
    (void)fmt;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static htmlDocPtr doc;
    if (!doc) {
        xmlSetGenericErrorFunc(NULL, quiet);
        doc = html_parse(PAGE, sizeof PAGE - 1);
        if (!doc) abort();
    }
    char *sel = malloc(size + 1);
    if (!sel) return 0;
    if (size) memcpy(sel, data, size);
    sel[size] = '\0';
    gbuf xp = GBUF_INIT;
    char err[512] = "";
    if (css_to_xpath(sel, &xp, err, sizeof err) == 0) {
        gbuf_putc(&xp, '\0');
        xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
        ctx->node = (xmlNodePtr)doc;
        xmlXPathObjectPtr obj = xmlXPathEvalExpression((const xmlChar *)xp.data, ctx);
        if (!obj || obj->type != XPATH_NODESET) abort(); /* the compiler wrote bad XPath */
        xmlXPathFreeObject(obj);
        xmlXPathFreeContext(ctx);
    } else if (!err[0]) {
        abort(); /* a refusal must say why */
    }
    gbuf_free(&xp);
    free(sel);
    return 0;
}
