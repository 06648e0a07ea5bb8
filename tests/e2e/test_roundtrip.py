"""JSON Lines is galley's lossless interchange format: what `galley export --plugin
export/jsonl` writes, `galley run` loads back into the same articles, table by table,
column by column — fields, blocks, metadata, categories and renditions with their plugin,
and the hash. Checked on every folder of fixtures/ (every input format there) and on
articles made to be hard (every block type, odd meta, scores, control characters)."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from harness import ROOT, Tmp, check, db_rows, equal, galley, main  # noqa: E402

FIXTURES = os.path.join(ROOT, "fixtures")

# Run bookkeeping, not the article: the row id, the run that stored it, when.
ARTICLE_COLUMNS = ("uid, source, format, url, title, subtitle, site_name, section, published, published_raw, "
                   "modified, modified_raw, lang, description, image, authors, tags, meta, blocks, text, hash")


def snapshot(db):
    """Every article of db as stored, with its categories and renditions, in stored order."""
    return {
        "articles": db_rows(db, "SELECT %s FROM articles ORDER BY id" % ARTICLE_COLUMNS),
        "categories": db_rows(db, "SELECT a.uid, c.scheme, c.label, c.score, c.plugin FROM categories c "
                                  "JOIN articles a ON a.id = c.article_id ORDER BY a.id, c.scheme, c.label"),
        "renditions": db_rows(db, "SELECT a.uid, r.format, r.body, r.plugin FROM renditions r "
                                  "JOIN articles a ON a.id = r.article_id ORDER BY a.id, r.format"),
    }


def same(got, expected, what):
    """Compares two snapshots table by table, naming the first row that differs."""
    for table in ("articles", "categories", "renditions"):
        g, e = got[table], expected[table]
        equal(len(g), len(e), "%s: %s rows" % (what, table))
        for rg, re_ in zip(g, e):
            if rg != re_:
                cols = ARTICLE_COLUMNS.split(", ") if table == "articles" else range(len(rg))
                diff = [(c, x, y) for c, x, y in zip(cols, rg, re_) if x != y]
                raise AssertionError("%s: %s row of %r differs (column, got, expected): %r"
                                     % (what, table, rg[0], diff))


def no_plugins(tmp):
    path = os.path.join(tmp, "none.lua")
    with open(path, "w") as f:
        f.write("return { plugins = {} }\n")
    return path


def export_jsonl(db, out):
    r = galley("export", "--db", db, "--plugin", "export/jsonl", "-o", out)
    equal(r.rc, 0, "export (stderr: %s)" % r.err)
    with open(out, "rb") as f:
        return f.read()


def round_trip(tmp, first_db, what):
    """Exports first_db, loads the export into a new database with no plugin (so nothing
    is remade) and checks the two hold the same; then exports again: the same bytes."""
    dump = os.path.join(tmp, "dump.jsonl")
    text = export_jsonl(first_db, dump)
    second = os.path.join(tmp, "second.db")
    r = galley("run", "-q", "--config", no_plugins(tmp), "--db", second, dump)
    equal(r.rc, 0, "%s: loading the export back (stderr: %s)" % (what, r.err))
    same(snapshot(second), snapshot(first_db), what + ", loaded back")
    equal(export_jsonl(second, os.path.join(tmp, "again.jsonl")), text, what + ": the second export")
    return dump


def test_every_fixture_folder_round_trips():
    folders = sorted(d for d in os.listdir(FIXTURES) if os.path.isdir(os.path.join(FIXTURES, d)))
    check(folders, "fixtures/ has folders")
    for name in folders:
        with Tmp() as tmp:
            first = os.path.join(tmp, "first.db")
            # The default plugins, so that the articles have categories and renditions.
            # Fixtures that are bad on purpose fail alone (status 1); the rest is stored.
            r = galley("run", "-q", "--db", first, os.path.join(FIXTURES, name))
            check(r.rc in (0, 1), "run over fixtures/%s (stderr: %s)" % (name, r.err))
            n = db_rows(first, "SELECT count(*) FROM articles")[0][0]
            check(n > 0, "fixtures/%s gives articles" % name)
            check(db_rows(first, "SELECT count(*) FROM renditions")[0][0] > 0, "renditions to keep")
            dump = round_trip(tmp, first, "fixtures/" + name)

            # Loaded back with the default plugins, which run again over every article:
            # they remake the same categories and renditions.
            third = os.path.join(tmp, "third.db")
            r = galley("run", "-q", "--db", third, dump)
            equal(r.rc, 0, "run with plugins over the export (stderr: %s)" % r.err)
            same(snapshot(third), snapshot(first), "fixtures/%s, loaded back with the plugins" % name)


HARD = [
    {"uid": "https://example.com/a?x=1&y=2", "source": "feeds/a.xml", "format": "html",
     "url": "https://example.com/a?x=1&y=2", "title": "Quotes \" \\ and \u2028 separators\x01",
     "subtitle": "", "site_name": "Ex", "section": "S", "published": "2024-05-03T10:00:00Z",
     "published_raw": "Fri, 03 May 2024 10:00:00 GMT", "modified": "2024-05-04", "modified_raw": "4 May",
     "lang": "en-GB", "description": "d", "image": "https://example.com/i.png",
     "authors": ["A, B", "Ünïcødé"], "tags": ["x", ""],
     "blocks": [{"type": "heading", "level": 1, "text": "H1"},
                {"type": "heading", "level": 6, "text": "H6"},
                {"type": "paragraph", "text": "p\twith tab\nand newline"},
                {"type": "list_item", "level": 1, "text": "l1"},
                {"type": "list_item", "level": 3, "text": "l3"},
                {"type": "quote", "text": "q"},
                {"type": "code", "text": "  indented()\n    more"},
                {"type": "image", "text": "", "url": "i.png", "alt": ""},
                {"type": "image", "text": "caption only"},
                {"type": "table_row", "text": "a | b | c"},
                {"type": "paragraph", "text": ""}],
     "meta": {"n": "42", "f": "0.1", "b": "true", "empty": "", "nested": "{\"a\":1}"},
     "categories": [{"scheme": "topic", "label": "politics", "score": 0.30000000000000004, "plugin": "p/x"},
                    {"scheme": "place", "label": "IQ", "score": 1, "plugin": None},
                    {"scheme": "topic", "label": "tiny", "score": 1e-9, "plugin": "p/x"}],
     "renditions": {"markdown": "# md\n", "html": "<p>x</p>", "empty": ""},
     "rendition_plugins": {"markdown": "format/markdown", "html": "format/html"}},
    {"uid": "b.txt", "source": "b.txt", "format": "text", "title": None, "authors": [], "tags": [],
     "blocks": [], "meta": {}, "categories": [], "renditions": {}},
    {"uid": "ar", "source": "ar.txt", "title": "عنوان", "text": "فقرة أولى\n\nفقرة ثانية"},
]


def test_hard_articles_round_trip():
    with Tmp() as tmp:
        src = os.path.join(tmp, "hard.jsonl")
        with open(src, "w") as f:
            for a in HARD:
                f.write(json.dumps(a) + "\n")
        first = os.path.join(tmp, "first.db")
        r = galley("run", "-q", "--config", no_plugins(tmp), "--db", first, src)
        equal(r.rc, 0, "loading the hard articles (stderr: %s)" % r.err)
        round_trip(tmp, first, "hard articles")
        s = snapshot(first)
        equal(len(s["articles"]), 3, "articles")
        equal(len(s["categories"]), 3, "categories")
        equal(s["categories"][1][3], 0.30000000000000004, "a score, to the last bit")
        equal(sorted((r[1], r[3]) for r in s["renditions"]),
              [("empty", None), ("html", "format/html"), ("markdown", "format/markdown")],
              "renditions and the plugins that made them")

        bad = os.path.join(tmp, "bad.jsonl")
        with open(bad, "w") as f:
            f.write('{"uid": "ok", "title": "fine"}\n{"uid": "x", "renditions": {"a": "b"}, "rendition_plugins": "p"}\n')
        r = galley("run", "-q", "--config", no_plugins(tmp), "--db", os.path.join(tmp, "bad.db"), bad)
        equal(r.rc, 1, "a line with a bad rendition_plugins fails alone")
        check('bad.jsonl:2: "rendition_plugins" has the wrong type' in r.err, "names file, line and key", r.err)


if __name__ == "__main__":
    main(globals())
