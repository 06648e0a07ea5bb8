-- feed.lua — what the feed exporters (export/atom, export/jsonfeed) share: their options,
-- choosing the newest entries of each feed in one pass with bounded memory, entry ids
-- and dates. The exporters only write the format.
--
-- collect(articles, ctx, ext) → an array of feeds, each
--   { title, id, link, file (nil for the single feed; ext ends the per-category names),
--     updated (RFC 3339), dated (bool), anonymous (an entry has no author),
--     scheme, label (per-category feeds) }
-- entries(feed) → an iterator over its entries, newest first. An entry is a table of
-- strings: id, title, url, published, updated (RFC 3339, nil when the article had none),
-- authors, tags, categories ({ scheme, label }), summary, html
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

-- Puts a candidate into a list kept sorted and at most `limit` long (binary search, then
-- one table.insert). With no limit, candidates are appended and sorted once at the end.
local function offer(list, cand, limit)
  if limit == 0 then list[#list + 1] = cand return end
  local n = #list
  if n >= limit and not before(cand, list[n]) then return end
  local lo, hi = 1, n + 1
  while lo < hi do
    local mid = (lo + hi) // 2
    if before(cand, list[mid]) then hi = mid else lo = mid + 1 end
  end
  table.insert(list, lo, cand)
  if n + 1 > limit then list[n + 1] = nil end
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

-- Whether ctx:articles can fetch stored articles again (under galley export; not under
-- galley plugin test, which exports articles it loaded without a database).
local function can_fetch(ctx)
  local ok, iter = pcall(ctx.articles, ctx, { limit = 1 })
  if not ok then return false end
  for _ in iter do end
  return true
end

-- One pass over the articles keeps, per feed, only small candidates { time, seq, uid }
-- (the `limit` newest, or all of them with no limit), so memory does not grow with the
-- articles' size; each feed's entries are then built from the store one at a time, as
-- they are written (feed.entries). Without a store, the entries are built as they come.
function M.collect(articles, ctx, ext)
  local options = ctx.options
  local fetch = can_fetch(ctx)
  local buckets, order, seq = {}, {}, 0
  local site, mixed = nil, false
  local function bucket(key, scheme, label)
    local b = buckets[key]
    if not b then
      b = { scheme = scheme, label = label, cands = {} }
      buckets[key] = b
      order[#order + 1] = b
    end
    return b
  end
  if options.per == "all" then bucket("", nil, nil) end
  for article in articles do
    seq = seq + 1
    local _, t = M.rfc3339(article.published or article.modified)
    local _, u = M.rfc3339(article.modified or article.published)
    local cand = { time = t, updated = u, seq = seq, uid = article.uid, anonymous = #article.authors == 0 }
    if not fetch then cand.entry = entry(article, options) end
    if article.site_name ~= site then
      if site == nil and seq == 1 then site = article.site_name else mixed = true end
    end
    if options.per == "all" then
      offer(buckets[""].cands, cand, options.limit)
    else
      for _, c in ipairs(article:categories()) do
        offer(bucket(c.scheme .. "\0" .. c.label, c.scheme, c.label).cands, cand, options.limit)
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
    if options.limit == 0 then table.sort(b.cands, before) end
    local f = { scheme = b.scheme, label = b.label, file = b.file, link = options.link, cands = b.cands,
                anonymous = false, ctx = ctx }
    local newest
    for _, c in ipairs(b.cands) do
      if c.updated and (not newest or c.updated > newest) then newest = c.updated end
      f.anonymous = f.anonymous or c.anonymous
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

-- An iterator over the entries of feed f, newest first, each built when it is reached.
function M.entries(f)
  local i = 0
  return function()
    i = i + 1
    local c = f.cands[i]
    if not c then return nil end
    if c.entry then return c.entry end
    local e
    for article in f.ctx:articles({ where = { uid = c.uid }, limit = 1 }) do e = entry(article, f.ctx.options) end
    if not e then error("article '" .. c.uid .. "' is no longer in the database", 0) end
    return e
  end
end

return M
