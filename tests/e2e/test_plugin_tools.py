"""End-to-end tests of the plugin tools: `galley plugins`, `galley plugin new` and
`galley plugin test` (with expectation files), and the way from a new plugin to its
result in a real SQLite database."""
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(__file__))
from harness import ROOT, SEED, Tmp, check, db_rows, equal, galley, main  # noqa: E402

KINDS = ["format", "categorize", "filter", "export"]


def write(path, text):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def read(path):
    with open(path) as f:
        return f.read()


def new_plugin(tmp, name, kind):
    """`galley plugin new NAME --kind KIND --dir plug` in tmp; returns (plugin, sample, expectation)."""
    r = galley("plugin", "new", name, "--kind", kind, "--dir", "plug", cwd=tmp, env={"TMPDIR": tmp})
    equal(r.rc, 0, f"plugin new {kind} (stderr: {r.err})")
    paths = (f"plug/{name}.lua", f"plug/{name}.test/sample.txt", f"plug/{name}.test/sample.expected.{kind}-{name}.json")
    for p in paths:
        check(os.path.isfile(os.path.join(tmp, p)), f"plugin new {kind} wrote {p}", r.out)
        check(p in r.out, f"plugin new {kind} says it wrote {p}", r.out)
    return paths


def test_help_of_the_plugin_commands():
    for args in [("plugins",), ("plugin", "new"), ("plugin", "test")]:
        r = galley(*args, "--help")
        equal(r.rc, 0, f"{' '.join(args)} --help")
        check(r.out.startswith("usage: galley " + " ".join(args)), f"{' '.join(args)} --help shows its usage", r.out)
    equal(galley("plugin").rc, 2, "plugin without a command")
    equal(galley("plugin", "frobnicate").rc, 2, "plugin with an unknown command")
    check("plugin test" in galley("--help").out, "the main help lists the plugin commands")


def test_plugins_lists_bundled_and_broken():
    r = galley("plugins")
    equal(r.rc, 0, f"plugins exit status (stderr: {r.err})")
    lines = r.out.splitlines()
    check(re.match(r"NAME +KIND +VERSION +DESCRIPTION$", lines[0]), "header", lines[0])
    rows = {line.split()[0]: line.split()[1:3] for line in lines[1:]}
    for name, kind in [("format/markdown", "format"), ("categorize/keywords", "categorize"), ("export/jsonl", "export")]:
        with open(os.path.join(ROOT, "plugins", name + ".lua")) as f:
            version = re.search(r'^\s*version = "([^"]*)"', f.read(), re.M).group(1)
        equal(rows.get(name), [kind, version], f"{name}: kind and version (as its file says)")
    starts = {re.match(r"\S+ +", line).end() for line in lines}
    equal(len(starts), 1, "the KIND column is aligned")
    with Tmp() as tmp:
        write(os.path.join(tmp, "format", "broken.lua"), "return { name = 'x', kind = 'format',\n  process = function( end }\n")
        write(os.path.join(tmp, "filter", "nokind.lua"), "return { name = 'y', process = function() end }\n")
        write(os.path.join(tmp, "filter", "fine.lua"),
              "return { name = 'fine', kind = 'filter', version = '2.1', description = 'Keeps all',\n"
              "  process = function() return true end }\n")
        r = galley("plugins", env={"GALLEY_PLUGIN_PATH": tmp})
        equal(r.rc, 1, f"a broken plugin makes the exit status 1 (stderr: {r.err})")
        rows = {line.split()[0]: line for line in r.out.splitlines()[1:]}
        check(re.match(r"format/broken +broken +- +.*broken.lua:2:", rows.get("format/broken", "")),
              "broken plugin: kind broken, the reason with file:line", r.out)
        check(re.match(r"filter/nokind +broken +- +.*kind must be one of", rows.get("filter/nokind", "")),
              "plugin without a kind: broken, and why", r.out)
        check(re.match(r"filter/fine +filter +2\.1 +Keeps all$", rows.get("filter/fine", "")), "a plugin of the path",
              r.out)
        check("format/markdown" in rows, "the bundled plugins are still listed", r.out)
        r = galley("plugins", "--json", env={"GALLEY_PLUGIN_PATH": tmp})
        equal(r.rc, 1, "--json exit status")
        listed = {p["name"]: p for p in r.json()}
        for p in listed.values():
            equal(sorted(p), ["description", "kind", "name", "path", "version"], "JSON keys")
        equal(listed["filter/fine"]["version"], "2.1", "JSON version")
        equal(listed["filter/fine"]["path"], os.path.join(tmp, "filter", "fine.lua"), "JSON path")
        equal((listed["format/broken"]["kind"], listed["format/broken"]["version"]), ("broken", None), "JSON broken")
        check("broken.lua:2:" in listed["format/broken"]["description"], "JSON reason", listed["format/broken"])


