-- export/jsonfeed.lua — the selected articles as a JSON Feed 1.1
-- (https://jsonfeed.org/version/1.1): one feed for the whole selection (written to the
-- output file, or standard output), or one per category (options.per = "category":
-- <scheme>-<label>.json in the output folder). Items newest first (published, else
-- modified; undated last), at most options.limit.
--
-- Each item: id (as export/atom: the uid when it is a URL, else the article URL, else a
-- tag: URI), url, title, date_published and date_modified (RFC 3339 in UTC; left out when
-- the article has no date: JSON Feed does not require one), authors, tags (the article's
-- tags, then its categories as "scheme/label"), summary (the description), image,
-- language, and content_html (content = "full": the "html" rendition, else rendered from
-- the blocks) or content_text (content = "summary": the summary, else the lead paragraph).
--
-- Options: see lib/feed.lua (title, link, id, self, author, subtitle, per, limit,
-- content, tag_authority; id and tag_authority only name items and per-category feeds).

local feed = require("feed")

local plugin = {
  name = "jsonfeed",
  kind = "export",
  version = "1",
  description = "A JSON Feed 1.1 of the newest articles, or one per category",
  options = feed.options,
}

local json = galley.json

local function item(e)
  local it = {
    id = e.id,
    url = e.url,
    title = e.title ~= "" and e.title or nil,
    date_published = e.published,
    date_modified = e.updated,
    summary = e.summary,
    image = e.image,
    language = e.lang,
  }
  if e.html then
    it.content_html = e.html
  else
    it.content_text = e.summary or e.text
  end
  if #e.authors > 0 then
    it.authors = {}
    for i, name in ipairs(e.authors) do it.authors[i] = { name = name } end
  end
  local tags = {}
  for _, tag in ipairs(e.tags) do tags[#tags + 1] = tag end
  for _, c in ipairs(e.categories) do tags[#tags + 1] = c.scheme .. "/" .. c.label end
  if #tags > 0 then it.tags = tags end
  return it
end

local function write_feed(w, f, options)
  local head = {
    version = "https://jsonfeed.org/version/1.1",
    title = f.title,
    home_page_url = f.link ~= "" and f.link or nil,
    feed_url = options.self ~= "" and not f.file and options.self or nil,
    description = options.subtitle ~= "" and options.subtitle or nil,
    authors = options.author ~= "" and { { name = options.author } } or nil,
  }
  -- The head as JSON without its closing brace, then the items one by one: an empty
  -- Lua table would encode as {}, and items must be an array.
  local text = json.encode(head)
  w:write(text:sub(1, -2), ',"items":[')
  local sep = "\n"
  for e in feed.entries(f) do
    w:write(sep, json.encode(item(e)))
    sep = ",\n"
  end
  w:write("\n]}\n")
end

function plugin.setup(ctx)
  feed.check(ctx.options)
end

function plugin.export(articles, ctx)
  for _, f in ipairs(feed.collect(articles, ctx, ".json")) do
    local w <close> = f.file and ctx:open(f.file) or ctx:open()
    write_feed(w, f, ctx.options)
  end
end

return plugin
