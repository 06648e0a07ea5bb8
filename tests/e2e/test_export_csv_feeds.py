"""export/csv, export/atom and export/jsonfeed, each read back by the program its users
read it with: Python's csv module and sqlite3's .import for CSV; feedparser (Debian's
python3-feedparser, run with whichever Python has it) and xmllint for Atom; a checker
of the JSON Feed 1.1 rules for JSON Feed (Debian's feedparser 6.0 does not read JSON
Feed); and both feeds through galley's own feed loader. The articles are hostile on purpose: markup, `]]>`, control characters, quotes,
commas and line breaks in titles and bodies, dates in every stored form, and none."""
import csv
import io
import json
import os
import shutil
import subprocess
import sys
from datetime import datetime, timezone

sys.path.insert(0, os.path.dirname(__file__))
from harness import ROOT, Tmp, check, equal, galley, main, skip  # noqa: E402

HOSTILE_TITLE = 'Tom & Jerry <b>say</b> "hi", it\'s ]]> done\x01\x0b\ufffe'
ARTICLES = [
    {"uid": "https://example.com/news/1", "url": "https://example.com/news/1", "title": HOSTILE_TITLE,
     "site_name": "Example Times", "section": "World", "published": "2024-05-03T10:00:00Z",
     "modified": "2024-05-04T19:15:00Z", "lang": "en", "description": "A <summary> & more, \"quoted\"",
     "authors": ["Jane Okafor", "Ali, Hassan"], "tags": ["cartoons", "a;b"],
     "blocks": [{"type": "paragraph", "text": "First <script>alert(1)</script> & ]]> \x02end\uffff"},
                {"type": "heading", "level": 2, "text": "Line\r\nbreaks, \"quotes\""},
                {"type": "list_item", "level": 1, "text": "one"},
                {"type": "list_item", "level": 2, "text": "one.one"},
                {"type": "list_item", "level": 1, "text": "two"},
                {"type": "image", "url": "javascript:alert(1)", "alt": "x\"y", "text": "caption <i>"},
                {"type": "table_row", "text": "a | b"},
                {"type": "code", "text": "if (a < b && c > d) { return \"]]>\"; }"}],
     "categories": [{"scheme": "topic", "label": "culture", "score": 0.9, "plugin": "categorize/keywords"},
                    {"scheme": "place", "label": "US", "score": 0.5, "plugin": "categorize/keywords"}]},
    {"uid": "https://example.com/news/2", "url": "https://example.com/news/2", "title": "Zone-less time",
     "site_name": "Example Times", "published": "2017-07-14T18:24:00", "authors": ["Renée Marchand"],
     "text": "Café prices rose.\n\nSecond paragraph, with a comma.",
     "categories": [{"scheme": "topic", "label": "business", "score": 1}]},
    {"uid": "notes/date-only.txt", "source": "notes/date-only.txt", "title": "Date only", "site_name": "Other",
     "published": "2023-03-12", "text": "عربي نص", "tags": ["ar"],
     "categories": [{"scheme": "topic", "label": "culture", "score": 0.4}]},
    {"uid": "notes/undated.txt", "source": "notes/undated.txt", "title": "No date at all",
     "text": "Nobody knows when.", "renditions": {"html": "<p>Own <em>HTML</em> &amp; rendition</p>"}},
    {"uid": "https://example.com/news/5", "url": "https://example.com/news/5", "title": "Modified only",
     "modified": "2025-02-02T09:00:00Z", "text": "Updated later.", "meta": {"words": 2}},
]
ORDER = ["Modified only", HOSTILE_TITLE, "Date only", "Zone-less time", "No date at all"]  # newest first


def store(tmp):
    """The articles in a database, through the JSON Lines loader, with no plugin run (so
    their categories and renditions stay as given)."""
    src = os.path.join(tmp, "in.jsonl")
    with open(src, "w") as f:
        for a in ARTICLES:
            f.write(json.dumps(a) + "\n")
    conf = os.path.join(tmp, "none.lua")
    with open(conf, "w") as f:
        f.write("return { plugins = {} }\n")
    db = os.path.join(tmp, "galley.db")
    r = galley("run", "-q", "--config", conf, "--db", db, src)
    equal(r.rc, 0, "run (stderr: %s)" % r.err)
    return db


def stored(db):
    """The articles as galley stores them: the ground truth each format is compared with."""
    r = galley("export", "--db", db, "--format", "jsonl")
    equal(r.rc, 0, "jsonl export (stderr: %s)" % r.err)
    return {a["uid"]: a for a in r.jsonl()}


