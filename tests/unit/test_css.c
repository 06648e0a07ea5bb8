/* test_css.c — CSS selectors to XPath: the XPath written for each part of the subset,
 * what it matches on a real libxml2 tree (so the semantics, not only the text, are
 * checked), and the errors for what is outside the subset. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the four above first */
#include <cmocka.h>

#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "css.h"
#include "load/html.h"

static char *compile(const char *sel) {
    gbuf b = GBUF_INIT;
    char err[512] = "";
    if (css_to_xpath(sel, &b, err, sizeof err) != 0) fail_msg("'%s' did not compile: %s", sel, err);
    gbuf_putc(&b, '\0');
    return b.data;
}

static void expect_xpath(const char *sel, const char *want) {
    char *got = compile(sel);
    if (strcmp(got, want) != 0) fail_msg("'%s'\n  got  %s\n  want %s", sel, got, want);
    free(got);
}

static void test_xpath_text(void **state) {
    (void)state;
    expect_xpath("p", "descendant::p");
    expect_xpath("DIV", "descendant::div");
    expect_xpath("*", "descendant::*");
    expect_xpath("#main", "descendant::*[@id='main']");
    expect_xpath(".lead", "descendant::*[contains(concat(' ',normalize-space(@class),' '),' lead ')]");
    expect_xpath("a[href]", "descendant::a[@href]");
    expect_xpath("a[HREF='x']", "descendant::a[@href='x']");
    expect_xpath("a[title=\"it's\"]", "descendant::a[@title=\"it's\"]");
    expect_xpath("a[title='say \"it\\'s\"']", "descendant::a[@title=concat('say \"it',\"'\",'s\"','')]");
    expect_xpath("a[href^=http]", "descendant::a[starts-with(@href,'http')]");
    expect_xpath("a[href$='.pdf']", "descendant::a[substring(@href,string-length(@href)-3)='.pdf']");
    expect_xpath("a[href*=x]", "descendant::a[contains(@href,'x')]");
    expect_xpath("a[href^='']", "descendant::a[false()]");
    expect_xpath("[lang|=en]", "descendant::*[@lang='en' or starts-with(@lang,'en-')]");
    expect_xpath("[data-x\\:y]", "descendant::*[@*[name()='data-x:y']]");
    expect_xpath("div > p", "descendant::div/child::p");
    expect_xpath("div p", "descendant::div/descendant::p");
    expect_xpath("h1 + p", "descendant::h1/following-sibling::*[1][self::p]");
    expect_xpath("h1 ~ p", "descendant::h1/following-sibling::p");
    expect_xpath("> li", "child::li");
    expect_xpath("h2, h3", "descendant::h2 | descendant::h3");
    expect_xpath("  ul\n>\tli  ,p  ", "descendant::ul/child::li | descendant::p");
    expect_xpath("li:first-child", "descendant::li[not(preceding-sibling::*)]");
    expect_xpath("li:nth-child(3)", "descendant::li[count(preceding-sibling::*)=2]");
    expect_xpath("#\\31 23", "descendant::*[@id='123']");
    expect_xpath("#\\15 23", "descendant::*[@id='\xef\xbf\xbd" "23']"); /* no control characters in XPath */
    expect_xpath(".a\\.b", "descendant::*[contains(concat(' ',normalize-space(@class),' '),' a.b ')]");
}

/* The errors: what is wrong, where (from 1) and in which selector. */
static void expect_error(const char *sel, const char *want) {
    gbuf b = GBUF_INIT;
    char err[512] = "";
    int rc = css_to_xpath(sel, &b, err, sizeof err);
    gbuf_free(&b);
    if (rc == 0) fail_msg("'%s' compiled", sel);
    if (!strstr(err, want)) fail_msg("'%s': error '%s' does not say '%s'", sel, err, want);
}

