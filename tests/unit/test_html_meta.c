/* test_html_meta.c — a web page's metadata: each source on its own, which source wins
 * when a page has several, hostile pages, and the fixtures in fixtures/html/. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the four above first */
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "article.h"
#include "json.h"
#include "load/html.h"
#include "util.h"

#include "fixtures.h"

#define MIN_FIXTURES 4

/* The metadata of a page given as a string; url as if it had been fetched from there. */
static galley_article *meta_of(const char *html, const char *url) {
    htmlDocPtr doc = html_parse(html, strlen(html));
    assert_non_null(doc);
    galley_article *a = galley_article_new();
    assert_non_null(a);
    html_source src = {url, NULL, NULL};
    assert_int_equal(html_metadata(a, doc, &src), 0);
    xmlFreeDoc(doc);
    return a;
}

static const char *field(const galley_article *a, const char *name) { return galley_article_get(a, name); }

static void expect_field(const galley_article *a, const char *name, const char *want) {
    const char *got = field(a, name);
    if (!want && got) fail_msg("%s: expected null, got \"%s\"", name, got);
    if (want && (!got || strcmp(got, want) != 0))
        fail_msg("%s: expected \"%s\", got %s%s%s", name, want, got ? "\"" : "", got ? got : "null",
                 got ? "\"" : "");
}

/* The list as "a; b; c", to compare in one assertion. */
static void expect_list(const strlist *l, const char *want) {
    gbuf b = GBUF_INIT;
    for (size_t i = 0; i < l->n; i++) {
        if (i) gbuf_puts(&b, "; ");
        gbuf_puts(&b, l->v[i]);
    }
    gbuf_putc(&b, '\0');
    if (strcmp(b.data, want) != 0) fail_msg("expected [%s], got [%s]", want, b.data);
    gbuf_free(&b);
}

/* ---- JSON-LD ------------------------------------------------------------------------ */

static void test_jsonld_article(void **state) {
    (void)state;
    galley_article *a = meta_of(
        "<html><head><title>Other | Site</title>"
        "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@graph\":["
        "{\"@type\":\"WebSite\",\"name\":\"The Daily Site\",\"url\":\"https://daily.example\"},"
        "{\"@type\":[\"NewsArticle\"],\"headline\":\"Bridge reopens after repairs\","
        "\"author\":[{\"@type\":\"Person\",\"name\":\"Jane Doe\"},{\"@type\":\"Person\",\"name\":\"John "
        "Roe\"},"
        "{\"@type\":\"Organization\",\"name\":\"Daily Newsroom\"}],"
        "\"datePublished\":\"2024-05-03T08:00:00+02:00\",\"dateModified\":\"2024-05-04T10:30:00Z\","
        "\"publisher\":{\"@type\":\"Organization\",\"name\":\"Daily Example\"},"
        "\"keywords\":[\"bridges\",\"city, transport\",\"Bridges\"],\"articleSection\":[\"Local\",\"News\"],"
        "\"image\":{\"@type\":\"ImageObject\",\"url\":\"/img/bridge.jpg\"},\"inLanguage\":\"en_gb\","
        "\"description\":\"The old bridge is open "
        "again.\",\"mainEntityOfPage\":{\"@id\":\"https://daily.example/bridge\"},"
        "\"articleBody\":\"The bridge reopened on Friday.\"}]}</script></head><body><p>x</p></body></html>",
        NULL);
    expect_field(a, "title", "Bridge reopens after repairs");
    expect_list(&a->authors, "Jane Doe; John Roe");
    expect_field(a, "published", "2024-05-03T06:00:00Z");
    expect_field(a, "published_raw", "2024-05-03T08:00:00+02:00");
    expect_field(a, "modified", "2024-05-04T10:30:00Z");
    expect_field(a, "site_name", "Daily Example");
    expect_list(&a->tags, "bridges; city; transport");
    expect_field(a, "section", "Local");
    expect_field(a, "url", "https://daily.example/bridge");
    expect_field(a, "image", "https://daily.example/img/bridge.jpg");
    expect_field(a, "lang", "en-GB");
    expect_field(a, "description", "The old bridge is open again.");
    assert_string_equal(article_get_meta(a, "html:articleBody"), "The bridge reopened on Friday.");
    galley_article_free(a);
}

