"""test_gzip.py — inputs ending in .gz are read transparently for every loader: the
loader is the one of the name without .gz, multi-member files decompress whole, and
truncated, corrupt, mislabelled or bomb-like files fail with a clear error naming the
file while the rest of a run goes on."""
import gzip
import json
import os
import sys
import time
import zlib

sys.path.insert(0, os.path.dirname(__file__))
from harness import ROOT, SEED, Tmp, check, db_rows, equal, galley, main, skip  # noqa: E402

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Harbour reopens after storm - The Coast Courier</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Harbour reopens after storm</h1>
<p>The harbour at Port Ellis reopened on Tuesday, four days after the storm that tore
two fishing boats from their moorings and flooded the quay.</p>
<p>Harbour master Ruth Adeyemi said the channel had been surveyed overnight and was
clear of debris, though the north pier stays closed until repairs are done.</p>
</article><footer>Copyright The Coast Courier</footer></body></html>
"""
JSONL = '{"title": "From JSON Lines", "text": "One line, one article."}\n'


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
    return path


def extract(path, *more):
    r = galley("extract", "--format", "jsonl", *more, path)
    return r, (r.jsonl() if r.rc == 0 else [])


def test_every_loader_reads_gz_as_its_plain_file():
    with open(SEED, "rb") as f:
        seed = f.read()
    cases = [("page.html", PAGE.encode()), ("seed.txt", seed), ("lines.jsonl", JSONL.encode()),
             ("rows.csv", b'title,text\nFrom CSV,"One row, one article."\n')]
    with Tmp() as tmp:
        for name, data in cases:
            plain = write(os.path.join(tmp, name), data)
            packed = write(os.path.join(tmp, name + ".gz"), gzip.compress(data))
            r1, a1 = extract(plain)
            r2, a2 = extract(packed)
            equal((r1.rc, r2.rc), (0, 0), f"{name} and {name}.gz load (stderr: {r2.err})")
            equal(len(a2), 1, f"{name}.gz gives one article")
            equal(a2[0]["format"], a1[0]["format"], f"{name}.gz: the loader of {name}")
            equal(a2[0]["source"], packed, f"{name}.gz: source is the .gz file")
            for key in ("title", "blocks", "text", "authors", "published", "modified"):
                equal(a2[0][key], a1[0][key], f"{name}.gz: {key} as from {name}")
        # Loaders chosen by content: a feed under .xml.gz, and under a bare .gz name.
        feed = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title><item>'
                b'<title>Item one</title><description>The first item of the feed.</description></item>'
                b'</channel></rss>')
        for name in ("feed.xml.gz", "feed.gz"):
            r, a = extract(write(os.path.join(tmp, name), gzip.compress(feed)))
            equal((r.rc, a and a[0]["format"], a and a[0]["title"]), (0, "feed", "Item one"),
                  f"{name} is read as the feed it holds (stderr: {r.err})")
        # Upper-case suffix, and gzip bytes under a plain name (a page saved as served
        # with Content-Encoding: gzip): the signature decides.
        r, a = extract(write(os.path.join(tmp, "UP.HTML.GZ"), gzip.compress(PAGE.encode())))
        equal((r.rc, a and a[0]["format"]), (0, "html"), f"UP.HTML.GZ (stderr: {r.err})")
        r, a = extract(write(os.path.join(tmp, "served.html"), gzip.compress(PAGE.encode())))
        equal(r.rc, 0, f"gzip under .html loads (stderr: {r.err})")
        check(a[0]["title"].startswith("Harbour reopens after storm"), "gzip under .html: decompressed", a[0]["title"])


def test_web_archives_keep_their_gzip_members():
    # A .warc.gz is read record by record by the WARC loader, not inflated whole first;
    # the same bytes under a bare .gz name are recognised as an archive by their content.
    warc = os.path.join(ROOT, "fixtures", "warc", "news.warc.gz")
    if not os.path.exists(warc):
        skip("fixtures/warc/news.warc.gz is absent")
    r, direct = extract(warc)
    equal(r.rc, 0, f"news.warc.gz (stderr: {r.err})")
    with Tmp() as tmp:
        with open(warc, "rb") as f:
            path = write(os.path.join(tmp, "archive.gz"), f.read())
        r, renamed = extract(path)
        equal(r.rc, 0, f"archive.gz (stderr: {r.err})")
        equal([a["format"] for a in renamed], ["warc"] * len(direct), "read by the WARC loader")
        equal([a["title"] for a in renamed], [a["title"] for a in direct], "the same records")


def test_multi_member_gzip_decompresses_whole():
    lines = [json.dumps({"title": f"Article {i}", "text": f"Body {i}."}) + "\n" for i in range(3)]
    data = b"".join(gzip.compress(line.encode()) for line in lines)  # three members
    with Tmp() as tmp:
        r, arts = extract(write(os.path.join(tmp, "three.jsonl.gz"), data))
        equal(r.rc, 0, f"multi-member file loads (stderr: {r.err})")
        equal([a["title"] for a in arts], ["Article 0", "Article 1", "Article 2"], "every member's article")
        # Zero padding after the last member (tape and some tools add it) is ignored.
        r, arts = extract(write(os.path.join(tmp, "padded.jsonl.gz"), data + b"\0" * 512))
        equal((r.rc, len(arts)), (0, 3), f"zero padding ignored (stderr: {r.err})")


def test_broken_gzip_files_fail_with_a_clear_error():
    good = gzip.compress(PAGE.encode())
    corrupt = bytearray(good)
    for i in range(20, 60):
        corrupt[i] ^= 0x5A
    cases = {
        "truncated.html.gz": (good[: len(good) // 2], "truncated gzip data"),
        "header-only.html.gz": (good[:10], "truncated gzip data"),
        "corrupt.html.gz": (bytes(corrupt), "corrupt gzip data"),
        "bad-crc.html.gz": (good[:-8] + bytes(4) + good[-4:], "corrupt gzip data"),
        "trailing.html.gz": (good + b"GARBAGE", "after the compressed data"),
        "plain.html.gz": (PAGE.encode(), "not gzip data"),
        "nested.html.gz": (gzip.compress(good), "gzip data inside gzip data"),
    }
    with Tmp() as tmp:
        for name, (data, msg) in cases.items():
            path = write(os.path.join(tmp, name), data)
            r = galley("extract", path)
            check(r.rc != 0, f"{name} fails", r.out[:200])
            check(path in r.err and msg in r.err, f"{name}: the error names the file and says '{msg}'", r.err)


def test_gzip_bomb_is_refused_quickly():
    # 17 members of 16 MiB of zeros: 272 MiB once expanded, 270 KiB on disk.
    member = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = member.compress(bytes(16 << 20)) + member.flush()
    with Tmp() as tmp:
        path = write(os.path.join(tmp, "bomb.html.gz"), chunk * 17)
        check(os.path.getsize(path) < 1 << 20, "the bomb is small on disk", os.path.getsize(path))
        t0 = time.time()
        r = galley("extract", path)
        took = time.time() - t0
        check(r.rc != 0 and path in r.err and "expands beyond 256 MiB" in r.err, "the bomb is refused", r.err)
        check(took < 10, "refused within seconds", took)
        # Just under the cap it loads (16 MiB of zeros is binary, not a page: that error).
        r = galley("extract", write(os.path.join(tmp, "ok.html.gz"), chunk))
        check("expands beyond" not in r.err and "binary" in r.err, "16 MiB is under the cap", r.err)


def test_folder_run_takes_gz_files_and_goes_on_after_bad_ones():
    with Tmp() as tmp:
        inp = os.path.join(tmp, "in")
        write(os.path.join(inp, "a.html.gz"), gzip.compress(PAGE.encode()))
        with open(SEED, "rb") as f:
            write(os.path.join(inp, "b.txt.gz"), gzip.compress(f.read()))
        write(os.path.join(inp, "c.jsonl.gz"), gzip.compress(JSONL.encode()))
        write(os.path.join(inp, "d.html.gz"), gzip.compress(PAGE.encode())[:40])  # truncated
        write(os.path.join(inp, "e.tar.gz"), gzip.compress(b"not an article"))   # no loader: skipped
        db = os.path.join(tmp, "g.db")
        r = galley("run", "--db", db, "--summary", "json", inp)
        equal(r.rc, 1, f"a run with one bad file exits 1 (stderr: {r.err})")
        s = json.loads(r.out.strip().splitlines()[-1])
        equal((s["loaded"], s["failed"]), (3, 1), f"three loaded, one failed: {s}")
        check("d.html.gz: truncated gzip data" in r.err, "the bad file is named", r.err)
        check("e.tar.gz" not in r.err, "the .tar.gz is left alone", r.err)
        rows = db_rows(db, "SELECT source, format FROM articles ORDER BY source")
        equal([(os.path.basename(s), f) for s, f in rows],
              [("a.html.gz", "html"), ("b.txt.gz", "text"), ("c.jsonl.gz", "jsonl")], "stored articles")


if __name__ == "__main__":
    main(globals())
