"""The Markdown loader through the CLI: the real posts of ../shared/corpus/nodejs-blog
(every post with title, date, author and category), a folder of fixtures where some
files are broken (errors name file and line, the rest is stored), and --input-format."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from harness import ROOT, SHARED, Tmp, check, db_rows, equal, galley, main, skip  # noqa: E402

NODEJS_BLOG = os.path.join(SHARED, "corpus", "nodejs-blog", "apps", "site", "pages", "en", "blog")
FIXTURES = os.path.join(ROOT, "fixtures", "markdown")


def markdown_files(folder):
    return sorted(os.path.join(d, f) for d, _, files in os.walk(folder) for f in files if f.endswith(".md"))


def test_nodejs_blog_posts():
    if not os.path.isdir(NODEJS_BLOG):
        skip("../shared/corpus/nodejs-blog is absent")
    files = markdown_files(NODEJS_BLOG)
    # index.md files are the blog's listing pages (layout: blog-category), not posts
    posts = [f for f in files if os.path.basename(f) != "index.md"]
    check(len(posts) >= 300, "the corpus holds its 319 posts", len(posts))
    r = galley("extract", *files)
    equal(r.rc, 0, "exit status (" + r.err.strip()[:300] + ")")
    articles = {a["source"]: a for a in r.jsonl()}
    equal(len(articles), len(files), "one article per file")
    missing = {"title": [], "published": [], "authors": [], "section": []}
    for path in posts:
        a = articles[path]
        for key in missing:
            if not a.get(key):
                missing[key].append(os.path.relpath(path, NODEJS_BLOG))
        check(a["published"] is None or a["published"][:4].isdigit(), "published is ISO 8601", path, a["published"])
        check(a["blocks"], "the post has a body", path)
    counts = ", ".join("%s %d/%d" % (k, len(posts) - len(v), len(posts)) for k, v in missing.items())
    print("# nodejs-blog: %d posts (+%d listing pages): %s" % (len(posts), len(files) - len(posts), counts))
    for key, paths in missing.items():
        equal(paths, [], "posts without " + key)
    # spot checks against the front matter as written
    a = articles[os.path.join(NODEJS_BLOG, "announcements", "adjusted-release-schedule-covid.md")]
    equal(a["title"], "Changes to Release Schedule", "title")
    equal(a["published"], "2020-04-03T20:26:28Z", "published")
    equal(a["published_raw"], "2020-04-03T20:26:28.000Z", "published_raw")
    equal(a["authors"], ["Shelley Vohr"], "authors")
    equal(a["section"], "announcements", "section")
    equal(a["meta"].get("layout"), "blog-post", "other keys go to meta")
    # two posts have no category in their front matter: their folder gives it
    a = articles[os.path.join(NODEJS_BLOG, "uncategorized", "bnoordhuis-departure.md")]
    equal(a["section"], "uncategorized", "section from the folder")


def test_fixture_folder_run():
    with Tmp() as tmp:
        db = os.path.join(tmp, "g.db")
        r = galley("run", "--db", db, FIXTURES)
        equal(r.rc, 1, "exit status: some inputs failed, the rest was done")
        for name, where in (("malformed-yaml.md", "line 4: YAML front matter"),
                            ("malformed-toml.md", "line 2: TOML front matter"),
                            ("unclosed-front-matter.md", "line 1: YAML front matter opened with '---'"),
                            ("empty.md", "empty file")):
            check(name + ": " + where in r.err, "the error names file and line: " + name, r.err)
        loaded = db_rows(db, "SELECT source, format, title FROM articles ORDER BY source")
        sources = [os.path.basename(s) for s, _, _ in loaded]
        good = [f for f in sorted(os.listdir(FIXTURES)) if f.endswith(".md")
                and f not in ("malformed-yaml.md", "malformed-toml.md", "unclosed-front-matter.md", "empty.md")]
        equal(sources, good, "every good fixture stored")
        check(all(fmt == "markdown" for _, fmt, _ in loaded), "format is markdown", loaded)
        meta = db_rows(db, "SELECT json_extract(meta, '$.draft') FROM articles WHERE source LIKE '%yaml-hugo.md'")
        equal(meta, [("true",)], "draft kept in meta")


def test_input_format_markdown():
    with Tmp() as tmp:
        path = os.path.join(tmp, "notes.txt")
        with open(path, "w") as f:
            f.write("---\ntitle: Forced\nauthor: A. Writer\n---\n\n# Not the title\n\nText.\n")
        a = galley("extract", "--input-format", "markdown", path).json()
        equal(a["format"], "markdown", "format")
        equal(a["title"], "Forced", "title")
        equal(a["blocks"][0], {"type": "heading", "level": 1, "text": "Not the title"}, "first block")
        r = galley("extract", "--input-format", "nope", path)
        check("markdown" in r.err, "the known formats are listed", r.err)


if __name__ == "__main__":
    main(globals())
