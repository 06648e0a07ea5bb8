-- categorize/trained.lua — applies text classifiers trained with `galley train` to each
-- article: for every model, the most probable labels of the model's scheme are stored
-- with article:categorize(scheme, label, probability).
--
-- The text classified is the title, a blank line and the body, as `galley train` reads
-- a labelled file. Scores are the model's probabilities (in [0, 1], summing to 1 over
-- the model's labels); docs/categorization.md shows how well they are calibrated.
--
-- Options:
--   model     = "topics.gcm"          a model file (relative to the working folder)
--   models    = { "a.gcm", "b.gcm" }  more models, each with its own scheme
--   top_k     = 1                     labels kept per model
--   min_score = 0                     lowest probability kept; with nothing above it the
--                                     article gets no label of that scheme
--
-- Each model file is read once per worker. The models' checksums are part of the
-- plugin's fingerprint, so retraining a model reprocesses the articles on the next
-- run, as a new plugin version would.

local plugin = {
  name = "trained",
  kind = "categorize",
  version = "1",
  description = "Labels articles with classifiers trained by `galley train`",
  options = {
    model = "",
    models = {},
    top_k = 1,
    min_score = 0,
  },
}

local function model_paths(options)
  local paths = {}
  if options.model ~= "" then paths[#paths + 1] = options.model end
  for _, path in ipairs(options.models) do paths[#paths + 1] = path end
  return paths
end

-- The checksums of the model files, mixed into the options hash by galley. (Without a
-- model the plugin still loads, so that `galley plugins` can describe it; setup() then
-- says what is missing.)
function plugin.fingerprint(options)
  local sums = {}
  for _, path in ipairs(model_paths(options)) do sums[#sums + 1] = galley.model(path).checksum end
  return table.concat(sums, ",")
end

local models

function plugin.setup(ctx)
  if #model_paths(ctx.options) == 0 then
    error("categorize/trained: no model: set the option model (or models) to a file made by `galley train`", 0)
  end
  models = {}
  for _, path in ipairs(model_paths(ctx.options)) do models[#models + 1] = galley.model(path) end
end

function plugin.process(article, ctx)
  local text = (article.title or "") .. "\n\n" .. article:text()
  local top_k, min_score = ctx.options.top_k, ctx.options.min_score
  for _, model in ipairs(models) do
    for _, r in ipairs(galley.classify(model, text, top_k)) do
      if r.score >= min_score then article:categorize(model.scheme, r.label, r.score) end
    end
  end
end

return plugin
