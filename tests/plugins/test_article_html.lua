-- tests/plugins/test_article_html.lua — plugins/lib/article_html.lua (an article's blocks
-- as HTML, for the feed exporters) and the quoting of export/csv, with fake articles.
-- Run from the repository root: lua5.4 tests/plugins/test_article_html.lua

local t = dofile("tests/plugins/harness.lua")
t.plugin_path("plugins/export")
local html = require("article_html")

local render = html.render

t.equal(render({ { type = "paragraph", text = "a < b & \"c\"" } }), "<p>a &lt; b &amp; &quot;c&quot;</p>",
  "paragraph text is escaped")
t.equal(render({ { type = "heading", level = 9, text = "H" }, { type = "heading", text = "D" } }),
  "<h6>H</h6>\n<h2>D</h2>", "heading levels: clamped to 6, 2 by default")
t.equal(render({
  { type = "list_item", level = 1, text = "a" },
  { type = "list_item", level = 3, text = "deep" },
  { type = "list_item", level = 1, text = "b" },
  { type = "paragraph", text = "after" },
}), "<ul><li>a\n<ul><li><ul><li>deep\n</li></ul></li></ul></li><li>b</li></ul>\n<p>after</p>",
  "list items nest by level, a jump of two opens two lists, every list is closed")
t.equal(render({ { type = "list_item", level = 2, text = "x" } }), "<ul><li><ul><li>x</li></ul></li></ul>",
  "a list that starts deep is closed at the end")
t.equal(render({ { type = "table_row", text = "a | b" }, { type = "table_row", text = "c | <d>" } }),
  "<table>\n<tr><td>a</td><td>b</td></tr>\n<tr><td>c</td><td>&lt;d&gt;</td></tr>\n</table>",
  "table rows: one table, cells split on ' | '")
t.equal(render({ { type = "image", url = "javascript:alert(1)", alt = "x", text = "cap" } }),
  "<figure><figcaption>cap</figcaption></figure>", "a javascript: image source is dropped")
t.equal(render({ { type = "image", url = "img/a.png", alt = "\"q\"", text = "" } }),
  '<figure><img src="img/a.png" alt="&quot;q&quot;"></figure>', "a relative source is kept, alt escaped")
t.equal(render({ { type = "code", text = "x < 1\n  y" }, { type = "quote", text = "q" } }),
  "<pre><code>x &lt; 1\n  y</code></pre>\n<blockquote><p>q</p></blockquote>", "code and quotes")
t.ok(html.safe_url("HTTPS://x") and html.safe_url("/a") and not html.safe_url(" data:text/html,x"),
  "safe_url: http(s) and relative only")

-- export/csv: the quoting of RFC 4180, run in the sandbox stand-in over fake articles.
local csv = t.sandboxed("plugins/export/csv.lua")
local function article(fields)
  fields.authors = fields.authors or {}
  fields.tags = fields.tags or {}
  fields.meta = fields.meta or {}
  function fields.categories() return fields.cats or {} end
  function fields.text() return fields.body or "" end
  function fields.renditions() return {} end
  return fields
end
local written = {}
local ctx = { options = { columns = { "title", "authors", "categories", "text", "meta.k" }, separator = "; ",
                          header = true } }
function ctx.open()
  return { write = function(_, ...) for _, s in ipairs({ ... }) do written[#written + 1] = s end end,
           close = function() end }
end
csv.setup(ctx)
local list = {
  article({ title = 'He said "no", then left', authors = { "A", "B" }, body = "line one\nline two",
            cats = { { scheme = "topic", label = "x" } }, meta = { k = "v" } }),
  article({ title = "plain" }),
}
local i = 0
csv.export(function() i = i + 1 return list[i] end, ctx)
t.equal(table.concat(written),
  'title,authors,categories,text,meta.k\r\n"He said ""no"", then left",A; B,topic/x,"line one\nline two",v\r\n'
  .. "plain,,,,\r\n", "csv: quotes doubled, fields with commas and line breaks quoted, CRLF rows")
ctx.options.columns = { "title", "nope" }
t.raises(function() csv.setup(ctx) end, "unknown column 'nope'", "csv: an unknown column is an error")

t.done()
