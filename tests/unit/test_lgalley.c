/* test_lgalley.c — the `galley` module as plugins see it: a real Lua state runs snippets
 * of text, date, html and xml calls and the results are checked here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the four above first */
#include <cmocka.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stdio.h>
#include <string.h>

#include "lua/bridge.h"

/* A text of 60 words, another on a different subject, and the first with one word changed. */
#define FARM_TEXT                                                                                            \
    "The quick brown fox jumps over the lazy dog near the river bank while the farmer watches from his old " \
    "wooden porch and drinks coffee in the early morning light before heading to the fields to check on "    \
    "the "                                                                                                   \
    "corn and the wheat that he planted in the spring with his two sons who came home from the city"
#define MARKET_TEXT                                                                                          \
    "Stock markets in Asia fell sharply on Monday as investors worried about rising interest rates and "     \
    "slowing "                                                                                               \
    "growth in China, with the Nikkei index down three percent and Hong Kong shares losing more than two "   \
    "percent by the close of trading according to analysts in Tokyo and Singapore who expect more "          \
    "volatility"

static int setup(void **state) {
    lua_State *L = luaL_newstate();
    assert_non_null(L);
    luaL_openlibs(L);
    luaopen_galley(L);
    lua_setglobal(L, "galley");
    *state = L;
    return 0;
}

static int teardown(void **state) {
    lua_close(*state);
    return 0;
}

/* Evaluates the Lua expression expr and leaves its value on the stack; a Lua error fails
 * the test with the message. */
static void eval(lua_State *L, const char *expr) {
    lua_settop(L, 0);
    lua_pushfstring(L, "return %s", expr);
    int rc = luaL_loadstring(L, lua_tostring(L, -1));
    lua_remove(L, 1);
    if (rc != LUA_OK || lua_pcall(L, 0, 1, 0) != LUA_OK) fail_msg("%s raised: %s", expr, lua_tostring(L, -1));
}

/* Checks that expr is true. */
static void expect_true(lua_State *L, const char *expr) {
    eval(L, expr);
    if (!lua_toboolean(L, -1)) fail_msg("not true: %s", expr);
    assert_true(lua_toboolean(L, -1));
}

/* Checks that expr is the string want (NULL: nil). */
static void expect_str(lua_State *L, const char *expr, const char *want) {
    eval(L, expr);
    if (!want) {
        if (!lua_isnil(L, -1)) fail_msg("%s: got '%s', want nil", expr, luaL_tolstring(L, -1, NULL));
        assert_true(lua_isnil(L, -1));
        return;
    }
    if (lua_type(L, -1) != LUA_TSTRING || strcmp(lua_tostring(L, -1), want) != 0)
        fail_msg("%s:\n  got  '%s'\n  want '%s'", expr, luaL_tolstring(L, -1, NULL), want);
    assert_string_equal(lua_tostring(L, -1), want);
}

/* Checks that expr is the integer want. */
static void expect_int(lua_State *L, const char *expr, long long want) {
    eval(L, expr);
    if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) != want)
        fail_msg("%s: got %s, want %lld", expr, luaL_tolstring(L, -1, NULL), want);
    assert_int_equal(lua_tointeger(L, -1), want);
}

/* Checks that expr is an array of exactly the strings in want (NULL-terminated). */
static void expect_list(lua_State *L, const char *expr, const char *const *want) {
    eval(L, expr);
    if (!lua_istable(L, -1)) fail_msg("%s: got a %s, want a table", expr, luaL_typename(L, -1));
    lua_Integer n = (lua_Integer)lua_rawlen(L, 1), i = 0;
    for (; want[i]; i++) {
        lua_rawgeti(L, 1, i + 1);
        const char *got = lua_tostring(L, -1);
        if (!got || strcmp(got, want[i]) != 0)
            fail_msg("%s: item %lld:\n  got  '%s'\n  want '%s'", expr, (long long)i + 1, got ? got : "(none)",
                     want[i]);
        lua_pop(L, 1);
    }
    if (n != i) fail_msg("%s: %lld items, want %lld", expr, (long long)n, (long long)i);
    assert_int_equal(n, i);
}

#define LIST(...) ((const char *const[]){__VA_ARGS__, NULL})

