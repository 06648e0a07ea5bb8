"""harness.py — a small runner for the end-to-end tests: each test_* function runs the
built CLI against real files and a real SQLite database. Prints `ok`/`not ok` lines and
ends with "N passed, N failed"."""
import json
import os
import shlex
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import traceback

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
GALLEY = os.environ.get("GALLEY_BIN", os.path.join(ROOT, "build", "galley"))
WRAPPER = shlex.split(os.environ.get("GALLEY_WRAPPER", ""))
SHARED = os.path.abspath(os.path.join(ROOT, "..", "shared"))
SEED = os.path.join(ROOT, "fixtures", "text", "baghdadpost-imis.txt")


class Result:
    def __init__(self, proc):
        self.rc = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr

    def json(self):
        return json.loads(self.out)

    def jsonl(self):
        return [json.loads(line) for line in self.out.splitlines() if line.strip()]


def galley(*args, cwd=None, stdin=None, env=None):
    """Runs the built galley with args; returns a Result."""
    full_env = dict(os.environ)
    full_env.pop("GALLEY_PLUGIN_PATH", None)
    if env:
        full_env.update(env)
    proc = subprocess.run(WRAPPER + [GALLEY, *args], cwd=cwd or ROOT, input=stdin,
                          capture_output=True, text=True, env=full_env, timeout=300)
    return Result(proc)


def db_rows(path, sql, *params):
    con = sqlite3.connect(path)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


class Tmp:
    """A temporary folder, removed after the test."""

    def __enter__(self):
        self.path = tempfile.mkdtemp(prefix="galley-e2e-")
        return self.path

    def __exit__(self, *exc):
        shutil.rmtree(self.path, ignore_errors=True)


def check(cond, what, *detail):
    if not cond:
        raise AssertionError(what + ("".join("\n    " + str(d) for d in detail)))


def equal(got, expected, what):
    if got != expected:
        raise AssertionError(f"{what}: expected {expected!r}, got {got!r}")


def skip(reason):
    raise SkipTest(reason)


class SkipTest(Exception):
    pass


def main(namespace):
    tests = [(n, f) for n, f in namespace.items() if n.startswith("test_") and callable(f)]
    passed = failed = skipped = 0
    for i, (name, fn) in enumerate(tests, 1):
        try:
            fn()
        except SkipTest as e:
            skipped += 1
            print(f"ok {i} - {name} # SKIP {e}")
            continue
        except Exception:  # a failed check or a crash in the test itself
            failed += 1
            print(f"not ok {i} - {name}")
            for line in traceback.format_exc().rstrip().splitlines():
                print("    " + line)
            continue
        passed += 1
        print(f"ok {i} - {name}")
    print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
    sys.exit(1 if failed else 0)