def test_plugin_new_then_test_then_run_for_every_kind():
    with Tmp() as tmp:
        for kind in KINDS:
            name = f"my-{kind}"
            plugin, sample, expected = new_plugin(tmp, name, kind)
            source = read(os.path.join(tmp, plugin))
            check(f'kind = "{kind}"' in source and f'name = "{name}"' in source, f"{kind}: declares itself", source[:300])
            check("docs/plugin-api.md" in source and "options = {" in source and "description =" in source,
                  f"{kind}: points at the docs, has options and a description")
            check(read(os.path.join(tmp, sample)).startswith("Storm brings heavy rain to the coast\n\n"),
                  f"{kind}: sample article")
            r = galley("plugin", "test", plugin, sample, "--expect", cwd=tmp, env={"TMPDIR": tmp})
            equal(r.rc, 0, f"{kind}: the new plugin passes its own test at once (out: {r.out} err: {r.err})")
            check(f"as expected ({expected})" in r.out, f"{kind}: says it matched", r.out)
            check_stored_as_expected(tmp, kind, plugin, sample, json.loads(read(os.path.join(tmp, expected))))


def check_stored_as_expected(tmp, kind, plugin, sample, expected):
    """`galley run` (or `galley export`) with the new plugin gives what its expectation says."""
    db = os.path.join(tmp, kind + ".db")
    if kind == "export":
        equal(galley("run", "--db", db, "--plugin", "format/markdown", sample, cwd=tmp, env={"TMPDIR": tmp}).rc, 0, "store the sample")
        r = galley("export", "--db", db, "--plugin", plugin, "-o", "exported.txt", cwd=tmp, env={"TMPDIR": tmp})
        equal(r.rc, 0, f"export with the new plugin (stderr: {r.err})")
        equal(read(os.path.join(tmp, "exported.txt")), expected["files"]["my-export.out"], "export output")
        return
    r = galley("run", "--db", db, "--plugin", plugin, "--summary", "json", sample, cwd=tmp, env={"TMPDIR": tmp})
    equal(r.rc, 0, f"{kind}: run (stderr: {r.err})")
    if kind == "format":
        equal(db_rows(db, "SELECT format, body FROM renditions"), list(expected["renditions"].items()),
              "format: the stored rendition")
    elif kind == "categorize":
        got = db_rows(db, "SELECT scheme, label, score FROM categories")
        want = [(c["scheme"], c["label"], c["score"]) for c in expected["categories"]]
        equal([g[:2] for g in got], [w[:2] for w in want], "categorize: the stored labels")
        check(all(abs(g[2] - w[2]) < 0.005 for g, w in zip(got, want)), "categorize: the stored scores", got, want)
    elif kind == "filter":
        equal(expected, {"kept": True}, "filter: the sample is kept")
        equal((r.json()["loaded"], r.json()["filtered"]), (1, 0), "filter: stored")
        write(os.path.join(tmp, "strict.lua"), 'return { plugins = { { "%s", min_words = 500 } } }\n' % plugin)
        r = galley("run", "--db", db + "2", "--config", "strict.lua", "--summary", "json", sample, cwd=tmp, env={"TMPDIR": tmp})
        equal((r.rc, r.json()["filtered"]), (0, 1), "filter: with min_words = 500 the sample is dropped")