/* Checks that running code raises an error whose message contains want. */
static void expect_error(lua_State *L, const char *code, const char *want) {
    lua_settop(L, 0);
    if (luaL_loadstring(L, code) != LUA_OK) fail_msg("%s: %s", code, lua_tostring(L, -1));
    int rc = lua_pcall(L, 0, 0, 0);
    if (rc == LUA_OK) fail_msg("%s: no error, want one with '%s'", code, want);
    const char *msg = lua_tostring(L, -1);
    if (!msg || !strstr(msg, want))
        fail_msg("%s:\n  error '%s'\n  want  '%s'", code, msg ? msg : "(none)", want);
    assert_non_null(strstr(msg, want));
}

/* ---- sentences ---------------------------------------------------------------------- */

static void test_sentences_english(void **state) {
    lua_State *L = *state;
    expect_list(L, "galley.text.sentences('Hello world. How are you? Fine!')",
                LIST("Hello world.", "How are you?", "Fine!"));
    expect_list(L, "galley.text.sentences('Mr. Smith met Dr. Jones at St. Paul\\'s. They talked.')",
                LIST("Mr. Smith met Dr. Jones at St. Paul's.", "They talked."));
    expect_list(L, "galley.text.sentences('The rate rose to 3.14 percent. Analysts were surprised.')",
                LIST("The rate rose to 3.14 percent.", "Analysts were surprised."));
    expect_list(
        L, "galley.text.sentences('J. K. Rowling moved to the U.S. in 2001. Fruit, e.g. apples, i.e. food.')",
        LIST("J. K. Rowling moved to the U.S. in 2001.", "Fruit, e.g. apples, i.e. food."));
    expect_list(L, "galley.text.sentences('He bought pears, etc. Then he left.')",
                LIST("He bought pears, etc.", "Then he left."));
    expect_list(
        L, "galley.text.sentences('See No. 10 on Oct. 5. The answer was no. We left in Oct. It rained.')",
        LIST("See No. 10 on Oct. 5.", "The answer was no.", "We left in Oct.", "It rained."));
    expect_list(
        L, "galley.text.sentences('\"Really?\" he asked. She said \\u{201C}Stop.\\u{201D} Then she left.')",
        LIST("\"Really?\" he asked.", "She said \u201CStop.\u201D", "Then she left."));
    expect_list(L, "galley.text.sentences('Wait... what? He waited\\u{2026} Nothing came.')",
                LIST("Wait... what?", "He waited\u2026", "Nothing came."));
    expect_list(L, "galley.text.sentences('(It was late.) We went home!!! Why?!')",
                LIST("(It was late.)", "We went home!!!", "Why?!"));
    expect_list(L, "galley.text.sentences('Title without a stop\\n\\nBody\\n  text.  ')",
                LIST("Title without a stop", "Body text."));
    expect_list(L, "galley.text.sentences('')", LIST(NULL));
    expect_list(L, "galley.text.sentences('  no terminator')", LIST("no terminator"));
}

static void test_sentences_other_scripts(void **state) {
    lua_State *L = *state;
    expect_list(L, "galley.text.sentences('هل أنت بخير؟ نعم، أنا بخير. شكرا لك')",
                LIST("هل أنت بخير؟", "نعم، أنا بخير.", "شكرا لك"));
    expect_list(L, "galley.text.sentences('وصل الوفد ۔ بدأ الاجتماع')", LIST("وصل الوفد ۔", "بدأ الاجتماع"));
    expect_list(L, "galley.text.sentences('Привет. Как дела? А. С. Пушкин родился в 1799 г. в Москве. Всё!')",
                LIST("Привет.", "Как дела?", "А. С. Пушкин родился в 1799 г. в Москве.", "Всё!"));
    expect_list(L, "galley.text.sentences('你好。我很好！你呢？「好。」然后')",
                LIST("你好。", "我很好！", "你呢？", "「好。」", "然后"));
    /* Invalid UTF-8 reads as U+FFFD, and every sentence is valid UTF-8. */
    expect_true(L, "(function() local s = galley.text.sentences('Bad \\xff\\xfe bytes. Next one.')"
                   " return #s == 2 and utf8.len(s[1]) ~= nil and s[1]:find('\\u{FFFD}') ~= nil end)()");
}

/* ---- stem, stop words ------------------------------------------------------------ */

