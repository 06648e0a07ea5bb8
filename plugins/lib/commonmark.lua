-- lib/commonmark.lua — renders an article's fields and blocks as CommonMark, escaping
-- text wherever it could turn into markup. Shared by format/markdown (which stores the
-- "markdown" rendition) and export/markdown-tree (which renders when that rendition is
-- missing): `require("commonmark")` from any plugin.
--
-- render(doc, options): doc is any table with the article's fields (title, site_name,
-- published, modified, their _raw forms, authors) and `blocks`, an array of block tables
-- as article:blocks() returns them; options.title (default true) begins with the title
-- as "# title", options.metadata (default false) adds an italic line under it.

local DEFAULTS = { title = true, metadata = false }

-- Text ------------------------------------------------------------------------------

local function trim(s)
  return (s:gsub("^%s+", ""):gsub("%s+$", ""))
end

-- Splits on line breaks (\n, \r\n, \r); every line is trimmed.
local function lines_of(text)
  local lines = {}
  text = text:gsub("\r\n?", "\n")
  for line in (text .. "\n"):gmatch("([^\n]*)\n") do
    lines[#lines + 1] = trim(line)
  end
  return lines
end

-- One line of text: line breaks and runs of blanks become one space.
local function one_line(text)
  return trim((text:gsub("%s+", " ")))
end

-- Backslash-escapes the characters that start inline markup anywhere in a line: emphasis,
-- code spans, links and images, raw HTML and autolinks, and entity references.
local function escape_inline(s)
  s = s:gsub("[\\`*_%[%]<]", "\\%0")
  return (s:gsub("&(#?%w+;)", "\\&%1"))
end

-- Escapes what would open a block when it starts a line: ATX headings, quotes, bullet
-- and ordered list markers, thematic breaks, setext underlines and ~~~ fences. The line
-- is already inline-escaped (so "*", "_" and "`" are done) and has no leading blanks.
local function escape_line_start(line)
  local first = line:sub(1, 1)
  if first == "#" or first == ">" then
    return "\\" .. line
  elseif first == "-" or first == "+" then
    if line:find("^.[ \t]") or line:find("^.$") or line:find("^%-+[ \t]*$") then
      return "\\" .. line
    end
  elseif first == "=" then
    if line:find("^=+[ \t]*$") then
      return "\\" .. line
    end
  elseif first == "~" then
    if line:find("^~~~") then
      return "\\" .. line
    end
  else
    local number, marker, rest = line:match("^(%d+)([.)])(.*)$")
    if number and (rest == "" or rest:find("^[ \t]")) then
      return number .. "\\" .. marker .. rest
    end
  end
  return line
end

local function escape_line(line)
  return escape_line_start(escape_inline(line))
end

-- The lines of a block's text, escaped; runs of blank lines become one blank line
-- (keep_blank) or are dropped.
local function escaped_lines(text, keep_blank)
  local out = {}
  for _, line in ipairs(lines_of(text)) do
    if line ~= "" then
      out[#out + 1] = escape_line(line)
    elseif keep_blank and #out > 0 and out[#out] ~= "" then
      out[#out + 1] = ""
    end
  end
  if out[#out] == "" then
    out[#out] = nil
  end
  return out
end

-- Blocks ----------------------------------------------------------------------------

local function clamp(n, low, high)
  n = math.tointeger(n) or low
  return math.max(low, math.min(high, n))
end

-- An ATX heading; a trailing "#" run is escaped so it is not read as a closing sequence.
local function heading(text, level)
  local content = escape_inline(one_line(text))
  if content == "" then
    return nil
  end
  content = content:gsub("#+$", "\\%0")
  return string.rep("#", clamp(level, 1, 6)) .. " " .. content
end

local function paragraph(text)
  local lines = escaped_lines(text, true)
  if #lines == 0 then
    return nil
  end
  return table.concat(lines, "\n")
end

-- One list item; continuation lines are indented to the item's content column.
local function list_item(text, level)
  local lines = escaped_lines(text, false)
  if #lines == 0 then
    return nil
  end
  local indent = string.rep("  ", level - 1)
  local out = { indent .. "- " .. lines[1] }
  for i = 2, #lines do
    out[#out + 1] = indent .. "  " .. lines[i]
  end
  return table.concat(out, "\n")
end

local function quote(text)
  local lines = escaped_lines(text, true)
  if #lines == 0 then
    return nil
  end
  for i, line in ipairs(lines) do
    lines[i] = line == "" and ">" or "> " .. line
  end
  return table.concat(lines, "\n")
end

local function longest_backtick_run(text)
  local longest = 0
  for run in text:gmatch("`+") do
    longest = math.max(longest, #run)
  end
  return longest
end

local function code(text)
  text = text:gsub("\r\n?", "\n"):gsub("\n+$", "")
  local fence = string.rep("`", math.max(3, longest_backtick_run(text) + 1))
  return fence .. "\n" .. text .. "\n" .. fence
end

-- A link destination: characters that would end or break it are percent-encoded.
local function escape_url(url)
  return (trim(url):gsub("[%s()<>\\]", function(c)
    return string.format("%%%02X", c:byte())
  end))
end

local function image(block)
  local out = {}
  local url = block.url and trim(block.url) or ""
  local caption = block.text and one_line(block.text) or ""
  if url ~= "" then
    local alt = one_line(block.alt or "")
    if alt == "" then
      alt = caption
    end
    out[#out + 1] = "![" .. escape_inline(alt) .. "](" .. escape_url(url) .. ")"
  end
  if caption ~= "" then
    out[#out + 1] = "*" .. escape_inline(caption) .. "*"
  end
  if #out == 0 then
    return nil
  end
  return table.concat(out, "\n")
end

local function split_cells(text)
  local cells = {}
  local start = 1
  while true do
    local from, to = text:find(" | ", start, true)
    cells[#cells + 1] = text:sub(start, (from or 0) - 1)
    if not from then
      return cells
    end
    start = to + 1
  end
end

-- Consecutive table rows as one pipe table; the first row is the header.
local function table_rows(run)
  local width = 1
  local cells_of = {}
  for i, block in ipairs(run) do
    local cells = split_cells(one_line(block.text or ""))
    for j, cell in ipairs(cells) do
      cells[j] = escape_inline(trim(cell)):gsub("|", "\\|")
    end
    cells_of[i] = cells
    width = math.max(width, #cells)
  end
  local out = {}
  local function add_row(cells)
    for j = #cells + 1, width do
      cells[j] = ""
    end
    out[#out + 1] = "| " .. table.concat(cells, " | ") .. " |"
  end
  for i, cells in ipairs(cells_of) do
    add_row(cells)
    if i == 1 then
      local rule = {}
      for j = 1, width do
        rule[j] = "---"
      end
      add_row(rule)
    end
  end
  return table.concat(out, "\n")
end

-- Document ----------------------------------------------------------------------------

-- The publication date (else the modification date): the day of an ISO 8601 date, else
-- the date as the source wrote it.
local function date_of(doc)
  for _, field in ipairs({ "published", "published_raw", "modified", "modified_raw" }) do
    local date = doc[field]
    if date and date:find("^%d%d%d%d%-%d%d%-%d%d") then
      return date:sub(1, 10)
    elseif date and one_line(date) ~= "" then
      return date
    end
  end
  return nil
end

local function metadata_line(doc)
  local parts = {}
  local function add(text)
    if text and one_line(text) ~= "" then
      parts[#parts + 1] = escape_inline(one_line(text))
    end
  end
  add(doc.site_name)
  add(date_of(doc))
  if type(doc.authors) == "table" and #doc.authors > 0 then
    add(table.concat(doc.authors, ", "))
  end
  if #parts == 0 then
    return nil
  end
  return "*" .. table.concat(parts, " · ") .. "*"
end

-- Consecutive list items as one list. A level may go one deeper than the item before it,
-- not more: the extra indent would make an indented code block.
local function list(run)
  local items, previous = {}, 0
  for _, block in ipairs(run) do
    local level = math.min(clamp(block.level, 1, 64), previous + 1)
    items[#items + 1] = list_item(block.text or "", level)
    previous = level
  end
  return #items > 0 and table.concat(items, "\n") or nil
end

-- Consecutive quotes as one block quote.
local function quotes(run)
  local out = {}
  for _, block in ipairs(run) do
    out[#out + 1] = quote(block.text or "")
  end
  return #out > 0 and table.concat(out, "\n>\n") or nil
end

-- Block types that render as one chunk per run of consecutive blocks...
local RUNS = { list_item = list, quote = quotes, table_row = table_rows }

-- ... and those that render one chunk per block; any other type is a paragraph.
local SINGLES = {
  heading = function(block) return heading(block.text or "", block.level) end,
  code = function(block) return code(block.text or "") end,
  image = image,
  paragraph = function(block) return paragraph(block.text or "") end,
}

-- Appends the chunks of the blocks (a chunk is separated from the next by a blank line).
local function render_blocks(blocks, chunks)
  local i = 1
  while i <= #blocks do
    local kind = blocks[i].type
    if RUNS[kind] then
      local run = {}
      while blocks[i] and blocks[i].type == kind do
        run[#run + 1] = blocks[i]
        i = i + 1
      end
      chunks[#chunks + 1] = RUNS[kind](run)
    else
      chunks[#chunks + 1] = (SINGLES[kind] or SINGLES.paragraph)(blocks[i])
      i = i + 1
    end
  end
end

-- The whole document as CommonMark, ending with one newline ("" when there is nothing).
local function render(doc, options)
  options = options or DEFAULTS
  local chunks = {}
  if options.title ~= false and doc.title then
    chunks[#chunks + 1] = heading(doc.title, 1)
  end
  if options.metadata then
    chunks[#chunks + 1] = metadata_line(doc)
  end
  render_blocks(doc.blocks or {}, chunks)
  if #chunks == 0 then
    return ""
  end
  return table.concat(chunks, "\n\n") .. "\n"
end

return { render = render, escape_line = escape_line, escape_inline = escape_inline }
