-- tests/plugins/test_keywords.lua — categorize/keywords: tokenizing, matching rules and
-- scoring on small taxonomies, the default taxonomy's coverage, and the seed article
-- through process() with a fake article.
-- Run from the repository root: lua5.4 tests/plugins/test_keywords.lua

local t = dofile("tests/plugins/harness.lua")
t.plugin_path("plugins/categorize")
local keywords = dofile("plugins/categorize/keywords.lua")
local news = require("taxonomy.news")

local score, pick = keywords.score, keywords.pick

-- The labels of one scheme's results, in order, as "a b c".
local function labels(ranked)
  local out = {}
  for i, entry in ipairs(ranked) do
    out[i] = entry.label
  end
  return table.concat(out, " ")
end

local function raw_of(ranked, label)
  for _, entry in ipairs(ranked) do
    if entry.label == label then
      return entry.raw
    end
  end
  return 0
end

local function score_of(ranked, label)
  for _, entry in ipairs(ranked) do
    if entry.label == label then
      return entry.score
    end
  end
  return 0
end

local function topics(terms_by_label)
  local scheme = {}
  for label, terms in pairs(terms_by_label) do
    scheme[label] = terms
  end
  return { topic = scheme }
end

local TOPIC = { schemes = { "topic" }, calibration = false }

-- The plugin table -------------------------------------------------------------------

t.ok(keywords.kind == "categorize" and keywords.name == "keywords"
  and type(keywords.version) == "string", "plugin table: name, kind, version")
t.ok(keywords.options.taxonomy == "taxonomy.news" and keywords.options.min_score == 0.2
  and keywords.options.top_k.topic == 3 and keywords.options.top_k.place == 5
  and keywords.options.title_weight == 3 and keywords.options.lead_weight == 1.5,
  "default options")

-- Tokens -----------------------------------------------------------------------------

local function keys(text)
  local out = {}
  for i, token in ipairs(keywords.tokenize(text)) do
    out[i] = token.key
  end
  return table.concat(out, " ")
end

t.equal(keys("Iraq's Iran-backed militias"), "iraq iran backed militias",
  "possessives dropped, hyphens split")
t.equal(keys("Iraq\u{2019}s forces \u{2014} al\u{2013}Maliki"), "iraq forces al maliki",
  "typographic apostrophe and dashes folded")
t.equal(keywords.tokenize("the U.S. army")[2].exact, "US", "dots dropped in abbreviations")
t.equal(keywords.tokenize("US TROOPS LEAVE")[1].exact, nil,
  "a shouted text gives no exact-case tokens")

-- Matching ---------------------------------------------------------------------------

local tax = topics({
  conflict = { terms = { [3] = { "war", "militia*" } } },
  business = { terms = { [3] = { "trade war" }, [2] = { "market" } } },
  politics = { terms = { [2] = { "market" }, [3] = { "US" } } },
  neutral = { terms = { [0] = { "market day" }, [1] = { "day" } } },
  crime = { terms = { [3] = { "police" } }, negative = { [2] = { "police band" } } },
})

local r = score({ body = "A trade war began." }, tax, TOPIC).topic
t.equal(labels(r), "business", "the longest term wins: 'trade war' hides 'war'")
r = score({ body = "War, war and trade war." }, tax, TOPIC).topic
t.ok(raw_of(r, "conflict") == 6 and raw_of(r, "business") == 3, "each match counts once",
  labels(r))
r = score({ body = "The market rose." }, tax, TOPIC).topic
t.ok(raw_of(r, "business") == 2 and raw_of(r, "politics") == 2,
  "a term shared by two labels counts for both")
r = score({ body = "Militias and a militiaman; not militants." }, tax, TOPIC).topic
t.equal(raw_of(r, "conflict"), 6, "a word* term matches every word starting so")
r = score({ body = "The US said the U.S. would help us." }, tax, TOPIC).topic
t.equal(raw_of(r, "politics"), 6, "a capitals term matches US and U.S., not 'us'")
r = score({ title = "US SAYS NO", body = "Nothing." }, tax, TOPIC).topic
t.equal(raw_of(r, "politics"), 0, "a capitals term does not match a shouted title")
r = score({ body = "It was market day. Another day." }, tax, TOPIC).topic
t.ok(raw_of(r, "neutral") == 1 and raw_of(r, "business") == 0,
  "a weight-0 phrase consumes its words and scores nothing", labels(r))
