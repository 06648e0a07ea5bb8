"""test_html_robust.py — web pages that are broken in every way a crawl meets:
malformed, truncated, nested 10,000 and 100,000 levels deep, huge, binary, with a wrong
encoding declared. Each gives an article or a clear error naming the file, never a crash
or a hang, and a run over a folder holding them all stores the good pages.

The huge page is 20 MB by default; GALLEY_TEST_HUGE_MB=100 makes it 100 MB (about a
minute and 1.3 GB on the 2-core machine)."""
import json
import os
import random
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from harness import ROOT, Tmp, check, db_rows, equal, galley, main  # noqa: E402

SAMPLE = os.path.join(ROOT, "fixtures", "html", "sample-article.html")
HUGE_MB = int(os.environ.get("GALLEY_TEST_HUGE_MB", "20"))
FILLER = "Enough ordinary words to make a paragraph that any reader would call the body of a page."


def sample_bytes(canonical=True):
    """The sample page; without its canonical link, a copy is an article of its own (the
    uid is the canonical URL when there is one)."""
    with open(SAMPLE, "rb") as f:
        data = f.read()
    return data if canonical else data.replace(b'rel="canonical"', b'rel="alternate"')


def page(body, head="<title>A page</title>", charset=None):
    meta = f'<meta charset="{charset}">' if charset else ""
    return f"<!DOCTYPE html><html><head>{meta}{head}</head><body>{body}</body></html>"


def nested(depth):
    return page("<div>" * depth + f"<p>The bottom of the nesting. {FILLER}</p>" + "</div>" * depth +
                f"<p>After the nesting. {FILLER}</p>").encode()


def cut_inside_utf8(data):
    """The sample cut in the middle of a multi-byte character of its body."""
    i = data.index("“People".encode()) + 1
    return data[:i]


# name -> (bytes, what must be in the article's text, or None when it must fail with
# the error text given as the third item)
def cases():
    rnd = random.Random(7)
    s = sample_bytes(canonical=False)
    return {
        "unclosed.html": (page(f"<p>Unclosed <b>bold <i>italic <div>block</p></b> {FILLER}</i>"
                               "<table><tr><td>cell</table><p>Final words of the unclosed page.").encode(),
                          "Final words of the unclosed page", None),
        "stray-closers.html": (f"</div></span></body></html><p>Before the html tag. {FILLER}</p>"
                               f"<html><body></p></p><p>Inside. {FILLER}</p></td></tr>".encode(),
                               "Inside.", None),
        "attribute-garbage.html": (page(f'<p class="a b id=x <<>> \'=>Garbage attributes. {FILLER}</p>'
                                        f'<p id=\'"unterminated>{FILLER}</p><p =x ==y>{FILLER}</p>').encode(),
                                   "Enough ordinary words", None),
        "script-never-closed.html": (page(f"<p>Before the script. {FILLER}</p><script>var s = '</p>").encode()
                                     + b"<p>swallowed?</p>" * 50, "Before the script.", None),
        "comment-never-closed.html": (page(f"<p>Before the comment. {FILLER}</p><!-- never closed").encode(),
                                      "Before the comment.", None),
        "angle-soup.html": (page(f"<<<>>> <p>Soup <a<b>>c</b> < d > e &#xFFFFFFFF; &#0; &bogus; {FILLER}</p>")
                            .encode(), "Soup", None),
        "long-class.html": (page(f'<div class="{"x" * 600}" id="{"y" * 600}"><p>Long names. {FILLER}</p></div>')
                            .encode(), "Long names.", None),
        "truncated-in-tag.html": (s[: s.index(b"<table") + 12], "The night ferry between Port Ardith", None),
        "truncated-in-utf8.html": (cut_inside_utf8(s), "Residents will pay", None),
        "nested-10000.html": (nested(10000), "After the nesting.", None),
        "declares-1252-is-utf8.html": (page(f"<p>Le café de la gare — “ouvert” à 7 h, crème brûlée. {FILLER}</p>",
                                            charset="windows-1252").encode("utf-8"), "café de la gare — “ouvert”",
                                       None),
        "declares-utf8-is-latin1.html": (page(f"<p>Le café de la gare est ouvert, crème brûlée, garçon. {FILLER}</p>",
                                              charset="utf-8").encode("latin-1"), "crème brûlée, garçon", None),
        "gbk-declared-gb2312.html": (page("<p>前总理朱镕基今天在北京会见了来访的代表团，双方就经济合作交换了意见。</p>",
                                          head='<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
                                               "<title>朱镕基</title>").encode("gbk"), "朱镕基今天在北京", None),
        "nul-bytes.html": (page(f"<p>Before\0 the NUL. {FILLER}</p>").encode(), None, "binary data"),
        "random.html": (rnd.randbytes(64 << 10), None, "binary data, not a web page"),
        "png.html": (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + rnd.randbytes(4096), None, "binary data"),
        "empty.html": (b"", None, "no HTML document in it"),
        "no-text.html": (page("<div><span></span></div>", head="").encode(), None, "no text in this page"),
    }