/* Real pages wrap JSON-LD in comments or CDATA and write it loosely. */
static void test_jsonld_tolerant(void **state) {
    (void)state;
    galley_article *a = meta_of("<html><head><script type=\"application/ld+json\"><!--\n"
                                "{\"@type\":\"BlogPosting\",\"headline\":\"Line one\nline two\","
                                "\"author\":\"Ann Poe\",\"datePublished\":\"2021-02-03\",}\n--></script>"
                                "</head><body><p>x</p></body></html>",
                                NULL);
    expect_field(a, "title", "Line one line two");
    expect_list(&a->authors, "Ann Poe");
    expect_field(a, "published", "2021-02-03");
    galley_article_free(a);

    a = meta_of(
        "<html><head><script type=\"application/ld+json\">//<![CDATA[\n"
        "[{\"@type\":\"Organization\",\"name\":\"Org\"},{\"@type\":\"Article\",\"headline\":\"In CDATA\","
        "\"datePublished\":1676551869000,\"author\":{\"@type\":\"Organization\",\"name\":\"Wire Desk\"}},]\n"
        "//]]></script></head><body><p>x</p></body></html>",
        NULL);
    expect_field(a, "title", "In CDATA");
    expect_field(a, "published", "2023-02-16T12:51:09Z");
    expect_list(&a->authors, "Wire Desk"); /* an organization, when no person is named */
    galley_article_free(a);

    /* Not JSON at all: ignored, the other sources still count. */
    a = meta_of("<html><head><script type=\"application/ld+json\">{{{ not json</script>"
                "<meta property=\"og:title\" content=\"From Open Graph\"></head><body></body></html>",
                NULL);
    expect_field(a, "title", "From Open Graph");
    galley_article_free(a);
}

/* A page's JSON-LD name and headline differ: the one <title> shows is the title. */
static void test_jsonld_name_or_headline(void **state) {
    (void)state;
    galley_article *a =
        meta_of("<html><head><title>New Zealand - Encyclopedia</title>"
                "<script type=\"application/ld+json\">{\"@type\":\"Article\",\"name\":\"New Zealand\","
                "\"headline\":\"island country in Oceania\"}</script></head><body></body></html>",
                NULL);
    expect_field(a, "title", "New Zealand");
    galley_article_free(a);
}

/* ---- titles ------------------------------------------------------------------------- */

static void test_title_precedence(void **state) {
    (void)state;
    /* Dublin Core, then Open Graph, then Twitter; property= wins over name=. */
    galley_article *a =
        meta_of("<html><head><title>Element</title>"
                "<meta name=\"twitter:title\" content=\"Twitter\">"
                "<meta name=\"og:title\" content=\"OG by name\">"
                "<meta property=\"og:title\" content=\"OG by property\">"
                "<meta name=\"DC.title\" content=\"DC by name\">"
                "<meta property=\"dc:title\" content=\"DC by property\"></head><body></body></html>",
                NULL);
    expect_field(a, "title", "DC by property");
    galley_article_free(a);

    /* One attribute naming two keys. */
    a = meta_of(
        "<html><head><meta property=\"x:title og:title\" content=\"Shared\"></head><body></body></html>",
        NULL);
    expect_field(a, "title", "Shared");
    galley_article_free(a);

    a = meta_of("<html><head><meta name=\"parsely-title\" content=\"Parsely\"></head><body></body></html>",
                NULL);
    expect_field(a, "title", "Parsely");
    galley_article_free(a);

    /* Empty content is no title. */
    a = meta_of(
        "<html><head><title>Kept</title><meta property=\"og:title\" content=\"\"></head><body></body></html>",
        NULL);
    expect_field(a, "title", "Kept");
    galley_article_free(a);
}

