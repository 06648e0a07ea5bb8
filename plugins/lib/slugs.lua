-- lib/slugs.lua — file names for articles that are stable and unique: the slug of the
-- title (galley.text.slug), else of the uid's last part, else "article"; when a name is
-- taken, "-" and 8 hex digits of a hash of the uid, so the name never depends on which
-- other articles happen to share the title beyond the first one stored.

local slugs = {}

-- FNV-1a over the bytes of s, as 8 hex digits.
function slugs.short_hash(s)
  local h = 0x811C9DC5
  for i = 1, #s do
    h = ((h ~ s:byte(i)) * 0x01000193) & 0xFFFFFFFF
  end
  return string.format("%08x", h)
end

function slugs.of(article)
  local slug = galley.text.slug(article.title or "")
  if slug == "" then slug = galley.text.slug(article.uid:match("([^/\\]+)$") or article.uid) end
  return slug ~= "" and slug or "article"
end

-- The year of the article's date (published, else modified), else "undated".
function slugs.year(article)
  local date = article.published or article.modified
  return date and date:match("^(%d%d%d%d)") or "undated"
end

-- A function (folder, article, extension) -> a path not given before by this allocator.
function slugs.allocator()
  local taken = {}
  return function(folder, article, extension)
    local slug = slugs.of(article)
    local path = folder .. slug .. extension
    if taken[path] then
      slug = slug .. "-" .. slugs.short_hash(article.uid)
      path = folder .. slug .. extension
      local n = 2
      while taken[path] do
        path = folder .. slug .. "-" .. n .. extension
        n = n + 1
      end
    end
    taken[path] = true
    return path
  end
end

return slugs
