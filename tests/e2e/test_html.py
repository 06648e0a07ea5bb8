"""End-to-end tests of the HTML loader: fixtures/html/*.html against their
.expected.json (every key given there must match), the main content without the page's
boilerplate, and bad pages that must give a clear error and leave the rest of a run alone."""
import glob
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from harness import ROOT, Tmp, check, db_rows, equal, galley, main  # noqa: E402

FIXTURES = os.path.join(ROOT, "fixtures", "html")


def expected_pages():
    return sorted(p for p in glob.glob(os.path.join(FIXTURES, "*.html"))
                  if os.path.exists(p[:-5] + ".expected.json"))


def compare(page, want, got):
    bad = []
    for key, value in want.items():
        if key == "blocks":
            blocks = [{k: v for k, v in b.items() if k in ("type", "level", "text", "url", "alt")}
                      for b in got.get("blocks", [])]
            if len(blocks) != len(value):
                bad.append(f"{page}: {len(value)} blocks expected, {len(blocks)} found")
            for i, (w, g) in enumerate(zip(value, blocks)):
                if w != g:
                    bad.append(f"{page}: block {i}: expected {w}, got {g}")
        elif got.get(key) != value:
            bad.append(f"{page}: {key}: expected {value!r}, got {got.get(key)!r}")
    return bad


def test_fixtures_match_their_expectations():
    import json
    pages = expected_pages()
    check(len(pages) >= 3, "HTML fixtures with expectations", pages)
    r = galley("extract", "--format", "jsonl", *pages)
    equal(r.rc, 0, "extract exit code " + r.err)
    got = {os.path.abspath(a["source"]): a for a in r.jsonl()}
    bad = []
    for p in pages:
        with open(p[:-5] + ".expected.json", encoding="utf-8") as f:
            want = json.load(f)
        bad += compare(os.path.basename(p), want, got.get(p, {}))
    check(not bad, "every expected key matches", "\n".join(bad))


def test_boilerplate_is_left_out():
    r = galley("extract", "--format", "text", os.path.join(FIXTURES, "news-article.html"))
    equal(r.rc, 0, "extract exit code")
    for gone in ["cookie", "Related stories", "A38 roadworks", "grandfather", "Advertisement", "Share on",
                 "newsletter", "All rights reserved", "Sport"]:
        check(gone not in r.out, f"{gone!r} left out", r.out)
    for kept in ["Commercial barges are carrying freight", "A river built for trade",
                 "Journey time: about nine hours", "winter floods"]:
        check(kept in r.out, f"{kept!r} kept", r.out)


def test_markdown_is_readable():
    r = galley("extract", "--format", "markdown", os.path.join(FIXTURES, "news-article.html"))
    equal(r.rc, 0, "extract exit code")
    check(r.out.startswith("# River barges return to the Severn after forty years\n"), "title first", r.out)
    check("\n## A river built for trade\n" in r.out, "subheading", r.out)
    check("](https://valleycourier.example/images/barge-gloucester.jpg)" in r.out, "image, absolute", r.out)
    check("\n> \"The river has been" in r.out, "quote", r.out)


def test_declared_encoding_is_honoured_and_output_is_utf8():
    r = galley("extract", "--format", "text", os.path.join(FIXTURES, "blog-br.html"))
    equal(r.rc, 0, "extract exit code")
    check("café" in r.out and "naïve" in r.out and "catalogue’s" in r.out, "windows-1252 decoded", r.out)


def test_bad_pages_fail_alone():
    with Tmp() as tmp:
        inp = os.path.join(tmp, "in")
        os.makedirs(inp)
        with open(os.path.join(inp, "binary.html"), "wb") as f:
            f.write(bytes(range(256)) * 64)
        with open(os.path.join(inp, "empty.html"), "w") as f:
            f.write("")
        with open(os.path.join(inp, "truncated.html"), "w") as f:
            f.write("<html><head><title>Cut short</title></head><body><div><p>The first paragraph of a page "
                    "that was cut off in the middle of its second para")
        with open(os.path.join(inp, "deep.html"), "w") as f:
            f.write("<html><body>" + "<div>" * 20000 + "<p>Deep inside twenty thousand elements, a sentence "
                    "that should still be found by the loader.</p>" + "</div>" * 20000 + "</body></html>")
        with open(os.path.join(FIXTURES, "news-article.html"), "rb") as src, \
                open(os.path.join(inp, "good.html"), "wb") as dst:
            dst.write(src.read())
        db = os.path.join(tmp, "g.db")
        r = galley("run", "--quiet", "--db", db, inp)
        equal(r.rc, 1, "some inputs failed: exit 1 " + r.err)
        check("binary.html" in r.err and "binary" in r.err, "binary page named with its problem", r.err)
        check("empty.html" in r.err, "empty page named", r.err)
        titles = [t for (t,) in db_rows(db, "SELECT title FROM articles ORDER BY title")]
        check("River barges return to the Severn after forty years" in titles, "good page stored", titles)
        check("Cut short" in titles, "truncated page stored", titles)
        deep = db_rows(db, "SELECT text FROM articles WHERE source LIKE '%deep.html'")
        check(deep and "twenty thousand elements" in (deep[0][0] or ""), "deep page's text found", deep)


if __name__ == "__main__":
    main(globals())
