"""End-to-end tests of the galley command: the built CLI against real files and a real
SQLite database, checked through the JSON it exports and through sqlite3 itself."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from harness import (SEED, Tmp, check, db_rows, equal, galley, main)  # noqa: E402

REQUIRED_KEYS = ["uid", "source", "format", "url", "title", "site_name", "section", "authors",
                 "published", "modified", "lang", "description", "text", "blocks", "categories",
                 "renditions"]
HEADINGS = ["Militias pose threats like ISIS", "Genocide against Sunnis", "Political aspirations",
            "Iran's mercenaries in Iraq", "IMIS elimination is a must"]


def write(path, data, mode="w"):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, mode) as f:
        f.write(data)


def seed_folder(tmp):
    os.makedirs(os.path.join(tmp, "in"))
    with open(SEED, "rb") as src, open(os.path.join(tmp, "in", "seed.txt"), "wb") as dst:
        dst.write(src.read())
    return os.path.join(tmp, "in")


def test_version_and_help():
    r = galley("--version")
    equal(r.rc, 0, "galley --version exit code")
    check(r.out.startswith("galley "), "version line", r.out)
    for cmd in ["run", "extract", "export"]:
        r = galley(cmd, "--help")
        equal(r.rc, 0, f"galley {cmd} --help exit code")
        check(r.out.startswith(f"usage: galley {cmd}"), f"{cmd} --help shows its usage", r.out)
    r = galley("--help")
    equal(r.rc, 0, "galley --help")
    check("commands:" in r.out, "main help lists commands", r.out)


def test_usage_errors_exit_2():
    equal(galley().rc, 2, "no command")
    equal(galley("frobnicate").rc, 2, "unknown command")
    with Tmp() as tmp:
        db = os.path.join(tmp, "x.db")
        r = galley("run", "--db", db)
        equal(r.rc, 2, "run without inputs")
        check("no INPUT" in r.err, "says what is missing", r.err)
        equal(galley("run", "--db", db, "--summary", "xml", SEED).rc, 2, "bad --summary")
        equal(galley("run", "--db", db, "--plugin", "format/nonesuch", SEED).rc, 2, "unknown plugin")
        equal(galley("export", "--db", db).rc, 2, "export without --format or --plugin")
        equal(galley("extract", "--format", "pdf", SEED).rc, 2, "bad extract format")


def test_seed_end_to_end():
    with Tmp() as tmp:
        inp = seed_folder(tmp)
        db = os.path.join(tmp, "galley.db")
        r = galley("run", "--db", db, "--summary", "json", inp)
        equal(r.rc, 0, "run exit code (stderr: %s)" % r.err)
        s = r.json()
        equal((s["loaded"], s["skipped"], s["failed"], s["errors"]), (1, 0, 0, []), "summary")
        check(isinstance(s["seconds"], (int, float)), "summary has seconds")
        out = os.path.join(tmp, "out.jsonl")
        r = galley("export", "--db", db, "--format", "jsonl", "-o", out)
        equal(r.rc, 0, "export exit code (stderr: %s)" % r.err)
        with open(out) as f:
            lines = [line for line in f.read().splitlines() if line]
        equal(len(lines), 1, "exported lines")
        import json
        a = json.loads(lines[0])
        for k in REQUIRED_KEYS:
            check(k in a, f"exported article has key {k}", sorted(a))
        equal(a["title"], "Iran-backed IMIS can be another ISIS in disguise", "title")
        equal(a["site_name"], "Baghdadpost", "site_name")
        equal(a["modified"], "2017-07-14T18:24:00", "modified")
        equal(a["published"], None, "published (the seed gives none)")
        equal(a["format"], "text", "format")
        headings = [b["text"] for b in a["blocks"] if b["type"] == "heading"]
        equal(headings, HEADINGS, "heading blocks")
        check(all(b.get("level") == 2 for b in a["blocks"] if b["type"] == "heading"), "heading levels")
        paras = [b for b in a["blocks"] if b["type"] == "paragraph"]
        check(len(paras) >= 20, "paragraph blocks", len(paras))
        check(not any("Last Modified" in b["text"] for b in a["blocks"]), "closing date line is not body text")
        check("Last Modified" not in a["text"], "closing date line not in text")
        md = a["renditions"].get("markdown", "")
        check(md.startswith("# Iran-backed IMIS"), "markdown rendition starts with the title", md[:80])
        check("## Genocide against Sunnis" in md, "markdown has headings", md[:300])
        for c in a["categories"]:
            check(set(c) >= {"scheme", "label", "score"}, "category keys", c)
            check(0 <= c["score"] <= 1, "score in [0,1]", c)
        places = [c["label"] for c in sorted(a["categories"], key=lambda c: -c["score"]) if c["scheme"] == "place"]
        check(places[:2] == ["IQ", "IR"], "places: Iraq first, Iran second", places)
        # The same article through extract: the same keys.
        r = galley("extract", SEED)
        equal(r.rc, 0, "extract exit code")
        e = r.jsonl()[0]
        equal(sorted(e), sorted(a), "extract and export give the same keys")
        # The database itself, as sqlite3 reads it.
        equal(db_rows(db, "PRAGMA journal_mode")[0][0], "wal", "journal mode")
        check(db_rows(db, "PRAGMA user_version")[0][0] >= 1, "schema version set")
        equal(db_rows(db, "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'mercenaries'")[0][0], 1,
              "full-text index finds the article")


def test_rerun_skips_everything_and_rewrites_nothing():
    with Tmp() as tmp:
        inp = seed_folder(tmp)
        write(os.path.join(inp, "second.txt"), "A second story\n\nIt has one paragraph about the economy and trade.\n")
        db = os.path.join(tmp, "galley.db")
        equal(galley("run", "--db", db, inp).rc, 0, "first run")
        before = db_rows(db, "SELECT id, uid, hash, stored_at, run_id FROM articles ORDER BY id")
        cats_before = db_rows(db, "SELECT * FROM categories ORDER BY 1, 2, 3")
        r = galley("run", "--db", db, "--summary", "json", inp)
        equal(r.rc, 0, "second run")
        s = r.json()
        equal((s["loaded"], s["skipped"], s["failed"]), (0, 2, 0), "second run skips all")
        equal(db_rows(db, "SELECT id, uid, hash, stored_at, run_id FROM articles ORDER BY id"), before,
              "articles untouched")
        equal(db_rows(db, "SELECT * FROM categories ORDER BY 1, 2, 3"), cats_before, "categories untouched")
        equal(db_rows(db, "SELECT count(*), max(skipped) FROM runs")[0], (2, 2), "both runs recorded")
        # A changed file is processed again; the other is still skipped.
        write(os.path.join(inp, "second.txt"), "A second story\n\nIt now has another paragraph.\n")
        s = galley("run", "--db", db, "--summary", "json", inp).json()
        equal((s["loaded"], s["skipped"]), (1, 1), "changed file reprocessed")
        equal(db_rows(db, "SELECT count(*) FROM articles")[0][0], 2, "no duplicate article")
        # The same inputs named differently are the same articles.
        s = galley("run", "--db", db, "--summary", "json", "./" + os.path.relpath(inp, tmp) + "/", cwd=tmp).json()
        check(s["loaded"] == 2 or s["skipped"] == 2, "relative path run", s)


def test_plugin_version_or_options_change_reprocesses():
    with Tmp() as tmp:
        inp = seed_folder(tmp)
        db = os.path.join(tmp, "galley.db")
        plugin = os.path.join(tmp, "tag.lua")
        src = ('return { name = "tag", kind = "categorize", version = "%s", options = { label = "x" },\n'
               '  process = function(article, ctx) article:categorize("test", ctx.options.label, 0.5) end }\n')
        write(plugin, src % "1")
        equal(galley("run", "--db", db, "--plugin", plugin, inp).rc, 0, "first run")
        s = galley("run", "--db", db, "--plugin", plugin, "--summary", "json", inp).json()
        equal(s["skipped"], 1, "unchanged plugin: skipped")
        write(plugin, src % "2")
        s = galley("run", "--db", db, "--plugin", plugin, "--summary", "json", inp).json()
        equal(s["loaded"], 1, "version bump: processed again")
        cfg = os.path.join(tmp, "galley.lua")
        write(cfg, 'return { plugins = { { "%s", label = "y" } } }\n' % plugin)
        s = galley("run", "--db", db, "--config", cfg, "--summary", "json", inp).json()
        equal(s["loaded"], 1, "options change: processed again")
        equal(db_rows(db, "SELECT label FROM categories WHERE scheme='test'"), [("y",)], "new option applied")


def test_bad_inputs_get_one_line_each_and_good_ones_are_stored():
    with Tmp() as tmp:
        inp = seed_folder(tmp)
        write(os.path.join(inp, "empty.txt"), "")
        write(os.path.join(inp, "blank.txt"), "\n  \n\t\n")
        write(os.path.join(inp, "binary.txt"), bytes(range(256)) * 8, "wb")
        write(os.path.join(inp, "notes.pdf"), "%PDF-1.4 not an article")  # no loader: left out of the walk
        with open(os.path.join(inp, "huge.txt"), "wb") as f:  # sparse: costs no disk
            f.truncate(300 << 20)
        db = os.path.join(tmp, "galley.db")
        missing = os.path.join(tmp, "missing.txt")
        r = galley("run", "--db", db, "--summary", "json", inp, missing)
        equal(r.rc, 1, "exit code with failures (stderr: %s)" % r.err)
        s = r.json()
        equal((s["loaded"], s["failed"]), (1, 5), "one stored, five failed")
        errs = [line for line in r.err.splitlines() if line.startswith("galley: error:")]
        equal(len(errs), 5, "one error line per bad input")
        for name, reason in [("empty.txt", "empty"), ("blank.txt", "empty"), ("binary.txt", "binary"),
                             ("missing.txt", "no such file"), ("huge.txt", "too large")]:
            hit = [e for e in errs if name in e]
            check(len(hit) == 1 and reason in hit[0], f"error line for {name} says {reason}", errs)
        equal(len(s["errors"]), 5, "summary lists the errors")
        equal(db_rows(db, "SELECT count(*) FROM errors")[0][0], 5, "errors recorded in the database")
        equal(db_rows(db, "SELECT count(*) FROM articles")[0][0], 1, "the good article is stored")
        equal(db_rows(db, "PRAGMA integrity_check")[0][0], "ok", "database integrity")


def test_failing_plugin_names_file_line_and_article_and_the_run_goes_on():
    with Tmp() as tmp:
        inp = seed_folder(tmp)
        write(os.path.join(inp, "b.txt"), "Second title\n\nA paragraph of the second article.\n")
        plugin = os.path.join(tmp, "plugins", "bad.lua")
        write(plugin, "return { name = 'bad', kind = 'categorize', version = '1',\n"
                      "  process = function(article, ctx)\n"
                      "    if article.title == 'Second title' then\n"
                      "      local t = nil\n"
                      "      return t.field\n"
                      "    end\n"
                      "    article:categorize('t', 'ok', 1)\n"
                      "  end }\n")
        db = os.path.join(tmp, "galley.db")
        r = galley("run", "--db", db, "--plugin", "plugins/bad.lua", "--summary", "json", "in", cwd=tmp)
        equal(r.rc, 1, "exit code 1 (stderr: %s)" % r.err)
        s = r.json()
        equal((s["loaded"], s["failed"]), (1, 1), "one fine, one failed")
        msg = s["errors"][0]
        check(msg.startswith("plugins/bad.lua:5: attempt to index a nil value"), "file:line first", msg)
        check(msg.endswith("(article 'in/b.txt')"), "article named", msg)
        equal(db_rows(db, "SELECT plugin, source FROM errors"), [("plugins/bad.lua", "in/b.txt")], "errors row")
        # The failed article is stored; the next run tries the failed plugin again.
        s = galley("run", "--db", db, "--plugin", "plugins/bad.lua", "--summary", "json", "in", cwd=tmp).json()
        equal((s["skipped"], s["failed"]), (1, 1), "rerun retries only the failed article")


def test_broken_plugin_file_is_a_clear_fatal_error():
    with Tmp() as tmp:
        plugin = os.path.join(tmp, "syntax.lua")
        write(plugin, "return { name = 'x', kind = 'format',\n  process = function( end }\n")
        r = galley("run", "--db", os.path.join(tmp, "x.db"), "--plugin", plugin, SEED)
        equal(r.rc, 3, "a plugin that does not load stops the run")
        check("syntax.lua:2:" in r.err, "message names file and line", r.err)


def test_fatal_database_error_exit_3():
    r = galley("run", "--db", "/nonexistent-folder/x.db", SEED)
    equal(r.rc, 3, "database cannot be opened")
    check("/nonexistent-folder/x.db" in r.err, "message names the database", r.err)
    with Tmp() as tmp:
        foreign = os.path.join(tmp, "other.db")
        import sqlite3
        con = sqlite3.connect(foreign)
        con.execute("CREATE TABLE mine(x)")
        con.commit()
        con.close()
        r = galley("run", "--db", foreign, SEED)
        equal(r.rc, 3, "someone else's database")
        check("not galley's" in r.err, "says why", r.err)
        equal(db_rows(foreign, "SELECT name FROM sqlite_master"), [("mine",)], "foreign database untouched")


def test_extract_formats():
    r = galley("extract", "--format", "text", SEED)
    equal(r.rc, 0, "extract text")
    check(r.out.startswith("Iran-backed IMIS can be another ISIS in disguise\n\n"), "text starts with title", r.out[:100])
    r = galley("extract", "--format", "markdown", SEED)
    equal(r.rc, 0, "extract markdown (stderr: %s)" % r.err)
    check(r.out.startswith("# Iran-backed IMIS"), "markdown", r.out[:100])
    with Tmp() as tmp:
        r = galley("extract", SEED, os.path.join(tmp, "nope.txt"))
        equal(r.rc, 1, "extract with a missing file")
        equal(len(r.jsonl()), 1, "the good file is still printed")


def test_config_file():
    with Tmp() as tmp:
        inp = seed_folder(tmp)
        write(os.path.join(tmp, "galley.lua"),
              'return { db = "from-config.db", inputs = { "in" },\n'
              '         plugins = { "format/markdown" } }\n')
        r = galley("run", "--config", "galley.lua", "--summary", "json", cwd=tmp,
                   env={"GALLEY_PLUGIN_PATH": os.path.join(os.path.dirname(SEED), "..", "..", "plugins")})
        equal(r.rc, 0, "run from config (stderr: %s)" % r.err)
        equal(r.json()["loaded"], 1, "config inputs used")
        check(os.path.exists(os.path.join(tmp, "from-config.db")), "config db used")
        equal(db_rows(os.path.join(tmp, "from-config.db"), "SELECT count(*) FROM categories")[0][0], 0,
              "only the configured plugin ran")
        write(os.path.join(tmp, "bad.lua"), 'return { dbb = "x.db" }\n')
        r = galley("run", "--config", "bad.lua", "in", cwd=tmp)
        equal(r.rc, 2, "unknown setting is a usage error")
        check("unknown setting 'dbb'" in r.err, "names the setting", r.err)


def test_config_limits_stop_a_runaway_plugin_and_the_run_goes_on():
    with Tmp() as tmp:
        inp = seed_folder(tmp)
        write(os.path.join(inp, "b.txt"), "Loop here\n\nThis article sends the plugin into a loop.\n")
        write(os.path.join(tmp, "loop.lua"),
              "return { kind = 'format', version = '1', process = function(article, ctx)\n"
              "  if article.title == 'Loop here' then while true do end end\n"
              "  ctx:emit('note', 'ok')\n"
              "end }\n")
        write(os.path.join(tmp, "galley.lua"),
              'return { plugins = { "loop.lua" }, limits = { instructions = 1e6, memory_mb = 64 } }\n')
        r = galley("run", "--db", "x.db", "--config", "galley.lua", "--summary", "json", "in", cwd=tmp)
        equal(r.rc, 1, "exit code (stderr: %s)" % r.err)
        s = r.json()
        equal((s["loaded"], s["failed"]), (1, 1), "the other article is stored")
        check("instruction budget exceeded (1 million instructions" in s["errors"][0], "says why", s["errors"])
        check(s["errors"][0].startswith("loop.lua:2:"), "names the line", s["errors"])
        equal(s["plugins"]["loop.lua"]["failed"], 1, "per-plugin failure count")
        write(os.path.join(tmp, "bad-limits.lua"), 'return { limits = { seconds = 3 } }\n')
        r = galley("run", "--db", "x.db", "--config", "bad-limits.lua", "in", cwd=tmp)
        equal(r.rc, 2, "unknown limit")
        check("unknown limit 'seconds'" in r.err, "names it", r.err)


def test_meta_assignment_and_traceback_in_errors_table():
    with Tmp() as tmp:
        inp = seed_folder(tmp)
        write(os.path.join(tmp, "m.lua"),
              "local function deep(a) return a.nothing.here end\n"
              "return { kind = 'format', version = '1', process = function(article, ctx)\n"
              "  article.meta = { edition = 'morning', pages = 12, live = true }\n"
              "  if article.meta.pages ~= '12' then error('meta not stored') end\n"
              "  if article.title == 'Deep' then deep(article) end\n"
              "end }\n")
        write(os.path.join(inp, "deep.txt"), "Deep\n\nThis one fails two calls down.\n")
        r = galley("run", "--db", "x.db", "--plugin", "m.lua", "in", cwd=tmp)
        equal(r.rc, 1, "exit code")
        check("m.lua:1: attempt to index a nil value" in r.err, "message", r.err)
        check("    m.lua:5: in function" in r.err or "    m.lua:5: in " in r.err, "traceback printed", r.err)
        rows = db_rows(os.path.join(tmp, "x.db"), "SELECT message, traceback FROM errors")
        equal(len(rows), 1, "one error row")
        check(rows[0][1] and "m.lua:5:" in rows[0][1], "traceback stored", rows)
        meta = db_rows(os.path.join(tmp, "x.db"), "SELECT meta FROM articles WHERE title != 'Deep'")[0][0]
        import json
        equal(json.loads(meta), {"edition": "morning", "pages": "12", "live": "true"}, "meta replaced by the plugin")


def test_sandboxed_load_keeps_the_environment_and_refuses_bytecode():
    with Tmp() as tmp:
        write(os.path.join(tmp, "ld.lua"),
              "return { kind = 'format', version = '1', process = function(article, ctx)\n"
              "  local f = load('return galley ~= nil', 'x', 't')\n"
              "  assert(f() == true, 'load with three arguments keeps the plugin globals')\n"
              "  assert(load('return y', 'y', 't', { y = 5 })() == 5, 'an explicit environment')\n"
              "  assert(load(string.dump(function() end)) == nil, 'bytecode refused')\n"
              "end }\n")
        r = galley("plugin", "test", os.path.join(tmp, "ld.lua"), SEED)
        equal(r.rc, 0, "load semantics: " + r.out[-500:] + r.err[-500:])


def test_json_lines_files_load_and_a_bad_line_fails_alone():
    import json
    with Tmp() as tmp:
        inp = os.path.join(tmp, "in")
        write(os.path.join(inp, "feed.jsonl"),
              '{"title": "One", "text": "Football match report.\\n\\nA goal came late."}\n'
              '{"title": 3}\n'
              '\n'
              '{"uid": "https://x.example/2", "title": "Two", "authors": ["A. Writer"], "text": "Oil prices."}\n'
              'not json\n')
        db = os.path.join(tmp, "j.db")
        r = galley("run", "--db", db, "--summary", "json", "in", cwd=tmp)
        equal(r.rc, 1, "exit code: " + r.err)
        s = r.json()
        equal((s["loaded"], s["failed"]), (2, 2), "two articles, two bad lines")
        equal(s["errors"], ['in/feed.jsonl:2: "title" has the wrong type',
                            "in/feed.jsonl:5: not JSON: column 1: unexpected character"], "each bad line named")
        rows = db_rows(db, "SELECT uid, source, format, title, authors FROM articles ORDER BY id")
        equal(rows, [("in/feed.jsonl:1", "in/feed.jsonl", "jsonl", "One", "[]"),
                     ("https://x.example/2", "in/feed.jsonl", "jsonl", "Two", '["A. Writer"]')], "stored")
        equal(db_rows(db, "SELECT source FROM errors"), [("in/feed.jsonl",), ("in/feed.jsonl",)], "errors rows")
        # An export read back as JSON Lines gives the same articles.
        out = os.path.join(tmp, "round.jsonl")
        equal(galley("export", "--db", db, "--format", "jsonl", "-o", out).rc, 0, "export")
        r = galley("extract", out)
        equal(r.rc, 0, "extract the export")
        first = r.jsonl()[0]
        equal((first["title"], first["blocks"][0]["text"]), ("One", "Football match report."), "read back")
        check(any(c["scheme"] == "topic" for c in first["categories"]), "with its categories", first["categories"])


def test_export_to_stdout_and_unknown_db():
    with Tmp() as tmp:
        inp = seed_folder(tmp)
        db = os.path.join(tmp, "galley.db")
        galley("run", "--db", db, inp)
        r = galley("export", "--db", db, "--format", "jsonl")
        equal(r.rc, 0, "export to stdout")
        equal(len(r.jsonl()), 1, "one line")
        r = galley("export", "--db", os.path.join(tmp, "none.db"), "--format", "jsonl")
        equal(r.rc, 3, "export from a missing database")
        check(not os.path.exists(os.path.join(tmp, "none.db")), "export does not create a database")


if __name__ == "__main__":
    main(globals())