r = score({ body = "The police band played; police came." }, tax, TOPIC).topic
t.ok(raw_of(r, "crime") == 1, "a negative term subtracts its weight", raw_of(r, "crime"))
r = score({ body = "The police band played." }, tax, TOPIC).topic
t.equal(labels(r), "", "a label whose evidence is not positive is not listed")
r = score({ body = { "a trade", "war" } }, tax, TOPIC).topic
t.equal(labels(r), "conflict", "a phrase does not span two strings of a part")

-- Scoring ----------------------------------------------------------------------------

local function filler(n)
  local words = {}
  for i = 1, n do
    words[i] = "lorem"
  end
  return table.concat(words, " ")
end

local in_title = score({ title = "war", body = filler(50) }, tax, TOPIC).topic
local in_lead = score({ lead = "war", body = filler(50) }, tax, TOPIC).topic
local in_body = score({ body = "war " .. filler(50) }, tax, TOPIC).topic
t.ok(raw_of(in_title, "conflict") == 9 and raw_of(in_lead, "conflict") == 4.5
  and raw_of(in_body, "conflict") == 3, "title x3, lead x1.5, body x1")
local heavier = score({ title = "war", body = filler(50) }, tax,
  { schemes = { "topic" }, title_weight = 10, calibration = false }).topic
t.equal(raw_of(heavier, "conflict"), 30, "title_weight is an option")

local short = score({ body = "war " .. filler(100) }, tax, TOPIC).topic
local diluted = score({ body = "war " .. filler(1000) }, tax, TOPIC).topic
t.ok(score_of(diluted, "conflict") < score_of(short, "conflict") / 2,
  "the same evidence in a longer text scores lower")

local function repeated(times)
  local parts = {}
  for i = 1, times do
    parts[i] = "war " .. filler(99)
  end
  return score({ body = table.concat(parts, " ") }, tax, TOPIC).topic
end
local x10, x100 = score_of(repeated(10), "conflict"), score_of(repeated(100), "conflict")
t.ok(x100 - x10 < 0.1, ("a long text does not win by its length (%.3f vs %.3f)"):format(x10, x100))

r = score({ body = string.rep("war militia trade war market ", 200) }, tax, TOPIC).topic
local bounded, ordered = true, true
for i, entry in ipairs(r) do
  bounded = bounded and entry.score > 0 and entry.score < 1
  ordered = ordered and (i == 1 or r[i - 1].score >= entry.score)
end
t.ok(bounded and ordered, "scores are in (0, 1), best first")
r = score({ body = "The market." }, tax, TOPIC).topic
t.equal(labels(r), "business politics", "equal scores are ordered by label")
t.ok(score({}, tax, TOPIC).topic[1] == nil, "no text, no labels")

-- Taxonomy errors --------------------------------------------------------------------

t.raises(function()
  score({ body = "x" }, topics({ a = { terms = { [1] = { "Iraq", "iraq" } } } }), TOPIC)
end, "listed twice", "a term listed twice in a label is an error")
t.raises(function()
  score({ body = "x" }, topics({ a = { terms = { x = "heavy" } } }), TOPIC)
end, "taxonomy: topic/a", "a malformed term table names the label")
t.raises(function()
  score({ body = "x" }, topics({ a = {} }), TOPIC)
end, "needs a terms table", "a label without terms is an error")
t.raises(function()
  score({ body = "x" }, tax, { schemes = { "colour" } })
end, "no scheme 'colour'", "an unknown scheme is an error")

-- pick() -----------------------------------------------------------------------------

local results = {
  topic = {
    { label = "a", score = 0.9 }, { label = "b", score = 0.5 }, { label = "c", score = 0.3 },
    { label = "d", score = 0.25 }, { label = "e", score = 0.1 },
  },
  place = {
    { label = "IQ", score = 0.9 }, { label = "IR", score = 0.8 }, { label = "SY", score = 0.7 },
    { label = "LB", score = 0.6 }, { label = "YE", score = 0.5 }, { label = "SA", score = 0.4 },
  },
}
local picked = pick(results)
t.ok(labels(picked.topic) == "a b c" and labels(picked.place) == "IQ IR SY LB YE",
  "defaults: 3 topics, 5 places, min_score 0.2")
picked = pick(results, { top_k = 2, min_score = 0.55 })
t.ok(labels(picked.topic) == "a" and labels(picked.place) == "IQ IR",
  "top_k and min_score as numbers apply to every scheme")
picked = pick(results, { top_k = { topic = 4 }, min_score = { place = 0.75 } })
t.ok(labels(picked.topic) == "a b c d" and labels(picked.place) == "IQ IR",
  "per-scheme tables; a scheme missing from top_k keeps its default")