static void test_stem(void **state) {
    lua_State *L = *state;
    expect_str(L, "galley.text.stem('running', 'en')", "run");
    expect_str(L, "galley.text.stem('categories', 'english')", "categori");
    expect_str(L, "galley.text.stem('Running', 'en-GB')", "run");
    expect_str(L, "galley.text.stem('книги', 'ru')", "книг");
    expect_str(L, "galley.text.stem('Столами', 'russian')", "стол");
    expect_str(L, "galley.text.stem('المكتبات', 'ar')", "مكتب");
    expect_str(L, "galley.text.stem('nationales', 'fr')", "national");
    expect_str(L, "galley.text.stem('Häuser', 'de')", "haus");
    expect_str(L, "galley.text.stem('', 'en')", "");
    expect_list(L, "galley.text.stem({'Jumping', 'cats', 'happily'}, 'EN')", LIST("jump", "cat", "happili"));
    /* The stemmer is cached: many calls in one state, then freed with it. */
    expect_true(L, "(function() for i = 1, 200 do assert(galley.text.stem('walking', 'en') == 'walk')"
                   " assert(galley.text.stem('walked', 'sv') ~= nil) end return true end)()");
    expect_true(L, "utf8.len(galley.text.stem('caf\\xe9s', 'fr')) ~= nil");
}

static void test_stopwords(void **state) {
    lua_State *L = *state;
    expect_true(L, "galley.text.is_stopword('the', 'en')");
    expect_true(L, "galley.text.is_stopword('The', 'english')");
    expect_true(L, "galley.text.is_stopword('don\\u{2019}t', 'en')");
    expect_true(L, "not galley.text.is_stopword('parliament', 'en')");
    expect_true(L, "galley.text.is_stopword('и', 'ru') and galley.text.is_stopword('в', 'ru')");
    expect_true(L, "galley.text.is_stopword('في', 'ar') and galley.text.is_stopword('على', 'ar')");
    expect_true(L, "galley.text.is_stopword('les', 'fr') and galley.text.is_stopword('und', 'de')");
    expect_true(L, "galley.text.is_stopword('los', 'es') and galley.text.is_stopword('della', 'it')");
    expect_true(L, "galley.text.is_stopword('não', 'pt') and galley.text.is_stopword('het', 'nl')");
    expect_true(L, "(function() local n = 0 for w, v in pairs(galley.text.stopwords('en')) do"
                   " assert(v == true and w == galley.text.lower(w)) n = n + 1 end return n >= 150 end)()");
    expect_true(L, "next(galley.text.stopwords('xx')) == nil and not galley.text.is_stopword('the', 'xx')");
    /* stopwords() hands out a copy: changing it changes nothing else. */
    expect_true(L,
                "(function() local s = galley.text.stopwords('en') s.the = nil s.parliament = true"
                " return galley.text.is_stopword('the', 'en') and not galley.text.is_stopword('parliament',"
                " 'en') and galley.text.stopwords('en').the end)()");
}

/* ---- n-grams, simhash ------------------------------------------------------------ */

static void test_ngrams(void **state) {
    lua_State *L = *state;
    expect_list(L, "galley.text.ngrams({'a', 'b', 'c', 'd'}, 2)", LIST("a b", "b c", "c d"));
    expect_list(L, "galley.text.ngrams({'a', 'b', 'c'}, 3)", LIST("a b c"));
    expect_list(L, "galley.text.ngrams({'a', 'b'}, 1)", LIST("a", "b"));
    expect_list(L, "galley.text.ngrams({'a'}, 2)", LIST(NULL));
    expect_list(L, "galley.text.ngrams({}, 2)", LIST(NULL));
    expect_list(L, "galley.text.ngrams({'a', 'b'}, math.maxinteger)", LIST(NULL));
    expect_list(L, "galley.text.shingles('The Cat sat, on the MAT.', 3)",
                LIST("the cat sat", "cat sat on", "sat on the", "on the mat"));
    expect_list(L, "galley.text.shingles('Straße nach Köln', 2)", LIST("strasse nach", "nach köln"));
}