def test_plugin_new_refuses_to_overwrite_and_checks_its_arguments():
    with Tmp() as tmp:
        plugin, sample, _ = new_plugin(tmp, "mine", "format")
        write(os.path.join(tmp, plugin), "-- my own work\n")
        r = galley("plugin", "new", "mine", "--kind", "filter", "--dir", "plug", cwd=tmp, env={"TMPDIR": tmp})
        equal(r.rc, 2, "refuses to overwrite")
        check("plug/mine.lua exists" in r.err and "not overwriting" in r.err, "names the file", r.err)
        equal(read(os.path.join(tmp, plugin)), "-- my own work\n", "the file is untouched")
        os.remove(os.path.join(tmp, plugin))
        r = galley("plugin", "new", "mine", "--kind", "filter", "--dir", "plug", cwd=tmp, env={"TMPDIR": tmp})
        equal(r.rc, 2, "the sample is not overwritten either")
        check("plug/mine.test/sample.txt exists" in r.err, "names the sample", r.err)
        check(not os.path.exists(os.path.join(tmp, plugin)), "nothing written when refusing")
        for args, what in [(["Mine", "--kind", "format"], "a-z, 0-9"), (["a/b", "--kind", "format"], "a-z, 0-9"),
                           (["x", "--kind", "sort"], "--kind must be"), (["x"], "--kind is required"),
                           (["--kind", "format"], "no NAME")]:
            r = galley("plugin", "new", *args, cwd=tmp, env={"TMPDIR": tmp})
            equal(r.rc, 2, f"plugin new {args}: usage error")
            check(what in r.err, f"plugin new {args}: says what is wrong", r.err)


TRACER = """-- tracer.lua — changes what it can, logs, and fails on one article.
local function explode(t)
  return t.field.inside
end
return { name = "tracer", kind = "format", version = "3",
  process = function(article, ctx)
    ctx:log("warn", "looking at", article.title)
    print("words:", #galley.text.words(article:text()))
    article.title = string.upper(article.title)
    article:set_meta("checked", "yes")
    article:categorize("topic", "tested", 0.756)
    ctx:emit("plain", "line one\\nline two\\nline three\\nline four\\n")
    if article.title:find("SECOND") then explode({}) end
  end }
"""


def test_plugin_test_shows_what_the_plugin_did():
    with Tmp() as tmp:
        write(os.path.join(tmp, "tracer.lua"), TRACER)
        write(os.path.join(tmp, "in", "first.txt"), "First story\n\nOne paragraph.\n")
        write(os.path.join(tmp, "in", "second.txt"), "Second story\n\nAnother paragraph.\n")
        r = galley("plugin", "test", "tracer.lua", "in/first.txt", "in/second.txt", "in/missing.txt", cwd=tmp, env={"TMPDIR": tmp})
        equal(r.rc, 1, f"a failure makes the exit status 1 (stderr: {r.err})")
        out = r.out
        check(out.startswith("plugin tracer.lua: format, version 3 (tracer.lua)\n"), "what the plugin is", out)
        first = out[out.index("== in/first.txt"):out.index("== in/second.txt")]
        for line in ['  title: "First story" -> "FIRST STORY"', # the run's language detection came first: too short to tell
                     '  meta: {"lang_confidence":"0.00"} -> {"lang_confidence":"0.00","checked":"yes"}',
                     "  category topic/tested 0.76", "  rendition plain (39 bytes)", "      line one",
                     "      line three", "  log warn: looking at First story", "  log info: words:\t2"]:
            check(line + "\n" in first, f"shows {line.strip()!r}", first)
        check("line four" not in first, "a rendition shows its first three lines", first)
        second = out[out.index("== in/second.txt"):out.index("== in/missing.txt")]
        check("  error: tracer.lua:3: attempt to index a nil value (field 'field') (article 'in/second.txt')\n"
              in second, "the error with file:line and article", second)
        check(re.search(r"\n +tracer.lua:3: in .*'explode'\n +tracer.lua:13: in ", second), "the traceback", second)
        missing = out[out.index("== in/missing.txt"):]
        check("error: in/missing.txt: no such file" in missing, "a file that does not load", missing)
        check(out.rstrip().endswith("3 articles, 2 failures"), "the summary line", out[-200:])
        r = galley("plugin", "test", "categorize/keywords", SEED)
        equal(r.rc, 0, f"a bundled plugin by name (stderr: {r.err})")
        places = re.findall(r"category place/(\w+)", r.out)
        equal(places[:2], ["IQ", "IR"], "the seed's places")