def export(db, plugin, out, tmp, **options):
    args = ["export", "--db", db, "--plugin", plugin, "-o", out]
    if options:
        conf = os.path.join(tmp, "opts.lua")
        with open(conf, "w") as f:
            f.write("return { plugins = { { %s, %s } } }\n" % (
                json.dumps(plugin), ", ".join("%s = %s" % (k, lua(v)) for k, v in options.items())))
        args += ["--config", conf]
    r = galley(*args)
    equal(r.rc, 0, "%s export (stderr: %s)" % (plugin, r.err))
    return r


def lua(v):
    if isinstance(v, str):
        return json.dumps(v)
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (list, tuple)):
        return "{ " + ", ".join(lua(x) for x in v) + " }"
    return str(v)


def xml_clean(s):
    """What XML can hold of s: control characters other than tab and line ends, U+FFFE and
    U+FFFF dropped."""
    return "".join(c for c in s if (c in "\t\n\r" or ord(c) >= 0x20) and c not in "\ufffe\uffff")


def rfc3339(date):
    """A stored date as the feeds write it: UTC, a zone-less time read as UTC."""
    if len(date) == 10:
        date += "T00:00:00"
    if not date.endswith("Z"):
        date += "Z"
    return date


# ---- CSV -----------------------------------------------------------------------------------