static void test_title_element(void **state) {
    (void)state;
    /* The site's name after a separator goes. */
    galley_article *a =
        meta_of("<html><head><title>Council votes to widen the ring road – Northern Echo</title>"
                "</head><body></body></html>",
                NULL);
    expect_field(a, "title", "Council votes to widen the ring road");
    galley_article_free(a);

    /* ... before one too, when the site is known. */
    a = meta_of("<html><head><title>TechPaper | Chips get smaller again this year</title>"
                "<meta property=\"og:site_name\" content=\"TechPaper\"></head><body></body></html>",
                NULL);
    expect_field(a, "title", "Chips get smaller again this year");
    galley_article_free(a);

    /* An <h1> that <title> holds is the headline. */
    a = meta_of("<html><head><title>Breaking: Storm closes schools | City | Gazette</title></head>"
                "<body><h1>Storm closes schools</h1></body></html>",
                NULL);
    expect_field(a, "title", "Storm closes schools");
    galley_article_free(a);

    /* Too little would be left: the title stays whole. */
    a = meta_of("<html><head><title>Home - Site</title></head><body></body></html>", NULL);
    expect_field(a, "title", "Home - Site");
    galley_article_free(a);

    /* A site name in og:title was written by the publisher: kept. */
    a = meta_of("<html><head><meta property=\"og:title\" content=\"How to plant tulips | Garden Hub\">"
                "<meta property=\"og:site_name\" content=\"Garden Hub\"></head><body></body></html>",
                NULL);
    expect_field(a, "title", "How to plant tulips | Garden Hub");
    galley_article_free(a);
}

/* ---- authors ------------------------------------------------------------------------- */

static void test_authors_meta(void **state) {
    (void)state;
    galley_article *a = meta_of("<html><head><meta name=\"author\" content=\"By Dana Ford, James Corey, "
                                "and Tom Watkins, CNN\"></head><body></body></html>",
                                NULL);
    expect_list(&a->authors, "Dana Ford; James Corey; Tom Watkins");
    galley_article_free(a);

    /* A profile URL is no name; the next source counts. dc:creator comes first. */
    a = meta_of(
        "<html><head><meta property=\"article:author\" content=\"https://www.facebook.com/someone\">"
        "<meta name=\"author\" content=\"Meta Author\"><meta property=\"dc:creator\" content=\"DC Author\">"
        "</head><body></body></html>",
        NULL);
    expect_list(&a->authors, "DC Author");
    galley_article_free(a);

    /* Several <meta> of the same name are several authors; no e-mail. */
    a = meta_of("<html><head><meta name=\"author\" content=\"First Person\"><meta name=\"author\" "
                "content=\"Second Person\"><meta name=\"author\" "
                "content=\"desk@example.com\"></head><body></body></html>",
                NULL);
    expect_list(&a->authors, "First Person; Second Person");
    galley_article_free(a);

    /* An ampersand inside a name is no separator. */
    a = meta_of("<html><head><meta name=\"author\" content=\"Mac &amp; i\"></head><body></body></html>",
                NULL);
    expect_list(&a->authors, "Mac & i");
    galley_article_free(a);
}

static void test_authors_page(void **state) {
    (void)state;
    /* A byline element: "By", the date and the job title go. */
    galley_article *a =
        meta_of("<html><body><nav><span class=\"author\">Nav Person</span></nav>"
                "<article><h1>Headline</h1><div class=\"byline\">By <a href=\"/p/jd\">Jane Doe</a> "
                "<span class=\"author-title\">Games Editor</span> | March 3, 2020</div>"
                "<p>Text.</p></article></body></html>",
                NULL);
    expect_list(&a->authors, "Jane Doe");
    galley_article_free(a);

    /* Microdata: the name inside itemprop=author. */
    a = meta_of(
        "<html><body><aside><span itemprop=\"author\" itemscope><span itemprop=\"name\">Nico Perr</span> — "
        "</span></aside></body></html>",
        NULL);
    expect_list(&a->authors, "Nico Perr");
    galley_article_free(a);

    /* rel=author; the first byline in the page wins over one in a list further down. */
    a = meta_of("<html><body><p class=\"byline\">Von Anna Schmidt und Peter Weber</p><div><a rel=\"author\" "
                "href=\"/x\">Other Writer</a></div></body></html>",
                NULL);
    expect_list(&a->authors, "Anna Schmidt; Peter Weber");
    galley_article_free(a);

    /* "authority" is not "author"; text in a comment section is nobody's byline. */
    a = meta_of("<html><body><div class=\"authority-control\">Authority control</div>"
                "<div class=\"comments\"><span class=\"author\">Commenter</span></div></body></html>",
                NULL);
    expect_list(&a->authors, "");
    galley_article_free(a);

    /* A date glued to a name ends it; "Written by ... Edited by" keeps the writer. */
    a = meta_of("<html><body><div class=\"byline\">by Lucas Nolan22 Dec 2016</div></body></html>", NULL);
    expect_list(&a->authors, "Lucas Nolan");
    galley_article_free(a);
    a = meta_of("<html><body><p class=\"author\">Written by Rob Ewa<br>Edited by Bet Bey</p></body></html>",
                NULL);
    expect_list(&a->authors, "Rob Ewa");
    galley_article_free(a);
}

