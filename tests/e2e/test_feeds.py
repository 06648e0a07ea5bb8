"""Feeds through the CLI: `galley run` over fixtures/feed stores every item of every feed
(feed title as site name, guid/id as uid, ISO 8601 dates, authors, tags) while the
hostile fixtures (XXE, entity bombs) fail alone, naming the file and leaking nothing;
`galley extract` prints the items; and scripts/eval-feeds keeps its pass rate over
feedparser's test feeds (skipped, visibly, when ../shared/corpus is absent)."""
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from harness import GALLEY, ROOT, SHARED, Tmp, check, db_rows, equal, galley, main, skip  # noqa: E402

FIXTURES = os.path.join(ROOT, "fixtures", "feed")
HOSTILE = ["billion-laughs.xml", "quadratic-blowup.rss", "xxe-file.rss", "xxe-http.rss", "xxe-parameter.atom"]
FEEDPARSER = os.path.join(SHARED, "corpus", "feedparser", "tests")
ISO = re.compile(r"^\d{4}-\d\d-\d\d(T\d\d:\d\d:\d\dZ?)?$")

# (fixture, uid, site_name) of every item the good fixtures hold
ITEMS = [
    ("atom-xhtml-base.atom", "tag:blog.example.com,2024:warp-and-weft", "Loom & Shuttle"),
    ("cp1252.rss", "http://cafe.example.com/creme-brulee", "Café Chronicle"),
    ("illformed-recovered.rss", "http://news.example.com/power-cut?id=7&ref=rss", "Night Desk & Co"),
    ("illformed-recovered.rss", "night-desk-2", "Night Desk & Co"),
    ("jsonfeed-1.1.json", "tt-2024-18", "Tide Tables Weekly"),
    ("jsonfeed-1.1.json", "tt-2024-19", "Tide Tables Weekly"),
    ("rss1.rdf", "https://notes.example.net/2023/lapwings", "Field Notes"),
    ("rss2-content-encoded.rss", "gazette-2024-0311", "Harbour Gazette"),
    ("rss2-content-encoded.rss", "https://gazette.example.org/?p=812", "Harbour Gazette"),
]


def passwd_lines():
    try:
        with open("/etc/passwd") as f:
            return [line.strip() for line in f if line.strip()][:3]
    except OSError:
        return ["root:x:0:0"]


def test_run_stores_every_item():
    with Tmp() as tmp:
        db = os.path.join(tmp, "g.db")
        r = galley("run", "--db", db, FIXTURES)
        equal(r.rc, 1, "exit status: the hostile feeds failed, the rest was stored (" + r.err[-300:] + ")")
        rows = db_rows(db, "SELECT source, uid, site_name, format, published, modified, authors, tags, title, "
                           "description, blocks, meta, text FROM articles ORDER BY source, uid")
        got = [(os.path.basename(s), uid, site) for s, uid, site, *_ in rows]
        equal(got, ITEMS, "every item of every good feed, with its feed's title as site name")
        for source, uid, _, fmt, published, modified, *_ in rows:
            equal(fmt, "feed", "format of " + uid)
            check(published is None or ISO.match(published), "published is ISO 8601", uid, published)
            check(modified is None or ISO.match(modified), "modified is ISO 8601", uid, modified)
        by_uid = {row[1]: row for row in rows}
        ferry = by_uid["gazette-2024-0311"]
        equal(ferry[4], "2024-03-11T13:30:00Z", "RFC 822 date with a named zone (08:30 EST)")
        equal(json.loads(ferry[6]), ["Ada Quayle"], "dc:creator")
        equal(json.loads(ferry[7]), ["Transport", "Harbour"], "categories")
        equal(json.loads(by_uid["https://gazette.example.org/?p=812"][6]), ["Ben Marsh"],
              "RSS author 'mail (Name)' gives the name")
        warp = by_uid["tag:blog.example.com,2024:warp-and-weft"]
        equal((warp[4], warp[5]), ("2024-05-01T07:00:00Z", "2024-05-02T12:30:00Z"), "Atom published, updated")
        equal(json.loads(warp[6]), ["Mira Holt", "Sam Reed"], "Atom authors (names)")
        equal(json.loads(warp[7]), ["weaving", "basics"], "Atom category terms")
        image = [b for b in json.loads(warp[10]) if b["type"] == "image"]
        equal(image[0]["url"], "https://blog.example.com/posts/2024/images/loom.png", "xml:base resolves images")
        equal(by_uid["tt-2024-19"][4], "2024-05-09T22:00:00Z", "JSON Feed date_published, to UTC")
        equal(by_uid["http://cafe.example.com/creme-brulee"][8], "“Crème brûlée” returns – at € 4",
              "windows-1252 feed read as declared")
        equal(json.loads(by_uid["night-desk-2"][11]).get("feed_wellformed"), "false", "recovered feed says so")
        # the hostile feeds: one error each, naming the file; nothing of them stored
        for name in HOSTILE:
            check(re.search(re.escape(name) + r": refused as unsafe XML: ", r.err), "error names " + name, r.err)
        equal(db_rows(db, "SELECT count(*) FROM articles WHERE " + " OR ".join(
            "source LIKE ?" for _ in HOSTILE), *["%" + h for h in HOSTILE])[0][0], 0, "no hostile item stored")
        everything = "\n".join(str(v) for row in rows for v in row) + r.out + r.err
        for line in passwd_lines():
            check(line not in everything, "/etc/passwd must never be read into an article or message", line)