def test_csv_reads_back_with_python_csv_and_sqlite_import():
    with Tmp() as tmp:
        db = store(tmp)
        truth = stored(db)
        out = os.path.join(tmp, "a.csv")
        export(db, "export/csv", out, tmp)
        raw = open(out, "rb").read()
        check(raw.endswith(b"\r\n") and raw.count(b"\r\n") >= len(ARTICLES) + 1, "CRLF record ends")
        with open(out, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        equal(len(rows), len(ARTICLES), "one row per article")
        equal(list(rows[0]), ["uid", "url", "title", "authors", "published", "modified", "site_name", "section",
                              "lang", "tags", "categories", "description", "text"], "default columns")
        for row in rows:
            a = truth[row["uid"]]
            for col in ("url", "title", "published", "modified", "site_name", "section", "lang", "description",
                        "text"):
                equal(row[col], a[col] or "", "%s of %s" % (col, a["uid"]))
            equal(row["authors"], "; ".join(a["authors"]), "authors")
            equal(row["tags"], "; ".join(a["tags"]), "tags")
            equal(row["categories"], "; ".join(c["scheme"] + "/" + c["label"] for c in a["categories"]),
                  "categories")
        equal(rows[0]["title"], HOSTILE_TITLE, "quotes, commas, control characters kept")
        check("\r\n" in rows[0]["text"], "a CR LF inside a field survives", rows[0]["text"])

        # sqlite3's own CSV import: the header names the columns, one row per article.
        sdb = os.path.join(tmp, "import.db")
        p = subprocess.run(["sqlite3", sdb, ".import --csv %s articles" % out], capture_output=True, text=True)
        equal(p.returncode, 0, "sqlite3 .import (stderr: %s)" % p.stderr)
        p = subprocess.run(["sqlite3", "-json", sdb, "SELECT uid, title, text, authors FROM articles"],
                           capture_output=True, text=True)
        got = json.loads(p.stdout)
        equal(len(got), len(ARTICLES), "rows imported by sqlite3")
        for row in got:
            a = truth[row["uid"]]
            equal((row["title"], row["text"], row["authors"]), (a["title"], a["text"], "; ".join(a["authors"])),
                  "sqlite3 import of " + a["uid"])


def test_csv_columns_separator_and_errors():
    with Tmp() as tmp:
        db = store(tmp)
        out = os.path.join(tmp, "b.csv")
        export(db, "export/csv", out, tmp, columns=["title", "authors", "meta.words", "rendition.html", "hash"],
               separator=" | ", header=False)
        with open(out, newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
        equal(len(rows), len(ARTICLES), "no header row")
        by_title = {r[0]: r for r in rows}
        equal(by_title[HOSTILE_TITLE][1], "Jane Okafor | Ali, Hassan", "separator")
        equal(by_title["Modified only"][2], "2", "meta.words")
        equal(by_title["No date at all"][3], "<p>Own <em>HTML</em> &amp; rendition</p>", "rendition.html")
        check(all(len(r[4]) == 16 for r in rows), "hash column")
        conf = os.path.join(tmp, "bad.lua")
        with open(conf, "w") as f:
            f.write('return { plugins = { { "export/csv", columns = { "title", "rating" } } } }\n')
        r = galley("export", "--db", db, "--config", conf, "--plugin", "export/csv", "-o", out)
        check(r.rc != 0 and "unknown column 'rating'" in r.err, "an unknown column is an error", r.rc, r.err)


# ---- Atom ----------------------------------------------------------------------------------

FEEDPARSE = r"""
import json, sys, time, feedparser
d = feedparser.parse(sys.argv[1])
ts = lambda t: time.strftime("%Y-%m-%dT%H:%M:%SZ", t) if t else None
print(json.dumps({
    "bozo": d.bozo, "error": str(d.get("bozo_exception", "")), "version": d.version,
    "feed": {"title": d.feed.get("title"), "id": d.feed.get("id"), "link": d.feed.get("link"),
             "updated": ts(d.feed.get("updated_parsed")), "links": d.feed.get("links", [])},
    "entries": [{"title": e.get("title"), "link": e.get("link"), "id": e.get("id"),
                 "published": ts(e.get("published_parsed")), "updated": ts(e.get("updated_parsed")),
                 "authors": [a.get("name") for a in e.get("authors", [])],
                 "tags": [[t.get("scheme"), t.get("term")] for t in e.get("tags", [])],
                 "summary": e.get("summary"), "lang": e.get("title_detail", {}).get("language"),
                 "content": [c.value for c in e.get("content", [])]} for e in d.entries],
}))
"""


def feedparser_python():
    for py in (sys.executable, "/usr/bin/python3"):
        if os.path.exists(py) and subprocess.run([py, "-c", "import feedparser"], capture_output=True).returncode == 0:
            return py
    skip("feedparser is not installed (Debian python3-feedparser; scripts/install-deps installs it)")


def feedparse(path):
    p = subprocess.run([feedparser_python(), "-c", FEEDPARSE, path], capture_output=True, text=True)
    equal(p.returncode, 0, "feedparser (stderr: %s)" % p.stderr)
    return json.loads(p.stdout)


def xmllint(path):
    if not shutil.which("xmllint"):
        skip("xmllint is not installed (Debian libxml2-utils)")
    p = subprocess.run(["xmllint", "--noout", path], capture_output=True, text=True)
    equal(p.returncode, 0, "xmllint --noout %s: %s" % (path, p.stderr))


def test_atom_is_well_formed_and_feedparser_reads_every_field():
    with Tmp() as tmp:
        db = store(tmp)
        truth = stored(db)
        out = os.path.join(tmp, "feed.atom")
        export(db, "export/atom", out, tmp, title="News & <Views>", link="https://example.com/",
               id="https://example.com/feed", self="https://example.com/feed.atom")
        xmllint(out)
        d = feedparse(out)
        equal((d["bozo"], d["error"]), (0, ""), "feedparser bozo")
        equal(d["version"], "atom10", "feed version")
        equal(d["feed"]["title"], "News & <Views>", "feed title")
        equal(d["feed"]["id"], "https://example.com/feed", "feed id")
        equal(d["feed"]["link"], "https://example.com/", "feed link")
        check({"rel": "self", "href": "https://example.com/feed.atom"} in
              [{k: ln.get(k) for k in ("rel", "href")} for ln in d["feed"]["links"]], "self link", d["feed"])
        equal(d["feed"]["updated"], "2025-02-02T09:00:00Z", "feed updated: the newest date")
        equal([e["title"] for e in d["entries"]], [xml_clean(t) for t in ORDER], "titles, newest first")
        by_title = {a["title"]: a for a in truth.values()}
        for e, title in zip(d["entries"], ORDER):
            a = by_title[title]
            check(e["id"], "entry id", e)
            equal(e["link"], a["url"], "link of " + title) if a["url"] else None
            equal(e["published"], a["published"] and rfc3339(a["published"]), "published of " + title)
            if a["modified"] or a["published"]:
                equal(e["updated"], rfc3339(a["modified"] or a["published"]), "updated of " + title)
            else:  # no date at all: the feed's updated date, documented
                equal(e["updated"], d["feed"]["updated"], "updated of the undated entry")
            equal(e["authors"], a["authors"], "authors of " + title) if a["authors"] else None
            tags = [[None, t] for t in a["tags"]] + [[c["scheme"], c["label"]] for c in a["categories"]]
            equal(e["tags"], tags, "tags and categories of " + title)
        ids = [e["id"] for e in d["entries"]]
        equal(len(set(ids)), len(ids), "ids are unique")
        equal(ids[1], "https://example.com/news/1", "a URL uid is the id")
        check(ids[2].startswith("tag:") and "notes/date-only.txt" in ids[2], "a path uid is a tag: URI", ids[2])
        first = d["entries"][1]
        equal(first["summary"], truth["https://example.com/news/1"]["description"], "summary: the description")
        html = first["content"][0]
        check("First" in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; ]]&gt;" in html,
              "markup in the body stays text", html)
        check("javascript:" not in html and "<ul><li>one\n<ul><li>one.one" in html and "<h2>" in html
              and "<figcaption>caption &lt;i&gt;</figcaption>" in html, "rendered HTML", html)
        check("return &quot;]]&gt;&quot;" in html or 'return "]]&gt;"' in html, "code block kept", html)
        check("<em>HTML</em>" in d["entries"][4]["content"][0], "the html rendition is the content",
              d["entries"][4]["content"])
        equal(d["entries"][1]["lang"], "en", "xml:lang")

        # Stable: the same database gives the same bytes.
        again = os.path.join(tmp, "again.atom")
        export(db, "export/atom", again, tmp, title="News & <Views>", link="https://example.com/",
               id="https://example.com/feed", self="https://example.com/feed.atom")
        equal(open(again, "rb").read(), open(out, "rb").read(), "a second export")


