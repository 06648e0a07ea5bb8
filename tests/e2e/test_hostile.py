"""End-to-end tests with hostile plugins: each one misbehaves on ONE of three good
articles (the one titled "Story b") during a real `galley run` into a real SQLite file.
Each test checks the clear outcome (exit status, a message naming the plugin's file and
line) and that the other articles were stored all the same."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(__file__))
from harness import WRAPPER, Tmp, check, db_rows, equal, galley, main  # noqa: E402

BAD = "Story b"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def three_articles(tmp):
    """in/a.txt, in/b.txt (the one the plugins misbehave on), in/c.txt."""
    for name in "abc":
        write(os.path.join(tmp, "in", name + ".txt"),
              f"Story {name}\n\nA paragraph of story {name} about trade and prices in the region.\n")
    return os.path.join(tmp, "in")


def plugin(tmp, name, body, kind="format", options="{}"):
    """A plugin file whose process() runs `body` on the bad article, then emits a rendition."""
    path = os.path.join(tmp, "plugins", name + ".lua")
    write(path, f"""return {{ name = "{name}", kind = "{kind}", version = "1", options = {options},
  process = function(article, ctx)
    if article.title == "{BAD}" then
{body}
    end
    ctx:emit("seen", article.title)
  end }}
""")
    return path


def run(tmp, *args):
    return galley("run", "--db", os.path.join(tmp, "galley.db"), *args, cwd=tmp)


def stored(tmp):
    """{title: [rendition formats]} of the stored articles."""
    db = os.path.join(tmp, "galley.db")
    rows = db_rows(db, "SELECT a.title, r.format FROM articles a LEFT JOIN renditions r ON r.article_id = a.id")
    out = {}
    for title, fmt in rows:
        out.setdefault(title, [])
        if fmt:
            out[title].append(fmt)
    return out


def check_others_stored(tmp, what):
    s = stored(tmp)
    equal(sorted(s), ["Story a", "Story b", "Story c"], f"{what}: all three articles stored")
    equal((s["Story a"], s["Story c"]), (["seen"], ["seen"]), f"{what}: the good articles have their rendition")
    equal(s["Story b"], [], f"{what}: the bad article has none")


def errors_of(r):
    return [line for line in r.err.splitlines() if line.startswith("galley: error:")]


def test_no_shell_escape():
    for call, message in [('os.execute("touch " .. "ESCAPED")', "attempt to call a nil value (field 'execute')"),
                          ('io.popen("touch ESCAPED")', "attempt to index a nil value (global 'io')"),
                          ('os.remove("in/a.txt")', "attempt to call a nil value (field 'remove')"),
                          ('os.getenv("HOME")', "attempt to call a nil value (field 'getenv')")]:
        with Tmp() as tmp:
            three_articles(tmp)
            plugin(tmp, "shell", "      " + call)
            r = run(tmp, "--plugin", "plugins/shell.lua", "in")
            equal(r.rc, 1, f"{call}: exit status (stderr: {r.err})")
            errs = errors_of(r)
            equal(len(errs), 1, f"{call}: one error line")
            check(errs[0].startswith("galley: error: plugins/shell.lua:4: " + message), f"{call}: file:line and why",
                  errs[0])
            check(errs[0].endswith("(article 'in/b.txt')"), f"{call}: names the article", errs[0])
            check(not os.path.exists(os.path.join(tmp, "ESCAPED")), f"{call}: no command ran")
            check(os.path.exists(os.path.join(tmp, "in", "a.txt")), f"{call}: no file removed")
            check_others_stored(tmp, call)


def test_no_reading_outside():
    cases = [("io.open('/etc/passwd')", "attempt to index a nil value (global 'io')"),
             ("dofile('/etc/passwd')", "attempt to call a nil value (global 'dofile')"),
             ("loadfile('/etc/passwd')", "attempt to call a nil value (global 'loadfile')"),
             ("require('../../x')", "require: bad module name '../../x'"),
             ("require('secret')", "module 'secret' not found"),
             ("ctx:read('../secret')", "ctx:read: '../secret' must be a relative path inside the plugin's folder"),
             ("ctx:read('/etc/passwd')", "ctx:read: '/etc/passwd' must be a relative path inside the plugin's folder"),
             ("assert(load(string.dump(function() end)))", "attempt to load a binary chunk")]
    with Tmp() as tmp:
        three_articles(tmp)
        write(os.path.join(tmp, "secret"), "TOP SECRET\n")
        write(os.path.join(tmp, "secret.lua"), "return 'TOP SECRET'\n")
        for i, (call, message) in enumerate(cases):
            name = f"reader{i}"
            # What the call returns, if anything, would become a rendition.
            plugin(tmp, name, f"      ctx:emit('leak', tostring({call}))")
            r = run(tmp, "--plugin", f"plugins/{name}.lua", "in")
            equal(r.rc, 1, f"{call}: exit status (stderr: {r.err})")
            errs = errors_of(r)
            equal(len(errs), 1, f"{call}: one error line")
            check(errs[0].startswith(f"galley: error: plugins/{name}.lua:4: "), f"{call}: names file:line", errs[0])
            check(message in errs[0], f"{call}: says why", errs[0])
            check_others_stored(tmp, call)
            leaks = db_rows(os.path.join(tmp, "galley.db"), "SELECT body FROM renditions WHERE format = 'leak'")
            equal(leaks, [], f"{call}: nothing read")


def test_no_writing_outside():
    with Tmp() as tmp:
        three_articles(tmp)
        equal(run(tmp, "in").rc, 0, "the articles are stored first")
        path = os.path.join(tmp, "plugins", "spill.lua")
        write(path, """return { name = "spill", kind = "export", version = "1", options = { target = "" },
  export = function(articles, ctx)
    for article in articles do
      if article.title == "Story b" then
        ctx:open(ctx.options.target):write("ESCAPED")
      end
      local out <close> = ctx:open(article.title .. ".txt")
      out:write(article.title)
    end
  end }
