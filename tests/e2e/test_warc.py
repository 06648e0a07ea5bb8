#!/usr/bin/env python3
"""test_warc.py — web archives (WARC, ARC; plain and gzip) through `galley extract` and
`galley run`: the fixtures in fixtures/warc/ (written by fixtures/warc/make_fixtures.py),
the real and deliberately broken samples of ../shared/corpus/warcio, and one input read
from standard input (`-`)."""
import gzip
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from harness import GALLEY, ROOT, SHARED, WRAPPER, Tmp, check, db_rows, equal, galley, main, skip  # noqa: E402

FIXTURES = os.path.join(ROOT, "fixtures", "warc")
WARCIO = os.path.join(SHARED, "corpus", "warcio", "test", "data")


def fixture(name):
    return os.path.join("fixtures", "warc", name)


def errors(r):
    return [line for line in r.err.splitlines() if line.startswith("galley: error:")]


def by_uid(r):
    return {a["uid"]: a for a in r.jsonl()}


def galley_bytes(*args, stdin=b""):
    """galley with binary standard input (the harness's galley() sends text)."""
    proc = subprocess.run(WRAPPER + [GALLEY, *args], cwd=ROOT, input=stdin, capture_output=True, timeout=120)
    return proc.returncode, proc.stdout.decode(), proc.stderr.decode()


def test_news_warc_gz_pages_feed_and_resource():
    r = galley("extract", "-v", fixture("news.warc.gz"))
    equal(r.rc, 0, "exit code: " + r.err)
    arts = by_uid(r)
    equal(sorted(arts), sorted(["https://news.example.org/harbour", "https://news.example.org/fr/cafe",
                                "first-1", "second-2", "https://news.example.org/saved"]), "articles")
    a = arts["https://news.example.org/harbour"]
    equal(a["url"], "https://news.example.org/2024/harbour-quay", "url: the page's canonical link")
    equal(a["title"], "Harbour quay opens in spring", "title")
    equal(a["authors"], ["Ana Ruiz"], "authors")
    equal(a["published"], "2024-03-01T08:00:00Z", "published: the page's date, not the fetch date")
    equal(a["meta"]["fetched"], "2024-03-02T10:00:01Z", "meta fetched = WARC-Date")
    equal(a["meta"]["warc_record_id"], "<urn:uuid:00000000-0000-4000-8000-000000000003>", "record id")
    equal(a["format"], "warc", "format")
    equal(a["source"], fixture("news.warc.gz"), "source")
    check("Copyright" not in a["text"] and "Home" not in a["text"], "main content only", a["text"])
    # Chunked, gzip-encoded, and ISO-8859-1 declared only in the HTTP header.
    c = arts["https://news.example.org/fr/cafe"]
    equal(c["title"], "Caf\u00e9 de la Pa\u00efx ferme ses portes", "charset from the HTTP Content-Type")
    check("Le caf\u00e9 historique a ferm\u00e9 apr\u00e8s cent ans." in c["text"], "dechunked and inflated", c["text"])
    equal(c["url"], "https://news.example.org/fr/cafe", "url: the target URI when the page names none")
    f = arts["first-1"]
    equal(f["meta"]["fetched"], "2024-03-02T10:00:03Z", "feed items carry the fetch date")
    equal(f["title"], "First item", "feed item title")
    equal(arts["https://news.example.org/saved"]["title"], "A saved page", "resource record")
    check("10 records: 5 articles, 0 failed, 6 skipped (1 warcinfo, 1 request, 1 metadata, 1 revisit, "
          "1 not HTML or a feed, 1 HTTP status not 2xx)" in r.err, "the skipped records are counted", r.err)
    quiet = galley("extract", fixture("news.warc.gz"))
    check("records" not in quiet.err, "the counts only with -v", quiet.err)


def test_damaged_warc_gz_fails_record_by_record():
    r = galley("extract", "-v", fixture("damaged.warc.gz"))
    equal(r.rc, 1, "exit code: some records failed")
    equal([a["uid"] for a in r.jsonl()], ["https://news.example.org/one", "https://news.example.org/two"],
          "the good records around the damaged ones")
    errs = errors(r)
    equal(len(errs), 3, "three errors: " + r.err)
    name = fixture("damaged.warc.gz")
    check(errs[0].startswith(f"galley: error: {name}: record 2 (offset 412): the gzip member at offset 412 is corrupt"),
          "a corrupt member costs its record", errs[0])
    check(f"{name}: record 4 " in errs[1] and "bad-gzip: Content-Encoding gzip: the compressed body is corrupt"
          in errs[1], "a corrupt gzip body", errs[1])
    check(f"{name}: record 5 " in errs[2] and "truncated: Content-Length is" in errs[2], "the cut record", errs[2])


