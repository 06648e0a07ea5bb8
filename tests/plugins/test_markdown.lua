-- tests/plugins/test_markdown.lua — format/markdown: the renderer on fake articles, and,
-- when the cmark command is installed, a round trip proving escaped text stays text.
-- Run from the repository root: lua5.4 tests/plugins/test_markdown.lua

local t = dofile("tests/plugins/harness.lua")
t.plugin_path("plugins/format")
local markdown = dofile("plugins/format/markdown.lua")
local render = markdown.render

local function para(text)
  return { type = "paragraph", text = text }
end

local function body(...)
  return render({ blocks = { ... } })
end

-- The plugin table -------------------------------------------------------------------

t.ok(markdown.kind == "format" and markdown.name == "markdown" and type(markdown.version) == "string",
  "plugin table: name, kind, version")
t.ok(markdown.options.title == true and markdown.options.metadata == false, "default options")

-- Document shape ---------------------------------------------------------------------

t.equal(render({ title = "Hello", blocks = { para("One."), para("Two.") } }),
  "# Hello\n\nOne.\n\nTwo.\n", "title heading, paragraphs separated by a blank line")
t.equal(render({ title = "Hello", blocks = { para("One.") } }, { title = false }),
  "One.\n", "title = false leaves the title out")
t.equal(render({ blocks = {} }), "", "an empty article renders as the empty string")
t.equal(render({ title = "T", site_name = "Baghdadpost", published = "2017-07-14T18:24:00Z",
    authors = { "A. Writer", "B_Other" }, blocks = {} }, { title = true, metadata = true }),
  "# T\n\n*Baghdadpost · 2017-07-14 · A. Writer, B\\_Other*\n", "metadata line: site, date, authors")
t.equal(render({ title = "T", published_raw = "Friday, 14 July 2017", blocks = {} },
    { metadata = true, title = true }),
  "# T\n\n*Friday, 14 July 2017*\n", "metadata falls back to the raw date")
t.equal(render({ title = "T", modified = "2017-07-14T18:24:00", modified_raw = "Friday", blocks = {} },
    { metadata = true, title = true }),
  "# T\n\n*2017-07-14*\n", "metadata falls back to the modification date")
t.equal(render({ title = "T", blocks = {} }, { title = true, metadata = true }), "# T\n",
  "no metadata line when there is no metadata")
t.equal(body(para("  spaced   \n\n\n  out  ")), "spaced\n\nout\n",
  "lines trimmed, blank-line runs collapsed")
t.equal(body({ type = "aside", text = "Unknown kinds" }), "Unknown kinds\n",
  "an unknown block type renders as a paragraph")
t.equal(body(para(""), para("   "), para("x")), "x\n", "empty paragraphs are skipped")

-- Headings ---------------------------------------------------------------------------

t.equal(body({ type = "heading", level = 2, text = "Political aspirations" }),
  "## Political aspirations\n", "a level-2 heading keeps its level")
t.equal(body({ type = "heading", level = 9, text = "Deep" }), "###### Deep\n",
  "heading levels above 6 are clamped")
t.equal(body({ type = "heading", text = "No level" }), "# No level\n",
  "a heading without a level is level 1")
t.equal(body({ type = "heading", level = 2, text = "C# and F#" }), "## C# and F\\#\n",
  "a trailing # is escaped (not a closing sequence)")
t.equal(body({ type = "heading", level = 3, text = "Two\nlines" }), "### Two lines\n",
  "a heading stays on one line")
t.equal(render({ title = "IMIS *forces* [1]", blocks = {} }), "# IMIS \\*forces\\* \\[1\\]\n",
  "the title is escaped")

-- Escaping ---------------------------------------------------------------------------

