-- export/site.lua — a static HTML5 site that works from a folder, over file://, with no
-- server and no network: copy the folder to a USB stick and open index.html.
--
--   index.html, index-2.html…            every article, newest first, options.per_page a page
--   articles/<yyyy>/<slug>.html           one page per article
--   categories.html                       every category and place, with its count
--   categories/<scheme>/<label>.html…     the articles of a category, newest first, paged
--   places/<label>.html…                  the same for the `place` scheme
--   search.html, search.js, search-index.js   search in the browser (search-index.js
--                                         assigns a variable: fetch() of a local JSON file
--                                         fails over file://)
--   style.css                             system fonts, phone and desktop, light and dark
--
-- Every text of an article is HTML-escaped (galley.html.escape), in content and in
-- attributes alike; links from articles are kept only when they are http(s). Images are
-- links to the picture, not <img> (a remote picture would need the network), unless
-- options.remote_images is set. One pass over the selection writes the article pages and
-- the search index as it goes; the listings are written at the end from a small record
-- per article (title, path, date), so memory grows with those records, not with bodies.
--
-- Options:
--   title         = "Articles"  the site's name, in every page's header
--   per_page      = 50          articles per page of the index and of a category
--   text_chars    = 400         characters of an article's text in the search index (the lead;
--                                 the index is loaded whole by search.html)
--   remote_images = false       true: show images with <img> (needs the network)
--   lang          = "en"        the lang of the site's own pages

local slugs = require("slugs")

local plugin = {
  name = "site",
  kind = "export",
  version = "1",
  description = "A static HTML site that works offline: index, article, category and place pages, search",
  options = { title = "Articles", per_page = 50, text_chars = 400, remote_images = false, lang = "en" },
}

local esc = galley.html.escape

-- Pieces ----------------------------------------------------------------------------------

-- The article's date for listings and its page: published, else modified.
local function date_of(article)
  return article.published or article.modified
end

-- "2017-07-14T18:24:00Z" -> "2017-07-14 18:24 UTC"; other forms as they are.
local function shown_date(iso)
  local day, time, zone = iso:match("^(%d%d%d%d%-%d%d%-%d%d)T(%d%d:%d%d)[%d:.,]*(.*)$")
  if not day then return iso end
  return day .. " " .. time .. (zone == "Z" and " UTC" or zone ~= "" and " " .. zone or "")
end

local function time_element(iso)
  return '<time datetime="' .. esc(iso) .. '">' .. esc(shown_date(iso)) .. "</time>"
end

-- Only web links are kept: a javascript: or data: URL from an article must not run.
-- Spaces and control characters, which a URL cannot hold, are percent-encoded.
local function safe_url(url)
  if url and (url:match("^[Hh][Tt][Tt][Pp][Ss]?://[^%s]") or url:match("^mailto:[^%s]")) then
    return (url:gsub("[%s%c]", function(c) return string.format("%%%02X", c:byte()) end))
  end
  return nil
end

