"""test_export_markdown_tree.py — export/markdown-tree read by real Hugo: the site builds
with no error and every article is a page with its title and date; the front matter is
YAML that survives hostile text; slugs are stable and unique."""
import glob
import html.parser
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from harness import Tmp, check, equal, galley, main, skip  # noqa: E402
from export_fixtures import articles, make_db  # noqa: E402

HUGO_CONFIG = """baseURL = "http://example.org/"
title = "galley export"
disableKinds = ["RSS", "sitemap", "robotsTXT", "404"]
[taxonomies]
  category = "categories"
  tag = "tags"
  place = "places"
"""

SINGLE = """<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body>
<h1 class="page-title">{{ .Title }}</h1>
<time class="page-date">{{ .Date.UTC.Format "2006-01-02T15:04:05" }}</time>
{{ .Content }}</body></html>
"""
LIST = """<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></body></html>
"""


class PageReader(html.parser.HTMLParser):
    """The text of the h1.page-title and time.page-date of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.title = self.date = None
        self._in = None

    def handle_starttag(self, tag, attrs):
        cls = dict(attrs).get("class")
        if cls in ("page-title", "page-date"):
            self._in = cls
            setattr(self, "title" if cls == "page-title" else "date", "")

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in == "page-title":
            self.title += data
        elif self._in == "page-date":
            self.date += data


def expected_date(a):
    """The article's date as the Hugo layout prints it (UTC; a date alone is midnight)."""
    d = a.get("published") or a.get("modified")
    if not d:
        return "0001-01-01T00:00:00"
    if d == "2021-06-30T23:30:00-02:00":
        return "2021-07-01T01:30:00"  # the layout prints UTC
    d = d.rstrip("Z")
    return d if "T" in d else d + "T00:00:00"


def export_tree(tmp):
    db = make_db(tmp)
    out = os.path.join(tmp, "out")
    r = galley("export", "--db", db, "--plugin", "export/markdown-tree", "-o", out)
    check(r.rc == 0, "export/markdown-tree", r.err)
    return db, out


def test_layout_and_front_matter():
    with Tmp() as tmp:
        _, out = export_tree(tmp)
        files = sorted(os.path.relpath(p, out) for p in glob.glob(os.path.join(out, "content", "**", "*.md"),
                                                                  recursive=True))
        equal(len(files), len(articles()), "one file per article")
        check("content/world/2021/article-number-1.md" in files, "content/<section>/<yyyy>/<slug>.md", files)
        check("content/articles/undated/no-date-no-section.md" in files, "fallbacks: articles/undated", files)
        same = [f for f in files if f.startswith("content/world/2021/same-title-twice")]
        equal(len(same), 2, "two articles with one title: two files")
        check(any(f == "content/world/2021/same-title-twice.md" for f in same)
              and any(len(f) == len("content/world/2021/same-title-twice-12345678.md") for f in same),
              "the first keeps the slug, the other gets a hash suffix", same)
        text = open(os.path.join(out, "content/world/2021/article-number-1.md"), encoding="utf-8").read()
        check(text.startswith('---\ntitle: "Article number 1"\ndate: "2021-03-02T01:15:00Z"\n'), "front matter", text)
        for key in ("authors:", "tags:", 'source_url: "https://example.org/news/1"'):
            check(key in text, f"front matter has {key}", text)
        check(not text.split("---\n", 2)[2].lstrip().startswith("# "), "no title heading in the body", text)
        # The same export again gives the same paths and bytes.
        before = {f: open(os.path.join(out, f), "rb").read() for f in files}
        r = galley("export", "--db", os.path.join(tmp, "g.db"), "--plugin", "export/markdown-tree", "-o", out)
        check(r.rc == 0, "second export", r.err)
        after = {f: open(os.path.join(out, f), "rb").read() for f in files}
        check(before == after, "slugs and files are stable across exports")


def test_front_matter_is_yaml():
    try:
        import yaml  # Debian python3-yaml
    except ImportError:
        skip("python3-yaml is not installed: the YAML check is Hugo's alone")
    with Tmp() as tmp:
        _, out = export_tree(tmp)
        by_uid = {a["uid"]: a for a in articles()}
        for path in glob.glob(os.path.join(out, "content", "**", "*.md"), recursive=True):
            text = open(path, encoding="utf-8").read()
            fm = yaml.safe_load(text.split("---\n", 2)[1])
            a = by_uid[fm["uid"]]
            equal(fm["title"], a["title"], f"{path}: title read back")
            equal(fm.get("tags", []), a.get("tags", []), f"{path}: tags read back")
            equal(fm.get("authors", []), a.get("authors", []), f"{path}: authors read back")
            if a.get("description"):
                equal(fm["description"], a["description"], f"{path}: description read back")


def test_hugo_builds_every_article():
    hugo = shutil.which("hugo")
    if not hugo:
        skip("hugo is not installed (scripts/install-deps installs it): the Hugo build is not checked")
    with Tmp() as tmp:
        _, out = export_tree(tmp)
        site = os.path.join(tmp, "site")
        os.makedirs(os.path.join(site, "layouts", "_default"))
        with open(os.path.join(site, "config.toml"), "w") as f:
            f.write(HUGO_CONFIG)
        for name, text in (("single.html", SINGLE), ("list.html", LIST)):
            with open(os.path.join(site, "layouts", "_default", name), "w") as f:
                f.write(text)
        with open(os.path.join(site, "layouts", "index.html"), "w") as f:
            f.write(LIST)
        shutil.copytree(os.path.join(out, "content"), os.path.join(site, "content"))
        p = subprocess.run([hugo, "--quiet", "-s", site], capture_output=True, text=True, timeout=120)
        check(p.returncode == 0 and "ERROR" not in p.stderr, "hugo builds the exported tree", p.stdout, p.stderr)
        pages = {}
        for path in glob.glob(os.path.join(site, "public", "**", "index.html"), recursive=True):
            reader = PageReader()
            reader.feed(open(path, encoding="utf-8").read())
            if reader.title is not None and reader.date is not None:
                pages.setdefault(reader.title, []).append(reader.date)
        want = {}
        for a in articles():
            want.setdefault(a["title"], []).append(expected_date(a))
        equal(sum(len(v) for v in pages.values()), len(articles()), "one Hugo page per article")
        for title, dates in want.items():
            equal(sorted(pages.get(title, [])), sorted(dates), f"Hugo page(s) titled {title!r} and their dates")


if __name__ == "__main__":
    main(globals())
