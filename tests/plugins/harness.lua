-- tests/plugins/harness.lua — what the plugin tests share: the `galley` module (the real
-- one when Lua can require it, else plain-Lua stand-ins for the few functions the pure
-- logic uses), a module path like the sandbox's, and TAP-like reporting.
-- Run the tests from the repository root: lua5.4 tests/plugins/test_markdown.lua

local harness = {}

-- Words as galley.text.words gives them: runs of letters and digits (any non-ASCII byte
-- counts as a letter, so typographic punctuation is removed first); an apostrophe
-- between two letters joins them ("Iran's"); everything else separates.
local PUNCTUATION = { "\u{201C}", "\u{201D}", "\u{201E}", "\u{00AB}", "\u{00BB}", "\u{2018}",
  "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2026}", "\u{060C}",
  "\u{00A0}", "\u{00B7}" }

local function stub_words(s)
  for _, mark in ipairs(PUNCTUATION) do
    s = s:gsub(mark, " ")
  end
  local words = {}
  for word in s:gmatch("[%w\128-\255]+[%w\128-\255']*") do
    words[#words + 1] = (word:gsub("'+$", ""))
  end
  return words
end

-- galley.html.escape: the five characters, control characters but tab and line ends as
-- a space.
local HTML_ESCAPES = { ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;", ['"'] = "&quot;", ["'"] = "&#39;" }

local function stub_html_escape(s)
  return (s:gsub("[&<>\"']", HTML_ESCAPES):gsub("[%z\1-\8\11\12\14-\31]", " "))
end

local function install_galley()
  if galley then
    return "preset"
  end
  local ok, module = pcall(require, "galley")
  if ok and type(module) == "table" and module.text then
    galley = module
    return "real"
  end
  galley = {
    version = "test",
    text = { words = stub_words, lower = string.lower },
    html = { escape = stub_html_escape },
  }
  return "stub"
end

harness.galley = install_galley()

-- The sandbox looks for modules in the plugin's folder, then in plugins/lib.
function harness.plugin_path(folder)
  package.path = folder .. "/?.lua;plugins/lib/?.lua;" .. package.path
end

-- Loads a plugin the way galley's sandbox does, as far as plain Lua can: only the
-- documented globals, `require` searching the plugin's folder then plugins/lib, and an
-- error on any write to a global, so a test run shows a plugin that relies on more.
local SANDBOX_BASE = { "assert", "error", "getmetatable", "ipairs", "load", "next", "pairs",
  "pcall", "print", "rawequal", "rawget", "rawlen", "rawset", "select", "setmetatable",
  "tonumber", "tostring", "type", "xpcall", "_VERSION", "collectgarbage" }

function harness.sandboxed(path)
  local env = {
    string = string, table = table, math = math, utf8 = utf8, galley = galley,
    os = { time = os.time, clock = os.clock, date = os.date, difftime = os.difftime },
  }
  for _, name in ipairs(SANDBOX_BASE) do
    env[name] = _G[name]
  end
  local folder = path:match("^(.*)/[^/]*$") or "."
  local loaded = {}
  function env.require(name)
    if loaded[name] == nil then
      local relative = name:gsub("%.", "/") .. ".lua"
      local chunk, message
      for _, dir in ipairs({ folder, "plugins/lib" }) do
        chunk, message = loadfile(dir .. "/" .. relative, "t", env)
        if chunk then
          break
        end
      end
      if not chunk then
        error("module '" .. name .. "' not found", 2)
      end
      loaded[name] = chunk(name)
    end
    return loaded[name]
  end
  setmetatable(env, {
    __newindex = function(_, key)
      error("plugin writes the global '" .. tostring(key) .. "'", 2)
    end,
    __index = function(_, key)
      error("plugin reads the undefined global '" .. tostring(key) .. "'", 2)
    end,
  })
  return assert(loadfile(path, "t", env))()
end

local passed, failed, skipped, number = 0, 0, 0, 0

function harness.ok(condition, description, detail)
  number = number + 1
  if condition then
    passed = passed + 1
    print(("ok %d - %s"):format(number, description))
  else
    failed = failed + 1
    print(("not ok %d - %s"):format(number, description))
    if detail then
      print("#   " .. tostring(detail):gsub("\n", "\n#   "))
    end
  end
  return condition
end

function harness.equal(got, want, description)
  return harness.ok(got == want, description,
    ("got:\n%s\nwant:\n%s"):format(tostring(got), tostring(want)))
end

function harness.skip(description, reason)
  number = number + 1
  skipped = skipped + 1
  print(("ok %d - %s # SKIP %s"):format(number, description, reason))
end

-- Runs fn and expects an error whose message contains `fragment`.
function harness.raises(fn, fragment, description)
  local ok, message = pcall(fn)
  return harness.ok(not ok and tostring(message):find(fragment, 1, true) ~= nil, description,
    ok and "no error" or message)
end

function harness.read(path)
  local file = io.open(path, "rb")
  if not file then
    return nil
  end
  local text = file:read("a")
  file:close()
  return text
end

-- Prints the closing line and exits non-zero when a test failed.
function harness.done()
  local line = ("%d passed, %d failed"):format(passed, failed)
  if skipped > 0 then
    line = line .. (", %d skipped"):format(skipped)
  end
  print(line)
  os.exit(failed == 0 and 0 or 1)
end

return harness