/* ---- dates ----------------------------------------------------------------------------- */

static void test_dates_meta(void **state) {
    (void)state;
    galley_article *a =
        meta_of("<html><head><meta property=\"article:published_time\" content=\"2019-11-21T09:00:00Z\">"
                "<meta property=\"og:updated_time\" content=\"2019-11-22T10:00:00Z\"></head>"
                "<body></body></html>",
                NULL);
    expect_field(a, "published", "2019-11-21T09:00:00Z");
    expect_field(a, "modified", "2019-11-22T10:00:00Z");
    galley_article_free(a);

    a = meta_of("<html><head><meta name=\"parsely-page\" "
                "content='{\"title\":\"P\",\"pub_date\":\"2014-11-23T16:00:00+04:00\","
                "\"section\":\"markets\",\"tags\":\"a, b\"}'></head><body></body></html>",
                NULL);
    expect_field(a, "title", "P");
    expect_field(a, "published", "2014-11-23T12:00:00Z");
    expect_field(a, "section", "markets");
    expect_list(&a->tags, "a; b");
    galley_article_free(a);

    a = meta_of(
        "<html><head><meta name=\"DC.date.issued\" content=\"2010-02-22\"></head><body></body></html>", NULL);
    expect_field(a, "published", "2010-02-22");
    galley_article_free(a);

    /* microdata and <time pubdate> */
    a = meta_of(
        "<html><body><time itemprop=\"datePublished\" datetime=\"2014-10-09T12:06:16\">9 octobre 2014</time>"
        "</body></html>",
        NULL);
    expect_field(a, "published", "2014-10-09T12:06:16");
    galley_article_free(a);
    a = meta_of("<html><body><time pubdate datetime=\"2013-09-29\">Sept 29</time></body></html>", NULL);
    expect_field(a, "published", "2013-09-29");
    galley_article_free(a);
}

static void test_dates_page(void **state) {
    (void)state;
    /* In the address. */
    galley_article *a =
        meta_of("<html><body><p>x</p></body></html>", "https://news.example/2015/03/18/story.html");
    expect_field(a, "published", "2015-03-18");
    expect_field(a, "published_raw", "2015/03/18");
    galley_article_free(a);
    a = meta_of("<html><body></body></html>", "https://news.example/story-20190520-abc.html");
    expect_field(a, "published", "2019-05-20");
    galley_article_free(a);

    /* Written near the byline, with words around it. */
    a = meta_of(
        "<html><body><div class=\"entry-meta\">Posted on March 25, 2015 by <b>Nate</b></div></body></html>",
        NULL);
    expect_field(a, "published", "2015-03-25");
    expect_field(a, "published_raw", "March 25, 2015");
    galley_article_free(a);

    /* Never invented: no copyright year, no retrieval date of a citation, no fetch
     * date, no "updated" line taken for the publication. */
    a = meta_of("<html><body><p>Story text with 2019 in it.</p>"
                "<cite><span class=\"reference-accessdate\">Retrieved 2016-05-01</span></cite>"
                "<div class=\"article-meta\">Last updated September 14, 2016</div>"
                "<footer class=\"date\">© 2020 Example Media</footer></body></html>",
                "https://news.example/story");
    expect_field(a, "published", NULL);
    galley_article_free(a);
    a = meta_of("<html><body><p>x</p></body></html>", NULL);
    expect_field(a, "published", NULL);
    expect_field(a, "modified", NULL);
    galley_article_free(a);

    /* Today's date in the site's header, before the headline, is not the article's;
     * the one under the headline is. */
    a = meta_of("<html><body><div id=\"date-box\">Mon, 25 Dec 2023</div><h1>Storm hits the coast</h1>"
                "<p>No date here.</p></body></html>",
                NULL);
    expect_field(a, "published", NULL);
    galley_article_free(a);
    a = meta_of("<html><body><div id=\"date-box\">Mon, 25 Dec 2023</div><h1>Storm hits the coast</h1>"
                "<div class=\"article-info\">Max Blum<br>Thu, 14 May 2020 17:55 UTC</div></body></html>",
                NULL);
    expect_field(a, "published", "2020-05-14T17:55:00Z");
    galley_article_free(a);

    /* An impossible date in a URL is none. */
    a = meta_of("<html><body></body></html>", "https://news.example/2015/02/31/story.html");
    expect_field(a, "published", NULL);
    galley_article_free(a);
}

