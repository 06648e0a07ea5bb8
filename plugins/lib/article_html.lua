-- article_html.lua — an article's body as an HTML fragment, from its blocks, for the
-- exporters that write HTML (feeds, pages). Every text goes through galley.html.escape,
-- so no article can inject markup; image sources are kept only when they are relative or
-- http(s), so a `javascript:` URL never reaches a reader.
--
-- render(blocks) → the fragment: paragraphs as <p>, headings as <h1>–<h6>, runs of list
-- items as nested <ul> (by level), quotes as <blockquote>, code as <pre><code>, images as
-- <figure> with <img> and a <figcaption>, runs of table rows as a <table> (cells split on
-- " | ", as article:blocks() joins them). One block a line.
-- body(article) → the "html" rendition when the article has one, else render(blocks).

local M = {}

local esc = galley.html.escape

-- A URL safe for src/href: relative, or http(s); anything else (javascript:, data:…) is nil.
function M.safe_url(url)
  if not url or url == "" then return nil end
  local scheme = url:match("^%s*([%a][%w+.-]*):")
  if scheme and scheme:lower() ~= "http" and scheme:lower() ~= "https" then return nil end
  return url
end

local function image(b)
  local parts = { "<figure>" }
  local src = M.safe_url(b.url)
  if src then parts[#parts + 1] = '<img src="' .. esc(src) .. '" alt="' .. esc(b.alt or "") .. '">' end
  if b.text ~= "" then parts[#parts + 1] = "<figcaption>" .. esc(b.text) .. "</figcaption>" end
  parts[#parts + 1] = "</figure>"
  return table.concat(parts)
end

local function table_row(b)
  local cells = {}
  for cell in (b.text .. " | "):gmatch("(.-) | ") do cells[#cells + 1] = "<td>" .. esc(cell) .. "</td>" end
  return "<tr>" .. table.concat(cells) .. "</tr>"
end

function M.render(blocks)
  local out = {}
  local depth, in_table = 0, false -- open <ul> levels; inside a <table>
  -- A list item's tags sit on its line; closing tags end the line of the last item.
  local function close_list()
    if depth > 0 then out[#out] = out[#out] .. string.rep("</li></ul>", depth); depth = 0 end
  end
  for _, b in ipairs(blocks) do
    if b.type ~= "list_item" then close_list() end
    if b.type ~= "table_row" and in_table then out[#out + 1] = "</table>"; in_table = false end
    local t = b.type
    if t == "heading" then
      local level = math.min(math.max(b.level or 2, 1), 6)
      out[#out + 1] = "<h" .. level .. ">" .. esc(b.text) .. "</h" .. level .. ">"
    elseif t == "list_item" then
      local level, tags = math.max(b.level or 1, 1), nil
      if level > depth then
        -- Deeper: a new list inside the open item (or the first list).
        tags = string.rep("<ul><li>", level - depth)
      else
        tags = string.rep("</li></ul>", depth - level) .. "</li><li>"
      end
      depth = level
      out[#out + 1] = tags .. esc(b.text)
    elseif t == "quote" then
      out[#out + 1] = "<blockquote><p>" .. esc(b.text) .. "</p></blockquote>"
    elseif t == "code" then
      out[#out + 1] = "<pre><code>" .. esc(b.text) .. "</code></pre>"
    elseif t == "image" then
      out[#out + 1] = image(b)
    elseif t == "table_row" then
      if not in_table then out[#out + 1] = "<table>"; in_table = true end
      out[#out + 1] = table_row(b)
    else
      out[#out + 1] = "<p>" .. esc(b.text) .. "</p>"
    end
  end
  close_list()
  if in_table then out[#out + 1] = "</table>" end
  return table.concat(out, "\n")
end

function M.body(article)
  return article:renditions().html or M.render(article:blocks())
end

return M
