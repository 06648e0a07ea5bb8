-- export/csv.lua — writes the selected articles as CSV (RFC 4180): a header row, then one
-- row per article, UTF-8, CRLF line ends. A field holding a comma, a double quote, a CR or
-- an LF is quoted, its quotes doubled; other fields are written as they are. Python's csv
-- module, SQLite's `.import --csv` and spreadsheets read it back unchanged.
-- Writes to the output file, or to standard output when none was given.
--
-- Options:
--   columns   = { "uid", "url", "title", … }  the columns, in order: any article field
--               (uid, source, format, url, title, subtitle, site_name, section, published,
--               published_raw, modified, modified_raw, lang, description, image, hash),
--               authors, tags, categories, text, "meta.KEY" (one metadata entry) and
--               "rendition.FORMAT" (one rendition, e.g. rendition.markdown)
--   separator = "; "  joins the items of authors, tags and categories in one field;
--               categories are written scheme/label ("topic/politics")
--   header    = true  begin with the column names

local plugin = {
  name = "csv",
  kind = "export",
  version = "1",
  description = "One CSV row per article (RFC 4180, UTF-8, a header)",
  options = {
    columns = { "uid", "url", "title", "authors", "published", "modified", "site_name", "section",
                "lang", "tags", "categories", "description", "text" },
    separator = "; ",
    header = true,
  },
}

local FIELDS = {}
for name in ("uid source format url title subtitle site_name section published published_raw "
             .. "modified modified_raw lang description image hash"):gmatch("%S+") do
  FIELDS[name] = true
end

-- One function per column: article -> string (or nil for an empty field).
local function column_reader(name, sep)
  if FIELDS[name] then
    return function(a) return a[name] end
  elseif name == "authors" or name == "tags" then
    return function(a) return table.concat(a[name], sep) end
  elseif name == "categories" then
    return function(a)
      local out = {}
      for i, c in ipairs(a:categories()) do out[i] = c.scheme .. "/" .. c.label end
      return table.concat(out, sep)
    end
  elseif name == "text" then
    return function(a) return a:text() end
  end
  local key = name:match("^meta%.(.+)$")
  if key then
    return function(a) return a.meta[key] end
  end
  local format = name:match("^rendition%.(.+)$")
  if format then
    return function(a) return a:renditions()[format] end
  end
  return nil
end

-- RFC 4180: quote when the field holds a comma, a quote, CR or LF; double the quotes.
local function field(s)
  if s == nil then return "" end
  s = tostring(s)
  if s:find('[,"\r\n]') then
    return '"' .. s:gsub('"', '""') .. '"'
  end
  return s
end

local readers

function plugin.setup(ctx)
  local columns = ctx.options.columns
  if #columns == 0 then error("option columns: give at least one column", 0) end
  readers = {}
  for i, name in ipairs(columns) do
    if type(name) ~= "string" then
      error("option columns: item " .. i .. " must be a string, got a " .. type(name), 0)
    end
    readers[i] = column_reader(name, ctx.options.separator)
    if not readers[i] then
      error("option columns: unknown column '" .. name .. "' (known: the article fields, authors, "
            .. "tags, categories, text, meta.KEY, rendition.FORMAT)", 0)
    end
  end
end

function plugin.export(articles, ctx)
  local out = ctx:open()
  local row = {}
  if ctx.options.header then
    for i, name in ipairs(ctx.options.columns) do row[i] = field(name) end
    out:write(table.concat(row, ","), "\r\n")
  end
  for article in articles do
    for i, read in ipairs(readers) do row[i] = field(read(article)) end
    out:write(table.concat(row, ","), "\r\n")
  end
  out:close()
end

return plugin