/* ---- site, language, description, image, section, tags --------------------------------- */

static void test_site_and_lang(void **state) {
    (void)state;
    galley_article *a =
        meta_of("<html lang=\"en_us\"><head><meta property=\"og:site_name\" content=\"OG Site\">"
                "<meta property=\"og:locale\" content=\"fr_FR\"></head><body></body></html>",
                NULL);
    expect_field(a, "site_name", "OG Site");
    expect_field(a, "lang", "en-US");
    galley_article_free(a);

    /* No declaration on the element: metadata; else the host names the site. */
    a = meta_of(
        "<html><head><meta http-equiv=\"Content-Language\" content=\"DE, en\"></head><body></body></html>",
        "https://www.zeitung.example.de/politik/a.html");
    expect_field(a, "lang", "de");
    expect_field(a, "site_name", "zeitung.example.de");
    expect_field(a, "url", "https://www.zeitung.example.de/politik/a.html");
    galley_article_free(a);

    a = meta_of("<html><head><meta property=\"og:locale\" content=\"pt_BR\"></head><body></body></html>",
                NULL);
    expect_field(a, "lang", "pt-BR");
    galley_article_free(a);

    /* Junk is no language. */
    a = meta_of("<html lang=\"&lt;script&gt;\"><body></body></html>", NULL);
    expect_field(a, "lang", NULL);
    galley_article_free(a);
}

static void test_other_fields(void **state) {
    (void)state;
    galley_article *a = meta_of("<html><head><link rel=\"canonical\" href=\"/news/a-story\"><link "
                                "rel=\"image_src\" href=\"/i/fallback.png\">"
                                "<meta name=\"description\" content=\"Plain  description\"><meta "
                                "property=\"og:description\" content=\"OG "
                                "description\"><meta name=\"twitter:image\" content=\"//cdn.example/t.jpg\">"
                                "<meta property=\"article:section\" content=\"Science\"><meta "
                                "property=\"article:tag\" content=\"Space\">"
                                "<meta property=\"article:tag\" content=\"Moon, space\"><meta "
                                "name=\"keywords\" content=\"ignored\"></head>"
                                "<body></body></html>",
                                "https://example.org/x?utm=1");
    expect_field(a, "url", "https://example.org/news/a-story");
    expect_field(a, "description", "OG description");
    expect_field(a, "image", "https://cdn.example/t.jpg");
    expect_field(a, "section", "Science");
    expect_list(&a->tags, "Space; Moon");
    galley_article_free(a);

    a = meta_of(
        "<html><head><meta name=\"news_keywords\" content=\"one; two ,three\"></head><body></body></html>",
        NULL);
    expect_list(&a->tags, "one; two; three");
    galley_article_free(a);
}

/* ---- hostile pages ---------------------------------------------------------------------- */

