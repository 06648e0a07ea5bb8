-- format/markdown.lua — renders each article as CommonMark and stores it as the
-- "markdown" rendition (ctx:emit("markdown", text)).
--
-- Output: the title as "# title", then the body blocks in order: headings ("#" x level),
-- paragraphs, lists ("- ", two spaces of indent per nesting level, items kept together),
-- quotes ("> "), fenced code (a fence longer than any backtick run inside), images
-- ("![alt](url)" with the caption on the next line in italics) and table rows (a pipe
-- table; the first row is the header). Text is escaped so that it never turns into
-- markup it did not mean: a paragraph starting with "1." or "#" stays a paragraph.
--
-- Options:
--   title    = true   begin with the title as a level-1 heading
--   metadata = false  add one italic line under the title: site · date · authors (the
--                     date published, else modified; the day only when it is ISO 8601)
--
-- The renderer is lib/commonmark.lua; render(doc, options) and escape_line are exposed
-- here too, for tests and other plugins.

local plugin = {
  name = "markdown",
  kind = "format",
  version = "1",
  description = "Renders the article as CommonMark (the \"markdown\" rendition)",
  options = { title = true, metadata = false },
}

local commonmark = require("commonmark")

plugin.render = function(doc, options) return commonmark.render(doc, options or plugin.options) end
plugin.escape_line = commonmark.escape_line

function plugin.process(article, ctx)
  local doc = {
    title = article.title,
    site_name = article.site_name,
    published = article.published,
    published_raw = article.published_raw,
    modified = article.modified,
    modified_raw = article.modified_raw,
    authors = article.authors,
    blocks = article:blocks(),
  }
  ctx:emit("markdown", commonmark.render(doc, ctx.options))
end

return plugin
