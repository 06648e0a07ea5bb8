/* test_feed.c — the feed loader against fixtures/feed/ (RSS 0.9x/1.0/2.0, Atom, JSON
 * Feed, legacy encodings, ill-formed and hostile feeds), and what it must never do: read
 * a file or open a connection for an external entity, or expand entities without bound.
 * Also the repairs it makes to the XML that feeds write (bare "&", HTML entities,
 * "&#X41;", double-encoded UTF-8) and the precedence of repeated elements. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the four above first */
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "article.h"
#include "fixtures.h"
#include "load.h"
#include "util.h"

/* Fixtures with an expectation file: 6 normal feeds, 5 hostile ones. */
#define MIN_FIXTURES 11

typedef struct test_env {
    char root[PATH_MAX];
} test_env;

/* Every article of one load, kept as text (all fields, blocks and meta) so a test can
 * look for what must not be there. */
typedef struct collected {
    gbuf text;
    gbuf langs; /* each article's language ("-": none), followed by ';' */
    int count;
    galley_article *first;
} collected;

static int collect(void *ud, galley_article *a) {
    collected *c = ud;
    for (int f = 0; f < AF_COUNT; f++) {
        if (a->field[f]) gbuf_puts(&c->text, a->field[f]);
        gbuf_putc(&c->text, '\n');
    }
    article_json_strlist(&c->text, &a->authors);
    article_json_strlist(&c->text, &a->tags);
    article_json_blocks(&c->text, a);
    article_json_meta(&c->text, a);
    gbuf_puts(&c->langs, a->field[AF_LANG] ? a->field[AF_LANG] : "-");
    gbuf_putc(&c->langs, ';');
    c->count++;
    if (!c->first) c->first = a;
    else galley_article_free(a);
    return GALLEY_OK;
}

static void collected_free(collected *c) {
    gbuf_free(&c->text);
    gbuf_free(&c->langs);
    galley_article_free(c->first);
}

/* Loads text (a feed in memory) named name; returns the loader's code. */
static int load_text_feed(const char *name, const char *text, collected *c, char *err, size_t errsize) {
    char *copy = strdup(text);
    assert_non_null(copy);
    int rc = load_memory(name, copy, strlen(copy), NULL, NULL, collect, c, NULL, err, errsize);
    free(copy);
    return rc;
}

static void test_fixtures(void **state) {
    test_env *env = *state;
    check_fixtures(env->root, "feed", ".rss .atom .rdf .xml .json", MIN_FIXTURES);
}

/* The hostile fixtures fail alone, fast, naming the file, and nothing of /etc/passwd
 * reaches an article or the message. */
static void test_hostile_fixtures(void **state) {
    test_env *env = *state;
    static const char *const hostile[] = {"xxe-file.rss", "xxe-http.rss", "xxe-parameter.atom", "billion-laughs.xml",
                                          "quadratic-blowup.rss", NULL};
    char *passwd = NULL;
    size_t plen = 0;
    char first_line[128] = "root:";
    if (read_file("/etc/passwd", &passwd, &plen) == 0) {
        size_t n = strcspn(passwd, "\n");
        if (n >= sizeof first_line) n = sizeof first_line - 1;
        memcpy(first_line, passwd, n);
        first_line[n] = '\0';
        free(passwd);
    }
    for (int i = 0; hostile[i]; i++) {
        char path[PATH_MAX + 64], err[1024];
        make_path(path, sizeof path, "%s/fixtures/feed/%s", env->root, hostile[i]);
        collected c = {GBUF_INIT, GBUF_INIT, 0, NULL};
        int rc = load_file(path, NULL, NULL, collect, &c, NULL, NULL, err, sizeof err);
        if (rc != GALLEY_EFORMAT) fail_msg("%s: expected a refusal, got %d (%s)", hostile[i], rc, err);
        if (c.count) fail_msg("%s: %d articles came out of a refused feed", hostile[i], c.count);
        if (!strstr(err, hostile[i]) || !strstr(err, "refused as unsafe XML"))
            fail_msg("%s: the error does not name the file and the reason: %s", hostile[i], err);
        gbuf_putc(&c.text, '\0');
        if (strstr(err, first_line) || strstr(c.text.data, first_line) || strstr(err, "root:x:") ||
            strstr(c.text.data, "root:x:"))
            fail_msg("%s: /etc/passwd leaked", hostile[i]);
        collected_free(&c);
    }
}