def test_plain_warc_sniffed_page_and_a_record_without_length():
    r = galley("extract", "-v", fixture("plain.warc"))
    equal(r.rc, 1, "exit code")
    equal([a["uid"] for a in r.jsonl()], ["http://plain.example.net/sniffed", "http://plain.example.net/after"],
          "a page without Content-Type is sniffed; reading goes on after the bad record")
    errs = errors(r)
    equal(len(errs), 1, r.err)
    check("record 3 (offset 991): no valid Content-Length" in errs[0], "names the record", errs[0])
    check("1 not HTML or a feed" in r.err, "JSON is skipped", r.err)


def test_arc_gz_with_spaces_in_urls():
    r = galley("extract", fixture("pages.arc.gz"))
    equal(r.rc, 0, r.err)
    arts = r.jsonl()
    equal([a["uid"] for a in arts], ["http://arc.example.com/a page?q=one two", "http://arc.example.com/second"],
          "uids: the ARC URLs")
    equal(arts[0]["meta"]["fetched"], "2024-01-02T03:04:06Z", "the ARC date as ISO 8601")
    equal(arts[1]["format"], "arc", "format")


def test_not_a_warc_is_one_error():
    r = galley("extract", fixture("not-a-warc.warc"))
    equal(r.rc, 1, "exit code")
    equal(errors(r), [f"galley: error: {fixture('not-a-warc.warc')}: not a WARC file: it begins with "
                      "'Hello, this is not an archive.', not 'WARC/'"], "one error for the file")


def test_run_stores_and_decompressed_input_reads_the_same():
    with Tmp() as tmp:
        db = os.path.join(tmp, "g.db")
        r = galley("run", "-q", "--db", db, fixture("news.warc.gz"), fixture("damaged.warc.gz"))
        equal(r.rc, 1, "exit code: the damaged records fail: " + r.err)
        rows = db_rows(db, "SELECT uid FROM articles ORDER BY uid")
        equal(len(rows), 7, f"stored articles: {rows}")
        # The same archive gunzipped whole (as a transparent .gz reader would hand it).
        plain = os.path.join(tmp, "news.warc")
        with gzip.open(os.path.join(FIXTURES, "news.warc.gz"), "rb") as f, open(plain, "wb") as out:
            out.write(f.read())
        a = by_uid(galley("extract", fixture("news.warc.gz")))
        b = by_uid(galley("extract", plain))
        equal(sorted(a), sorted(b), "same articles")
        for uid in a:
            for k in a[uid]:
                if k not in ("source", "hash"):
                    equal(b[uid][k], a[uid][k], f"{uid}: {k}")


def test_limits_bound_memory():
    """A record over 64 MiB and a body that inflates past 64 MiB are errors for their
    records; the records after them load."""
    def rec(uri, payload):
        return (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: " + uri.encode() +
                b"\r\nContent-Length: %d\r\n\r\n" % len(payload) + payload + b"\r\n\r\n")

    big = 70 << 20
    page = b"<html><body><p>After the large records, a page with a paragraph.</p></body></html>"
    huge = rec("http://big.example/huge", b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + b" " * big)
    bomb = rec("http://big.example/bomb", b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
               b"Content-Encoding: gzip\r\n\r\n" + gzip.compress(b" " * big, 9, mtime=0))
    after = rec("http://big.example/after", b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + page)
    with Tmp() as tmp:
        path = os.path.join(tmp, "big.warc.gz")
        with open(path, "wb") as f:
            for r in (huge, bomb, after):
                f.write(gzip.compress(r, 1, mtime=0))
        r = galley("extract", path)
        equal(r.rc, 1, r.err)
        equal([a["uid"] for a in r.jsonl()], ["http://big.example/after"], "the record after the large ones")
        errs = errors(r)
        equal(len(errs), 2, r.err)
        check("record 1 " in errs[0] and "too large (70 MiB; the limit is 64 MiB)" in errs[0], "huge", errs[0])
        check("record 2 " in errs[1] and "larger than 64 MiB once decoded" in errs[1], "bomb", errs[1])