def test_atom_limit_summary_and_per_category_feeds():
    with Tmp() as tmp:
        db = store(tmp)
        out = os.path.join(tmp, "top.atom")
        export(db, "export/atom", out, tmp, limit=2, content="summary")
        d = feedparse(out)
        equal(d["bozo"], 0, "bozo")
        equal([e["title"] for e in d["entries"]], [xml_clean(t) for t in ORDER[:2]], "the 2 newest")
        equal(d["entries"][0]["content"], [], "summary mode: no content when there is a link")
        equal(d["entries"][0]["summary"], "Updated later.", "summary mode: the lead without a description")

        export(db, "export/atom", out, tmp, limit=0, content="summary")
        d = feedparse(out)
        equal(len(d["entries"]), len(ARTICLES), "limit 0: every article")
        equal(d["entries"][4]["content"], ["<p>Nobody knows when.</p>"],
              "summary mode: an entry without a link keeps its content (Atom requires one of them)")

        folder = os.path.join(tmp, "feeds")
        export(db, "export/atom", folder, tmp, per="category")
        files = sorted(os.listdir(folder))
        equal(files, ["place-us.atom", "topic-business.atom", "topic-culture.atom"], "one feed per category")
        for name in files:
            xmllint(os.path.join(folder, name))
        d = feedparse(os.path.join(folder, "topic-culture.atom"))
        equal(d["bozo"], 0, "bozo")
        equal([e["title"] for e in d["entries"]], [xml_clean(HOSTILE_TITLE), "Date only"], "culture entries")
        check(d["feed"]["title"].endswith(": culture"), "category feed title", d["feed"]["title"])

        r = galley("export", "--db", db, "--plugin", "export/atom", "--config",
                   write_conf(tmp, 'return { plugins = { { "export/atom", per = "site" } } }'))
        check(r.rc != 0 and "option per" in r.err, "a bad option value is an error", r.err)


def write_conf(tmp, text):
    path = os.path.join(tmp, "conf.lua")
    with open(path, "w") as f:
        f.write(text + "\n")
    return path


# ---- JSON Feed -----------------------------------------------------------------------------

def check_jsonfeed(doc):
    """The rules of JSON Feed 1.1 a reader relies on."""
    equal(doc.get("version"), "https://jsonfeed.org/version/1.1", "version")
    check(isinstance(doc.get("title"), str) and doc["title"], "title is a non-empty string")
    check(isinstance(doc.get("items"), list), "items is an array")
    for it in doc["items"]:
        check(isinstance(it.get("id"), str) and it["id"], "item id is a string", it)
        check(isinstance(it.get("content_html"), str) or isinstance(it.get("content_text"), str),
              "item has content_html or content_text", it)
        for key in ("date_published", "date_modified"):
            if key in it:
                datetime.fromisoformat(it[key].replace("Z", "+00:00")).astimezone(timezone.utc)
        for a in it.get("authors", []):
            check(isinstance(a, dict) and isinstance(a.get("name"), str), "author objects", it)
        check(all(isinstance(t, str) for t in it.get("tags", [])), "tags are strings", it)
        for key in ("url", "title", "summary", "image", "language"):
            check(key not in it or isinstance(it[key], str), key + " is a string", it)


