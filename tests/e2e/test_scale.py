"""Runs at scale: the same inputs give the same database whatever the number of
workers, and a run killed midway (SIGKILL) loses nothing committed and is finished by
the next run without duplicates."""
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from harness import GALLEY, WRAPPER, Tmp, check, db_rows, equal, galley, main, skip  # noqa: E402

WORDS = ("government minister election parliament army militia attack border oil market shares "
         "bank inflation football match goal season film music festival hospital vaccine doctors "
         "school students climate flood storm court judge police").split()


def make_corpus(folder, n, per_dir=200):
    """n small articles in the seed's layout, deterministic, in sub-folders."""
    for i in range(n):
        d = os.path.join(folder, "d%03d" % (i // per_dir))
        os.makedirs(d, exist_ok=True)
        words = [WORDS[(i * 7 + k * 3) % len(WORDS)] for k in range(60)]
        body = "\n\n".join(" ".join(words[k:k + 20]).capitalize() + "." for k in range(0, 60, 20))
        with open(os.path.join(d, "a%05d.txt" % i), "w") as f:
            f.write("News - World - Example\n\nStory number %d about %s\n\n%s\n" % (i, words[0], body))


def dump(db):
    """Every table's rows, without the wall-clock columns."""
    return {
        "articles": db_rows(db, "SELECT id, uid, source, title, site_name, section, hash, blocks, text, meta, run_id "
                                "FROM articles ORDER BY id"),
        "categories": db_rows(db, "SELECT * FROM categories ORDER BY article_id, scheme, label"),
        "renditions": db_rows(db, "SELECT * FROM renditions ORDER BY article_id, format"),
        "processed": db_rows(db, "SELECT * FROM processed ORDER BY article_id, plugin"),
        "errors": db_rows(db, "SELECT run_id, source, plugin, message FROM errors ORDER BY id"),
    }


def test_same_database_whatever_the_number_of_workers():
    with Tmp() as tmp:
        inp = os.path.join(tmp, "in")
        make_corpus(inp, 600)
        with open(os.path.join(inp, "d000", "bad.txt"), "wb") as f:
            f.write(b"\x00\x01binary")
        dumps = []
        for jobs in (1, 2, 4):
            cfg = os.path.join(tmp, "j%d.lua" % jobs)
            with open(cfg, "w") as f:
                f.write("return { jobs = %d }\n" % jobs)
            db = os.path.join(tmp, "j%d.db" % jobs)
            r = galley("run", "--db", db, "--config", cfg, "--summary", "json", inp)
            equal(r.rc, 1, "exit code (one bad file) with %d jobs: %s" % (jobs, r.err[-300:]))
            s = r.json()
            equal((s["loaded"], s["failed"]), (600, 1), "counts with %d jobs" % jobs)
            dumps.append(dump(db))
        for table in dumps[0]:
            equal(dumps[1][table], dumps[0][table], "table %s with 2 jobs vs 1" % table)
            equal(dumps[2][table], dumps[0][table], "table %s with 4 jobs vs 1" % table)


def test_killed_run_loses_nothing_committed_and_the_next_run_finishes():
    if WRAPPER:
        skip("timing-based: not under valgrind")
    with Tmp() as tmp:
        inp = os.path.join(tmp, "in")
        n = 3000
        make_corpus(inp, n)
        db = os.path.join(tmp, "k.db")
        env = dict(os.environ)
        env.pop("GALLEY_PLUGIN_PATH", None)
        from harness import ROOT
        proc = subprocess.Popen([GALLEY, "run", "--db", db, "--quiet", inp], cwd=ROOT, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # Kill once some batches are committed but well before the end.
        deadline = time.time() + 60
        stored = 0
        while time.time() < deadline and proc.poll() is None:
            try:
                stored = db_rows(db, "SELECT count(*) FROM articles")[0][0]
            except Exception:  # the schema may not exist yet
                stored = 0
            if stored >= 256:
                break
            time.sleep(0.01)
        if proc.poll() is not None:
            skip("the run finished before it could be killed (machine too fast for %d articles)" % n)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        equal(db_rows(db, "PRAGMA integrity_check")[0][0], "ok", "the database is valid after SIGKILL")
        kept = db_rows(db, "SELECT count(*) FROM articles")[0][0]
        check(256 <= kept < n, "some batches committed, not all", kept)
        equal(db_rows(db, "SELECT count(*) FROM articles WHERE id NOT IN (SELECT article_id FROM processed)")[0][0],
              0, "every committed article has its results (nothing half-written)")
        equal(db_rows(db, "SELECT status FROM runs")[-1][0], "running", "the killed run never finished")
        r = galley("run", "--db", db, "--summary", "json", inp)
        equal(r.rc, 0, "the rerun: " + r.err[-300:])
        s = r.json()
        equal(s["skipped"], kept, "the rerun skips what was committed")
        equal(s["loaded"], n - kept, "and does the rest")
        equal(db_rows(db, "SELECT count(*), count(DISTINCT uid) FROM articles")[0], (n, n), "no duplicates")


def interrupt_midway(tmp, inp, sig, n):
    """Starts a run, sends sig once some batches are committed; returns (rc, stderr)."""
    from harness import ROOT
    db = os.path.join(tmp, "i.db")
    env = dict(os.environ)
    env.pop("GALLEY_PLUGIN_PATH", None)
    proc = subprocess.Popen([GALLEY, "run", "--db", db, "-j", "2", inp], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    while time.time() < deadline and proc.poll() is None:
        try:
            if db_rows(db, "SELECT count(*) FROM articles")[0][0] >= 256:
                break
        except Exception:  # the schema may not exist yet
            pass
        time.sleep(0.01)
    if proc.poll() is not None:
        skip("the run finished before it could be interrupted (%d articles)" % n)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=120)
    return proc.returncode, err, db


def test_sigint_and_sigterm_store_what_is_done_and_exit_130_143():
    if WRAPPER:
        skip("timing-based: not under valgrind")
    with Tmp() as tmp:
        inp = os.path.join(tmp, "in")
        n = 3000
        make_corpus(inp, n)
        for sig, code in ((signal.SIGINT, 130), (signal.SIGTERM, 143)):
            rc, err, db = interrupt_midway(tmp, inp, sig, n)
            equal(rc, code, "exit code after %s (stderr: %s)" % (sig.name, err[-300:]))
            check("interrupted" in err, "says it was interrupted", err)
            equal(db_rows(db, "SELECT status FROM runs ORDER BY id")[-1][0], "interrupted", "run recorded")
            kept = db_rows(db, "SELECT count(*) FROM articles")[0][0]
            check(0 < kept < n, "part of the work was stored", kept)
            equal(db_rows(db, "SELECT loaded FROM runs ORDER BY id")[-1][0], kept, "the run's count matches")
            r = galley("run", "--db", db, "--summary", "json", inp)
            equal(r.rc, 0, "the rerun finishes")
            equal((r.json()["skipped"], r.json()["loaded"]), (kept, n - kept), "and does only the rest")
            os.remove(db)


def test_progress_only_on_a_terminal_and_cleared_at_the_end():
    if WRAPPER:
        skip("not under valgrind")
    with Tmp() as tmp:
        inp = os.path.join(tmp, "in")
        make_corpus(inp, 1500)
        rc, out = run_on_a_terminal(["run", "--db", os.path.join(tmp, "p.db"), "-j", "2", inp])
        equal(rc, 0, "run on a terminal")
        check("\r\x1b[Kgalley: " in out and " files  " in out and " articles  " in out, "a progress line", out[:300])
        last = out.rsplit("\r\x1b[K", 1)[1]
        check(last.startswith("galley: 1500 loaded"), "the progress line is cleared before the summary", last)
        r = galley("run", "--db", os.path.join(tmp, "q.db"), inp)
        check("\x1b[K" not in r.err, "no progress when stderr is not a terminal", r.err[:200])


def by_uid(db):
    """The content of a database keyed by uid: ids may differ between a single run and
    merged shards (docs/scaling.md)."""
    return {
        "articles": db_rows(db, "SELECT uid, source, title, site_name, hash, blocks, text, meta FROM articles "
                                "ORDER BY uid"),
        "categories": db_rows(db, "SELECT a.uid, c.scheme, c.label, c.score, c.plugin FROM categories c "
                                  "JOIN articles a ON a.id = c.article_id ORDER BY 1, 2, 3"),
        "renditions": db_rows(db, "SELECT a.uid, r.format, r.body FROM renditions r "
                                  "JOIN articles a ON a.id = r.article_id ORDER BY 1, 2"),
        "processed": db_rows(db, "SELECT a.uid, p.plugin, p.version, p.options_hash, p.hash FROM processed p "
                                 "JOIN articles a ON a.id = p.article_id ORDER BY 1, 2"),
        "fts": db_rows(db, "SELECT a.uid FROM articles_fts f JOIN articles a ON a.id = f.rowid "
                           "WHERE articles_fts MATCH 'football' ORDER BY 1"),
    }


def test_four_shards_through_gnu_parallel_merge_to_a_single_runs_result():
    import shutil
    if WRAPPER:
        skip("not under valgrind")
    if not shutil.which("parallel"):
        skip("GNU parallel is not installed (scripts/install-deps installs it)")
    from harness import ROOT
    with Tmp() as tmp:
        inp = os.path.join(tmp, "in")
        make_corpus(inp, 800)
        single = os.path.join(tmp, "single.db")
        equal(galley("run", "--db", single, "-q", inp).rc, 0, "single run")
        cmd = ["parallel", "--will-cite", "--halt", "now,fail=1", GALLEY, "run", "-q", "-j", "1",
               "--db", os.path.join(tmp, "shard{}.db"), "--shard", "{}/4", inp, ":::", "1", "2", "3", "4"]
        r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
        equal(r.returncode, 0, "parallel: " + r.stderr[-500:])
        shards = [os.path.join(tmp, "shard%d.db" % i) for i in range(1, 5)]
        counts = [db_rows(db, "SELECT count(*) FROM articles")[0][0] for db in shards]
        equal(sum(counts), 800, "the shards partition the files")
        check(all(c > 100 for c in counts), "every shard has a fair part", counts)
        merged = os.path.join(tmp, "merged.db")
        r = galley("merge", merged, *shards)
        equal(r.rc, 0, "merge: " + r.err)
        want = by_uid(single)
        got = by_uid(merged)
        for table in want:
            equal(got[table], want[table], "merged %s equals the single run's" % table)
        equal(galley("merge", merged, *shards).rc, 0, "merging again")
        equal(by_uid(merged), want, "merging again changes nothing")
        equal(db_rows(merged, "SELECT count(*) FROM runs")[0][0], 4, "each shard's run once")
        r = galley("merge", merged, merged)
        equal(r.rc, 2, "merging a database into itself is refused")
        r = galley("merge", merged, os.path.join(tmp, "none.db"))
        equal(r.rc, 3, "a missing input")
        check("none.db" in r.err, "names it", r.err)


def test_streaming_jsonl_in_and_out_without_a_database():
    import json
    with Tmp() as tmp:
        inp = os.path.join(tmp, "in")
        make_corpus(inp, 300)
        db = os.path.join(tmp, "s.db")
        equal(galley("run", "--db", db, "-q", inp).rc, 0, "a stored run")
        lines = galley("export", "--db", db, "--format", "jsonl").out.splitlines()
        want = [json.loads(line) for line in lines]
        # The exported articles go through the same plugins again, with two bad lines.
        stream = "\n".join(lines) + "\n{\"title\": 5}\nnot json at all\n"
        r = galley("run", "--stdin-jsonl", "--stdout-jsonl", "-j", "2", stdin=stream, cwd=tmp)
        equal(r.rc, 1, "two bad lines: " + r.err[-300:])
        check("stdin:301: \"title\" has the wrong type" in r.err, "the bad record is named", r.err[-300:])
        check("stdin:302: not JSON" in r.err, "the non-JSON line is named", r.err[-300:])
        out = [json.loads(line) for line in r.out.splitlines()]
        equal(len(out), 300, "every good article comes out")
        equal([a["uid"] for a in out], [a["uid"] for a in want], "in input order")
        for key in ("title", "site_name", "blocks", "categories", "renditions"):
            diff = [a["uid"] for a, b in zip(out, want) if a[key] != b[key]]
            equal(diff[:3], [], "%s as in the stored run" % key)
        check(not os.path.exists(os.path.join(tmp, "galley.db")), "no database was created")
        # A record with only a title and text is an article too.
        plain = json.dumps({"title": "Cup final", "text": "The football match ended late.\n\nA goal won it."})
        r = galley("run", "--stdin-jsonl", "--stdout-jsonl", "--plugin", "format/markdown", stdin=plain, cwd=tmp)
        equal(r.rc, 0, "a plain record: " + r.err)
        a = json.loads(r.out)
        equal((a["uid"], a["source"], len(a["blocks"])), ("stdin:1", "stdin:1", 2), "its defaults")
        check(a["renditions"]["markdown"].startswith("# Cup final"), "processed", a["renditions"])
        equal(galley("run", "--stdout-jsonl", "--summary", "json", inp).rc, 2, "--summary goes with a database")


def run_on_a_terminal(args):
    """Runs galley with stderr on a pseudo-terminal; returns (exit code, what it drew)."""
    import pty
    from harness import ROOT
    master, slave = pty.openpty()
    env = dict(os.environ)
    env.pop("GALLEY_PLUGIN_PATH", None)
    proc = subprocess.Popen([GALLEY] + args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:  # the other side closed
            break
        if not data:
            break
        chunks.append(data)
    proc.wait()
    os.close(master)
    return proc.returncode, b"".join(chunks).decode()


def test_export_progress_on_a_terminal():
    if WRAPPER:
        skip("not under valgrind")
    with Tmp() as tmp:
        inp = os.path.join(tmp, "in")
        make_corpus(inp, 3000)
        db = os.path.join(tmp, "e.db")
        equal(galley("run", "-q", "--db", db, "--plugin", "format/markdown", inp).rc, 0, "a stored run")
        slow = os.path.join(tmp, "slow.lua")  # a deliberately slow exporter, so the line is drawn
        with open(slow, "w") as f:
            f.write("return { kind = 'export', version = '1', export = function(articles, ctx)\n"
                    "  local w = ctx:open()\n"
                    "  for a in articles do\n"
                    "    local t = os.clock() while os.clock() - t < 0.0003 do end\n"
                    "    w:write(a.uid, '\\n')\n"
                    "  end\n"
                    "  w:close()\n"
                    "end }\n")
        rc, out = run_on_a_terminal(["export", "--db", db, "--plugin", slow, "-o", os.path.join(tmp, "o.txt")])
        equal(rc, 0, "export on a terminal: " + out[-300:])
        check("/3000 articles  " in out, "an export progress line", out[:300])
        last = out.rsplit("\r\x1b[K", 1)[1]
        check(last.startswith("galley: exported 3000 articles"), "cleared before the summary", last)
        r = galley("export", "--db", db, "--format", "jsonl", "-o", os.path.join(tmp, "p.jsonl"))
        check("\x1b[K" not in r.err, "no progress when stderr is not a terminal", r.err[:200])


def test_jobs_flag_is_checked():
    equal(galley("run", "-j", "0", "x").rc, 2, "-j 0 is a usage error")
    equal(galley("run", "--jobs", "many", "x").rc, 2, "-j many is a usage error")


if __name__ == "__main__":
    main(globals())
