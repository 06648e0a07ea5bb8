-- export/jsonl.lua — writes the selected articles as JSON Lines: one article per line,
-- as article:to_json() gives it (every field, blocks, categories and renditions).
-- Writes to the output file, or to standard output when none was given.
--
-- Options: none.

local plugin = {
  name = "jsonl",
  kind = "export",
  version = "1",
  description = "One JSON object per article per line",
  options = {},
}

function plugin.export(articles, ctx)
  local out = ctx:open()
  for article in articles do
    out:write(article:to_json(), "\n")
  end
  out:close()
end

return plugin