def test_plugin_test_filter_and_fatal_errors():
    with Tmp() as tmp:
        new_plugin(tmp, "short", "filter")
        write(os.path.join(tmp, "tiny.txt"), "Tiny\n\nToo short.\n")
        r = galley("plugin", "test", "plug/short.lua", "tiny.txt", "plug/short.test/sample.txt", cwd=tmp, env={"TMPDIR": tmp})
        equal(r.rc, 0, f"filter test (stderr: {r.err})")
        check("== tiny.txt\n  dropped by the filter\n  log info: dropped: 2 words, fewer than 50\n" in r.out,
              "dropped, with the plugin's log line", r.out)
        check("== plug/short.test/sample.txt\n  kept by the filter\n" in r.out, "kept", r.out)
        write(os.path.join(tmp, "opts.lua"), 'return { plugins = { { "plug/short.lua", min_wordz = 3 } } }\n')
        r = galley("plugin", "test", "plug/short.lua", "tiny.txt", "--config", "opts.lua", cwd=tmp, env={"TMPDIR": tmp})
        equal(r.rc, 2, "an unknown option from the config is a usage error")
        check("unknown option 'min_wordz' (known: min_words)" in r.err, "names it", r.err)
        write(os.path.join(tmp, "opts.lua"), 'return { db = "never.db", plugins = { { "plug/short.lua", min_words = 1 } } }\n')
        r = galley("plugin", "test", "plug/short.lua", "tiny.txt", "--config", "opts.lua", cwd=tmp, env={"TMPDIR": tmp})
        check(r.rc == 0 and "kept by the filter" in r.out, "options come from the config", r.out + r.err)
        check(not os.path.exists(os.path.join(tmp, "never.db")), "no database is made")
        write(os.path.join(tmp, "setup.lua"), "return { name = 's', kind = 'format', version = '1',\n"
                                              "  setup = function() error('no word list') end,\n"
                                              "  process = function() end }\n")
        r = galley("plugin", "test", "setup.lua", "tiny.txt", cwd=tmp, env={"TMPDIR": tmp})
        equal(r.rc, 3, "a failing setup is fatal")
        check("setup.lua:2: no word list" in r.err, "names file:line", r.err)
        write(os.path.join(tmp, "syntax.lua"), "return {\n")
        r = galley("plugin", "test", "syntax.lua", "tiny.txt", cwd=tmp, env={"TMPDIR": tmp})
        equal(r.rc, 3, "a plugin that does not load is fatal")
        check("syntax.lua:" in r.err, "names the file", r.err)
        r = galley("plugin", "test", "format/nonesuch", "tiny.txt", cwd=tmp, env={"TMPDIR": tmp})
        equal(r.rc, 2, "an unknown plugin is a usage error")
        check("not found" in r.err, "says so", r.err)
        equal(galley("plugin", "test", "format/markdown", cwd=tmp, env={"TMPDIR": tmp}).rc, 2, "no FILE")
        r = galley("plugin", "test", "format/markdown", "tiny.txt", "--output", "x", cwd=tmp, env={"TMPDIR": tmp})
        equal(r.rc, 2, "--output is for exporters")