static void test_simhash(void **state) {
    lua_State *L = *state;
    lua_pushstring(L, FARM_TEXT);
    lua_setglobal(L, "farm");
    lua_pushstring(L, MARKET_TEXT);
    lua_setglobal(L, "market");
    expect_true(L, "#galley.text.simhash(farm) == 16 and galley.text.simhash(farm):match('^%x+$') ~= nil");
    expect_true(L, "galley.text.simhash(farm) == galley.text.simhash(farm)");
    expect_true(L, "galley.text.simhash(farm) == galley.text.simhash(farm:upper())");
    expect_true(L, "galley.text.hamming(galley.text.simhash(farm),"
                   " galley.text.simhash((farm:gsub('coffee', 'tea')))) < 10");
    expect_true(L, "galley.text.hamming(galley.text.simhash(farm), galley.text.simhash(market)) > 20");
    expect_true(L, "galley.text.hamming(galley.text.simhash('the war in Iraq goes on and on this year'),"
                   " galley.text.simhash('the war in Syria goes on and on this year')) < 10");
    expect_str(L, "galley.text.simhash('')", "0000000000000000");
    expect_true(L, "galley.text.simhash({'a', 'b', 'c'}) == galley.text.simhash({'A', 'B', 'C'})");
    expect_int(L, "galley.text.hamming('0000000000000000', 'FFFFFFFFFFFFFFFF')", 64);
    expect_int(L, "galley.text.hamming('00000000000000f0', '0000000000000011')", 4);
    expect_true(L, "#galley.text.simhash('\\xff\\xfe\\x80 x') == 16");
}

/* ---- date ---------------------------------------------------------------------------- */

static void test_date_parse_format(void **state) {
    lua_State *L = *state;
    expect_str(L, "galley.date.parse('Friday, 14 July 2017 06:24 PM')", "2017-07-14T18:24:00");
    expect_str(L, "galley.date.parse('Fri, 14 Jul 2017 18:24:00 +0300')", "2017-07-14T15:24:00Z");
    expect_str(L, "galley.date.parse('not a date')", NULL);
    expect_str(L, "galley.date.parse('2017-07-14\\0junk')", NULL);
    expect_str(L, "galley.date.format(1500056640)", "2017-07-14T18:24:00Z");
    expect_str(L, "galley.date.format(1500056640, false)", "2017-07-14");
    expect_str(L, "galley.date.format(0)", "1970-01-01T00:00:00Z");
    expect_str(L, "galley.date.format(-1)", "1969-12-31T23:59:59Z");
    expect_str(L, "galley.date.format(1514764799)", "2017-12-31T23:59:59Z");
    expect_str(L, "galley.date.format(1514764800)", "2018-01-01T00:00:00Z");
    expect_str(L, "galley.date.format({year = 2016, month = 2, day = 29})", "2016-02-29");
    expect_str(L, "galley.date.format({year = 2017, month = 2, day = 29})", "2017-03-01");
    expect_str(L, "galley.date.format({year = 2017, month = 7, day = 14, hour = 18, min = 24})",
               "2017-07-14T18:24:00Z");
    expect_str(L, "galley.date.format({year = 2017, month = 12, day = 31, hour = 23, min = 59, sec = 60})",
               "2018-01-01T00:00:00Z");
    expect_str(L, "galley.date.format({year = 2017, month = 13, day = 1}, true)", "2018-01-01T00:00:00Z");
    expect_str(L, "galley.date.format(os.date('!*t', 951825600))", "2000-02-29T12:00:00Z");
}

static void test_date_compare_to_time(void **state) {
    lua_State *L = *state;
    expect_int(L, "galley.date.compare('2017-07-14', '2017-07-15')", -1);
    expect_int(L, "galley.date.compare('2017-07-14T18:24:00Z', '2017-07-14T18:24:00Z')", 0);
    expect_int(L, "galley.date.compare('2017-07-14T18:24:00+03:00', '2017-07-14T15:24:00Z')", 0);
    expect_int(L, "galley.date.compare('2017-07-14T18:24:01', '2017-07-14T18:24:00Z')", 1);
    expect_int(L, "galley.date.compare('2017-07-14', '2017-07-14T23:59:59Z')", 0);
    expect_int(L, "galley.date.compare('2018-01-01T01:00:00+02:00', '2018-01-01')", -1);
    expect_int(L, "galley.date.compare('2016-02-29', '2016-03-01')", -1);
    expect_int(L, "galley.date.compare('2017-07-14T18:24:00.5Z', '2017-07-14T18:24:00.25Z')", 1);
    expect_int(L, "galley.date.to_time('1970-01-01')", 0);
    expect_int(L, "galley.date.to_time('2016-02-29')", 1456704000);
    expect_int(L, "galley.date.to_time('2017-12-31T23:59:59Z')", 1514764799);
    expect_int(L, "galley.date.to_time('2017-12-31T23:59:59-01:00')", 1514768399);
    expect_int(L, "galley.date.to_time('2100-03-01')", 4107542400LL);
    expect_int(L, "galley.date.to_time('14 July 2017')", 1499990400);
    expect_true(
        L, "(function() for _, t in ipairs({0, 951825600, 1456790399, 1514764800, -86401, 4107542400}) do"
           " assert(galley.date.to_time(galley.date.format(t)) == t, t) end return true end)()");
    expect_true(
        L, "galley.date.to_time('2017-02-29') == nil and galley.date.to_time('2017-07-14T25:00') == nil");
    expect_true(L, "galley.date.to_time('') == nil and galley.date.to_time('2017-07-14T18:24+03:') == nil");
}

