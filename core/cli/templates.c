/* templates.c — what `galley plugin new` writes: a starting plugin of each kind, with
 * @NAME@ standing for the plugin's name, and the sample article of its test. Each
 * plugin works as written, so that its test passes before the first edit. */
#include "templates.h"

#include <string.h>

/* How to try a plugin that runs on articles, the same in each of those templates. */
#define TRY_IT_RUN                                                                                            \
    "-- Try it, from the folder holding this file: the first command shows what it does to the\n"            \
    "-- sample, the second checks that against the expectation file beside the sample\n"                     \
    "-- (add --update to rewrite it once you have checked the new output):\n"                                 \
    "--   galley plugin test @NAME@.lua @NAME@.test/sample.txt\n"                                             \
    "--   galley plugin test @NAME@.lua @NAME@.test/sample.txt --expect\n"                                    \
    "--   galley run --plugin @NAME@.lua articles/   (stores the results in galley.db)\n"

static const char template_format[] =
    "-- @NAME@.lua — a format plugin: stores a one-line summary of each article, \"title — site\",\n"
    "-- as its \"summary\" rendition.\n"
    "--\n"
    "-- Options:\n"
    "--   separator = \" — \"   what goes between the title and the site\n"
    "--\n"
    "-- A format plugin renders the article with ctx:emit(format, text), or rewrites its fields\n"
    "-- and blocks. Everything a plugin can use is in docs/plugin-api.md of galley's source.\n"
    "--\n"
    TRY_IT_RUN
    "\n"
    "local plugin = {\n"
    "  name = \"@NAME@\",\n"
    "  kind = \"format\",\n"
    "  version = \"1\", -- bump it when the output changes: galley then renders every article again\n"
    "  description = \"A one-line summary of the article: title — site\",\n"
    "  options = { separator = \" — \" }, -- every option with its default\n"
    "}\n"
    "\n"
    "-- Called once for each new or changed article.\n"
    "function plugin.process(article, ctx)\n"
    "  local parts = { article.title or \"(untitled)\" }\n"
    "  if article.site_name then\n"
    "    parts[#parts + 1] = article.site_name\n"
    "  end\n"
    "  ctx:emit(\"summary\", table.concat(parts, ctx.options.separator))\n"
    "end\n"
    "\n"
    "return plugin\n";

static const char template_categorize[] =
    "-- @NAME@.lua — a categorize plugin: a tiny keyword categorizer. Each label has a few\n"
    "-- words; an article gets the label when they occur in it, with a score that grows with\n"
    "-- the number of matches (1 match: 0.33, 2: 0.5, 4: 0.67, ...).\n"
    "--\n"
    "-- Options:\n"
    "--   scheme    = \"topic\"   the scheme the labels are stored in\n"
    "--   min_score = 0.3       labels scoring less are left out\n"
    "--\n"
    "-- A categorize plugin labels the article with article:categorize(scheme, label, score).\n"
    "-- Everything a plugin can use is in docs/plugin-api.md of galley's source.\n"
    "--\n"
    TRY_IT_RUN
    "\n"
    "local plugin = {\n"
    "  name = \"@NAME@\",\n"
    "  kind = \"categorize\",\n"
    "  version = \"1\", -- bump it when the labels change: galley then labels every article again\n"
    "  description = \"Labels articles from short keyword lists\",\n"
    "  options = { scheme = \"topic\", min_score = 0.3 }, -- every option with its default\n"
    "}\n"
    "\n"
    "-- The labels and their words (lower case), in the order they are tried.\n"
    "local LABELS = {\n"
    "  { label = \"weather\", words = { \"rain\", \"storm\", \"wind\", \"flood\", \"forecast\", \"weather\" "
    "} },\n"
    "  { label = \"sport\", words = { \"match\", \"goal\", \"team\", \"league\", \"coach\", \"season\" } },\n"
    "  { label = \"economy\", words = { \"market\", \"prices\", \"inflation\", \"shares\", \"bank\", "
    "\"trade\" } },\n"
    "}\n"
    "\n"
    "-- How often each word occurs in the title and the body, case-folded.\n"
    "local function word_counts(article)\n"
    "  local text = (article.title or \"\") .. \"\\n\" .. article:text()\n"
    "  local counts = {}\n"
    "  for _, word in ipairs(galley.text.words(galley.text.lower(text))) do\n"
    "    counts[word] = (counts[word] or 0) + 1\n"
    "  end\n"
    "  return counts\n"
    "end\n"
    "\n"
    "local function score(matches)\n"
    "  return matches / (matches + 2)\n"
    "end\n"
    "\n"
    "-- Called once for each new or changed article.\n"
    "function plugin.process(article, ctx)\n"
    "  local counts = word_counts(article)\n"
    "  for _, entry in ipairs(LABELS) do\n"
    "    local matches = 0\n"
    "    for _, word in ipairs(entry.words) do\n"
    "      matches = matches + (counts[word] or 0)\n"
    "    end\n"
    "    if score(matches) >= ctx.options.min_score then\n"
    "      article:categorize(ctx.options.scheme, entry.label, score(matches))\n"
    "    end\n"
    "  end\n"
    "end\n"
    "\n"
    "return plugin\n";