static void test_errors(void **state) {
    (void)state;
    expect_error("", "an empty selector");
    expect_error("   ", "an empty selector");
    expect_error("a:hover", "':hover' is not supported");
    expect_error("a:hover", "at position 2 in 'a:hover'");
    expect_error("p:not(.x)", "':not(.x)' is not supported");
    expect_error("p::before", "pseudo-elements ('::before')");
    expect_error("li:nth-child(2n+1)", "takes a whole number");
    expect_error("a >", "expected a selector after '>' at position 4");
    expect_error("a,", "expected a selector after ','");
    expect_error(",a", "unexpected ','");
    expect_error("a[href", "expected ']' or one of");
    expect_error("a[href='x'", "expected ']' to close the '[' at position 2");
    expect_error("a[href='x", "a string that is never closed at position 8");
    expect_error("a[href=x i]", "flags");
    expect_error("a ! b", "unexpected '!' (not part of the supported selector syntax) at position 3");
    expect_error("#", "expected an id after '#' at position 2");
    expect_error("a\\", "a backslash that escapes nothing");
    expect_error("p[x='a\x01" "b']", "a control character (\\x01) at position 7");
    expect_error("p.\xff", "bytes that are not UTF-8 at position 3");
    expect_error("p.\xef\xbf\xbf", "a character XML does not allow");
}

static const char PAGE[] =
    "<html><body><div id=main class=' wrap  story\tbig '>"
    "<h1>T</h1><p class=lead>one</p><p class=leader>two</p>"
    "<ul><li>a</li><li lang=en-GB>b</li><li lang=english>c</li></ul>"
    "<a href='https://x/doc.pdf' title=\"it's\">d</a><a href='/doc.PDF'>e</a>"
    "</div><div class=wrapper><p>three</p></div></body></html>";

/* The text of each match, joined by '|'. */
static char *matches(htmlDocPtr doc, const char *sel) {
    char *xp = compile(sel);
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    ctx->node = (xmlNodePtr)doc; /* as article:select() starts */
    xmlXPathObjectPtr obj = xmlXPathEvalExpression((const xmlChar *)xp, ctx);
    assert_non_null(obj);
    gbuf out = GBUF_INIT;
    for (int i = 0; obj->nodesetval && i < obj->nodesetval->nodeNr; i++) {
        if (i) gbuf_putc(&out, '|');
        gbuf t = GBUF_INIT;
        html_node_text(&t, obj->nodesetval->nodeTab[i]);
        if (t.len) gbuf_append(&out, t.data, t.len);
        gbuf_free(&t);
    }
    gbuf_putc(&out, '\0');
    xmlXPathFreeObject(obj);
    xmlXPathFreeContext(ctx);
    free(xp);
    return out.data;
}

static void expect_matches(htmlDocPtr doc, const char *sel, const char *want) {
    char *got = matches(doc, sel);
    if (strcmp(got, want) != 0) fail_msg("'%s' matched '%s', expected '%s'", sel, got, want);
    free(got);
}

static void test_matching(void **state) {
    (void)state;
    htmlDocPtr doc = html_parse(PAGE, sizeof PAGE - 1);
    assert_non_null(doc);
    expect_matches(doc, ".lead", "one");                       /* a word, not a prefix */
    expect_matches(doc, "div.story.big > p", "one|two");       /* tabs and runs of spaces split words */
    expect_matches(doc, ".wrap p", "one|two");
    expect_matches(doc, "[class~=wrapper] p", "three");
    expect_matches(doc, "li[lang|=en]", "b");                  /* en-GB, not english */
    expect_matches(doc, "a[href$='.pdf']", "d");               /* values are case-sensitive */
    expect_matches(doc, "a[title=\"it's\"]", "d");
    expect_matches(doc, "h1 + p", "one");
    expect_matches(doc, "h1 ~ p", "one|two");
    expect_matches(doc, "li:first-child, li:last-child", "a|c"); /* page order, each once */
    expect_matches(doc, "p, .lead", "one|two|three");
    expect_matches(doc, "li:nth-child(2)", "b");
    expect_matches(doc, "ul > li:only-child", "");
    expect_matches(doc, "#main > ul > li", "a|b|c");
    xmlFreeDoc(doc);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xpath_text),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_matching),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