local line_cases = {
  { "# not a heading", "\\# not a heading" },
  { "#hashtag", "\\#hashtag" },
  { "> not a quote", "\\> not a quote" },
  { "- not a list", "\\- not a list" },
  { "+ not a list", "\\+ not a list" },
  { "* not a list", "\\* not a list" },
  { "-", "\\-" },
  { "---", "\\---" },
  { "- - -", "\\- - -" },
  { "***", "\\*\\*\\*" },
  { "___", "\\_\\_\\_" },
  { "===", "\\===" },
  { "~~~", "\\~~~" },
  { "```", "\\`\\`\\`" },
  { "1. not ordered", "1\\. not ordered" },
  { "2017. A year", "2017\\. A year" },
  { "3) nor this", "3\\) nor this" },
  { "1.5 million", "1.5 million" },
  { "-5 degrees", "-5 degrees" },
  { "--version", "--version" },
  { "= sign", "= sign" },
  { "<div>", "\\<div>" },
  { "[link](x)", "\\[link\\](x)" },
  { "a \\ b", "a \\\\ b" },
  { "*em* _em_ `code`", "\\*em\\* \\_em\\_ \\`code\\`" },
  { "A & B &amp; &#123;", "A & B \\&amp; \\&#123;" },
  { "Plain text, 60,000 fighters.", "Plain text, 60,000 fighters." },
}
for _, case in ipairs(line_cases) do
  t.equal(markdown.escape_line(case[1]), case[2], ("escapes %q"):format(case[1]))
end
t.equal(body(para("intro\n# inner\n1. inner")), "intro\n\\# inner\n1\\. inner\n",
  "every line of a paragraph is escaped, not only the first")

-- Lists ------------------------------------------------------------------------------

local function item(text, level)
  return { type = "list_item", text = text, level = level }
end

t.equal(body(item("one", 1), item("two", 2), item("three", 3), item("four", 1)),
  "- one\n  - two\n    - three\n- four\n", "nested items: two spaces per level, no blank lines")
t.equal(body(item("one", 1), item("deep", 4)), "- one\n  - deep\n",
  "a level jumps at most one deeper (no accidental code block)")
t.equal(body(item("first", 2)), "- first\n", "a list cannot start nested")
t.equal(body(para("Before."), item("a", 1), item("b", 1), para("After.")),
  "Before.\n\n- a\n- b\n\nAfter.\n", "a list is one chunk between blank lines")
t.equal(body(item("line one\nline two", 1)), "- line one\n  line two\n",
  "continuation lines are indented to the item content")
t.equal(body(item("# title-like", 1)), "- \\# title-like\n", "item text is escaped at its start")
t.equal(body(item("1. ordered", 1)), "- 1\\. ordered\n", "a numbered item text does not nest a list")

-- Quotes, code, images, tables --------------------------------------------------------

t.equal(body({ type = "quote", text = "First.\n\nSecond." }, { type = "quote", text = "Third." }),
  "> First.\n>\n> Second.\n>\n> Third.\n", "consecutive quotes form one block quote")
t.equal(body({ type = "quote", text = "> nested?" }), "> \\> nested?\n", "quote text is escaped")
t.equal(body({ type = "code", text = "print(1)\n" }), "```\nprint(1)\n```\n",
  "code is fenced, trailing newline dropped")
t.equal(body({ type = "code", text = "a ``` b\n````" }), "`````\na ``` b\n````\n`````\n",
  "the fence is longer than any backtick run inside")
t.equal(body({ type = "code", text = "*not* escaped <b>" }), "```\n*not* escaped <b>\n```\n",
  "code content is left as it is")
t.equal(body({ type = "image", url = "http://e.com/a.jpg", alt = "IMIS forces", text = "Fighters in 2017" }),
  "![IMIS forces](http://e.com/a.jpg)\n*Fighters in 2017*\n", "image with the caption in italics")
t.equal(body({ type = "image", url = "http://e.com/a b(1).jpg", text = "Cap" }),
  "![Cap](http://e.com/a%20b%281%29.jpg)\n*Cap*\n", "the URL is encoded; alt falls back to the caption")
t.equal(body({ type = "image", text = "Only a caption" }), "*Only a caption*\n",
  "an image without URL keeps its caption")
t.equal(body({ type = "image" }), "", "an image with nothing is skipped")
t.equal(body({ type = "table_row", text = "Group | Fighters" }, { type = "table_row", text = "IMIS | 60,000 | est." }),
  "| Group | Fighters |  |\n| --- | --- | --- |\n| IMIS | 60,000 | est. |\n",
  "table rows become a pipe table, padded to the widest row")
