"""export_fixtures.py — articles for the exporter tests: ordinary ones and hostile ones
(markup, quotes, YAML and shortcode syntax in titles and bodies, shared titles, missing
dates and sections), written as JSON Lines and loaded by `galley run` into a real
database with the bundled format and categorize plugins."""
import json
import os

from harness import check, galley

# Payloads that, if they ever ran, would mark the page: the browser test looks for the mark.
PWN_SCRIPT = "</script><script>document.documentElement.setAttribute('data-pwned', 'script')</script>"
PWN_IMG = "<img src=x onerror=\"document.documentElement.setAttribute('data-pwned', 'img')\">"
HOSTILE_TITLE = PWN_SCRIPT + " \"Quotes\" & 'apostrophes': " + PWN_IMG


def article(n, **fields):
    a = {"uid": f"https://example.org/news/{n}", "url": f"https://example.org/news/{n}",
         "title": f"Article number {n}", "section": "World",
         "published": f"2021-03-{1 + n % 28:02d}T{n % 24:02d}:15:00Z",
         "authors": ["Jane Okafor"], "tags": ["test"],
         "blocks": [{"type": "paragraph", "text": f"Body of article {n}, about the port of Basra in Iraq."}]}
    a.update(fields)
    return a


def articles():
    """A list of article dicts covering what the exporters must survive."""
    out = [article(i) for i in range(1, 13)]
    out += [
        article(100, title=HOSTILE_TITLE, section="Opinion: \"Views\"",
                description="A: description\nwith a newline, # hash & \"quotes\"",
                tags=["- dash", "*star", "&anchor", "!tag", "%pct", "@at", "key: value"],
                authors=["O'Brien, \"Pat\""],
                url="javascript:document.documentElement.setAttribute('data-pwned','url')",
                blocks=[{"type": "paragraph", "text": PWN_SCRIPT},
                        {"type": "paragraph", "text": PWN_IMG + " and {{< shortcode >}} {{% pct %}}"},
                        {"type": "heading", "level": 2, "text": "--- not front matter ---"},
                        {"type": "image", "url": "https://example.org/a b.jpg", "alt": "An \"alt\"", "text": "Caption"},
                        {"type": "code", "text": "```\n</textarea>\n```"}],
                categories=[{"scheme": "topic", "label": "politics", "score": 0.9},
                            {"scheme": "place", "label": "IQ", "score": 1.0}]),
        article(101, title="Same title twice", published="2021-05-01"),
        article(102, title="Same title twice", published="2021-05-02"),
        article(103, title="No date, no section", published=None, section=None),
        article(104, title="Dated by an offset", published="2021-06-30T23:30:00-02:00"),
        article(105, title="---", section="---"),
        article(106, title="Only modified", published=None, modified="2020-02-29T12:00:00"),
        article(107, title="Line\u2028separator and tab\there", tags=["a\u0085b"]),
    ]
    return out


def write_jsonl(path, items):
    with open(path, "w", encoding="utf-8") as f:
        for a in items:
            f.write(json.dumps({k: v for k, v in a.items() if v is not None}, ensure_ascii=False) + "\n")


def make_db(tmp, items=None, name="g.db"):
    """Loads items (default: articles()) into tmp/name through format/markdown and
    categorize/keywords; returns the database path."""
    src = os.path.join(tmp, "articles.jsonl")
    write_jsonl(src, articles() if items is None else items)
    db = os.path.join(tmp, name)
    r = galley("run", "-q", "--db", db, "--plugin", "format/markdown", "--plugin", "categorize/keywords", src)
    check(r.rc == 0, "galley run of the test articles", r.err)
    return db
