#!/usr/bin/env python3
"""bench — galley's throughput, measured against its floor (plain C inserting the same
rows into SQLite) and a peer (pandoc with a trivial Lua filter), in one run on the same
data, reported as ratios because the machines are shared and noisy.

usage: scripts/bench/run.py [--articles N] [--work DIR] [--build DIR]
"""
import argparse
import os
import random
import shutil
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
VOCAB = ("government minister election parliament army militia attack border oil market shares bank "
         "inflation football match goal season film music festival hospital vaccine doctors school "
         "students climate flood storm court judge police president talks agreement refugees city "
         "province council budget taxes workers strike company profits prices energy gas pipeline "
         "ceasefire troops officials report analysts economy growth exports trade sanctions protest "
         "capital region villages water crops harvest drought rain summit leaders security forces "
         "the a of in to and on for with by from at as that said was were has have will would").split()


def article(i, rng):
    words = lambda n: " ".join(rng.choice(VOCAB) for _ in range(n))
    parts = ["World News - Region %d - Example Times" % (i % 50), "",
             (words(rng.randint(5, 10)).capitalize() + " %d" % i), ""]
    for p in range(rng.randint(10, 16)):
        if p and p % 5 == 0:
            parts += [words(3).capitalize(), ""]
        parts += [words(rng.randint(50, 90)).capitalize() + ".", ""]
    parts.append("Last Modified: Friday, %d July 2017 0%d:%02d PM" % (1 + i % 28, 1 + i % 9, i % 60))
    return "\n".join(parts) + "\n"


def html_page(i, rng):
    """A news page as sites serve them: navigation, a cookie notice, the article with a
    byline, figure and subheadings, share bar, related links, comments, footer."""
    words = lambda n: " ".join(rng.choice(VOCAB) for _ in range(n))
    title = words(rng.randint(5, 10)).capitalize() + " %d" % i
    nav = "".join('<li><a href="/section/%d">%s</a></li>' % (k, words(1).capitalize()) for k in range(12))
    body = []
    for p in range(rng.randint(8, 14)):
        if p and p % 4 == 0:
            body.append("<h2>%s</h2>" % words(4).capitalize())
        body.append("<p>%s.</p>" % words(rng.randint(40, 80)).capitalize())
    related = "".join('<li><a href="/news/%d">%s</a></li>' % (rng.randint(1, 99999), words(7).capitalize())
                      for _ in range(8))
    comments = "".join('<div class="comment"><p>%s.</p></div>' % words(rng.randint(10, 30)).capitalize()
                       for _ in range(rng.randint(0, 6)))
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>%s | Example Times</title>"
            "<meta property=\"og:site_name\" content=\"Example Times\">"
            "<meta property=\"article:published_time\" content=\"2017-07-%02dT%02d:%02d:00+03:00\">"
            "<script>var dataLayer = [];</script><style>body{font:16px serif}</style></head><body>"
            "<div class=\"cookie-banner\"><p>We use cookies. By continuing you accept them.</p></div>"
            "<header><a href=\"/\">Example Times</a><nav><ul>%s</ul></nav></header><main><article>"
            "<h1>%s</h1><p class=\"byline\">By <a href=\"/staff/%d\">%s</a></p>"
            "<figure><img src=\"/img/%d.jpg\" alt=\"%s\"><figcaption>%s</figcaption></figure>"
            "<div class=\"article-body\">%s</div><div class=\"share\"><a href=\"#\">Share</a> "
            "<a href=\"#\">Tweet</a></div></article><aside class=\"related\"><h3>Related</h3><ul>%s</ul></aside>"
            "<section id=\"comments\">%s</section></main><footer><p>Copyright 2017 Example Times.</p></footer>"
            "</body></html>\n") % (title, 1 + i % 28, i % 24, i % 60, nav, title, i % 300, words(2).title(), i,
                                     words(5), words(12).capitalize(), "".join(body), related, comments)


