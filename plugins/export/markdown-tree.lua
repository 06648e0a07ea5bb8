-- export/markdown-tree.lua — one Markdown file per article, in the folder layout static
-- site generators read (Hugo's content/, Jekyll with a collection):
--   content/<section>/<yyyy>/<slug>.md
-- with YAML front matter (title, date, lastmod, authors, categories, places, tags,
-- description, images, source_url, uid) and the body in CommonMark.
--
-- Paths: <section> is the slug of the article's section, else options.section
-- ("articles"); <yyyy> the year of its date (published, else modified), else "undated";
-- <slug> the slug of its title (galley.text.slug), else of its uid's last part, else
-- "article". Two articles with the same path: the first stored keeps it, the others get
-- "-" and 8 hex digits of a hash of their uid (lib/slugs.lua).
-- Body: the "markdown" rendition (run format/markdown first), without its leading
-- "# title" heading (the title is in the front matter); else rendered from the blocks.
-- Images are Markdown images. "{{" becomes "{\{" so that no text reads as a Hugo
-- shortcode.
--
-- Options:
--   content    = "content"   the top folder, inside the output folder
--   section    = "articles"  the section of articles that have none
--   categories = "topic"     the category scheme written as `categories`
--   places     = "place"     the category scheme written as `places`

local commonmark = require("commonmark")
local slugs = require("slugs")

local plugin = {
  name = "markdown-tree",
  kind = "export",
  version = "1",
  description = "One Markdown file with YAML front matter per article (Hugo, Jekyll)",
  options = { content = "content", section = "articles", categories = "topic", places = "place" },
}

-- YAML ----------------------------------------------------------------------------------

local ESCAPES = { ["\\"] = "\\\\", ['"'] = '\\"', ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t" }

-- A YAML double-quoted scalar: the one style where no character of the text (a colon, a
-- leading "-", "&", "*", "!", "%", "@", a "#", a quote) means anything. Control
-- characters and the Unicode line breaks, which YAML would fold, are escaped.
local function yaml_string(s)
  s = s:gsub('[%c\\"]', function(c)
    return ESCAPES[c] or string.format("\\x%02X", c:byte())
  end)
  s = s:gsub("\u{85}", "\\N"):gsub("\u{2028}", "\\L"):gsub("\u{2029}", "\\P"):gsub("\u{FEFF}", "\\uFEFF")
  return '"' .. s .. '"'
end

local function yaml_list(values)
  local quoted = {}
  for i, v in ipairs(values) do
    quoted[i] = yaml_string(v)
  end
  return "[" .. table.concat(quoted, ", ") .. "]"
end

-- The front matter, keys in a fixed order; absent or empty values are left out.
local function front_matter(article, options)
  local lines = { "---" }
  local function scalar(key, value)
    if value and value ~= "" then lines[#lines + 1] = key .. ": " .. yaml_string(value) end
  end
  local function list(key, values)
    if #values > 0 then lines[#lines + 1] = key .. ": " .. yaml_list(values) end
  end
  local by_scheme = {}
  for _, c in ipairs(article:categories()) do
    by_scheme[c.scheme] = by_scheme[c.scheme] or {}
    table.insert(by_scheme[c.scheme], c.label)
  end
  scalar("title", article.title or article.uid)
  scalar("date", article.published or article.modified)
  scalar("lastmod", article.modified)
  list("authors", article.authors)
  list("categories", by_scheme[options.categories] or {})
  list("places", by_scheme[options.places] or {})
  list("tags", article.tags)
  scalar("description", article.description)
  list("images", { article.image })
  scalar("source_url", article.url)
  scalar("uid", article.uid)
  lines[#lines + 1] = "---"
  return table.concat(lines, "\n") .. "\n"
end

-- The article's file: content/<section>/<yyyy>/<slug>.md, unique through `allocate`.
local function path_of(article, options, allocate)
  local section = galley.text.slug(article.section or "")
  if section == "" then section = options.section end
  return allocate(options.content .. "/" .. section .. "/" .. slugs.year(article) .. "/", article, ".md")
end

-- Body ----------------------------------------------------------------------------------

local function body_of(article)
  local text = article:renditions().markdown
  if text then
    text = text:gsub("^# [^\n]*\n+", "", 1)
  else
    text = commonmark.render({ blocks = article:blocks() }, { title = false })
  end
  return (text:gsub("{{", "{\\{"))
end

function plugin.export(articles, ctx)
  local allocate = slugs.allocator()
  for article in articles do
    local out <close> = ctx:open(path_of(article, ctx.options, allocate))
    out:write(front_matter(article, ctx.options), "\n", body_of(article))
  end
end

plugin.yaml_string = yaml_string

return plugin