static void test_hostile(void **state) {
    (void)state;
    /* JSON-LD nested far deeper than any article: refused, the page still loads. */
    gbuf b = GBUF_INIT;
    gbuf_puts(&b, "<html><head><title>Deep</title><script type=\"application/ld+json\">");
    for (int i = 0; i < 20000; i++)
        gbuf_puts(&b, "{\"a\":[");
    gbuf_puts(&b, "</script></head><body><p>x</p></body></html>");
    gbuf_putc(&b, '\0');
    galley_article *a = meta_of(b.data, NULL);
    expect_field(a, "title", "Deep");
    galley_article_free(a);
    gbuf_free(&b);

    /* Nesting the parser accepts, with the article at the bottom: found, no stack. */
    gbuf_puts(&b, "<html><head><script type=\"application/ld+json\">");
    for (int i = 0; i < 400; i++)
        gbuf_puts(&b, "[");
    gbuf_puts(&b, "{\"@type\":\"Article\",\"headline\":\"Too deep to matter\"}");
    for (int i = 0; i < 400; i++)
        gbuf_puts(&b, "]");
    gbuf_puts(&b, "</script></head><body></body></html>");
    gbuf_putc(&b, '\0');
    a = meta_of(b.data, NULL);
    expect_field(a, "title", NULL); /* beyond the depth we look at: ignored, not crashed */
    galley_article_free(a);
    gbuf_free(&b);

    /* Huge JSON-LD (8 MB): not read, and quickly. */
    gbuf_puts(&b,
              "<html><head><title>Huge</title><script type=\"application/ld+json\">{\"@type\":\"Article\","
              "\"headline\":\"Huge headline\",\"x\":\"");
    for (int i = 0; i < (8 << 20) / 64; i++)
        gbuf_puts(&b, "0123456789012345678901234567890123456789012345678901234567890123");
    gbuf_puts(&b, "\"}</script></head><body></body></html>");
    gbuf_putc(&b, '\0');
    a = meta_of(b.data, NULL);
    expect_field(a, "title", "Huge");
    galley_article_free(a);
    gbuf_free(&b);

    /* A page nested 10,000 elements deep with its byline at the bottom. */
    gbuf_puts(&b, "<html><body>");
    for (int i = 0; i < 10000; i++)
        gbuf_puts(&b, "<div>");
    gbuf_puts(&b, "<span class=\"byline\">By Deep Writer</span>");
    gbuf_puts(&b, "</body></html>");
    gbuf_putc(&b, '\0');
    a = meta_of(b.data, NULL);
    galley_article_free(a);
    gbuf_free(&b);

    /* Byline-looking elements nested as deep as the walk goes, around 4 MB of text:
     * each is asked for a short text only, so this stays linear. */
    gbuf_puts(&b, "<html><body>");
    for (int i = 0; i < 250; i++)
        gbuf_puts(&b, "<div class=\"meta author dateline\">");
    for (int i = 0; i < 800000; i++)
        gbuf_puts(&b, "word ");
    gbuf_puts(&b, "</body></html>");
    gbuf_putc(&b, '\0');
    a = meta_of(b.data, NULL); /* linear: a quadratic walk here took minutes (no timing asserted) */
    expect_list(&a->authors, "");
    galley_article_free(a);
    gbuf_free(&b);

    /* Invalid UTF-8 in attributes, through the whole loader: every field valid UTF-8. */
    static const char page[] = "<html lang=\"e\xffn\"><head><meta charset=\"utf-8\">"
                               "<meta property=\"og:title\" content=\"Caf\xe9 \xc3\x28 title\">"
                               "<meta name=\"author\" content=\"Jos\xe9 \xff\xfe\">"
                               "<meta property=\"og:site_name\" content=\"\xed\xa0\x80site\"></head>"
                               "<body><p>Some text of the page.</p></body></html>";
    char err[256];
    assert_int_equal(html_article(page, sizeof page - 1, NULL, &a, err, sizeof err), GALLEY_OK);
    for (int f = 0; f < AF_COUNT; f++)
        if (a->field[f]) assert_true(utf8_valid(a->field[f], strlen(a->field[f])));
    for (size_t i = 0; i < a->authors.n; i++)
        assert_true(utf8_valid(a->authors.v[i], strlen(a->authors.v[i])));
    galley_article_free(a);

    /* A page that is only a <meta> soup with no content attributes. */
    a = meta_of("<meta><meta name><meta property=\"og:title\"><link rel><script type=\"application/ld+json\">"
                "</script>",
                NULL);
    expect_field(a, "title", NULL);
    galley_article_free(a);
}

/* ---- fixtures ---------------------------------------------------------------------------- */

typedef struct test_env {
    char root[PATH_MAX];
} test_env;

static void test_fixtures(void **state) {
    const test_env *env = *state;
    check_fixtures(env->root, "html", ".html", MIN_FIXTURES);
}

int main(int argc, char **argv) {
    test_env env;
    find_root(argc > 0 ? argv[0] : ".", env.root, sizeof env.root);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jsonld_article),
        cmocka_unit_test(test_jsonld_tolerant),
        cmocka_unit_test(test_jsonld_name_or_headline),
        cmocka_unit_test(test_title_precedence),
        cmocka_unit_test(test_title_element),
        cmocka_unit_test(test_authors_meta),
        cmocka_unit_test(test_authors_page),
        cmocka_unit_test(test_dates_meta),
        cmocka_unit_test(test_dates_page),
        cmocka_unit_test(test_site_and_lang),
        cmocka_unit_test(test_other_fields),
        cmocka_unit_test(test_hostile),
        cmocka_unit_test_prestate(test_fixtures, &env),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