/* External entities pointing at a port we listen on: no connection may ever come. */
static void test_no_network(void **state) {
    (void)state;
    int s = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(s >= 0);
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t alen = sizeof addr;
    assert_int_equal(bind(s, (struct sockaddr *)&addr, sizeof addr), 0);
    assert_int_equal(listen(s, 4), 0);
    assert_int_equal(getsockname(s, (struct sockaddr *)&addr, &alen), 0);
    fcntl(s, F_SETFL, O_NONBLOCK);
    unsigned port = ntohs(addr.sin_port);
    static const char *const forms[] = {
        /* a general entity, a parameter entity used in the DTD, an external DTD */
        "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY x SYSTEM \"http://127.0.0.1:%u/g\">]>"
        "<rss><channel><item><title>&x;</title></item></channel></rss>",
        "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY %% p SYSTEM \"http://127.0.0.1:%u/p\"> %%p;]>"
        "<rss><channel><item><title>t</title></item></channel></rss>",
        "<?xml version=\"1.0\"?><!DOCTYPE rss SYSTEM \"http://127.0.0.1:%u/rss.dtd\">"
        "<rss><channel><item><title>t&nbsp;</title></item></channel></rss>",
        NULL};
    for (int i = 0; forms[i]; i++) {
        char text[512], err[1024];
        snprintf(text, sizeof text, forms[i], port);
        collected c = {GBUF_INIT, GBUF_INIT, 0, NULL};
        load_text_feed("probe.rss", text, &c, err, sizeof err);
        collected_free(&c);
        int conn = accept(s, NULL, NULL);
        if (conn >= 0) {
            close(conn);
            fail_msg("form %d: the loader connected to 127.0.0.1:%u", i, port);
        }
        assert_true(errno == EAGAIN || errno == EWOULDBLOCK);
    }
    close(s);
}

/* Entities a feed declares for itself, small and few, are read as declared. */
static void test_internal_entities(void **state) {
    (void)state;
    char err[1024];
    collected c = {GBUF_INIT, GBUF_INIT, 0, NULL};
    int rc = load_text_feed("declared.rss",
                            "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY co \"Acme &amp; Sons\">"
                            "<!ENTITY eacute \"E\">]><rss><channel><title>&co;</title>"
                            "<item><title>Caf&eacute; by &co;</title></item></channel></rss>",
                            &c, err, sizeof err);
    assert_int_equal(rc, GALLEY_OK);
    assert_string_equal(c.first->field[AF_SITE_NAME], "Acme & Sons");
    /* declared in the feed: its own value, not HTML's */
    assert_string_equal(c.first->field[AF_TITLE], "CafE by Acme & Sons");
    assert_null(article_get_meta(c.first, "feed_wellformed"));
    collected_free(&c);
}

/* What feeds write and XML refuses is read as readers read it, and said to be ill-formed. */
static void test_repairs(void **state) {
    (void)state;
    static const struct {
        const char *title, *want;
    } cases[] = {
        {"AT&T &amp; friends", "AT&T & friends"},
        {"Caf&eacute;&nbsp;au lait", "Café au lait"},
        {"&#X41;&#x42;&#67;", "ABC"},
        {"&#226;&#128;&#166; and &#195;&#169;", "… and é"}, /* UTF-8 read as Latin-1 */
        {"It&#146;s", "It’s"},                                 /* Windows-1252 reference */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char text[512], err[1024];
        snprintf(text, sizeof text, "<rss><channel><item><title>%s</title></item></channel></rss>", cases[i].title);
        collected c = {GBUF_INIT, GBUF_INIT, 0, NULL};
        int rc = load_text_feed("repair.rss", text, &c, err, sizeof err);
        if (rc != GALLEY_OK) fail_msg("%s: %s", cases[i].title, err);
        if (strcmp(c.first->field[AF_TITLE], cases[i].want) != 0)
            fail_msg("%s: expected \"%s\", got \"%s\"", cases[i].title, cases[i].want, c.first->field[AF_TITLE]);
        collected_free(&c);
    }
    /* "é" followed by plain text is ordinary Latin text, not mojibake: left alone */
    char err[1024];
    collected c = {GBUF_INIT, GBUF_INIT, 0, NULL};
    assert_int_equal(load_text_feed("latin.rss", "<rss><channel><item><title>&#233;t&#233; &#194;ge</title></item>"
                                                 "</channel></rss>",
                                    &c, err, sizeof err),
                     GALLEY_OK);
    assert_string_equal(c.first->field[AF_TITLE], "été Âge");
    collected_free(&c);
    /* a bare & is a well-formedness error: the items say so */
    collected d = {GBUF_INIT, GBUF_INIT, 0, NULL};
    assert_int_equal(load_text_feed("amp.rss", "<rss><channel><item><title>A&B</title></item></channel></rss>", &d,
                                    err, sizeof err),
                     GALLEY_OK);
    assert_string_equal(article_get_meta(d.first, "feed_wellformed"), "false");
    collected_free(&d);
}