local function page(options, root, title, body, lang, scripts)
  local out = {
    "<!DOCTYPE html>\n<html lang=\"", esc(lang or options.lang), "\">\n<head>\n<meta charset=\"utf-8\">\n",
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
    "<title>", esc(title), "</title>\n<link rel=\"stylesheet\" href=\"", root, "style.css\">\n</head>\n<body>\n",
    "<header class=\"site\"><a class=\"home\" href=\"", root, "index.html\">", esc(options.title), "</a>",
    "<a href=\"", root, "categories.html\">Categories</a>",
    "<form action=\"", root, "search.html\" method=\"get\" role=\"search\">",
    "<input type=\"search\" name=\"q\" id=\"q\" aria-label=\"Search\" placeholder=\"Search\">",
    "<button type=\"submit\">Search</button></form></header>\n<main>\n", body, "</main>\n",
    "<footer class=\"site\">Made with galley ", esc(galley.version), "</footer>\n",
  }
  for _, src in ipairs(scripts or {}) do
    out[#out + 1] = "<script src=\"" .. root .. src .. "\"></script>\n"
  end
  out[#out + 1] = "</body>\n</html>\n"
  return table.concat(out)
end

-- Article pages ---------------------------------------------------------------------------

local function heading_level(level)
  return math.max(2, math.min(6, (level or 1) + 1))
end

-- The body blocks as HTML: runs of list items become nested lists, runs of table rows
-- a table; everything else one element per block.
local function body_html(blocks, options)
  local out = {}
  local depth = 0
  local in_table = false
  local function close_lists(to)
    while depth > to do
      out[#out + 1] = "</li></ul>"
      depth = depth - 1
    end
  end
  for _, b in ipairs(blocks) do
    local text = esc(b.text or "")
    if b.type ~= "list_item" then close_lists(0) end
    if b.type ~= "table_row" and in_table then
      out[#out + 1] = "</table>"
      in_table = false
    end
    if b.type == "list_item" then
      local level = math.max(1, b.level or 1)
      if level > depth then
        while depth < level do
          out[#out + 1] = "<ul><li>"
          depth = depth + 1
        end
      else
        close_lists(level)
        out[#out + 1] = "</li><li>"
      end
      out[#out + 1] = text
    elseif b.type == "heading" then
      local h = heading_level(b.level)
      out[#out + 1] = "<h" .. h .. ">" .. text .. "</h" .. h .. ">"
    elseif b.type == "quote" then
      out[#out + 1] = "<blockquote><p>" .. text .. "</p></blockquote>"
    elseif b.type == "code" then
      out[#out + 1] = "<pre><code>" .. text .. "</code></pre>"
    elseif b.type == "table_row" then
      if not in_table then
        out[#out + 1] = "<table>"
        in_table = true
      end
      local cells = {}
      for cell in ((b.text or "") .. " | "):gmatch("(.-) | ") do
        cells[#cells + 1] = "<td>" .. esc(cell) .. "</td>"
      end
      out[#out + 1] = "<tr>" .. table.concat(cells) .. "</tr>"
    elseif b.type == "image" then
      local url = safe_url(b.url)
      local alt = b.alt ~= "" and b.alt or b.text
      local shown
      if url and options.remote_images then
        shown = '<img src="' .. esc(url) .. '" alt="' .. esc(alt or "") .. '" loading="lazy">'
      elseif url then
        shown = '<a href="' .. esc(url) .. '">Image: ' .. esc(alt ~= "" and alt or url) .. "</a>"
      else
        shown = "Image: " .. esc(alt or "")
      end
      local caption = (b.text or "") ~= "" and "<figcaption>" .. text .. "</figcaption>" or ""
      out[#out + 1] = "<figure>" .. shown .. caption .. "</figure>"
    else
      out[#out + 1] = "<p>" .. text .. "</p>"
    end
    out[#out + 1] = "\n"
  end
  close_lists(0)
  if in_table then out[#out + 1] = "</table>\n" end
  return table.concat(out)
end

-- Category pages: a path per scheme and label, unique even when two labels share a slug.
local function category_paths()
  local paths, taken = {}, {}
  return function(scheme, label)
    local key = scheme .. "\0" .. label
    if paths[key] then return paths[key] end
    local folder = scheme == "place" and "places/" or "categories/" .. (galley.text.slug(scheme) ~= "" and
      galley.text.slug(scheme) or slugs.short_hash(scheme)) .. "/"
    local slug = galley.text.slug(label)
    if slug == "" then slug = slugs.short_hash(label) end
    local path = folder .. slug
    if taken[path] then path = path .. "-" .. slugs.short_hash(label) end
    taken[path] = true
    paths[key] = path
    return path
  end
end

local function labels_html(article, root, category_path)
  local items = {}
  for _, c in ipairs(article:categories()) do
    items[#items + 1] = '<li><a href="' .. root .. esc(category_path(c.scheme, c.label)) .. '.html">' ..
      esc(c.scheme == "place" and c.label or c.scheme .. ": " .. c.label) .. "</a></li>"
  end
  if #items == 0 then return "" end
  return '<ul class="labels">' .. table.concat(items) .. "</ul>\n"
end

local function article_page(article, options, category_path)
  local root = "../../"
  local title = article.title or article.uid
  local meta = {}
  local date = date_of(article)
  if date then meta[#meta + 1] = time_element(date) end
  if #article.authors > 0 then meta[#meta + 1] = esc(table.concat(article.authors, ", ")) end
  if article.site_name then meta[#meta + 1] = esc(article.site_name) end
  local source = safe_url(article.url)
  if source then meta[#meta + 1] = '<a href="' .. esc(source) .. '">Source</a>' end
  local body = {
    '<article dir="auto">\n<h1>', esc(title), "</h1>\n",
    article.subtitle and "<p class=\"meta\">" .. esc(article.subtitle) .. "</p>\n" or "",
    '<p class="meta">', table.concat(meta, " · "), "</p>\n",
    labels_html(article, root, category_path),
    body_html(article:blocks(), options),
    "</article>\n",
  }
  return page(options, root, title, table.concat(body), article.lang)
end

-- Listings --------------------------------------------------------------------------------

-- The path of page n (1-based) of a listing whose first page is base .. ".html".
local function listing_page(base, n)
  return n == 1 and base .. ".html" or base .. "-" .. n .. ".html"
end

local function file_of(path)
  return path:match("([^/]+)$")
end

-- Writes a listing of `entries` (records of the articles, in order), per_page a page,
-- the first page at base .. ".html", the next at base .. "-2.html"…
local function write_listing(ctx, base, heading, entries)
  local options = ctx.options
  local root = string.rep("../", select(2, base:gsub("/", "")))
  local per_page = math.max(1, math.floor(options.per_page))
  local pages = math.max(1, math.ceil(#entries / per_page))
  for page_no = 1, pages do
    local items = {}
    for i = (page_no - 1) * per_page + 1, math.min(#entries, page_no * per_page) do
      local e = entries[i]
      items[#items + 1] = '<li dir="auto"><a href="' .. root .. esc(e.path) .. '">' .. esc(e.title) .. "</a>" ..
        (e.date and '<span class="meta">' .. time_element(e.date) .. "</span>" or "") .. "</li>\n"
    end
    local nav = {}
    if page_no > 1 then
      nav[#nav + 1] = '<a rel="prev" href="' .. esc(file_of(listing_page(base, page_no - 1))) .. '">← Newer</a>'
    end
    if page_no < pages then
      nav[#nav + 1] = '<a rel="next" href="' .. esc(file_of(listing_page(base, page_no + 1))) .. '">Older →</a>'
    end
    local body = "<h1>" .. esc(heading) .. "</h1>\n<ol class=\"articles\">\n" .. table.concat(items) ..
      "</ol>\n<nav class=\"pages\">" .. table.concat(nav, " ") .. "</nav>\n"
    local title = page_no > 1 and heading .. " (page " .. page_no .. ")" or heading
    local out <close> = ctx:open(listing_page(base, page_no))
    out:write(page(options, root, title, body))
  end
end

-- Newest first by the instant a date starts (a date alone: its midnight, UTC), undated
-- last, then in the order stored.
local function newest_first(a, b)
  if a.time ~= b.time then
    if not a.time or not b.time then return a.time ~= nil end
    return a.time > b.time
  end
  return a.n < b.n
end

-- Search ----------------------------------------------------------------------------------

local function search_entry(article, path, options)
  local text = article:text()
  if #text > options.text_chars then
    -- cut on a character boundary: never in the middle of a UTF-8 sequence
    local cut = options.text_chars
    while cut > 0 and (text:byte(cut + 1) or 0) & 0xC0 == 0x80 do cut = cut - 1 end
    text = text:sub(1, cut)
  end
  local date = date_of(article)
  return galley.json.encode({ t = article.title or article.uid, u = path, x = text,
                              d = date and shown_date(date) or galley.json.null })
end

local SEARCH_BODY = '<h1>Search</h1>\n<p class="count" id="count"></p>\n<ol class="articles" id="results"></ol>\n'

-- Export ------------------------------------------------------------------------------------

function plugin.export(articles, ctx)
  local options = ctx.options
  local allocate = slugs.allocator()
  local category_path = category_paths()
  local all = {}        -- a small record per article, for the listings
  local by_label = {}   -- "scheme\0label" -> records
  local schemes = {}    -- scheme -> { label, … }
  local index <close> = ctx:open("search-index.js")
  index:write("/* The search index of search.html: one entry per article. */\nvar GALLEY_SEARCH = [\n")
  for article in articles do
    local path = allocate("articles/" .. slugs.year(article) .. "/", article, ".html")
    local date = date_of(article)
    local entry = { n = #all + 1, path = path, title = article.title or article.uid, date = date,
                    time = date and galley.date.to_time(date) }
    all[#all + 1] = entry
    for _, c in ipairs(article:categories()) do
      local key = c.scheme .. "\0" .. c.label
      if not by_label[key] then
        by_label[key] = {}
        schemes[c.scheme] = schemes[c.scheme] or {}
        table.insert(schemes[c.scheme], c.label)
      end
      table.insert(by_label[key], entry)
    end
    local out <close> = ctx:open(path)
    out:write(article_page(article, options, category_path))
    index:write(entry.n > 1 and ",\n" or "", search_entry(article, path, options))
  end
  index:write("\n];\n")
  index:close()

  table.sort(all, newest_first)
  write_listing(ctx, "index", options.title, all)

  local scheme_names = {}
  for scheme in pairs(schemes) do scheme_names[#scheme_names + 1] = scheme end
  table.sort(scheme_names, function(a, b)
    if (a == "place") ~= (b == "place") then return b == "place" end
    return a < b
  end)
  local overview = { "<h1>Categories</h1>\n" }
  for _, scheme in ipairs(scheme_names) do
    local labels = schemes[scheme]
    table.sort(labels)
    overview[#overview + 1] = "<h2>" .. esc(scheme == "place" and "Places" or scheme) .. '</h2>\n<ul class="labels">'
    for _, label in ipairs(labels) do
      local base = category_path(scheme, label)
      local entries = by_label[scheme .. "\0" .. label]
      table.sort(entries, newest_first)
      write_listing(ctx, base, (scheme == "place" and "Place: " or scheme .. ": ") .. label, entries)
      overview[#overview + 1] = '<li><a href="' .. esc(base) .. '.html">' .. esc(label) .. "</a> " ..
        '<span class="count">' .. #entries .. "</span></li>"
    end
    overview[#overview + 1] = "</ul>\n"
  end
  local cats <close> = ctx:open("categories.html")
  cats:write(page(options, "", "Categories", table.concat(overview)))

  local search <close> = ctx:open("search.html")
  search:write(page(options, "", "Search", SEARCH_BODY, nil, { "search-index.js", "search.js" }))
  local css <close> = ctx:open("style.css")
  css:write(ctx:read("site/style.css"))
  local js <close> = ctx:open("search.js")
  js:write(ctx:read("site/search.js"))
end

plugin.body_html = body_html
plugin.safe_url = safe_url

return plugin
