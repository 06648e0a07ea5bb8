"""`make install` into a fresh prefix: the installed galley finds its plugins from the
prefix, and a program written from docs/embedding.md builds with pkg-config and runs."""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from harness import ROOT, SEED, Tmp, check, equal, main, skip  # noqa: E402


def sh(cmd, cwd=None, env=None):
    full_env = dict(os.environ)
    full_env.pop("GALLEY_PLUGIN_PATH", None)
    # A plain build, whatever make (check-asan, check-valgrind) this test runs under.
    for var in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES"):
        full_env.pop(var, None)
    full_env.update(env or {})
    return subprocess.run(cmd, cwd=cwd, env=full_env, capture_output=True, text=True, timeout=600)


def test_make_install_and_pkg_config():
    if os.environ.get("GALLEY_WRAPPER"):
        skip("not under valgrind: this test rebuilds the project")
    with Tmp() as tmp:
        prefix = os.path.join(tmp, "prefix")
        build = os.path.join(tmp, "build")
        r = sh(["make", "-s", "-j2", f"BUILD={build}", f"PREFIX={prefix}", "OPT=-O0", "SANITIZE=", "install"], cwd=ROOT)
        equal(r.returncode, 0, "make install: " + r.stderr[-2000:])
        for f in ["bin/galley", "lib/libgalley.a", "lib/libgalley.so", "include/galley.h",
                  "lib/pkgconfig/galley.pc", "share/galley/plugins/format/markdown.lua",
                  "share/galley/plugins/categorize/keywords.lua", "share/galley/plugins/export/jsonl.lua"]:
            check(os.path.exists(os.path.join(prefix, f)), f"installed {f}")
        # Run from a folder without ./plugins: plugins come from the prefix.
        work = os.path.join(tmp, "work")
        os.makedirs(work)
        r = sh([os.path.join(prefix, "bin", "galley"), "run", "--db", "x.db", "--summary", "json", SEED], cwd=work)
        equal(r.returncode, 0, "installed galley run: " + r.stderr)
        r = sh([os.path.join(prefix, "bin", "galley"), "export", "--db", "x.db", "--format", "jsonl"], cwd=work)
        equal(r.returncode, 0, "installed galley export: " + r.stderr)
        check('"Baghdadpost"' in r.stdout, "export through the installed plugin", r.stdout[:200])
        # The first C example of docs/embedding.md, built with pkg-config.
        with open(os.path.join(ROOT, "docs", "embedding.md")) as f:
            example = re.search(r"```c\n(.*?)```", f.read(), re.S).group(1)
        src = os.path.join(tmp, "app.c")
        with open(src, "w") as f:
            f.write(example)
        pc_env = {"PKG_CONFIG_PATH": os.path.join(prefix, "lib", "pkgconfig")}
        for static in (False, True):
            flags = sh(["pkg-config", "--cflags", "--libs"] + (["--static"] if static else []) + ["galley"], env=pc_env)
            equal(flags.returncode, 0, "pkg-config galley: " + flags.stderr)
            exe = os.path.join(tmp, "app-static" if static else "app")
            libs = flags.stdout.split()
            if static:  # link the archive, not the shared object
                libs = [x for x in libs if x != "-lgalley"]
                libs = [os.path.join(prefix, "lib", "libgalley.a")] + libs
            r = sh(["cc", "-std=c11", "-Wall", "-Werror", "-o", exe, src] + libs)
            equal(r.returncode, 0, "compile the embedding example: " + r.stderr)
            env = {"LD_LIBRARY_PATH": os.path.join(prefix, "lib")}
            r = sh([exe, SEED], env=env)
            equal(r.returncode, 0, "run the example: " + r.stderr)
            check(r.stdout.startswith("Iran-backed IMIS can be another ISIS in disguise\n"), "example output", r.stdout)
            check("  h2 Genocide against Sunnis" in r.stdout, "example lists headings", r.stdout)


if __name__ == "__main__":
    main(globals())
