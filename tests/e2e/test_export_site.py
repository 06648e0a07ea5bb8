"""test_export_site.py — export/site in a real browser: headless Chromium opens the index
from file://, follows a link to an article and to a category page, runs a search; a
screenshot of each (and of an article at phone width) is kept in
build/test-artifacts/site/ for a person to look at. Every page is checked for
well-formed HTML5 with no external resources, and hostile titles and bodies must not
run: their payloads would mark the page (data-pwned)."""
import glob
import html.parser
import os
import shutil
import subprocess
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(__file__))
from harness import ROOT, Tmp, check, equal, galley, main, skip  # noqa: E402
from export_fixtures import HOSTILE_TITLE, articles, make_db  # noqa: E402

ARTIFACTS = os.path.join(ROOT, "build", "test-artifacts", "site")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
PER_PAGE = 8


class Page(html.parser.HTMLParser):
    """A strict reading of one page: end tags must close the open element (no implied
    ends), and what the tests look at is collected: links, h1, scripts, lists by id."""

    def __init__(self, name):
        super().__init__(convert_charrefs=True)
        self.name, self.stack, self.errors = name, [], []
        self.doctype = False
        self.links, self.scripts, self.resources = [], [], []
        self.h1 = None
        self.root_attrs = {}
        self.results = []  # (href, text) of #results li > a
        self._text_into = None

    def handle_decl(self, decl):
        self.doctype = self.doctype or decl.lower() == "doctype html"

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.root_attrs = a
        if tag == "script":
            self.scripts.append(a.get("src"))
        for key in ("src",) if tag != "a" else ():
            if a.get(key):
                self.resources.append(a[key])
        if tag == "link" and a.get("href"):
            self.resources.append(a["href"])
        if tag == "a" and a.get("href"):
            self.links.append([a["href"], ""])
            self._text_into = self.links[-1]
        if tag == "h1":
            self.h1 = ""
        if tag not in VOID:
            self.stack.append((tag, a))

    def handle_startendtag(self, tag, attrs):
        if tag not in VOID:
            self.errors.append(f"self-closing <{tag}/>")
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID:
            self.errors.append(f"end tag of void element </{tag}>")
            return
        if not self.stack or self.stack[-1][0] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1][0] if self.stack else 'nothing'}")
            return
        if tag == "a" and self._text_into is not None:
            if any(t == "ol" and at.get("id") == "results" for t, at in self.stack):
                self.results.append(tuple(self._text_into))
            self._text_into = None
        self.stack.pop()

    def handle_data(self, data):
        if self._text_into is not None:
            self._text_into[1] += data
        if self.stack and self.stack[-1][0] == "h1" and self.h1 is not None:
            self.h1 += data

    def close(self):
        super().close()
        if self.stack:
            self.errors.append("unclosed: " + ", ".join(t for t, _ in self.stack))


def read_page(path, text=None):
    p = Page(path)
    p.feed(text if text is not None else open(path, encoding="utf-8").read())
    p.close()
    return p


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    return None


def browse(browser, url, shot, size):
    """Starts headless Chromium on url: its DOM after load on stdout, a screenshot."""
    return subprocess.Popen([browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                             "--no-first-run", "--disable-extensions", f"--window-size={size}",
                             f"--screenshot={shot}", "--dump-dom", url],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)


def finish(proc, what):
    out, _ = proc.communicate(timeout=60)
    check(proc.returncode == 0 and "<html" in out, f"chromium opens {what}")
    return out


def export_site(tmp):
    db = make_db(tmp)
    cfg = os.path.join(tmp, "galley.lua")
    with open(cfg, "w") as f:
        f.write('return { plugins = { { "export/site", per_page = %d, title = "Test <site>" } } }\n' % PER_PAGE)
    out = os.path.join(tmp, "site")
    r = galley("export", "--db", db, "--config", cfg, "--plugin", "export/site", "-o", out)
    check(r.rc == 0, "export/site", r.err)
    return out