def test_standard_input():
    with open(os.path.join(FIXTURES, "news.warc.gz"), "rb") as f:
        data = f.read()
    rc, out, err = galley_bytes("extract", "-", stdin=data)
    equal(rc, 0, "sniffed as WARC: " + err)
    check(out.count("\n") == 5 and '"source":"stdin"' in out, "five articles from stdin", out[:300])
    rc, out, err = galley_bytes("extract", "--input-format", "html", "--format", "text", "-",
                                stdin=b"<html><body><p>Read from a pipe, this page has a paragraph.</p></body></html>")
    equal(rc, 0, err)
    check("Read from a pipe" in out, "forced format", out)
    with Tmp() as tmp:
        db = os.path.join(tmp, "g.db")
        rc, out, err = galley_bytes("run", "-q", "--db", db, "-", stdin=data)
        equal(rc, 0, err)
        equal(db_rows(db, "SELECT count(*) FROM articles WHERE source = 'stdin'"), [(5,)], "stored from stdin")
    r = galley("run", "--db", "x.db", "-", "-")
    equal(r.rc, 2, "stdin twice is a usage error")


def test_warcio_samples():
    if not os.path.isdir(WARCIO):
        skip(f"{WARCIO} is absent (the shared corpus is not beside the checkout)")
    # file -> (exit code, article uids, error substrings). What warcio's own tests say of
    # each: example-trunc has a response cut short (its gzip body loses its last bytes,
    # then stray bytes stand before the next record); bad.arc has lengths -1 and 'abc';
    # example-bad.warc.gz.bad and example-bad-non-chunked are gzipped whole (warcio
    # refuses them; we read the stream); example-wrong-chunks splits a record across
    # members; example-space-in-url.arc lost its CRs, so its record is shorter than its
    # header says.
    cases = {
        "example.warc": (0, ["http://example.com/"], []),
        "example.warc.gz": (0, ["http://example.com/"], []),
        "example-iana.org-chunked.warc": (0, ["http://www.iana.org/"], []),
        "example-resource.warc.gz": (0, ["http://example.com/"], []),
        "example-wget-bad-target-uri.warc.gz": (0, ["http://example.com/"], []),
        "example-wrong-chunks.warc.gz": (0, ["http://example.com/"], []),
        "example-bad-non-chunked.warc.gz": (0, ["http://example.com/"], []),
        "example-digest.warc": (0, [], []),
        "example-space-in-target-uri.warc.gz": (0, [], []),
        "post-test.warc.gz": (0, [], []),
        "example.arc": (0, ["http://example.com/"], []),
        "example.arc.gz": (0, ["http://example.com/"], []),
        "example-trunc.warc": (1, [], ["record 3 (offset 1197): http://example.com/: Content-Encoding gzip: "
                                       "the compressed body is cut short",
                                       "record 4 (offset 2560): '\\x00\\x00' is not a WARC record header"]),
        "bad.arc": (1, [], ["record 1 (offset 0): the length '-1'", "record 2 (offset 134): the length '-1'",
                            "record 3 (offset 262): the length 'abc'"]),
        "example-space-in-url.arc": (1, [], ["record 2 (offset 151): truncated: the header gives 1591 bytes, "
                                             "the file ends after 1579"]),
        "example-bad.warc.gz.bad": (0, ["http://example.com?example=1"], []),
    }
    equal(sorted(cases), sorted(os.listdir(WARCIO)), "every sample has its case")
    for name, (rc, uids, errs) in cases.items():
        path = os.path.join(WARCIO, name)
        args = ["--input-format", "warc"] if name.endswith(".bad") else []
        r = galley("extract", *args, path)
        got = errors(r)
        print(f"# {name}: {len(r.jsonl())} articles, {len(got)} errors")
        equal(r.rc, rc, f"{name}: exit code: {r.err}")
        equal([a["uid"] for a in r.jsonl()], uids, f"{name}: articles")
        equal(len(got), len(errs), f"{name}: errors: {r.err}")
        for e, g in zip(errs, got):
            check(g.startswith(f"galley: error: {path}: ") and e in g, f"{name}: error", e, g)
        for a in r.jsonl():
            check(a["meta"].get("fetched", "").endswith("Z"), f"{name}: fetched", a["meta"])
            check(a["title"], f"{name}: title", a)
    iana = galley("extract", os.path.join(WARCIO, "example-iana.org-chunked.warc")).jsonl()[0]
    check("Internet Assigned Numbers Authority" in iana["title"] and len(iana["text"]) > 500,
          "the chunked iana.org page", iana["title"], len(iana["text"]))


if __name__ == "__main__":
    main(globals())
