-- categorize/keywords.lua — tags articles with weighted keyword lists: each label of each
-- scheme (topic/conflict, place/IQ, ...) gets a score in [0, 1] from the terms of the
-- taxonomy found in the article, and the best labels are stored with
-- article:categorize(scheme, label, score). How well: docs/categorization.md, `make eval`.
--
-- How a score is made:
--   * The text is split into words (galley.text.words), case-folded (galley.text.lower)
--     and stemmed (galley.text.stem, English); hyphenated words count as their parts,
--     "Iraq's" as "iraq".
--   * At each word the longest term of the scheme that starts there wins and consumes
--     its words, so "Northern Ireland" does not also count as "Ireland" and "trade war"
--     not as "war". Terms of the same length from several labels all count.
--   * A match adds weight x part weight: the title counts title_weight times, the lead
--     (subtitle, section and first paragraph) lead_weight times, the rest once.
--   * The sum is divided by (1 + words / length_ref), words being the weighted word
--     count, so that a long article does not win by its length alone.
--   * A calibrated scheme (topics: one label per article) maps that evidence x to
--     probabilities with a softmax over the labels with evidence and a "none"
--     pseudo-label: exp(x / T) / (exp(none / T) + sum of exp(x' / T)); T was fitted on
--     held-out labelled news (scripts/eval-bbc --fit). Other schemes (places: several
--     at once) use 1 - exp(-x / scale).
--   * Labels scoring at least min_score are kept, the top_k best of each scheme; when
--     "none" ranks first or nothing is kept, none_label is stored alone.
--   * A taxonomy without a place table gets its places from galley.places (C).
--
-- Options:
--   taxonomy     = "taxonomy.news"     module with the term lists, required from the
--                                      plugin's folder or plugins/lib
--   schemes      = { "topic", "place" } schemes of the taxonomy to use
--   top_k        = { topic = 3, place = 5 }  labels kept per scheme; a scheme left out
--                                      keeps its default
--   min_score    = 0.2                 lowest score kept
--   title_weight = 3,  lead_weight = 1.5
--   length_ref   = 150                 words after which length starts to dilute
--   calibration  = { topic = { temperature = 2.5, none = 2 } }  softmax schemes
--   none_label   = "none"             false: store nothing when nothing fits
--   scale        = { topic = 6, place = 3 }  for schemes without calibration: evidence
--                                      (after dilution) at which a score reaches 0.63
--   proper_nouns = { place = true }    a capitalised term word needs a capital
--
-- The taxonomy format is described at the top of taxonomy/news.lua. For tests and other
-- plugins the scoring is exposed without an article: score(text_parts, taxonomy, options)
-- and pick(results, options), see below.

local plugin = {
  name = "keywords",
  kind = "categorize",
  version = "2",
  description = "Scores topics and places from weighted keyword lists",
  options = {
    taxonomy = "taxonomy.news",
    schemes = { "topic", "place" },
    top_k = { topic = 3, place = 5 },
    min_score = 0.2,
    title_weight = 3,
    lead_weight = 1.5,
    length_ref = 150,
    scale = { topic = 6, place = 3 },
    calibration = { topic = { temperature = 2.5, none = 2 } },
    none_label = "none",
    proper_nouns = { place = true },
  },
}

local defaults = plugin.options
local textlib = galley.text

-- Words -------------------------------------------------------------------------------

-- Dashes and the typographic apostrophe, folded to their ASCII forms before splitting.
local FOLDS = {
  ["\u{2019}"] = "'", ["\u{2018}"] = "'", ["\u{2010}"] = "-", ["\u{2011}"] = "-",
  ["\u{2012}"] = "-", ["\u{2013}"] = "-", ["\u{2014}"] = "-",
}

local function fold_punctuation(word)
  if word:find("[\128-\255]") then
    for from, to in pairs(FOLDS) do
      word = word:gsub(from, to)
    end
  end
  return word
end

-- The comparable pieces of one word: split at hyphens and slashes (galley.text.words
-- already does; a term is split the same way), possessive "'s" and outer quotes removed,
-- dots dropped.
local function pieces_of(word, out)
  for piece in fold_punctuation(word):gmatch("[^%-/]+") do
    piece = piece:gsub("^['.]+", ""):gsub("'[sS]$", ""):gsub("['.]+$", ""):gsub("%.", "")
    if piece ~= "" then
      out[#out + 1] = piece
    end
  end
  return out
end

-- "U.S." and "U.K." as "US" and "UK": words() splits at dots.
local function join_initials(s)
  return (s:gsub("%f[%w]%u%.%u[%u.]*", function(initials)
    return (initials:gsub("%.", ""))
  end))
end

-- The tokens of a text: { key = stem, low = case-folded, exact = as written } per piece. In a text
-- without lower-case letters (a shouted headline) exact is nil, so terms written in
-- capitals ("US", "AIDS") cannot match words that are capitals only by shouting.
-- Words seen before, with their tokens: news text repeats its vocabulary, and a word's
-- tokens depend only on the word (and on whether the text is shouted). Dropped when it
-- grows past CACHE_MAX words (a few MB), so memory stays bounded on any corpus.
local CACHE_MAX = 20000
local word_cache, word_cache_size = {}, 0

-- The comparable form of a case-folded word: its English Snowball stem, so that
-- "elections" finds "election". Without galley.text.stem (plain-Lua tests) words are
-- compared as they are.
local stem_word = textlib.stem and function(word)
  return textlib.stem(word, "en")
end or function(word)
  return word
end

local function tokens_of_word(word)
  local cached = word_cache[word]
  if cached then
    return cached
  end
  local lower = textlib.lower
  cached = { cased = {}, shouted = {} }
  for _, piece in ipairs(pieces_of(word, {})) do
    local low = lower(piece)
    local key = stem_word(low)
    cached.cased[#cached.cased + 1] = { key = key, low = low, exact = piece }
    cached.shouted[#cached.shouted + 1] = { key = key, low = low }
  end
  if word_cache_size >= CACHE_MAX then
    word_cache, word_cache_size = {}, 0
  end
  word_cache[word] = cached
  word_cache_size = word_cache_size + 1
  return cached
end

local function tokenize(s)
  local shouting = not s:find("%l")
  local tokens = {}
  for _, word in ipairs(textlib.words(join_initials(s))) do
    local cached = tokens_of_word(word)
    for _, token in ipairs(shouting and cached.shouted or cached.cased) do
      tokens[#tokens + 1] = token -- shared and never changed
    end
  end
  return tokens
end

-- Compiling a taxonomy ----------------------------------------------------------------

-- A term's words as match patterns: { text, prefix = "word*", cased = "CAPITALS" }.
local function compile_term(term, proper_nouns)
  local cased = term:find("%u") and not term:gsub("(%u)s%f[%A]", "%1"):find("%l")
  local patterns = {}
  for word in term:gmatch("[^%s,;:!?()\"]+") do
    local prefix = word:sub(-1) == "*"
    if prefix then
      word = word:sub(1, -2)
    end
    local pieces = pieces_of(word, {})
    for i, piece in ipairs(pieces) do
      local text = piece
      if not cased then
        text = textlib.lower(piece)
        if not (prefix and i == #pieces) then
          text = stem_word(text)
        end
      end
      patterns[#patterns + 1] = {
        -- In a scheme of proper nouns (places), "China" needs a capital: not "china plates".
        proper = proper_nouns and not cased and piece:find("^%u") ~= nil,
        text = text,
        prefix = prefix and i == #pieces,
        cased = cased,
      }
    end
  end
  return patterns
end

-- Calls fn(term, weight) for every term of a term table: { [3] = { "a", "b" } } lists
-- terms by weight, { ["a b"] = 2 } gives one term its weight.
local function each_term(terms, where, fn)
  for key, value in pairs(terms) do
    if type(key) == "number" and type(value) == "table" then
      for _, term in ipairs(value) do
        fn(term, key)
      end
    elseif type(key) == "string" and type(value) == "number" then
      fn(key, value)
    else
      error(where .. ": expected [weight] = { terms } or [\"term\"] = weight", 0)
    end
  end
end

local function index_term(index, entry)
  local first = entry.patterns[1]
  local bucket
  if first.cased then
    bucket = index.cased
  elseif first.prefix then
    bucket = index.prefix
    index.prefix_lengths[#first.text] = true
  else
    bucket = index.exact
  end
  local list = bucket[first.text] or {}
  bucket[first.text] = list
  list[#list + 1] = entry
end

-- Two terms with the same id match the same words.
local function pattern_id(patterns)
  local parts = {}
  for i, pattern in ipairs(patterns) do
    parts[i] = (pattern.cased and "=" or "") .. pattern.text .. (pattern.prefix and "*" or "")
  end
  return table.concat(parts, " ")
end

local function add_terms(index, label, terms, sign, where, seen, proper_nouns)
  each_term(terms, where, function(term, weight)
    if type(term) ~= "string" or weight < 0 then
      error(where .. ": terms are strings, weights numbers >= 0", 0)
    end
    local patterns = compile_term(term, proper_nouns)
    if #patterns == 0 then
      error(where .. ": term '" .. term .. "' has no words", 0)
    end
    local written = textlib.lower(term)
    if seen.terms[written] then
      error(where .. ": term '" .. term .. "' is listed twice", 0)
    end
    seen.terms[written] = true
    -- Two forms of one word ("election", "elections") have one stem: one entry, with
    -- the larger weight.
    local id = pattern_id(patterns)
    local entry = seen.ids[id]
    if entry then
      if math.abs(weight) > math.abs(entry.weight) then
        entry.weight, entry.term = sign * weight, term
      end
      return
    end
    entry = { label = label, term = term, weight = sign * weight, patterns = patterns }
    seen.ids[id] = entry
    index_term(index, entry)
  end)
end

-- One scheme's labels as an index by first word.
local function compile_scheme(name, labels, proper_nouns)
  local index = { exact = {}, cased = {}, prefix = {}, prefix_lengths = {}, labels = {}, by_key = {}, by_key_size = 0 }
  for label, spec in pairs(labels) do
    local where = "taxonomy: " .. name .. "/" .. tostring(label)
    if type(spec) ~= "table" or type(spec.terms) ~= "table" then
      error(where .. ": a label needs a terms table", 0)
    end
    local seen = { terms = {}, ids = {} }
    add_terms(index, label, spec.terms, 1, where, seen, proper_nouns)
    if spec.negative then
      add_terms(index, label, spec.negative, -1, where .. " (negative)", seen, proper_nouns)
    end
    index.labels[#index.labels + 1] = label
  end
  -- In a fixed order: sums over labels then give the same bits in every Lua state.
  table.sort(index.labels)
  local lengths = {}
  for length in pairs(index.prefix_lengths) do
    lengths[#lengths + 1] = length
  end
  index.prefix_lengths = lengths
  return index
end

local compiled_cache = setmetatable({}, { __mode = "k" })

local function compiled(taxonomy, scheme, proper_nouns)
  local schemes = compiled_cache[taxonomy]
  if not schemes then
    schemes = {}
    compiled_cache[taxonomy] = schemes
  end
  local key = scheme .. (proper_nouns and "/proper" or "")
  if not schemes[key] then
    local labels = taxonomy[scheme]
    if type(labels) ~= "table" then
      error("taxonomy: no scheme '" .. tostring(scheme) .. "'", 0)
    end
    schemes[key] = compile_scheme(scheme, labels, proper_nouns)
  end
  return schemes[key]
end

-- Matching ----------------------------------------------------------------------------

local function word_matches(pattern, token)
  if pattern.proper and token.exact and not token.exact:find("^%u") then
    return false
  end
  if pattern.cased then
    return token.exact == pattern.text
  elseif pattern.prefix then
    return token.low:sub(1, #pattern.text) == pattern.text
  end
  return token.key == pattern.text
end

local function term_matches(entry, tokens, at)
  local patterns = entry.patterns
  if at + #patterns - 1 > #tokens then
    return false
  end
  if patterns[1].proper and not word_matches(patterns[1], tokens[at]) then
    return false
  end
  for i = 2, #patterns do
    if not word_matches(patterns[i], tokens[at + i - 1]) then
      return false
    end
  end
  return true
end

-- The entries whose first word matches a token's stem exactly or its case-folded form
-- by prefix, computed once per case-folded word and index; bounded like the word cache.
local function key_candidates(index, token)
  local cache = index.by_key
  local low = token.low
  local list = cache[low]
  if list then
    return list
  end
  list = {}
  for _, entry in ipairs(index.exact[token.key] or {}) do
    list[#list + 1] = entry
  end
  for _, length in ipairs(index.prefix_lengths) do
    if length <= #low then
      for _, entry in ipairs(index.prefix[low:sub(1, length)] or {}) do
        list[#list + 1] = entry
      end
    end
  end
  if index.by_key_size >= CACHE_MAX then
    index.by_key, index.by_key_size = {}, 0
    cache = index.by_key
  end
  cache[low] = list
  index.by_key_size = index.by_key_size + 1
  return list
end

-- The entries whose first word matches the token, in a reused list.
local function candidates(index, token, out)
  local n = 0
  local cased = token.exact and index.cased[token.exact]
  if cased then
    for _, entry in ipairs(index.exact[token.key] or {}) do
      n = n + 1
      out[n] = entry
    end
    for _, entry in ipairs(cased) do
      n = n + 1
      out[n] = entry
    end
    for _, length in ipairs(index.prefix_lengths) do
      if length <= #token.low then
        for _, entry in ipairs(index.prefix[token.low:sub(1, length)] or {}) do
          n = n + 1
          out[n] = entry
        end
      end
    end
    return n
  end
  for _, entry in ipairs(key_candidates(index, token)) do
    n = n + 1
    out[n] = entry
  end
  return n
end

-- Adds the matches of one part to counts[entry] (weighted by the part); longest match
-- first, left to right.
local function match_part(index, tokens, part_weight, counts)
  local found, winners = {}, {}
  local at = 1
  while at <= #tokens do
    local n = candidates(index, tokens[at], found)
    local best, nwin = 0, 0
    for i = 1, n do
      local entry = found[i]
      local length = #entry.patterns
      if length >= best and term_matches(entry, tokens, at) then
        if length > best then
          best, nwin = length, 0
        end
        nwin = nwin + 1
        winners[nwin] = entry
      end
    end
    for i = 1, nwin do
      local entry = winners[i]
      counts[entry] = (counts[entry] or 0) + part_weight
    end
    at = at + math.max(best, 1)
  end
end

-- Scoring -----------------------------------------------------------------------------

local function option(options, name)
  local value = options[name]
  if value == nil then
    return defaults[name]
  end
  return value
end

-- A per-scheme option: a number for all schemes, or a table by scheme.
local function scheme_option(options, name, scheme)
  local value = option(options, name)
  if type(value) == "table" then
    value = value[scheme]
    if value == nil and type(defaults[name]) == "table" then
      value = defaults[name][scheme]
    end
  end
  return value
end

local function as_list(part)
  if type(part) == "table" then
    return part
  end
  return { part }
end

-- The text parts as { tokens, weight } lists, and the weighted word count.
local function weighted_parts(text_parts, options)
  local weights = {
    title = option(options, "title_weight"),
    lead = option(options, "lead_weight"),
    body = 1,
  }
  local parts, words = {}, 0
  for _, name in ipairs({ "title", "lead", "body" }) do
    for _, s in ipairs(as_list(text_parts[name])) do
      if type(s) == "string" and s ~= "" then
        local tokens = tokenize(s)
        parts[#parts + 1] = { tokens = tokens, weight = weights[name] }
        words = words + #tokens * weights[name]
      end
    end
  end
  return parts, words
end

local function by_score(a, b)
  if a.score ~= b.score then
    return a.score > b.score
  end
  return a.label < b.label
end

-- The labels of one scheme with a positive score, best first: { label, score, raw }.
local function score_scheme(scheme, index, parts, words, options)
  local counts = {}
  for _, part in ipairs(parts) do
    match_part(index, part.tokens, part.weight, counts)
  end
  local raw = {}
  for entry, count in pairs(counts) do
    raw[entry.label] = (raw[entry.label] or 0) + entry.weight * count
  end
  local dilution = 1 + words / option(options, "length_ref")
  local calibration = scheme_option(options, "calibration", scheme)
  local ranked = {}
  if calibration then
    -- One label per article: a softmax over the evidence of the labels with some and
    -- of a "none" pseudo-label, at the fitted temperature. A label without evidence
    -- gets 0, so an article that names nothing is "none" at 1.
    local t, none = calibration.temperature, calibration.none
    local top = none
    for _, evidence in pairs(raw) do
      top = math.max(top, evidence / dilution)
    end
    local z = math.exp((none - top) / t)
    for _, label in ipairs(index.labels) do
      if (raw[label] or 0) > 0 then
        z = z + math.exp((raw[label] / dilution - top) / t)
      end
    end
    for _, label in ipairs(index.labels) do
      local evidence = raw[label]
      if evidence and evidence > 0 then
        local score = math.exp((evidence / dilution - top) / t) / z
        ranked[#ranked + 1] = { label = label, score = score, raw = evidence }
      end
    end
    local none_label = option(options, "none_label")
    if none_label then
      ranked[#ranked + 1] = { label = none_label, score = math.exp((none - top) / t) / z, raw = 0,
                              none = true }
    end
  else
    local scale = scheme_option(options, "scale", scheme)
    for label, evidence in pairs(raw) do
      if evidence > 0 then
        local score = 1 - math.exp(-(evidence / dilution) / scale)
        ranked[#ranked + 1] = { label = label, score = score, raw = evidence }
      end
    end
  end
  table.sort(ranked, by_score)
  return ranked
end

-- A taxonomy without a place table uses galley's own gazetteer (galley.places, in C:
-- about 150 countries; title x3, lead x1.5, length_ref 150 and scale 3 as the defaults).
local function builtin(taxonomy, scheme)
  return scheme == "place" and taxonomy.place == nil and galley.places ~= nil
end

local function builtin_places(text_parts)
  local ranked = {}
  for i, hit in ipairs(galley.places(text_parts)) do
    ranked[i] = { label = hit.code, score = hit.score, raw = hit.evidence }
  end
  return ranked
end

-- Scores text against a taxonomy. text_parts = { title =, lead =, body = }, each a string
-- or an array of strings (no phrase spans two strings); options as the plugin's (missing
-- ones take the defaults). Returns { [scheme] = { { label =, score =, raw = }, ... } },
-- every label with some evidence, best first.
local function score(text_parts, taxonomy, options)
  options = options or defaults
  local parts, words = weighted_parts(text_parts, options)
  local results = {}
  for _, scheme in ipairs(option(options, "schemes")) do
    if builtin(taxonomy, scheme) then
      results[scheme] = builtin_places(text_parts)
    else
      local index = compiled(taxonomy, scheme, scheme_option(options, "proper_nouns", scheme))
      results[scheme] = score_scheme(scheme, index, parts, words, options)
    end
  end
  return results
end

-- Keeps, per scheme, the labels at or above min_score, at most top_k of them. The
-- "none" pseudo-label is kept alone, when it ranks first or when no label is kept.
local function pick(results, options)
  options = options or defaults
  local picked = {}
  for scheme, ranked in pairs(results) do
    local top_k = scheme_option(options, "top_k", scheme) or math.huge
    local min_score = scheme_option(options, "min_score", scheme) or 0
    local kept, none = {}, nil
    for i, entry in ipairs(ranked) do
      if entry.none then
        none = entry
        if i == 1 then
          break
        end
      elseif #kept < top_k and entry.score >= min_score then
        kept[#kept + 1] = entry
      end
    end
    if none and (#kept == 0 or ranked[1] == none) then
      kept = { none }
    end
    picked[scheme] = kept
  end
  return picked
end

plugin.score = score
plugin.pick = pick
plugin.tokenize = tokenize

-- The article ------------------------------------------------------------------------

local BODY_TYPES = {
  paragraph = true, heading = true, list_item = true, quote = true, table_row = true,
  image = true,
}

-- title, lead (subtitle, section, first paragraph) and body of an article.
local function text_parts_of(article)
  local lead, body = {}, {}
  lead[#lead + 1] = article.subtitle
  lead[#lead + 1] = article.section
  local lead_found = false
  for _, block in ipairs(article:blocks()) do
    if block.text and BODY_TYPES[block.type] then
      if not lead_found and block.type == "paragraph" then
        lead[#lead + 1] = block.text
        lead_found = true
      else
        body[#body + 1] = block.text
      end
    end
  end
  if not lead_found then
    lead[#lead + 1] = article.description
  end
  return { title = article.title, lead = lead, body = body }
end

plugin.text_parts = text_parts_of

local function load_taxonomy(options)
  local taxonomy = option(options, "taxonomy")
  if type(taxonomy) == "string" then
    taxonomy = require(taxonomy)
  end
  if type(taxonomy) ~= "table" then
    error("option taxonomy: expected a module name or a table", 0)
  end
  return taxonomy
end

local taxonomy

function plugin.setup(ctx)
  taxonomy = load_taxonomy(ctx.options)
  for _, scheme in ipairs(option(ctx.options, "schemes")) do
    if not builtin(taxonomy, scheme) then
      compiled(taxonomy, scheme, scheme_option(ctx.options, "proper_nouns", scheme))
    end
  end
end

function plugin.process(article, ctx)
  taxonomy = taxonomy or load_taxonomy(ctx.options)
  local results = score(text_parts_of(article), taxonomy, ctx.options)
  local picked = pick(results, ctx.options)
  for _, scheme in ipairs(option(ctx.options, "schemes")) do
    for _, entry in ipairs(picked[scheme]) do
      article:categorize(scheme, entry.label, entry.score)
    end
  end
end

return plugin
