-- feed.lua — what the feed exporters (export/atom, export/jsonfeed) share: their options,
-- choosing the newest entries of each feed in one pass with bounded memory, entry ids
-- and dates. The exporters only write the format.
--
-- collect(articles, options) → an array of feeds, each
--   { title, id, link, file (nil for the single feed), updated (RFC 3339), dated (bool),
--     scheme, label (per-category feeds), entries = { entry… } newest first }
-- An entry is a table of strings: id, title, url, published, updated (RFC 3339, nil when
-- the article had none), authors, tags, categories ({ scheme, label }), summary, html
-- (options.content = "full"), text (the plain body, options.content = "summary"), image, lang.

local html = require("article_html")

local M = {}

-- The options both feed exporters take; an empty string means "not set".
M.options = {
  title = "",          -- feed title; default: the site name when all entries share one, else "Articles"
  link = "",           -- the site's address (Atom alternate link, JSON Feed home_page_url)
  id = "",             -- feed id; default: link, else a tag: URI under tag_authority
  self = "",           -- the feed's own URL (Atom rel="self", JSON Feed feed_url)
  author = "",         -- feed author; default (Atom, when an entry has none): the title
  subtitle = "",       -- feed description
  per = "all",         -- "all": one feed; "category": one feed per scheme/label
  limit = 50,          -- entries per feed, newest first; 0: all
  content = "full",    -- "full": HTML body; "summary": the description only
  tag_authority = "galley.invalid,2024", -- authority of the tag: ids (RFC 4151): "example.com,2024"
}

function M.check(options)
  if options.per ~= "all" and options.per ~= "category" then
    error("option per: expected \"all\" or \"category\", got \"" .. options.per .. "\"", 0)
  end
  if options.content ~= "full" and options.content ~= "summary" then
    error("option content: expected \"full\" or \"summary\", got \"" .. options.content .. "\"", 0)
  end
  if options.limit < 0 or options.limit ~= math.floor(options.limit) then
    error("option limit: expected a whole number >= 0 (0: no limit), got " .. options.limit, 0)
  end
end

-- A stored date as RFC 3339 in UTC ("2017-07-14T18:24:00Z"): a time without a zone is
-- taken as UTC (as galley.date.compare does), a date alone as its midnight.
function M.rfc3339(date)
  local t = date and galley.date.to_time(date)
  return t and galley.date.format(t), t
end

-- Percent-encodes what may not stand in the specific part of a tag: URI.
local function uri_part(s)
  return (s:gsub("[^%w%-%._~/:]", function(c) return string.format("%%%02X", c:byte()) end))
end

-- An absolute URI (http://…, urn:…) is an id as it is; a path is not.
local function is_uri(s)
  return s:match("^%a[%w+.-]+://") or s:match("^urn:") or s:match("^tag:")
end

-- The entry id: the uid when it is a URI (the canonical URL), else the article URL, else
-- a tag: URI over the uid; stable as long as the uid is.
function M.entry_id(article, options)
  if is_uri(article.uid) then return article.uid end
  if article.url and is_uri(article.url) then return article.url end
  return "tag:" .. options.tag_authority .. ":" .. uri_part(article.uid)
end

local function lead(article)
  for _, b in ipairs(article:blocks()) do
    if b.type == "paragraph" and b.text ~= "" then return b.text end
  end
  return nil
end

local function entry(article, options)
  local e = {
    id = M.entry_id(article, options),
    title = article.title or "",
    url = article.url,
    published = M.rfc3339(article.published),
    updated = M.rfc3339(article.modified or article.published),
    authors = article.authors,
    tags = article.tags,
    categories = {},
    image = article.image,
    lang = article.lang,
  }
  for i, c in ipairs(article:categories()) do e.categories[i] = { scheme = c.scheme, label = c.label } end
  if options.content == "full" then
    e.html = html.body(article)
    e.summary = article.description
  else
    e.summary = article.description or lead(article)
    e.text = article:text()
  end
  return e
end

-- Newest first by date (published, else modified); undated after every dated one; ties
-- in the order the articles came.
local function before(a, b)
  if a.time and b.time then
    if a.time ~= b.time then return a.time > b.time end
  elseif a.time or b.time then
    return a.time ~= nil
  end
  return a.seq < b.seq
end

-- Puts a candidate into a bucket kept sorted and at most `limit` long; the entry is
-- built only when the article makes the cut.
local function offer(bucket, cand, limit, build)
  local list = bucket.entries
  if limit > 0 and #list >= limit and not before(cand, list[#list]) then return end
  cand.entry = cand.entry or build()
  local i = #list
  while i > 0 and before(cand, list[i]) do i = i - 1 end
  table.insert(list, i + 1, cand)
  if limit > 0 and #list > limit then list[#list] = nil end
end

local function file_names(feeds, ext)
  local used = {}
  for _, f in ipairs(feeds) do
    local base = galley.text.slug(f.scheme, 40) .. "-" .. galley.text.slug(f.label, 80)
    local name, n = base, 1
    while used[name] do n = n + 1; name = base .. "-" .. n end
    used[name] = true
    f.file = name .. ext
  end
end

function M.collect(articles, options, ext)
  local buckets, order, seq = {}, {}, 0
  local site, mixed = nil, false
  local function bucket(key, scheme, label)
    local b = buckets[key]
    if not b then
      b = { scheme = scheme, label = label, entries = {} }
      buckets[key] = b
      order[#order + 1] = b
    end
    return b
  end
  if options.per == "all" then bucket("", nil, nil) end
  for article in articles do
    seq = seq + 1
    local _, t = M.rfc3339(article.published or article.modified)
    local cand = { time = t, seq = seq }
    local build = function() return entry(article, options) end
    if article.site_name ~= site then
      if site == nil and seq == 1 then site = article.site_name else mixed = true end
    end
    if options.per == "all" then
      offer(buckets[""], cand, options.limit, build)
    else
      for _, c in ipairs(article:categories()) do
        -- Each feed holds its own copy of the position; the entry table is shared.
        local mine = { time = t, seq = seq, entry = cand.entry }
        offer(bucket(c.scheme .. "\0" .. c.label, c.scheme, c.label), mine, options.limit, build)
        cand.entry = cand.entry or mine.entry
      end
    end
  end
  table.sort(order, function(a, b)
    if a.scheme ~= b.scheme then return (a.scheme or "") < (b.scheme or "") end
    return (a.label or "") < (b.label or "")
  end)
  if options.per == "category" then file_names(order, ext) end

  local title = options.title ~= "" and options.title or (not mixed and site) or "Articles"
  local feed_id = options.id ~= "" and options.id or options.link ~= "" and options.link
    or "tag:" .. options.tag_authority .. ":feed"
  local feeds = {}
  for _, b in ipairs(order) do
    local f = { scheme = b.scheme, label = b.label, file = b.file, link = options.link, entries = {} }
    local newest
    for i, c in ipairs(b.entries) do
      f.entries[i] = c.entry
      local _, u = M.rfc3339(c.entry.updated)
      if u and (not newest or u > newest) then newest = u end
    end
    -- Atom needs an updated date: the newest in the feed, else (nothing dated) now.
    f.dated = newest ~= nil
    f.updated = galley.date.format(newest or os.time())
    if b.scheme then
      f.title = title .. ": " .. b.label
      f.id = feed_id .. (feed_id:find("#", 1, true) and "/" or "#") .. uri_part(b.scheme .. "/" .. b.label)
    else
      f.title, f.id = title, feed_id
    end
    feeds[#feeds + 1] = f
  end
  return feeds
end

return M