def test_hostile_fail_fast_and_alone():
    for name in HOSTILE:
        good = os.path.join(FIXTURES, "rss1.rdf")
        r = galley("extract", "--format", "jsonl", os.path.join(FIXTURES, name), good)
        equal(r.rc, 1, name + ": exit status")
        items = r.jsonl()
        equal([a["title"] for a in items], ["Lapwings back on the polder"], name + ": the good feed beside it loads")
        check(name in r.err and "refused as unsafe XML" in r.err, name + ": clear error", r.err)
        for line in passwd_lines():
            check(line not in r.out + r.err, name + ": /etc/passwd leaked", line)


def test_extract_prints_items():
    r = galley("extract", "--format", "jsonl", os.path.join(FIXTURES, "rss2-content-encoded.rss"))
    equal(r.rc, 0, "exit status (" + r.err + ")")
    items = r.jsonl()
    equal([a["title"] for a in items], ["Ferry timetable changes from Monday", "Harbour wall repairs finished"],
          "one article per item, in order")
    first = items[0]
    equal(first["url"], "https://gazette.example.org/2024/03/ferry-timetable", "link")
    equal(first["image"], "https://gazette.example.org/images/ferry.jpg", "enclosure resolved against the channel")
    equal(first["meta"]["feed_url"], "https://gazette.example.org/feed.rss", "feed URL from atom:link rel=self")
    equal([b["type"] for b in first["blocks"]], ["heading", "paragraph", "list_item", "list_item"],
          "content:encoded through the HTML body walk")
    equal(first["description"], "The morning ferry leaves earlier.", "description beside content:encoded")
    # .xml is sniffed: a feed saved under a neutral name is still a feed
    with Tmp() as tmp:
        path = os.path.join(tmp, "saved.xml")
        with open(os.path.join(FIXTURES, "rss1.rdf"), "rb") as src, open(path, "wb") as dst:
            dst.write(src.read())
        a = galley("extract", "--format", "jsonl", path).jsonl()
        equal([x["format"] for x in a], ["feed"], "a feed in .xml")


def test_eval_feeds_rate():
    if not os.path.isdir(FEEDPARSER):
        skip("../shared/corpus/feedparser is absent: the feed evaluation cannot run")
    build = os.path.dirname(GALLEY)
    p = subprocess.run([os.path.join(ROOT, "scripts", "eval-feeds"), "--build", build, "--show-failures", "0",
                        "--min", "0.9"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    m = re.search(r"passed (\d+) of (\d+) \(([\d.]+)%\)", p.stdout)
    check(m, "eval-feeds prints its figure", p.stdout[-500:], p.stderr[-500:])
    passed, total = int(m.group(1)), int(m.group(2))
    print("# eval-feeds: passed %d of %d (%.1f%%)" % (passed, total, 100.0 * passed / total))
    check(total >= 200, "the subset holds its cases", total)
    check(passed / total >= 0.9, "at least 90% of feedparser's subset", m.group(0))
    equal(p.returncode, 0, "eval-feeds --min 0.9 exit status")


if __name__ == "__main__":
    main(globals())