def test_pages_are_well_formed_and_offline():
    with Tmp() as tmp:
        out = export_site(tmp)
        pages = glob.glob(os.path.join(out, "**", "*.html"), recursive=True)
        equal(len(glob.glob(os.path.join(out, "articles", "*", "*.html"))), len(articles()), "one page per article")
        check(os.path.exists(os.path.join(out, "index-2.html")) and os.path.exists(os.path.join(out, "index-3.html"))
              and not os.path.exists(os.path.join(out, "index-4.html")), "the index is paged",
              sorted(os.listdir(out)))
        check(os.path.exists(os.path.join(out, "places", "iq.html")), "a page per place")
        check(os.path.exists(os.path.join(out, "categories", "topic", "politics.html")), "a page per category")
        for path in pages:
            p = read_page(path)
            check(p.doctype, f"{path}: <!DOCTYPE html>")
            check(not p.errors, f"{path}: well-formed", *p.errors)
            check(not any(urllib.parse.urlsplit(r).scheme for r in p.resources), f"{path}: no external resource",
                  p.resources)
            check(set(p.scripts) <= {"search-index.js", "search.js"}, f"{path}: only our scripts", p.scripts)
            check(not any(h.lower().startswith("javascript:") for h, _ in p.links), f"{path}: no javascript: link")
            for href, _ in p.links:
                if not urllib.parse.urlsplit(href).scheme:
                    target = os.path.normpath(os.path.join(os.path.dirname(path), href.split("?")[0]))
                    check(os.path.exists(target), f"{path}: link {href} leads to a file")


def test_in_chromium():
    browser = chromium()
    if not browser:
        skip("chromium is not installed (scripts/install-deps installs it): the browser check is not done")
    with Tmp() as tmp:
        out = export_site(tmp)
        os.makedirs(ARTIFACTS, exist_ok=True)
        base = "file://" + urllib.parse.quote(out)
        index = read_page("index.html", finish(browse(browser, base + "/index.html",
                                                          os.path.join(ARTIFACTS, "index.png"), "1280,900"), "index"))
        articles_listed = [(h, t) for h, t in index.links if h.startswith("articles/")]
        equal(len(articles_listed), PER_PAGE, "the first index page lists per_page articles")
        check(not index.root_attrs.get("data-pwned"), "no payload ran on the index")
        equal(articles_listed[0][1], "Dated by an offset", "newest first, dates compared in UTC")
        hostile_href = next(h for h, t in articles_listed if t == HOSTILE_TITLE)
        # The place link, read from the file so the browser can open both pages at once;
        # the article's DOM must then hold the same link.
        place = next(h for h, t in read_page(os.path.join(out, hostile_href)).links if t == "IQ")
        category_url = urllib.parse.urljoin(base + "/" + hostile_href, place)
        procs = {
            "article": browse(browser, base + "/" + hostile_href, os.path.join(ARTIFACTS, "article.png"), "1280,900"),
            "phone": browse(browser, base + "/" + hostile_href, os.path.join(ARTIFACTS, "article-phone.png"),
                            "390,844"),
            "search": browse(browser, base + "/search.html?q=" + urllib.parse.quote("quotes APOSTROPHES"),
                             os.path.join(ARTIFACTS, "search.png"), "1280,900"),
            "category": browse(browser, category_url, os.path.join(ARTIFACTS, "category.png"), "1280,900"),
        }
        dom = {k: read_page(k, finish(p, k)) for k, p in procs.items()}
        article = dom["article"]
        equal(article.h1, HOSTILE_TITLE, "the article page shows the hostile title as text")
        check(not article.root_attrs.get("data-pwned") and not dom["phone"].root_attrs.get("data-pwned"),
              "no payload ran on the article page", article.root_attrs)
        check([place] == [h for h, t in article.links if t == "IQ"], "the article links to its place page")
        cat = dom["category"]
        equal(cat.h1, "Place: IQ", "the place page")
        check(any(t == HOSTILE_TITLE for _, t in cat.links), "the place page lists the article", cat.links)
        search = dom["search"]
        equal([t for _, t in search.results], [HOSTILE_TITLE], "the search finds the one article, shown as text")
        check(not search.root_attrs.get("data-pwned"), "no payload ran on the search page")
        for shot in ("index", "article", "article-phone", "category", "search"):
            path = os.path.join(ARTIFACTS, shot + ".png")
            check(os.path.exists(path) and os.path.getsize(path) > 5000, f"screenshot {path}")
        print(f"# screenshots in {os.path.relpath(ARTIFACTS, ROOT)}/")


if __name__ == "__main__":
    main(globals())