""")
        outside = os.path.join(tmp, "outside.txt")
        for i, target in enumerate(["../outside.txt", outside, "sub/../../outside.txt"]):
            write(os.path.join(tmp, "galley.lua"), 'return { plugins = { { "plugins/spill.lua", target = "%s" } } }\n'
                  % target)
            out = os.path.join(tmp, f"out{i}")
            r = galley("export", "--db", "galley.db", "--config", "galley.lua", "--plugin", "plugins/spill.lua",
                       "-o", out, cwd=tmp)
            equal(r.rc, 1, f"{target}: exit status (stderr: {r.err})")
            check(f"plugins/spill.lua:5: ctx:open: '{target}' must be a relative path inside the output folder"
                  in r.err, f"{target}: file:line and why", r.err)
            check(not os.path.exists(outside), f"{target}: nothing written outside")
            equal(sorted(os.listdir(out)), [".galley-export.json", "Story a.txt"],
                  f"{target}: the articles before it were written (and listed, for the next export's clean-up)")


def test_endless_loop_is_stopped_by_the_instruction_budget():
    with Tmp() as tmp:
        three_articles(tmp)
        # A pcall around the loop cannot swallow the budget: once spent, every instruction raises.
        plugin(tmp, "loop", "      pcall(function() while true do end end)\n      while true do end")
        write(os.path.join(tmp, "galley.lua"), "return { limits = { instructions = 5000000 } }\n")
        r = run(tmp, "--config", "galley.lua", "--plugin", "plugins/loop.lua", "in")
        equal(r.rc, 1, f"exit status (stderr: {r.err})")
        errs = errors_of(r)
        equal(len(errs), 1, "one error line")
        check(re.match(r"galley: error: plugins/loop.lua:[45]: instruction budget exceeded \(5 million", errs[0]),
              "says the budget stopped it, where", errs[0])
        check("endless loop?" in errs[0] and errs[0].endswith("(article 'in/b.txt')"), "and why, on which article",
              errs[0])
        check_others_stored(tmp, "budget")
    if WRAPPER:
        return  # the default budget (two billion instructions) would take minutes under valgrind
    with Tmp() as tmp:
        three_articles(tmp)
        plugin(tmp, "loop", "      while true do end")
        r = run(tmp, "--plugin", "plugins/loop.lua", "in")
        equal(r.rc, 1, f"default budget: exit status (stderr: {r.err})")
        check("instruction budget exceeded (2000 million instructions" in r.err, "the default budget", r.err)
        check_others_stored(tmp, "default budget")


def test_memory_bomb_is_stopped_by_the_memory_cap():
    with Tmp() as tmp:
        three_articles(tmp)
        plugin(tmp, "bomb", "      local t, s = {}, string.rep('x', 1 << 20)\n"
                            "      for i = 1, 1e9 do t[i] = s .. i end")
        write(os.path.join(tmp, "galley.lua"), "return { limits = { memory_mb = 64 } }\n")
        r = run(tmp, "--config", "galley.lua", "--plugin", "plugins/bomb.lua", "in")
        equal(r.rc, 1, f"exit status (stderr: {r.err})")
        errs = errors_of(r)
        equal(len(errs), 1, "one error line")
        check("memory cap" in errs[0] and errs[0].endswith("(article 'in/b.txt')"), "says the cap stopped it", errs[0])
        check_others_stored(tmp, "memory cap")


def test_error_in_setup_stops_the_run_before_any_article():
    with Tmp() as tmp:
        three_articles(tmp)
        write(os.path.join(tmp, "plugins", "setup.lua"), """return { name = "setup", kind = "format", version = "1",
  setup = function(ctx)
    local taxonomy = nil
    return taxonomy.words
  end,
  process = function(article, ctx) ctx:emit("seen", "x") end }
