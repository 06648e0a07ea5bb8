-- tests/plugins/test_jsonl.lua — export/jsonl with fake articles and a fake writer, and
-- every bundled plugin loaded and run inside a stand-in for galley's sandbox.
-- Run from the repository root: lua5.4 tests/plugins/test_jsonl.lua

local t = dofile("tests/plugins/harness.lua")

local function fake_article(json)
  local article = { title = "T", authors = {}, categories = {} }
  function article:to_json()
    return json
  end
  function article:blocks()
    return { { type = "paragraph", text = "Iraqi troops entered Mosul; the war goes on." } }
  end
  function article:categorize(scheme, label, score)
    self.categories[#self.categories + 1] = { scheme = scheme, label = label, score = score }
  end
  return article
end

local function each(list)
  local i = 0
  return function()
    i = i + 1
    return list[i]
  end
end

local function export_ctx()
  local ctx = { options = {}, plugin = "export/jsonl", written = {}, opened = {} }
  function ctx:open(path)
    self.opened[#self.opened + 1] = path or "(output)"
    local writer = { closed = false }
    function writer.write(_, ...)
      for _, piece in ipairs({ ... }) do
        ctx.written[#ctx.written + 1] = piece
      end
    end
    function writer.close(w)
      w.closed = true
      ctx.closed = true
    end
    return writer
  end
  return ctx
end

for _, how in ipairs({ "dofile", "sandbox" }) do
  local jsonl = how == "dofile" and dofile("plugins/export/jsonl.lua")
    or t.sandboxed("plugins/export/jsonl.lua")
  t.ok(jsonl.kind == "export" and jsonl.name == "jsonl", how .. ": plugin table")
  local ctx = export_ctx()
  jsonl.export(each({ fake_article('{"uid":"a"}'), fake_article('{"uid":"b"}') }), ctx)
  t.equal(table.concat(ctx.written), '{"uid":"a"}\n{"uid":"b"}\n', how .. ": one line per article")
  t.ok(#ctx.opened == 1 and ctx.opened[1] == "(output)" and ctx.closed,
    how .. ": opens the output once and closes it")
  ctx = export_ctx()
  jsonl.export(each({}), ctx)
  t.ok(table.concat(ctx.written) == "" and ctx.closed, how .. ": no articles, empty output")
end

-- The other plugins in the sandbox stand-in: no undeclared globals, require works.
local markdown = t.sandboxed("plugins/format/markdown.lua")
local emitted
local ctx = { options = markdown.options }
function ctx:emit(format, text)
  emitted = format .. ":" .. text
end
markdown.process(fake_article("{}"), ctx)
t.equal(emitted, "markdown:# T\n\nIraqi troops entered Mosul; the war goes on.\n",
  "sandbox: format/markdown runs")

local keywords = t.sandboxed("plugins/categorize/keywords.lua")
local article = fake_article("{}")
-- Topics only: places come from galley.places, which plain Lua does not have.
ctx = { options = { schemes = { "topic" } } }
keywords.setup(ctx)
keywords.process(article, ctx)
local got = {}
for _, c in ipairs(article.categories) do
  got[#got + 1] = c.scheme .. "/" .. c.label
end
t.equal(table.concat(got, " "), "topic/conflict",
  "sandbox: categorize/keywords requires its taxonomy and runs")

t.done()