/* Several elements for one date: the better element wins; of one element, the last. */
static void test_date_precedence(void **state) {
    (void)state;
    char err[1024];
    collected c = {GBUF_INIT, GBUF_INIT, 0, NULL};
    assert_int_equal(load_text_feed("dates.atom",
                                    "<feed xmlns='http://www.w3.org/2005/Atom'><entry><id>x</id>"
                                    "<published>Sat, 01 Jan 2010 19:48 GMT</published>"
                                    "<issued>2004-01-01T19:48:21Z</issued><created>2003-01-01</created>"
                                    "<updated>2011-01-01T00:00:00Z</updated><updated>2012-01-01T00:00:00Z</updated>"
                                    "</entry></feed>",
                                    &c, err, sizeof err),
                     GALLEY_OK);
    assert_string_equal(c.first->field[AF_PUBLISHED], "2010-01-01T19:48:00Z");
    assert_string_equal(c.first->field[AF_MODIFIED], "2012-01-01T00:00:00Z");
    collected_free(&c);
    collected d = {GBUF_INIT, GBUF_INIT, 0, NULL};
    assert_int_equal(load_text_feed("dates.rss",
                                    "<rss xmlns:dc='http://purl.org/dc/elements/1.1/'><channel><item><title>t</title>"
                                    "<dc:date>2003-12-31T10:14:55Z</dc:date><pubDate>not a date</pubDate>"
                                    "</item></channel></rss>",
                                    &d, err, sizeof err),
                     GALLEY_OK);
    /* an unreadable pubDate does not hide a readable dc:date */
    assert_string_equal(d.first->field[AF_PUBLISHED], "2003-12-31T10:14:55Z");
    collected_free(&d);
}

/* xml:lang on the content is the article's language; xml:lang="" means none. */
static void test_languages(void **state) {
    (void)state;
    char err[1024];
    collected c = {GBUF_INIT, GBUF_INIT, 0, NULL};
    assert_int_equal(load_text_feed("lang.atom",
                                    "<feed xmlns='http://www.w3.org/2005/Atom' xml:lang='fr'>"
                                    "<entry><id>1</id><content xml:lang='en'>Hello</content></entry>"
                                    "<entry xml:lang=''><id>2</id><content>Hi</content></entry>"
                                    "<entry><id>3</id><content>Salut</content></entry></feed>",
                                    &c, err, sizeof err),
                     GALLEY_OK);
    assert_int_equal(c.count, 3);
    gbuf_putc(&c.langs, '\0');
    assert_string_equal(c.langs.data, "en;-;fr;");
    collected_free(&c);
}

int main(int argc, char **argv) {
    test_env env;
    find_root(argc > 0 ? argv[0] : ".", env.root, sizeof env.root);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_prestate(test_fixtures, &env),
        cmocka_unit_test_prestate(test_hostile_fixtures, &env),
        cmocka_unit_test(test_no_network),
        cmocka_unit_test(test_internal_entities),
        cmocka_unit_test(test_repairs),
        cmocka_unit_test(test_date_precedence),
        cmocka_unit_test(test_languages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
