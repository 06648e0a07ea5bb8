"""test_export_incremental.py — what `galley export` does for every exporter: the
selection (--where, --category, --since, --until, dates compared as spans of time in
UTC), atomic writes, unchanged files left alone (modification times), files of articles
that are gone removed through the folder's manifest (and no file galley did not write),
and a failed or killed export that leaves no half-written file."""
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from harness import GALLEY, Tmp, check, equal, galley, main  # noqa: E402
from export_fixtures import article, make_db  # noqa: E402

OLD = 1_000_000_000  # 2001: a modification time no export can give by chance


def dated():
    """Articles whose dates differ in precision and zone, around 2017-07-14."""
    return [
        article(1, uid="day-only", published="2017-07-14"),
        article(2, uid="no-zone", published="2017-07-14T18:24:00"),
        article(3, uid="plus-three", published="2017-07-15T00:30:00+03:00"),    # 07-14T21:30Z
        article(4, uid="minus-two", published="2017-07-14T23:30:00-02:00"),     # 07-15T01:30Z
        article(5, uid="modified-only", published=None, modified="2017-07-16T08:00:00Z"),
        article(6, uid="undated", published=None, section="Sport"),
        article(7, uid="2016", published="2016-12-31T23:59:59Z", section="Sport"),
    ]


def uids(db, *args):
    r = galley("export", "--db", db, "--format", "jsonl", *args)
    check(r.rc == 0, "export " + " ".join(args), r.err)
    return sorted(a["uid"] for a in r.jsonl())


def test_since_until_are_spans():
    with Tmp() as tmp:
        db = make_db(tmp, dated())
        equal(uids(db, "--until", "2017-07-14"), ["2016", "day-only", "no-zone", "plus-three"],
              "--until a day keeps the whole day, in UTC")
        equal(uids(db, "--since", "2017-07-15"), ["minus-two", "modified-only"], "--since a day, in UTC")
        equal(uids(db, "--since", "2017"), ["day-only", "minus-two", "modified-only", "no-zone", "plus-three"],
              "--since a year")
        equal(uids(db, "--since", "2017-07-14T20:00:00Z", "--until", "2017-07-15T01:30Z"),
              ["day-only", "minus-two", "plus-three"], "bounds with times: a date alone spans its day")
        equal(uids(db, "--until", "2017-07-14T21:30:00+00:00"), ["2016", "day-only", "no-zone", "plus-three"],
              "inclusive bounds")
        equal(uids(db, "--since", "2017-07-15T03:30:00+02:00"), ["minus-two", "modified-only"],
              "a bound's offset counts")


def test_where_and_category():
    with Tmp() as tmp:
        db = make_db(tmp, dated())
        equal(uids(db, "--where", "section=Sport"), ["2016", "undated"], "--where")
        equal(uids(db, "--where", "section=Sport", "--since", "2000"), ["2016"], "--where with --since")
        equal(uids(db, "--where", "section=Sport", "--where", "uid=undated"), ["undated"], "two --where: both hold")
        r = galley("export", "--db", db, "--format", "jsonl", "--category", "place/IQ")
        check(r.rc == 0 and len(r.jsonl()) == 7, "--category place/IQ: every article names Basra, Iraq", r.err)
        equal(uids(db, "--category", "place/FR"), [], "--category with no article")
        equal(uids(db, "--category", "place"), uids(db), "--category SCHEME: any label")


def test_selection_mistakes():
    with Tmp() as tmp:
        db = make_db(tmp, dated())
        for args, fragment in ((["--since", "last week"], "since: 'last week' is not a date"),
                               (["--until", "2017-13"], "until: '2017-13' is not a date"),
                               (["--where", "colour=red"], "'colour' is not an article field"),
                               (["--where", "red"], "--where takes FIELD=VALUE"),
                               (["--category", "/x"], "not SCHEME/LABEL")):
            r = galley("export", "--db", db, "--format", "jsonl", *args)
            check(r.rc == 2 and fragment in r.err and not r.out, f"{args}: status 2, '{fragment}'", r.rc, r.err)


def tree(out):
    files = {}
    for folder, _, names in os.walk(out):
        for n in names:
            path = os.path.join(folder, n)
            files[os.path.relpath(path, out)] = os.stat(path).st_mtime
    return files