def test_jsonfeed_follows_the_spec_and_keeps_every_field():
    with Tmp() as tmp:
        db = store(tmp)
        truth = stored(db)
        out = os.path.join(tmp, "feed.json")
        export(db, "export/jsonfeed", out, tmp, title="News", link="https://example.com/",
               self="https://example.com/feed.json", author="The desk")
        doc = json.load(open(out, encoding="utf-8"))
        check_jsonfeed(doc)
        equal((doc["title"], doc["home_page_url"], doc["feed_url"], doc["authors"]),
              ("News", "https://example.com/", "https://example.com/feed.json", [{"name": "The desk"}]), "head")
        equal([it.get("title") for it in doc["items"]], ORDER, "titles (exact: JSON holds any character)")
        by_title = {a["title"]: a for a in truth.values()}
        for it in doc["items"]:
            a = by_title[it["title"]]
            equal(it.get("url"), a["url"], "url")
            equal(it.get("date_published"), a["published"] and rfc3339(a["published"]), "date_published")
            equal(it.get("date_modified"), (a["modified"] or a["published"]) and
                  rfc3339(a["modified"] or a["published"]), "date_modified (none when undated)")
            equal([x["name"] for x in it.get("authors", [])], a["authors"], "authors")
            equal(it.get("tags", []), a["tags"] + [c["scheme"] + "/" + c["label"] for c in a["categories"]], "tags")
        html = doc["items"][1]["content_html"]
        check("&lt;script&gt;" in html and "<script>" not in html and "javascript:" not in html, "escaped", html)

        folder = os.path.join(tmp, "feeds")
        export(db, "export/jsonfeed", folder, tmp, per="category", content="summary", limit=1)
        equal(sorted(os.listdir(folder)), ["place-us.json", "topic-business.json", "topic-culture.json"], "files")
        doc = json.load(open(os.path.join(folder, "topic-culture.json"), encoding="utf-8"))
        check_jsonfeed(doc)
        equal([it["title"] for it in doc["items"]], [HOSTILE_TITLE], "limit 1, newest")
        equal(doc["items"][0]["content_text"], doc["items"][0]["summary"], "summary mode")


# ---- galley's own feed loader ---------------------------------------------------------------

def test_feeds_load_back_through_galleys_feed_loader():
    """Both feeds through `galley extract` (the feed loader): the same titles, links,
    dates, authors and tags. Skips, saying so, where galley has no feed loader."""
    with Tmp() as tmp:
        db = store(tmp)
        truth = {a["title"]: a for a in stored(db).values()}
        for plugin, name in (("export/atom", "feed.xml"), ("export/jsonfeed", "feed.json")):
            out = os.path.join(tmp, name)
            export(db, plugin, out, tmp)
            r = galley("extract", "--format", "jsonl", out)
            if r.rc != 0 or not r.jsonl():
                skip("galley extract cannot load %s feeds (no feed loader): %s" % (name, r.err.strip()[:120]))
            got = {a["title"]: a for a in r.jsonl()}
            clean = xml_clean if plugin == "export/atom" else (lambda t: t)
            equal(sorted(got), sorted(clean(t) for t in ORDER), plugin + ": titles")
            for title, a in truth.items():
                g = got[clean(title)]
                equal(g.get("url"), a["url"], "%s: url of %s" % (plugin, title))
                equal(g.get("published"), a["published"] and rfc3339(a["published"]),
                      "%s: published of %s" % (plugin, title))
                if a["modified"]:
                    equal(g.get("modified"), rfc3339(a["modified"]), "%s: modified of %s" % (plugin, title))
                equal(g.get("authors"), a["authors"], "%s: authors of %s" % (plugin, title))
                cats = [c["scheme"] + "/" + c["label"] for c in a["categories"]]
                check(set(a["tags"]) <= set(g.get("tags", [])), "%s: tags of %s" % (plugin, title), g.get("tags"))
                if plugin == "export/jsonfeed":
                    equal(g.get("tags"), a["tags"] + cats, "%s: tags and categories of %s" % (plugin, title))


if __name__ == "__main__":
    main(globals())