t.equal(body({ type = "table_row", text = "a|b | c" }), "| a\\|b | c |\n| --- | --- |\n",
  "a pipe inside a cell is escaped")

-- process() --------------------------------------------------------------------------

local fake_article = {
  title = "Iran-backed IMIS can be another ISIS in disguise",
  site_name = "Baghdadpost",
  authors = {},
}
function fake_article:blocks()
  return { { type = "heading", level = 2, text = "IMIS forces" }, para("After the demise...") }
end
local emitted = {}
local ctx = { options = { title = true, metadata = false } }
function ctx:emit(format, text)
  emitted[#emitted + 1] = { format = format, text = text }
end
markdown.process(fake_article, ctx)
t.ok(#emitted == 1 and emitted[1].format == "markdown", "process emits one markdown rendition")
t.equal(emitted[1] and emitted[1].text,
  "# Iran-backed IMIS can be another ISIS in disguise\n\n## IMIS forces\n\nAfter the demise...\n",
  "process renders the article's title and blocks")

-- CommonMark round trip ----------------------------------------------------------------

local function html_escape(s)
  return (s:gsub("&", "&amp;"):gsub("<", "&lt;"):gsub(">", "&gt;"):gsub('"', "&quot;"))
end

local function cmark(text)
  local path = os.tmpname()
  local file = assert(io.open(path, "wb"))
  file:write(text)
  file:close()
  local pipe = io.popen("cmark < " .. path .. " 2>/dev/null")
  local html = pipe:read("a")
  local ok = pipe:close()
  os.remove(path)
  return ok and html or nil
end

if not cmark("x") then
  t.skip("cmark round trip", "cmark not installed")
else
  -- Each hostile line alone in a paragraph must come back as exactly that text.
  local hostile = {}
  for _, case in ipairs(line_cases) do
    hostile[#hostile + 1] = case[1]
  end
  for _, extra in ipairs({ "    indented code?", "\tTabbed", "<!-- comment -->", "<http://a.b>",
      "[ref]: http://example.com", "![img](x.png)", "Setext\n===", "Setext\n---", "a  \nb",
      "line\\", "**strong**", "1986. A year", "+", "* * *", "&copy; 2017", "~~~ fence",
      "| a | b |\n| - | - |" }) do
    hostile[#hostile + 1] = extra
  end
  local blocks, want = {}, {}
  for _, text in ipairs(hostile) do
    blocks[#blocks + 1] = para(text)
    local lines = {}
    for line in (text .. "\n"):gmatch("([^\n]*)\n") do
      lines[#lines + 1] = (line:gsub("^%s+", ""):gsub("%s+$", ""))
    end
    want[#want + 1] = "<p>" .. html_escape(table.concat(lines, "\n")) .. "</p>\n"
  end
  local html = cmark(render({ blocks = blocks }))
  local got = {}
  for paragraph in html:gmatch("<p>.-</p>\n") do
    got[#got + 1] = paragraph
  end
  local same = #got == #want
  for i = 1, #want do
    if got[i] ~= want[i] then
      same = false
      print("#   differs: " .. tostring(got[i]) .. " expected " .. want[i])
      break
    end
  end
  t.ok(same and html == table.concat(want), "cmark: hostile text renders as plain paragraphs")

  local doc = {
    title = "A *title*",
    blocks = {
      { type = "heading", level = 2, text = "Sub #" },
      item("one", 1), item("two", 2), item("three", 1),
      { type = "quote", text = "quoted" },
      { type = "code", text = "x ```" },
      { type = "image", url = "http://e.com/i.png", alt = "alt", text = "caption" },
    },
  }
  t.equal(cmark(render(doc)), table.concat({
    "<h1>A *title*</h1>\n",
    "<h2>Sub #</h2>\n",
    "<ul>\n<li>one\n<ul>\n<li>two</li>\n</ul>\n</li>\n<li>three</li>\n</ul>\n",
    "<blockquote>\n<p>quoted</p>\n</blockquote>\n",
    "<pre><code>x ```\n</code></pre>\n",
    '<p><img src="http://e.com/i.png" alt="alt" />\n<em>caption</em></p>\n',
  }), "cmark: every block kind has the intended structure")
end

t.done()