static const char template_filter[] =
    "-- @NAME@.lua — a filter plugin: drops the articles that have fewer than min_words words\n"
    "-- in their body (teasers, empty pages); the plugins after it never see them and they\n"
    "-- are not stored.\n"
    "--\n"
    "-- Options:\n"
    "--   min_words = 50   articles with fewer words are dropped\n"
    "--\n"
    "-- A filter plugin returns false to drop the article; any other value keeps it.\n"
    "-- Everything a plugin can use is in docs/plugin-api.md of galley's source.\n"
    "--\n"
    TRY_IT_RUN
    "\n"
    "local plugin = {\n"
    "  name = \"@NAME@\",\n"
    "  kind = \"filter\",\n"
    "  version = \"1\", -- bump it when the rule changes: galley then looks at every article again\n"
    "  description = \"Drops articles with fewer than min_words words\",\n"
    "  options = { min_words = 50 }, -- every option with its default\n"
    "}\n"
    "\n"
    "-- Called once for each new or changed article.\n"
    "function plugin.process(article, ctx)\n"
    "  local words = #galley.text.words(article:text())\n"
    "  if words < ctx.options.min_words then\n"
    "    ctx:log(\"info\", \"dropped:\", words, \"words, fewer than\", ctx.options.min_words)\n"
    "    return false\n"
    "  end\n"
    "  return true\n"
    "end\n"
    "\n"
    "return plugin\n";

static const char template_export[] =
    "-- @NAME@.lua — an export plugin: writes one line per article, its title, a tab and the\n"
    "-- number of words of its body.\n"
    "--\n"
    "-- Options: none.\n"
    "--\n"
    "-- An export plugin gets every selected article through an iterator and writes files\n"
    "-- with ctx:open(): with no argument the output the user gave (-o FILE, else standard\n"
    "-- output), with a relative path a file inside the output folder (-o FOLDER).\n"
    "-- Everything a plugin can use is in docs/plugin-api.md of galley's source.\n"
    "--\n"
    "-- Try it, from the folder holding this file: the first command shows what it writes for the\n"
    "-- sample, the second checks that against the expectation file beside the sample\n"
    "-- (add --update to rewrite it once you have checked the new output):\n"
    "--   galley plugin test @NAME@.lua @NAME@.test/sample.txt\n"
    "--   galley plugin test @NAME@.lua @NAME@.test/sample.txt --expect\n"
    "--   galley export --plugin @NAME@.lua -o titles.tsv   (after a galley run: from galley.db)\n"
    "\n"
    "local plugin = {\n"
    "  name = \"@NAME@\",\n"
    "  kind = \"export\",\n"
    "  version = \"1\",\n"
    "  description = \"One line per article: title, tab, number of words\",\n"
    "  options = {}, -- every option with its default\n"
    "}\n"
    "\n"
    "-- Called once, with an iterator over the articles.\n"
    "function plugin.export(articles, ctx)\n"
    "  local out <close> = ctx:open() -- closed at the end of the function, even on an error\n"
    "  for article in articles do\n"
    "    local words = #galley.text.words(article:text())\n"
    "    out:write(article.title or \"(untitled)\", \"\\t\", tostring(words), \"\\n\")\n"
    "  end\n"
    "end\n"
    "\n"
    "return plugin\n";

const char template_sample[] =
    "Storm brings heavy rain to the coast\n"
    "\n"
    "A storm moved in from the sea on Tuesday night, bringing heavy rain and strong wind to the coastal "
    "towns. The weather service had issued a flood warning the day before.\n"
    "\n"
    "Forecasters expect the rain to ease by Thursday, but they warned that rivers would stay high through "
    "the weekend. Residents near the harbour were asked to move their cars to higher ground.\n"
    "\n"
    "The town council opened two halls as shelters and said that schools would reopen once the roads were "
    "cleared.\n";

const char *template_for(const char *kind) {
    static const struct {
        const char *kind, *text;
    } templates[] = {{"format", template_format},
                     {"categorize", template_categorize},
                     {"filter", template_filter},
                     {"export", template_export}};
    for (size_t i = 0; i < sizeof templates / sizeof *templates; i++)
        if (strcmp(kind, templates[i].kind) == 0) return templates[i].text;
    return NULL;
}