/* ---- html, xml ---------------------------------------------------------------------- */

static void test_html_strip(void **state) {
    lua_State *L = *state;
    expect_str(L, "galley.html.strip('<div><p>One <em>two <strong>three</strong></em></p><p>Four</p></div>')",
               "One two three\n\nFour");
    expect_str(L, "galley.html.strip('<p>Hel<b>lo</b>\\n   world</p>')", "Hello world");
    expect_str(L, "galley.html.strip('a<br>b<br/><br>c')", "a\nb\n\nc");
    expect_str(L, "galley.html.strip('<ul><li>one</li><li>two</li></ul><h2>Next</h2>')", "one\ntwo\n\nNext");
    expect_str(L, "galley.html.strip('<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>')",
               "a b\nc");
    expect_str(
        L,
        "galley.html.strip('x<script>var s = \"</p>\";</script>y<style>p{}</style>z<noscript>n</noscript>')",
        "xyz");
    expect_str(L, "galley.html.strip('<SCRIPT type=x>a < b</Script >ok<script>never closed')", "ok");
    expect_str(L, "galley.html.strip('<head><title>T</title></head><body>Body</body>')", "Body");
    expect_str(L, "galley.html.strip('a<!-- <p>hidden</p> -->b<!---->c<!-- never closed')", "abc");
    expect_str(
        L,
        "galley.html.strip('Tom &amp; Jerry &lt;3 &quot;x&quot; &apos;y&apos; caf&eacute; &copy; &euro;5 "
        "&hellip; &mdash; &#233; &#xE9; &#X1F600; &#150; &#0; &nbsp;end')",
        "Tom & Jerry <3 \"x\" 'y' café © €5 … — é é 😀 – \uFFFD end");
    expect_str(L, "galley.html.strip('AT&T & co &bogus; &amp &#; a < b > c')",
               "AT&T & co &bogus; &amp &#; a < b > c");
    expect_str(L, "galley.html.strip('<p>unclosed <b>bold <i>text')", "unclosed bold text");
    expect_str(L, "galley.html.strip('<p title=\"a > b\">quoted</p><a href=x>link</a> <img src=y alt=z>')",
               "quoted\n\nlink");
    expect_str(L, "galley.html.strip('text <a href=\"never')", "text <a href=\"never");
    expect_str(L, "galley.html.strip('<pre>line 1\\n  line 2</pre>after')", "line 1\nline 2\n\nafter");
    expect_str(L, "galley.html.strip('<![CDATA[kept <b>]]><!DOCTYPE html><?php x ?>')", "kept <b>");
    expect_str(L, "galley.html.strip('   ')", "");
    expect_str(L, "galley.html.strip('bad \\xff<p>\\xc3</p>nul\\0x\\x01')", "bad \uFFFD\n\n\uFFFD\n\nnulx");
    expect_true(L, "utf8.len(galley.html.strip(('\\xe2\\x82<p>'):rep(50))) ~= nil");
}