def test_reexport_rewrites_only_what_changed():
    with Tmp() as tmp:
        items = [article(i, section="World" if i % 2 else "Sport") for i in range(1, 9)]
        db = make_db(tmp, items)
        out = os.path.join(tmp, "out")
        for plugin in ("export/markdown-tree", "export/site"):
            r = galley("export", "--db", db, "--plugin", plugin, "-o", out)
            check(r.rc == 0, plugin, r.err)
        mine = os.path.join(out, "content", "world", "notes.txt")  # a file galley did not write
        with open(mine, "w") as f:
            f.write("mine")
        before = tree(out)
        for path in before:
            os.utime(os.path.join(out, path), (OLD, OLD))
        manifest = json.load(open(os.path.join(out, ".galley-export.json")))
        equal(sorted(manifest["plugins"]), ["export/markdown-tree", "export/site"], "one list per plugin")
        # One article changes, one goes (the section Sport of article 8: its folder empties
        # only if it was alone; article 2 is the changed one).
        items[1]["blocks"] = [{"type": "paragraph", "text": "A corrected body."}]
        make_db(tmp, [items[1]])
        con = sqlite3.connect(db)
        con.execute("PRAGMA foreign_keys=ON")
        con.execute("DELETE FROM articles WHERE uid = ?", (items[7]["uid"],))
        con.commit()
        con.close()
        r = galley("export", "--db", db, "--plugin", "export/markdown-tree", "-o", out)
        check(r.rc == 0, "re-export", r.err)
        after = tree(out)
        changed = sorted(p for p in after if p in before and after[p] != OLD)
        gone = sorted(set(before) - set(after))
        equal(changed, [".galley-export.json", "content/sport/2021/article-number-2.md"],
              "only the changed article's file (and the manifest) were rewritten")
        equal(gone, ["content/sport/2021/article-number-8.md"], "the deleted article's file was removed")
        check(os.path.exists(mine), "a file galley did not write stays")
        check(all(p in after for p in before if p.startswith(("index", "articles/", "search"))),
              "the other plugin's files stay")
        # The selection narrows the tree: the files outside it go, then come back.
        r = galley("export", "--db", db, "--plugin", "export/markdown-tree", "--where", "section=World", "-o", out)
        check(r.rc == 0, "export of a selection", r.err)
        check(not os.path.exists(os.path.join(out, "content", "sport")), "the emptied folder is removed too",
              sorted(tree(out)))
        check(os.path.exists(mine), "a file galley did not write stays")


FAILING = """return { name = "failing", kind = "export", version = "1",
  export = function(articles, ctx)
    local out = ctx:open("a.txt")
    out:write("complete\\n")
    out:close()
    local half = ctx:open("b.txt")
    half:write(string.rep("x", 100000))
    if ctx.options.mode == "error" then error("boom") end
    if ctx.options.mode == "hang" then while true do end end
    half:write("\\nend\\n")
    half:close()
  end,
  options = { mode = "ok" } }
"""


def export_failing(tmp, out, mode, background=False):
    plugin = os.path.join(tmp, "failing.lua")
    with open(plugin, "w") as f:
        f.write(FAILING)
    cfg = os.path.join(tmp, "galley.lua")
    with open(cfg, "w") as f:
        f.write('return { plugins = { { "%s", mode = "%s" } } }\n' % (plugin, mode))
    args = ["export", "--db", os.path.join(tmp, "g.db"), "--config", cfg, "--plugin", plugin, "-o", out]
    if background:
        return subprocess.Popen([GALLEY, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return galley(*args)


def test_failed_or_killed_export_leaves_no_half_file():
    with Tmp() as tmp:
        make_db(tmp, [article(1)])
        out = os.path.join(tmp, "out")
        r = export_failing(tmp, out, "ok")
        check(r.rc == 0, "a good export", r.err)
        good = open(os.path.join(out, "b.txt")).read()
        r = export_failing(tmp, out, "error")
        check(r.rc == 1 and "boom" in r.err, "an export that raises fails", r.err)
        equal(open(os.path.join(out, "b.txt")).read(), good, "the file it was writing is as it was")
        equal(sorted(os.listdir(out)), [".galley-export.json", "a.txt", "b.txt"], "no temporary file is left")
        os.remove(os.path.join(out, "b.txt"))
        r = export_failing(tmp, out, "error")
        check(not os.path.exists(os.path.join(out, "b.txt")), "a file cut short by an error never appears")
        proc = export_failing(tmp, out, "hang", background=True)
        time.sleep(1.0)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        check(not os.path.exists(os.path.join(out, "b.txt")), "a killed export leaves no half-written file",
              os.listdir(out))
        equal(open(os.path.join(out, "a.txt")).read(), "complete\n", "a file closed before the kill is whole")


if __name__ == "__main__":
    main(globals())
