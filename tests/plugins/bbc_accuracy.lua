-- tests/plugins/bbc_accuracy.lua — measures categorize/keywords on the labelled BBC News
-- corpus (2,225 articles, 2004-2005): top-1 topic accuracy per BBC class and overall, and
-- how often the BBC's label is among the topics the plugin would store (top_k, min_score).
-- Run from the repository root: lua5.4 tests/plugins/bbc_accuracy.lua [CORPUS_DIR] [--min X]
-- CORPUS_DIR defaults to ../shared/corpus/bbc-news/bbc; when it is absent the run prints
-- SKIP and exits 0. With --min X it exits 1 when overall accuracy is below X.

local harness = dofile("tests/plugins/harness.lua")
harness.plugin_path("plugins/categorize")
local keywords = dofile("plugins/categorize/keywords.lua")
local taxonomy = require("taxonomy.news")

-- BBC's classes and the topic label each should get.
local CLASSES = {
  { dir = "business", label = "business" },
  { dir = "entertainment", label = "culture" },
  { dir = "politics", label = "politics" },
  { dir = "sport", label = "sport" },
  { dir = "tech", label = "technology" },
}

local function parse_args()
  local root, min = "../shared/corpus/bbc-news/bbc", nil
  local i = 1
  while i <= #arg do
    if arg[i] == "--min" then
      min = tonumber(arg[i + 1])
      i = i + 1
    else
      root = arg[i]
    end
    i = i + 1
  end
  return root, min
end

-- A BBC file: the title on the first line, then paragraphs separated by blank lines.
local function text_parts(text)
  local paragraphs = {}
  for line in (text:gsub("\r", "") .. "\n"):gmatch("([^\n]*)\n") do
    if line:find("%S") then
      paragraphs[#paragraphs + 1] = line
    end
  end
  local body = {}
  for i = 3, #paragraphs do
    body[#body + 1] = paragraphs[i]
  end
  return { title = paragraphs[1], lead = paragraphs[2], body = body }
end

-- The best topic, its score, and whether `want` is among the topics that would be stored.
local function classify(text, want)
  local results = keywords.score(text_parts(text), taxonomy, { schemes = { "topic" } })
  local best = results.topic[1]
  local stored = false
  for _, entry in ipairs(keywords.pick(results).topic) do
    stored = stored or entry.label == want
  end
  return best and best.label or "(none)", best and best.score or 0, stored
end

local function evaluate(root, class)
  local total, correct, stored, confusions, scores = 0, 0, 0, {}, {}
  local n = 1
  while true do
    local text = harness.read(("%s/%s/%03d.txt"):format(root, class.dir, n))
    if not text then
      break
    end
    local label, score, kept = classify(text, class.label)
    total = total + 1
    stored = stored + (kept and 1 or 0)
    if label == class.label then
      correct = correct + 1
      scores[#scores + 1] = score
    else
      confusions[label] = (confusions[label] or 0) + 1
    end
    n = n + 1
  end
  return total, correct, stored, confusions, scores
end

local function median(list)
  if #list == 0 then
    return 0
  end
  table.sort(list)
  return list[(#list + 1) // 2]
end

local function describe(confusions)
  local parts = {}
  for label, count in pairs(confusions) do
    parts[#parts + 1] = { label = label, count = count }
  end
  table.sort(parts, function(a, b)
    return a.count > b.count or (a.count == b.count and a.label < b.label)
  end)
  for i, part in ipairs(parts) do
    parts[i] = part.label .. " " .. part.count
  end
  return table.concat(parts, ", ")
end

local function main()
  local root, min = parse_args()
  if not harness.read(root .. "/business/001.txt") then
    print("SKIP: BBC corpus not found at " .. root)
    os.exit(0)
  end
  local all_total, all_correct, all_stored = 0, 0, 0
  for _, class in ipairs(CLASSES) do
    local total, correct, stored, confusions, scores = evaluate(root, class)
    all_total, all_correct = all_total + total, all_correct + correct
    all_stored = all_stored + stored
    print(("%-13s -> %-10s %4d/%4d  top-1 %.3f  stored %.3f  median score %.2f  wrong: %s")
      :format(class.dir, class.label, correct, total, correct / total, stored / total,
        median(scores), describe(confusions)))
  end
  local overall = all_correct / all_total
  print(("overall                  %4d/%4d  top-1 %.3f  stored %.3f"):format(all_correct,
    all_total, overall, all_stored / all_total))
  if min and overall < min then
    print(("FAIL: overall accuracy %.3f is below %.3f"):format(overall, min))
    os.exit(1)
  end
end

main()