""")
        r = run(tmp, "--plugin", "plugins/setup.lua", "in")
        equal(r.rc, 3, f"exit status (stderr: {r.err})")
        check("plugins/setup.lua:4: attempt to index a nil value (local 'taxonomy')" in r.err, "file:line and why",
              r.err)
        db = os.path.join(tmp, "galley.db")
        equal(db_rows(db, "SELECT count(*) FROM articles")[0][0] if os.path.exists(db) else 0, 0, "no article stored")


def test_error_in_process_names_file_line_article_and_traceback():
    with Tmp() as tmp:
        three_articles(tmp)
        write(os.path.join(tmp, "plugins", "proc.lua"), """local function summary(article)
  if article.title == "Story b" then
    error("cannot summarise " .. article.title)
  end
  return article.title
end
return { name = "proc", kind = "format", version = "1",
  process = function(article, ctx)
    ctx:emit("seen", summary(article))
  end }
""")
        r = run(tmp, "--plugin", "plugins/proc.lua", "in")
        equal(r.rc, 1, f"exit status (stderr: {r.err})")
        lines = r.err.splitlines()
        errs = errors_of(r)
        equal(errs, ["galley: error: plugins/proc.lua:3: cannot summarise Story b (article 'in/b.txt')"], "message")
        at = lines.index(errs[0])
        equal([line.strip() for line in lines[at + 1:at + 3]],
              ["plugins/proc.lua:3: in upvalue 'summary'", "plugins/proc.lua:9: in a function"], "traceback lines")
        rows = db_rows(os.path.join(tmp, "galley.db"), "SELECT source, plugin, message, traceback FROM errors")
        equal(len(rows), 1, "one errors row")
        source, name, message, traceback = rows[0]
        equal((source, name), ("in/b.txt", "plugins/proc.lua"), "errors row: article and plugin")
        check(message.startswith("plugins/proc.lua:3: cannot summarise"), "errors row: message", message)
        check("plugins/proc.lua:9:" in (traceback or ""), "errors row: traceback", traceback)
        check_others_stored(tmp, "process error")


def test_bad_option_in_config_is_a_usage_error_listing_the_known_options():
    with Tmp() as tmp:
        three_articles(tmp)
        plugin(tmp, "opts", "      error('never')", options="{ size = 10, style = 'short' }")
        write(os.path.join(tmp, "galley.lua"), 'return { plugins = { { "plugins/opts.lua", sise = 3 } } }\n')
        r = run(tmp, "--config", "galley.lua", "in")
        equal(r.rc, 2, f"exit status (stderr: {r.err})")
        check("unknown option 'sise'" in r.err, "names the option", r.err)
        check("known: size, style" in r.err or "known: style, size" in r.err, "lists the known options", r.err)
        write(os.path.join(tmp, "galley.lua"), 'return { plugins = { { "plugins/opts.lua", size = "big" } } }\n')
        r = run(tmp, "--config", "galley.lua", "in")
        equal(r.rc, 2, f"wrong type: exit status (stderr: {r.err})")
        check("option 'size' must be a number" in r.err, "says the type", r.err)
        equal(db_rows(os.path.join(tmp, "galley.db"), "SELECT count(*) FROM articles")[0][0], 0, "nothing stored")


def test_fail_fast_stops_at_the_first_failure():
    with Tmp() as tmp:
        three_articles(tmp)
        plugin(tmp, "bad", "      error('refusing ' .. article.title)")
        r = run(tmp, "--fail-fast", "--plugin", "plugins/bad.lua", "--summary", "json", "in")
        equal(r.rc, 1, f"exit status (stderr: {r.err})")
        check("stopped at the first failure" in r.err, "the summary line says it stopped", r.err)
        s = r.json()
        equal((s["loaded"], s["failed"]), (1, 1), "a stored, b failed, c never reached")
        equal(sorted(stored(tmp)), ["Story a", "Story b"], "articles before the failure are kept")
        equal(db_rows(os.path.join(tmp, "galley.db"), "SELECT status FROM runs"), [("stopped",)], "run status")


def test_plugins_cannot_reach_each_other_or_keep_an_article():
    with Tmp() as tmp:
        three_articles(tmp)
        plugin(tmp, "meddler", "      string.upper = function() return 'HACKED' end\n"
                               "      leaked = true\n"
                               "      getmetatable('').__index = { upper = function() return 'HACKED' end }")
        write(os.path.join(tmp, "plugins", "victim.lua"), """return { name = "victim", kind = "format", version = "1",
  process = function(article, ctx)
    ctx:emit("victim", string.upper("ok") .. ("ok"):upper() .. tostring(leaked))
  end }