def make_html_corpus(folder, n):
    marker = os.path.join(folder, ".complete-%d" % n)
    if os.path.exists(marker):
        return
    shutil.rmtree(folder, ignore_errors=True)
    rng = random.Random(20240503)
    for i in range(n):
        d = os.path.join(folder, "%03d" % (i // 1000))
        if i % 1000 == 0:
            os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "p%06d.html" % i), "w") as f:
            f.write(html_page(i, rng))
    open(marker, "w").close()


def make_corpus(folder, n):
    marker = os.path.join(folder, ".complete-%d" % n)
    if os.path.exists(marker):
        return
    shutil.rmtree(folder, ignore_errors=True)
    rng = random.Random(20171407)
    for i in range(n):
        d = os.path.join(folder, "%03d" % (i // 1000))
        if i % 1000 == 0:
            os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "a%06d.txt" % i), "w") as f:
            f.write(article(i, rng))
    open(marker, "w").close()


def timed(cmd, **kw):
    """Runs cmd under /usr/bin/time; returns (seconds, peak RSS in MB, completed process)."""
    t0 = time.monotonic()
    p = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, capture_output=True, text=True, **kw)
    secs = time.monotonic() - t0
    rss = int(p.stderr.strip().splitlines()[-1]) / 1024
    return secs, rss, p


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=int(os.environ.get("BENCH_N", 100000)))
    ap.add_argument("--work", default=os.environ.get("BENCH_DIR", "/tmp/galley-bench"))
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--pandoc-sample", type=int, default=200)
    ap.add_argument("--html-pages", type=int, default=int(os.environ.get("BENCH_HTML", 10000)))
    a = ap.parse_args()
    galley = os.path.join(a.build, "galley")
    floor = os.path.join(a.build, "bench-floor")
    n = a.articles
    corpus = os.path.join(a.work, "corpus-%d" % n)
    os.makedirs(a.work, exist_ok=True)
    print("bench: %d seed-like text articles in %s (generated once, deterministic)" % (n, corpus), flush=True)
    make_corpus(corpus, n)
    files = sorted(os.path.join(dp, f) for dp, _, fs in os.walk(corpus) for f in fs if f.endswith(".txt"))
    size = sum(os.path.getsize(f) for f in files[:1000]) / min(1000, len(files))
    print("bench: average article %.1f KB" % (size / 1024))
    rows = []

    def db(name):
        path = os.path.join(a.work, name)
        for ext in ("", "-wal", "-shm"):
            if os.path.exists(path + ext):
                os.remove(path + ext)
        return path

    listing = "\n".join(files) + "\n"
    floors = {}
    for fts in (0, 1):
        p = subprocess.run([floor, db("floor.db"), str(fts)], input=listing, capture_output=True, text=True)
        count, secs = p.stdout.split()
        floors[fts] = int(count) / float(secs)
        rows.append(("SQLite floor, %s FTS5 (C, one transaction)" % ("with" if fts else "without"), floors[fts], None))

    runs = {}
    for jobs in (1, 2):
        secs, rss, p = timed([galley, "run", "-q", "-j", str(jobs), "--db", db("j%d.db" % jobs), corpus])
        if p.returncode not in (0, 1):
            sys.exit("galley run failed: " + p.stderr[-500:])
        runs[jobs] = (n / secs, rss)
        rows.append(("galley run -j%d (format/markdown, categorize/keywords)" % jobs, n / secs, rss))
    secs, rss, p = timed([galley, "run", "-q", "-j", "2", "--db", os.path.join(a.work, "j2.db"), corpus])
    rerun = n / secs
    rows.append(("galley run -j2 again, nothing changed", rerun, rss))
    # Every bundled exporter over the same database; the feeds keep their default limit
    # (the 50 newest) but read and date every article to choose them.
    for fmt, out in (("jsonl", "export.jsonl"), ("csv", "export.csv"), ("atom", "export.atom"),
                     ("jsonfeed", "export.json")):
        secs, rss, p = timed([galley, "export", "--db", os.path.join(a.work, "j2.db"), "--format", fmt,
                              "-o", os.path.join(a.work, out)])
        if p.returncode != 0:
            sys.exit("galley export --format %s failed: %s" % (fmt, p.stderr[-500:]))
        rows.append(("galley export --format %s" % fmt, n / secs, rss))
    secs, rss, p = timed([galley, "run", "-q", "-j", "2", "--plugin", "format/markdown", "--db", db("md.db"), corpus])
    rows.append(("galley run -j2, format/markdown only", n / secs, rss))

    pandoc = shutil.which("pandoc")
    peer = None
    if pandoc:
        sample = files[:: max(1, len(files) // a.pandoc_sample)][: a.pandoc_sample]
        lua = os.path.join(a.work, "trivial.lua")
        with open(lua, "w") as f:
            f.write("function Header(h) return h end\n")
        t0 = time.monotonic()
        for f in sample:
            subprocess.run([pandoc, "-f", "markdown", "-t", "commonmark", "--lua-filter", lua, f],
                           capture_output=True, check=True)
        peer = len(sample) / (time.monotonic() - t0)
        rows.append(("pandoc + Lua filter, one process per article (sample of %d)" % len(sample), peer, None))
        t0 = time.monotonic()
        subprocess.run([pandoc, "-f", "markdown", "-t", "commonmark", "--lua-filter", lua] + sample,
                       capture_output=True, check=True)
        rows.append(("pandoc + Lua filter, all in one process", len(sample) / (time.monotonic() - t0), None))
    html = os.path.join(a.work, "html-%d" % a.html_pages)
    print("bench: %d generated HTML pages in %s" % (a.html_pages, html), flush=True)
    make_html_corpus(html, a.html_pages)
    hsize = sum(os.path.getsize(os.path.join(dp, f)) for dp, _, fs in os.walk(html) for f in fs[:50]
                if f.endswith(".html")) / 1024
    html_runs = {}
    for jobs in (1, 2):
        secs, rss, p = timed([galley, "run", "-q", "-j", str(jobs), "--db", db("h%d.db" % jobs), html])
        if p.returncode not in (0, 1):
            sys.exit("galley run (HTML) failed: " + p.stderr[-500:])
        html_runs[jobs] = (a.html_pages / secs, rss)
        rows.append(("HTML pages: galley run -j%d (extraction + both plugins)" % jobs, a.html_pages / secs, rss))
    secs, rss, p = timed([galley, "run", "-q", "-j", "2", "--plugin", "format/markdown", "--db", db("h-md.db"),
                          html])
    rows.append(("HTML pages: galley run -j2, format/markdown only", a.html_pages / secs, rss))

    print()
    print("%-66s %12s %9s" % ("", "articles/s", "peak RSS"))
    for name, rate, rss in rows:
        print("%-66s %12s %9s" % (name, "%.0f" % rate if rate else "skipped", "%.0f MB" % rss if rss else ""))
    print()
    print("ratios (same run, same data):")
    print("  galley -j2 / SQLite floor with FTS5 ........ %.2f   (target >= 0.80)" % (runs[2][0] / floors[1]))
    print("  galley -j1 / SQLite floor with FTS5 ........ %.2f" % (runs[1][0] / floors[1]))
    print("  galley -j2 / -j1 ............................ %.2f   (target >= 1.7 where the store is not the bottleneck)"
          % (runs[2][0] / runs[1][0]))
    print("  rerun / first run (-j2) .................... %.1f    (target >= 10)" % (rerun / runs[2][0]))
    if peer:
        print("  galley -j1 / pandoc per article ............ %.0f    (target >= 100)" % (runs[1][0] / peer))
    print("  peak RSS -j2 ............................... %.0f MB (target < 150 MB)" % runs[2][1])
    print("  HTML pages -j2 / -j1 ....................... %.2f" % (html_runs[2][0] / html_runs[1][0]))
    print("  HTML pages peak RSS -j2 .................... %.0f MB" % html_runs[2][1])
    print("  (extraction alone against libxml2's bare parse: the bench-html figures below)")


if __name__ == "__main__":
    main()
