#!/usr/bin/env python3
"""test_datasets.py — CSV, TSV and JSON Lines datasets through `galley extract` and
`galley run`: the fixtures in fixtures/csv/, the field mapping (--map and the default
table), and the real FakeNewsCorpus sample checked row by row against Python's own CSV
reader."""
import csv
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from harness import ROOT, SHARED, Tmp, check, db_rows, equal, galley, main, skip  # noqa: E402

FIXTURES = os.path.join(ROOT, "fixtures", "csv")
FAKENEWS = os.path.join(SHARED, "corpus", "fakenewscorpus-sample", "news_sample.csv")


def fixture(name):
    return os.path.join("fixtures", "csv", name)


def split_list(s):
    """authors and tags as galley splits them: on , ; | with blanks trimmed."""
    for sep in ";|":
        s = s.replace(sep, ",")
    return [p.strip() for p in s.split(",") if p.strip()]


def test_fakenews_sample_loads_with_the_right_fields():
    if not os.path.exists(FAKENEWS):
        skip(f"{FAKENEWS} is absent (the shared corpus is not beside the checkout)")
    with open(FAKENEWS, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    r = galley("extract", FAKENEWS)
    bad = [line for line in r.err.splitlines() if line.startswith("galley: error:")]
    # What is real in this file: 250 well-formed rows, none broken. Print what failed.
    print(f"# fakenewscorpus-sample: {len(rows)} rows, {len(r.jsonl())} articles, {len(bad)} failed")
    for line in bad:
        print("#   " + line)
    equal(r.rc, 0 if not bad else 1, "exit code: " + r.err)
    arts = r.jsonl()
    equal(len(arts), len(rows), "one article per row")
    equal(len(bad), 0, "no row of the sample is broken")
    for row, a in zip(rows, arts):
        what = f"row id {row['id']}"
        equal(a["uid"], row["id"], what + " uid (id)")
        equal(a["title"], row["title"].strip() or None, what + " title")
        equal(a["url"], row["url"], what + " url")
        equal(a["site_name"], row["domain"], what + " site_name (domain)")
        equal(a["format"], "csv", what + " format")
        equal(a["authors"], split_list(row["authors"]), what + " authors")
        equal(a["tags"], split_list(row["keywords"]) + split_list(row["tags"]), what + " tags (keywords, tags)")
        equal(a["meta"].get("type"), row["type"] or None, what + " type in meta")
        equal(a["meta"].get("scraped_at"), row["scraped_at"], what + " scraped_at in meta")
        paragraphs = [p.strip() for p in row["content"].split("\n\n") if p.strip()]
        check(len(a["blocks"]) >= 1 and a["blocks"][0]["text"] == " ".join(paragraphs[0].split("\n")).strip(),
              what + " first paragraph", a["blocks"][:1], paragraphs[:1])
        equal(a["text"].replace("\n", " ").split(), row["content"].split(), what + " the whole body, word for word")
    first = arts[0]
    equal((first["title"], first["authors"], first["meta"]["type"]),
          ("Church Congregation Brings Gift to Waitresses Working on Christmas Eve, Has Them Crying (video)",
           ["Ruth Harris"], "unreliable"), "the first row")
    # The sample has no publication date column (scraped_at is when it was fetched).
    check(all(a["published"] is None for a in arts), "no published date invented")
    # The same file through a run and the store.
    with Tmp() as tmp:
        db = os.path.join(tmp, "f.db")
        r = galley("run", "--db", db, "--summary", "json", "--plugin", "format/markdown", FAKENEWS)
        equal(r.rc, 0, "run: " + r.err)
        s = r.json()
        equal((s["loaded"], s["failed"]), (len(rows), 0), "run summary")
        equal(db_rows(db, "SELECT count(DISTINCT uid), count(*) FROM articles")[0], (len(rows), len(rows)), "stored")


def test_extract_prints_one_line_per_row():
    r = galley("extract", "--format", "jsonl", fixture("quoted.csv"))
    equal(r.rc, 0, "exit code: " + r.err)
    arts = r.jsonl()
    equal(len(arts), 3, "three rows, one with CRLF inside quotes")
    equal(arts[0]["title"], "Council votes, at last, on the bridge", "commas inside quotes")
    equal([b["text"] for b in arts[0]["blocks"]],
          ['The vote came after "years" of debate.', "Residents cheered; the mayor did not."], "paragraphs")
    equal((arts[0]["published"], arts[0]["authors"], arts[0]["tags"], arts[0]["section"]),
          ("2024-05-03T10:00:00Z", ["Ann Lee", "Bo Park"], ["roads", "budget"], "Local"), "mapped fields")
    equal((arts[1]["published"], arts[1]["published_raw"]), ("2017-07-14T18:24:00", "Friday, 14 July 2017 06:24 PM"),
          "a long-form date")
    equal((arts[2]["published"], arts[2]["published_raw"]), (None, "not a date"), "an unparsed date is kept raw")
    r = galley("extract", fixture("articles.tsv"))
    equal(r.rc, 0, "tsv: " + r.err)
    equal([(a["title"], a["format"], a["lang"]) for a in r.jsonl()],
          [('Tabs and "quotes"', "tsv", "en"), ("Quoted\tfield", "tsv", "fr")], "tsv rows")


def test_bad_rows_fail_alone_and_are_named():
    r = galley("extract", fixture("bad-rows.csv"))
    equal(r.rc, 1, "a partial failure")
    equal([a["title"] for a in r.jsonl()],
          ["Accents", "Good one", "Windows row", "Good two", "Good three"], "the good rows")
    errors = [line for line in r.err.splitlines() if line.startswith("galley: error:")]
    equal(errors, ["galley: error: fixtures/csv/bad-rows.csv:4: 4 fields where the header has 3",
                   "galley: error: fixtures/csv/bad-rows.csv:5: 2 fields where the header has 3",
                   "galley: error: fixtures/csv/bad-rows.csv:6: invalid UTF-8 in column 'text'",
                   "galley: error: fixtures/csv/bad-rows.csv:8: text after the closing quote of field 1",
                   "galley: error: fixtures/csv/bad-rows.csv:10: text after the closing quote of field 2"],
          "each bad row named by file and line")
    with Tmp() as tmp:
        db = os.path.join(tmp, "b.db")
        r = galley("run", "--db", db, "--summary", "json", "--plugin", "format/markdown", fixture("bad-rows.csv"))
        equal(r.rc, 1, "run exit code: " + r.err)
        s = r.json()
        equal((s["loaded"], s["failed"], len(s["errors"])), (5, 5, 5), "run summary")
        equal(db_rows(db, "SELECT count(*) FROM errors WHERE message LIKE 'fixtures/csv/bad-rows.csv:%'")[0][0], 5,
              "errors stored")


def test_missing_columns_and_unmapped_ones():
    r = galley("extract", fixture("missing-columns.csv"))
    equal(r.rc, 0, r.err)
    arts = r.jsonl()
    equal([(a["uid"], a["title"], a["description"], a["meta"]) for a in arts],
          [("fixtures/csv/missing-columns.csv:3", "Only a title", "A short summary", {"Category": "politics"}),
           ("fixtures/csv/missing-columns.csv:4", "Second title", None, {"Category": "sport"})],
          "no url or id: the uid names the line; Category goes to meta")


def test_map_on_extract_and_run():
    args = ["--map", "title=hed,text=copy", "--map", "published=when,authors=who,tags=labels,meta.slug=slug"]
    r = galley("extract", *args, fixture("mapped.csv"))
    equal(r.rc, 0, r.err)
    a = r.jsonl()[0]
    equal((a["title"], [b["text"] for b in a["blocks"]], a["authors"], a["tags"], a["meta"]),
          ("Storm hits coast", ["Winds of 120 km/h.", "Power is out."], ["Dee Ray", "Eli Fox"], ["weather", "coast"],
           {"slug": "storm-coast"}), "mapped")
    equal(a["published_raw"], "03/05/2024", "the raw date kept (day and month are ambiguous)")
    # Without --map nothing there is a known name: everything goes to meta.
    a = galley("extract", fixture("mapped.csv")).jsonl()[0]
    equal((a["title"], sorted(a["meta"])), (None, ["copy", "hed", "labels", "slug", "when", "who"]), "unmapped")
    with Tmp() as tmp:
        db = os.path.join(tmp, "m.db")
        r = galley("run", "--db", db, "--plugin", "format/markdown", *args, fixture("mapped.csv"))
        equal(r.rc, 0, "run: " + r.err)
        equal(db_rows(db, "SELECT title, authors FROM articles"), [("Storm hits coast", '["Dee Ray","Eli Fox"]')],
              "stored with the map")
    # JSON Lines keys go through the mapping as well.
    r = galley("extract", "--map", "description=category", fixture("dataset.jsonl"))
    equal(r.rc, 0, r.err)
    first, second = r.jsonl()
    equal((first["title"], first["published"], first["authors"], first["description"], first["meta"]),
          ("From JSON Lines", "2024-02-29", ["Fay Gu", "Hal Ito"], "tech", {"score": "3"}), "jsonl dataset")
    equal((second["title"], second["meta"]), ("Export form wins", {"headline": "goes to meta"}), "export keys first")


def test_unknown_map_target_is_a_usage_error():
    for cmd in (["extract"], ["run", "--db", "x.db"]):
        with Tmp() as tmp:
            r = galley(*cmd, "--map", "title=hed,byline=who", os.path.join(ROOT, fixture("mapped.csv")), cwd=tmp)
            equal(r.rc, 2, f"{cmd[0]} exit code: " + r.err)
            check("unknown target 'byline'" in r.err and "title, subtitle, site_name" in r.err
                  and "authors, tags, meta.KEY" in r.err, f"{cmd[0]}: names it and lists the valid ones", r.err)
    r = galley("extract", "--map", "title", fixture("mapped.csv"))
    equal(r.rc, 2, "not TARGET=COLUMN")
    check("is not TARGET=COLUMN" in r.err, "says why", r.err)


if __name__ == "__main__":
    main(globals())