""")
        r = run(tmp, "--plugin", "plugins/meddler.lua", "--plugin", "plugins/victim.lua", "in")
        equal(r.rc, 1, f"exit status (stderr: {r.err})")
        check("plugins/meddler.lua:6: attempt to index a boolean value" in r.err, "the string metatable is hidden",
              r.err)
        bodies = db_rows(os.path.join(tmp, "galley.db"), "SELECT DISTINCT body FROM renditions WHERE format = 'victim'")
        equal(bodies, [("OKOKnil",)], "the other plugin saw neither the changed library nor the global")
    with Tmp() as tmp:
        three_articles(tmp)
        write(os.path.join(tmp, "plugins", "keeper.lua"), """local kept
return { name = "keeper", kind = "format", version = "1",
  process = function(article, ctx)
    if kept then ctx:emit("previous", kept.title) end
    kept = article
  end }
""")
        r = run(tmp, "--plugin", "plugins/keeper.lua", "in")
        equal(r.rc, 1, f"kept article: exit status (stderr: {r.err})")
        check("plugins/keeper.lua:4: this article is no longer available" in r.err, "a kept article is dead", r.err)
        equal(db_rows(os.path.join(tmp, "galley.db"), "SELECT count(*) FROM articles")[0][0], 3, "all stored")


if __name__ == "__main__":
    main(globals())