def test_expectations_update_check_and_catch_mismatches():
    with Tmp() as tmp:
        write(os.path.join(tmp, "in", "a.txt"), read(SEED))
        r = galley("plugin", "test", "categorize/keywords", "in/a.txt", "--expect", cwd=tmp, env={"TMPDIR": tmp})
        equal(r.rc, 1, "a missing expectation fails")
        check("no expectation file in/a.expected.categorize-keywords.json (create it with --update)" in r.out,
              "says how to make it", r.out)
        r = galley("plugin", "test", "categorize/keywords", "in/a.txt", "--expect", "--update", cwd=tmp, env={"TMPDIR": tmp})
        equal(r.rc, 0, f"--update (stderr: {r.err})")
        check("created in/a.expected.categorize-keywords.json" in r.out, "reports the file", r.out)
        path = os.path.join(tmp, "in", "a.expected.categorize-keywords.json")
        expected = json.loads(read(path))
        places = [c["label"] for c in expected["categories"] if c["scheme"] == "place"]
        equal(places[:2], ["IQ", "IR"], "the expectation holds the categories in order")
        equal(sorted(expected["categories"][0]), ["label", "scheme", "score"], "category keys")
        r = galley("plugin", "test", "categorize/keywords", "in/a.txt", "--update", cwd=tmp, env={"TMPDIR": tmp})
        check("unchanged in/a.expected.categorize-keywords.json" in r.out, "an unchanged expectation", r.out)
        equal(galley("run", "--db", "x.db", "--summary", "json", "in", cwd=tmp, env={"TMPDIR": tmp}).json()["loaded"], 1,
              "galley run leaves the expectation file out")
        # Within the tolerance: still as expected.
        nudged = json.loads(read(path))
        nudged["categories"][0]["score"] += 0.004
        write(path, json.dumps(nudged))
        r = galley("plugin", "test", "categorize/keywords", "in/a.txt", "--expect", cwd=tmp, env={"TMPDIR": tmp})
        equal(r.rc, 0, f"a score within 0.005 matches ({r.out})")
        # A swapped order, a wrong score: each named.
        wrong = json.loads(read(path))
        cats = wrong["categories"]
        iq = next(i for i, c in enumerate(cats) if c["label"] == "IQ")
        cats[iq], cats[iq + 1] = cats[iq + 1], cats[iq]
        cats[0]["score"] = round(cats[0]["score"] - 0.1, 4)
        write(path, json.dumps(wrong))
        r = galley("plugin", "test", "categorize/keywords", "in/a.txt", "--expect", cwd=tmp, env={"TMPDIR": tmp})
        equal(r.rc, 1, "a wrong expectation fails")
        check("== in/a.txt" in r.out, "names the article", r.out)
        check("mismatch in categories (scheme place): other labels or another order\n    expected: IR" in r.out,
              "the place order", r.out)
        check("mismatch in categories (scheme topic): a score differs by more than 0.005" in r.out, "the score", r.out)
        check("2 differences from in/a.expected.categorize-keywords.json" in r.out, "counts them", r.out)
        # A format plugin: renditions compared line by line, changed fields by key.
        r = galley("plugin", "test", "format/markdown", "in/a.txt", "--update", cwd=tmp, env={"TMPDIR": tmp})
        equal(r.rc, 0, "markdown --update")
        md_path = os.path.join(tmp, "in", "a.expected.format-markdown.json")
        md = json.loads(read(md_path))
        equal(list(md), ["renditions"], "a format expectation holds the renditions")
        md["renditions"]["markdown"] = md["renditions"]["markdown"].replace("## Genocide", "## Genocides")
        md["title"] = "A title the plugin never set"
        write(md_path, json.dumps(md))
        r = galley("plugin", "test", "format/markdown", "in/a.txt", "--expect", cwd=tmp, env={"TMPDIR": tmp})
        equal(r.rc, 1, "a wrong rendition fails")
        line = md["renditions"]["markdown"].split("\n").index("## Genocides against Sunnis") + 1
        check(f"mismatch in renditions.markdown, line {line}:\n"
              '    expected: "## Genocides against Sunnis"\n'
              '    got:      "## Genocide against Sunnis"\n' in r.out, "the first differing line", r.out)
        check('mismatch in title:\n    expected: "A title the plugin never set"\n    got:      nothing' in r.out,
              "a field the plugin did not change", r.out)
        write(md_path, "{not json")
        r = galley("plugin", "test", "format/markdown", "in/a.txt", "--expect", cwd=tmp, env={"TMPDIR": tmp})
        equal(r.rc, 1, "a broken expectation file fails")
        check("bad expectation file" in r.out and "line 1" in r.out, "says where", r.out)