-- The default taxonomy ---------------------------------------------------------------

local function count_terms(spec)
  local n = 0
  for key, value in pairs(spec.terms) do
    if type(key) == "number" and key > 0 then
      n = n + #value
    elseif type(key) == "string" and value > 0 then
      n = n + 1
    end
  end
  return n
end

-- IPTC Media Topics, top level: label -> code.
local IPTC = {
  arts = "01000000", crime = "02000000", disaster = "03000000", economy = "04000000",
  education = "05000000", environment = "06000000", health = "07000000",
  ["human-interest"] = "08000000", labour = "09000000", lifestyle = "10000000",
  politics = "11000000", religion = "12000000", science = "13000000",
  society = "14000000", sport = "15000000", conflict = "16000000", weather = "17000000",
}
local thin, extra = {}, {}
for label, code in pairs(IPTC) do
  local spec = news.topic[label]
  if not spec or spec.code ~= "medtop:" .. code or type(spec.name) ~= "string"
    or count_terms(spec) < 25 then
    thin[#thin + 1] = label
  end
end
for label in pairs(news.topic) do
  if not IPTC[label] then
    extra[#extra + 1] = label
  end
end
t.ok(#extra == 0, "the topics are IPTC's top level and no other", table.concat(extra, " "))
t.ok(#thin == 0, "the 17 IPTC topics exist, with their codes and at least 25 terms each",
  table.concat(thin, " "))
-- Places: the default taxonomy has no place table, so the plugin asks galley.places (C,
-- tested by tests/unit/test_places.c and by the seed's expectation file). Plain Lua has
-- no galley.places: a stand-in checks the wiring.
t.ok(news.place == nil, "the default taxonomy leaves places to galley.places")
local places_calls = {}
local real_places = galley.places
galley.places = function(parts)
  places_calls[#places_calls + 1] = parts
  return {
    { code = "IQ", name = "Iraq", score = 0.98, evidence = 30, mentions = 28 },
    { code = "IR", name = "Iran", score = 0.96, evidence = 25, mentions = 20 },
    { code = "LB", name = "Lebanon", score = 0.1, evidence = 1, mentions = 1 },
  }
end
local wired = score({ title = "T", lead = { "L" }, body = { "B" } }, news, keywords.options)
t.ok(labels(wired.place) == "IQ IR LB" and wired.place[1].score == 0.98 and wired.place[1].raw == 30
  and places_calls[1].title == "T" and places_calls[1].lead[1] == "L",
  "the place scheme is galley.places' answer, given the title, lead and body", labels(wired.place))
t.equal(labels(pick(wired).place), "IQ IR", "and picked like any scheme (min_score)")

-- A taxonomy with a place table of its own is matched in Lua, names as proper nouns.
local own = { place = {
  GB = { terms = { [3] = { "Northern Ireland", "UK" } } },
  IE = { terms = { [3] = { "Ireland" } } },
  US = { terms = { [3] = { "US" } } },
  CN = { terms = { [3] = { "China" } } },
  TR = { terms = { [2] = { "Turkey" } } },
} }
local PLACE = { schemes = { "place" } }
local function places_of(parts)
  return labels(score(parts, own, PLACE).place)
end
t.equal(places_of({ body = "Fighting in Northern Ireland" }), "GB", "'Northern Ireland' is GB, not IE")
t.equal(places_of({ body = "Let us go and tell us." }), "", "the pronoun 'us' is not the United States")
t.equal(places_of({ body = "She collected china plates and roast turkey." }), "",
  "'china' and 'turkey' in lower case are not places")
t.equal(places_of({ body = "Talks between China and Turkey resumed." }), "CN TR",
  "'China' and 'Turkey' are")
t.ok(places_of({ title = "CHINA RAISES TARIFFS" }):find("CN") ~= nil, "a shouted title still counts")
t.equal(labels(score({ body = "china" }, own, { schemes = { "place" }, proper_nouns = false }).place),
  "CN", "proper_nouns = false: any case")

-- The seed article through process() -------------------------------------------------

-- A fake article: the fields and methods categorize plugins use.
local function fake_article(fields, blocks)
  local article = { categories = {} }
  for key, value in pairs(fields) do
    article[key] = value
  end
  function article:blocks()
    return blocks
  end
  function article:categorize(scheme, label, s)
    self.categories[#self.categories + 1] = { scheme = scheme, label = label, score = s }
  end
  return article
end

-- The plain-text dump: site line, title, then paragraphs and short heading lines, and a
-- closing "Last Modified" line.
local function seed_article(text)
  local lines = {}
  for line in (text:gsub("\r", "") .. "\n"):gmatch("([^\n]*)\n") do
    line = line:gsub("^%s+", ""):gsub("%s+$", "")
    if line ~= "" and not line:find("^Last Modified:") then
      lines[#lines + 1] = line
    end
  end
  local blocks = {}
  for i = 3, #lines do
    local heading = #lines[i] < 60 and not lines[i]:find("[.!?]$")
    blocks[#blocks + 1] = { type = heading and "heading" or "paragraph", text = lines[i],
      level = heading and 2 or nil }
  end
  return fake_article({ section = lines[1], title = lines[2] }, blocks)
end

local seed = t.read("fixtures/text/baghdadpost-imis.txt")
  or t.read("../shared/seeds/baghdadpost-imis.txt")
if not seed then
  t.skip("seed article categories", "seed article not found")
else
  local article = seed_article(seed)
  local ctx = { options = keywords.options, plugin = "categorize/keywords" }
  keywords.setup(ctx)
  keywords.process(article, ctx)
  local by_scheme = { topic = {}, place = {} }
  local in_range = true
  for _, c in ipairs(article.categories) do
    local list = by_scheme[c.scheme]
    list[#list + 1] = c
    in_range = in_range and c.score >= 0.2 and c.score <= 1
  end
  local topic_labels, place_labels = labels(by_scheme.topic), labels(by_scheme.place)
  print("# seed: topic " .. topic_labels .. "; place " .. place_labels)
  t.ok(place_labels:find("^IQ IR") ~= nil, "seed: places stored from galley.places", place_labels)
  -- Stored: conflict (or politics) first; the softmax keeps the runner-up below
  -- min_score, so the ranking is read from score().
  local ranked = keywords.score(keywords.text_parts(article), news, keywords.options).topic
  t.ok(topic_labels:find("^conflict") ~= nil or topic_labels:find("^politics") ~= nil,
    "seed: topic conflict or politics first", topic_labels)
  t.ok((ranked[1].label == "conflict" and ranked[2].label == "politics")
    or (ranked[1].label == "politics" and ranked[2].label == "conflict"),
    "seed: conflict and politics rank first and second", labels(ranked))
  t.ok(#by_scheme.topic <= 3 and #by_scheme.place <= 5 and in_range,
    "seed: at most 3 topics and 5 places, scores in [0.2, 1]")
end

-- setup() ------------------------------------------------------------------------------

local inline = fake_article({ title = "Trade war" }, { { type = "paragraph", text = "A trade war." } })
local ctx = { options = { taxonomy = tax, schemes = { "topic" } } }
keywords.setup(ctx)
keywords.process(inline, ctx)
t.ok(#inline.categories == 1 and inline.categories[1].label == "business",
  "the taxonomy option may be a table; unset options take the defaults")
t.raises(function()
  keywords.setup({ options = { taxonomy = "taxonomy.nowhere" } })
end, "taxonomy.nowhere", "an unknown taxonomy module is an error naming it")

-- Calibrated scores --------------------------------------------------------------------

local CAL = { schemes = { "topic" }, calibration = { topic = { temperature = 2, none = 2 } } }
local strong = score({ title = "War", body = "War and militias: the war goes on. " .. filler(20) },
  tax, CAL).topic
local total = 0
for _, entry in ipairs(strong) do
  total = total + entry.score
end
t.ok(strong[1].label == "conflict" and strong[1].score > 0.9 and total <= 1 + 1e-9,
  "softmax: the clear label near 1, all scores summing to at most 1", labels(strong))
local weak = score({ body = "The day " .. filler(300) }, tax, CAL).topic
t.ok(weak[1].label == "none" and weak[1].none, "little evidence: 'none' ranks first", labels(weak))
t.equal(labels(pick({ topic = weak }, CAL).topic), "none", "pick keeps 'none' alone")
local no_none = score({ body = "The day " .. filler(300) }, tax,
  { schemes = { "topic" }, calibration = CAL.calibration, none_label = false }).topic
t.ok(no_none[1] and no_none[1].label == "neutral", "none_label = false: no pseudo-label",
  labels(no_none))
t.equal(labels(pick({ topic = strong }, { min_score = 0.5 }).topic), "conflict",
  "'none' below the top is not kept")


galley.places = real_places
t.done()
