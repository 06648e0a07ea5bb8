-- export/atom.lua — the selected articles as an Atom 1.0 feed (RFC 4287): one feed for
-- the whole selection (written to the output file, or standard output), or one per
-- category (options.per = "category": <scheme>-<label>.atom in the output folder).
-- Entries newest first (published, else modified; undated last), at most options.limit.
--
-- Each entry: id (the uid when it is a URL, else the article URL, else a tag: URI; see
-- lib/feed.lua), title, link to the article URL, published and updated (RFC 3339 in UTC),
-- authors, a category per tag (term) and per galley category (scheme and term), the
-- summary (the description) and, with content = "full", the body as HTML (the "html"
-- rendition, else rendered from the blocks), escaped as text inside <content type="html">.
--
-- Atom requires an updated date on the feed and on each entry. The feed's is the newest
-- date of its entries (the export time when none has a date). An entry whose article has
-- no date at all gets the feed's updated date and no published date; its article's
-- own dates are never invented. An entry with neither a link nor content (summary mode,
-- no URL) gets the content anyway, so that the feed stays valid.
--
-- Options: see lib/feed.lua (title, link, id, self, author, subtitle, per, limit,
-- content, tag_authority).

local feed = require("feed")
local article_html = require("article_html")

local plugin = {
  name = "atom",
  kind = "export",
  version = "1",
  description = "An Atom 1.0 feed of the newest articles, or one per category",
  options = feed.options,
}

local x = galley.xml.escape

local function element(out, indent, name, text, attrs)
  if text == nil or text == "" then return end
  out[#out + 1] = indent .. "<" .. name .. (attrs or "") .. ">" .. x(text) .. "</" .. name .. ">\n"
end

local function write_entry(out, e, f, options)
  out[#out + 1] = "  <entry" .. (e.lang and (' xml:lang="' .. x(e.lang) .. '"') or "") .. ">\n"
  element(out, "    ", "id", e.id)
  out[#out + 1] = '    <title type="text">' .. x(e.title) .. "</title>\n"
  if e.url then out[#out + 1] = '    <link rel="alternate" href="' .. x(e.url) .. '"/>\n' end
  element(out, "    ", "published", e.published)
  element(out, "    ", "updated", e.updated or f.updated)
  for _, name in ipairs(e.authors) do
    out[#out + 1] = "    <author><name>" .. x(name) .. "</name></author>\n"
  end
  for _, tag in ipairs(e.tags) do out[#out + 1] = '    <category term="' .. x(tag) .. '"/>\n' end
  for _, c in ipairs(e.categories) do
    out[#out + 1] = '    <category scheme="' .. x(c.scheme) .. '" term="' .. x(c.label) .. '"/>\n'
  end
  element(out, "    ", "summary", e.summary, ' type="text"')
  local body = e.html
  if not body and not e.url then
    local paragraphs = {}
    for p in (e.text .. "\n\n"):gmatch("(.-)\n\n") do paragraphs[#paragraphs + 1] = { type = "paragraph", text = p } end
    body = article_html.render(paragraphs)
  end
  element(out, "    ", "content", body, ' type="html"')
  out[#out + 1] = "  </entry>\n"
end

local function write_feed(w, f, options)
  local out = { '<?xml version="1.0" encoding="utf-8"?>\n', '<feed xmlns="http://www.w3.org/2005/Atom">\n' }
  element(out, "  ", "id", f.id)
  element(out, "  ", "title", f.title, ' type="text"')
  element(out, "  ", "subtitle", options.subtitle, ' type="text"')
  if f.link ~= "" then out[#out + 1] = '  <link rel="alternate" href="' .. x(f.link) .. '"/>\n' end
  if options.self ~= "" and not f.file then
    out[#out + 1] = '  <link rel="self" href="' .. x(options.self) .. '"/>\n'
  end
  element(out, "  ", "updated", f.updated)
  -- Atom wants an author on the feed unless every entry has one.
  local author = options.author
  if author == "" and f.anonymous then author = f.title end
  if author ~= "" then out[#out + 1] = "  <author><name>" .. x(author) .. "</name></author>\n" end
  out[#out + 1] = "  <generator>galley</generator>\n"
  w:write(table.concat(out))
  for e in feed.entries(f) do
    out = {}
    write_entry(out, e, f, options)
    w:write(table.concat(out))
  end
  w:write("</feed>\n")
end

function plugin.setup(ctx)
  feed.check(ctx.options)
end

function plugin.export(articles, ctx)
  for _, f in ipairs(feed.collect(articles, ctx, ".atom")) do
    local w <close> = f.file and ctx:open(f.file) or ctx:open()
    write_feed(w, f, ctx.options)
  end
end

return plugin