def test_export_plugin_test_lists_files_and_checks_them():
    with Tmp() as tmp:
        write(os.path.join(tmp, "in", "a.txt"), "Alpha\n\nFirst.\n")
        write(os.path.join(tmp, "in", "b.txt"), "Beta\n\nSecond.\n")
        write(os.path.join(tmp, "pages.lua"), """return { name = "pages", kind = "export", version = "1",
  export = function(articles, ctx)
    for article in articles do
      local out <close> = ctx:open("pages/" .. galley.text.slug(article.title) .. ".md")
      out:write("# ", article.title, "\\n")
    end
    ctx:log("info", "done")
  end }
""")
        r = galley("plugin", "test", "pages.lua", "in/a.txt", "in/b.txt", "--update", "-o", "out", cwd=tmp, env={"TMPDIR": tmp})
        equal(r.rc, 0, f"export --update (stderr: {r.err})")
        check("== export of 2 articles into out/pages.out\n" in r.out, "the output", r.out)
        check("  wrote out/pages.out/pages/alpha.md (8 bytes)\n  wrote out/pages.out/pages/beta.md (7 bytes)\n"
              in r.out, "the files with their sizes", r.out)
        check("  log info: done\n" in r.out, "the log line", r.out)
        expected = json.loads(read(os.path.join(tmp, "in", "a.expected.export-pages.json")))
        equal(expected, {"files": {"pages.out/pages/alpha.md": "# Alpha\n", "pages.out/pages/beta.md": "# Beta\n"}},
              "the expectation, beside the first article")
        r = galley("plugin", "test", "pages.lua", "in/a.txt", "in/b.txt", "--expect", cwd=tmp, env={"TMPDIR": tmp})
        equal(r.rc, 0, f"export --expect into a temporary folder (out: {r.out})")
        folder = re.search(r"output folder: (\S+) \(kept\)", r.out)
        check(folder and os.path.isfile(os.path.join(folder.group(1), "pages.out", "pages", "beta.md")),
              "the temporary folder is named and kept", r.out)
        import shutil
        shutil.rmtree(folder.group(1))
        r = galley("plugin", "test", "pages.lua", "in/b.txt", "--expect", cwd=tmp, env={"TMPDIR": tmp})
        equal(r.rc, 1, "another set of articles: no expectation beside the first")
        check("no expectation file in/b.expected.export-pages.json" in r.out, "says which", r.out)
        folder = re.search(r"output folder: (\S+) \(kept\)", r.out)
        shutil.rmtree(folder.group(1))
        r = galley("plugin", "test", "export/jsonl", "in/a.txt", "-o", "out", cwd=tmp, env={"TMPDIR": tmp})
        equal(r.rc, 0, "export/jsonl writes one file")
        lines = read(os.path.join(tmp, "out", "jsonl.out")).splitlines()
        equal([json.loads(x)["title"] for x in lines], ["Alpha"], "the exported article")


def test_bundled_plugins_match_their_expectations():
    r = galley("plugin", "test", "categorize/keywords", "fixtures/text/baghdadpost-imis.txt", "--expect", cwd=ROOT)
    equal(r.rc, 0, f"the seed's categories as expected ({r.out})")
    expected = json.loads(read(os.path.join(ROOT, "fixtures/text/baghdadpost-imis.expected.categorize-keywords.json")))
    places = [c["label"] for c in expected["categories"] if c["scheme"] == "place"]
    equal(places[:2], ["IQ", "IR"], "the seed's expectation: Iraq first, Iran second")


if __name__ == "__main__":
    main(globals())