static void test_xml_and_unescape(void **state) {
    lua_State *L = *state;
    expect_str(L,
               "galley.xml.strip('<?xml version=\"1.0\"?><r><a>fish &amp; chips &#65;&#x42;</a>"
               "<b><![CDATA[<raw> &amp;]]></b></r>')",
               "fish & chips AB<raw> &amp;");
    expect_str(L, "galley.xml.strip('<r>\\n  <p>one</p>\\n  <p>two</p>\\n</r>')", "one\ntwo");
    expect_str(L, "galley.xml.strip('<r>&eacute; &lt; &gt; &quot; &apos;</r>')", "&eacute; < > \" '");
    expect_str(L, "galley.xml.strip('<p>a</p><script>b</script>')", "ab");
    expect_str(L, "galley.html.unescape('a &amp; b &lt;x&gt; &bogus; & &#39 &rsquo;')",
               "a & b <x> &bogus; & ' \u2019");
    expect_str(L, "galley.html.unescape('&nbsp;<p>\\n</p>')", "\u00A0<p>\n</p>");
    expect_str(L, "galley.html.unescape('\\xff')", "\uFFFD");
    /* The functions that were there before keep their behaviour. */
    expect_str(L, "galley.html.escape('<a href=\"x\">&</a>')", "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
    expect_str(L, "galley.text.slug('Iran-backed IMIS can be another ISIS')",
               "iran-backed-imis-can-be-another-isis");
    expect_str(L, "galley.text.lower('Straße')", "strasse");
    expect_str(L, "table.concat(galley.text.words(\"Iran's IMIS, 2017\"), '|')", "Iran's|IMIS|2017");
}

/* ---- errors ------------------------------------------------------------------------- */

static void test_errors(void **state) {
    lua_State *L = *state;
    expect_error(L, "galley.text.sentences(nil)", "bad argument #1");
    expect_error(L, "galley.text.stem('word', 'klingon')", "unknown language 'klingon' (known: arabic (ar)");
    expect_error(L, "galley.text.stem('word')", "bad argument #2");
    expect_error(L, "galley.text.stem(true, 'en')", "string or array of strings expected");
    expect_error(L, "galley.text.stem({'ok', {}}, 'en')", "item 2 of the array is a table");
    expect_error(L, "galley.text.stopwords()", "bad argument #1");
    expect_error(L, "galley.text.is_stopword({}, 'en')", "bad argument #1");
    expect_error(L, "galley.text.ngrams('a b', 2)", "table expected");
    expect_error(L, "galley.text.ngrams({'a'}, 0)", "n must be at least 1");
    expect_error(L, "galley.text.ngrams({'a', false}, 1)", "item 2 of the array is a boolean");
    expect_error(L, "galley.text.shingles('a b')", "bad argument #2");
    expect_error(L, "galley.text.simhash(nil)", "string or array of strings expected");
    expect_error(L, "galley.text.hamming('xyz', '0000000000000000')", "16 hex digits");
    expect_error(L, "galley.text.hamming('0000000000000000', '000000000000000g')", "bad argument #2");
    expect_error(L, "galley.date.parse()", "bad argument #1");
    expect_error(L, "galley.date.format('2017')", "os.time() integer or date table expected");
    expect_error(L, "galley.date.format(1.5)", "number has no integer representation");
    expect_error(L, "galley.date.format({year = 2017})", "field 'month' missing");
    expect_error(L, "galley.date.format({year = 2017, month = 1, day = 1.5})",
                 "field 'day' is not an integer");
    expect_error(L, "galley.date.format(1, 'yes')", "boolean expected");
    expect_error(L, "galley.date.format(1e15)", "time out of range");
    expect_error(L, "galley.date.format({year = 10000, month = 1, day = 1})", "outside 0-9999");
    expect_error(L, "galley.date.compare('2017-07-14', 'yesterday-ish')", "not a date: 'yesterday-ish'");
    expect_error(L, "galley.date.compare('2017-02-29', '2017-03-01')", "bad argument #1");
    expect_error(L, "galley.date.to_time(42 > 1)", "bad argument #1");
    expect_error(L, "galley.html.strip({})", "bad argument #1");
    expect_error(L, "galley.html.unescape()", "bad argument #1");
    expect_error(L, "galley.xml.strip(nil)", "bad argument #1");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_sentences_english, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sentences_other_scripts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stem, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stopwords, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ngrams, setup, teardown),
        cmocka_unit_test_setup_teardown(test_simhash, setup, teardown),
        cmocka_unit_test_setup_teardown(test_date_parse_format, setup, teardown),
        cmocka_unit_test_setup_teardown(test_date_compare_to_time, setup, teardown),
        cmocka_unit_test_setup_teardown(test_html_strip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_xml_and_unescape, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