def extract(path):
    t0 = time.time()
    r = galley("extract", "--format", "jsonl", path)
    return r, time.time() - t0


def test_each_page_gives_an_article_or_a_clear_error():
    problems = []
    with Tmp() as tmp:
        for name, (data, want, error) in cases().items():
            path = os.path.join(tmp, name)
            with open(path, "wb") as f:
                f.write(data)
            r, took = extract(path)
            if r.rc < 0 or r.rc > 2:
                problems.append(f"{name}: exit status {r.rc} (a crash?): {r.err[-300:]}")
            elif took > 10:
                problems.append(f"{name}: took {took:.1f} s")
            elif want is not None:
                if r.rc != 0:
                    problems.append(f"{name}: failed: {r.err.strip()}")
                    continue
                art = r.jsonl()[0]
                text = art["text"] + "\n" + (art["title"] or "")
                if want not in text:
                    problems.append(f"{name}: '{want}' not in the text: {text[:300]!r}")
                if "\ufffd" in text and "utf8" not in name:
                    problems.append(f"{name}: U+FFFD in the text: {text[:200]!r}")
            else:
                if r.rc == 0 or f"{path}: {error}" not in r.err:
                    problems.append(f"{name}: expected the error '{path}: {error}', got rc {r.rc}: {r.err.strip()}")
    check(not problems, f"{len(problems)} pages went wrong", *problems)


def test_100000_levels_of_nesting():
    with Tmp() as tmp:
        path = os.path.join(tmp, "deep.html")
        with open(path, "wb") as f:
            f.write(nested(100000))
        r, took = extract(path)
        equal(r.rc, 0, f"a page 100,000 levels deep loads (stderr: {r.err[-300:]})")
        text = r.jsonl()[0]["text"]
        check("The bottom of the nesting." in text and "After the nesting." in text,
              "the text at the bottom and the text after it are both read", text[:300])
        check(took < 20, "in seconds", took)
        print(f"# 100,000 levels of <div>: {took:.2f} s")


def test_huge_page():
    para = "<p>Paragraph {0} of a very long report on the harbour works, with enough words to look like " \
           "prose and a <a href=\"/x/{0}\">link</a> now and then.</p>\n"
    with Tmp() as tmp:
        path = os.path.join(tmp, "huge.html")
        n = 0
        with open(path, "w", encoding="utf-8") as f:
            f.write("<html><head><title>Huge page</title></head><body><article><h1>Huge page</h1>")
            while f.tell() < HUGE_MB * 1000000:
                f.write(para.format(n))
                n += 1
            f.write("</article></body></html>")
        r, took = extract(path)
        equal(r.rc, 0, f"a {HUGE_MB} MB page loads (stderr: {r.err[-300:]})")
        text = r.jsonl()[0]["text"]
        check(f"Paragraph {n - 1} of a very long report" in text, "down to the last paragraph", text[-300:])
        print(f"# a {HUGE_MB} MB page ({n} paragraphs): {took:.1f} s")


def test_folder_run_stores_the_good_pages():
    with Tmp() as tmp:
        inp = os.path.join(tmp, "in")
        os.makedirs(inp)
        all_cases = cases()
        for name, (data, _, _) in all_cases.items():
            with open(os.path.join(inp, name), "wb") as f:
                f.write(data)
        with open(os.path.join(inp, "sample-article.html"), "wb") as f:
            f.write(sample_bytes())
        db = os.path.join(tmp, "g.db")
        r = galley("run", "--db", db, "--summary", "json", "-j", "2", inp)
        equal(r.rc, 1, f"some files fail, so exit 1 (stderr: {r.err[-500:]})")
        s = json.loads(r.out.strip().splitlines()[-1])
        good = sorted([n for n, (_, want, _) in all_cases.items() if want] + ["sample-article.html"])
        bad = sorted(n for n, (_, want, _) in all_cases.items() if not want)
        stored = sorted(os.path.basename(src) for (src,) in db_rows(db, "SELECT source FROM articles"))
        equal(stored, good, "every good page is stored")
        equal((s["loaded"], s["failed"]), (len(good), len(bad)), f"the summary: {s}")
        for name in bad:
            check(os.path.join(inp, name) in r.err, f"the error names {name}", r.err)


if __name__ == "__main__":
    main(globals())
