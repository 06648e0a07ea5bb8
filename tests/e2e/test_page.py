"""test_page.py — article:select() and article:xpath() in the places plugins meet
articles: galley run (worker threads), galley plugin test, export plugins over the store
(no page there); nodes that outlive their article; the bound on XPath work; and libxml2
saying nothing on stderr when an expression is wrong."""
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from harness import ROOT, SEED, Tmp, check, equal, galley, main  # noqa: E402

SAMPLE = os.path.join(ROOT, "fixtures", "html", "sample-article.html")


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def summary(r):
    return json.loads(r.out.strip().splitlines()[-1])


def test_nodes_outlive_their_article():
    # Nodes kept past process() (in a local of the plugin file) still read their page in
    # finish(), after the article and its userdata are gone; the article itself does not.
    plugin = """local kept, art = {}, nil
return { kind = "format", version = "1",
  process = function(article, ctx)
    kept[#kept + 1] = article:select("h2")[2]
    kept[#kept + 1] = article:xpath("//time/@datetime")[1]
    art = article
  end,
  finish = function(ctx)
    if #kept == 0 then return end  -- the other worker saw no article
    assert(kept[1]:text() == "What changes on board", kept[1]:text())
    assert(kept[1]:select("+ ul > li:last-child")[1]:text() == "Bookings open on 26 February")
    assert(kept[2]:text() == "2024-02-19T07:30:00+00:00")
    assert(kept[1]:xpath("string(/html/head/title)"):find("^Night ferry"))
    local ok, err = pcall(function() return art.title end)
    assert(not ok and err:find("no longer available"))
    print("kept nodes work")
  end }
"""
    with Tmp() as tmp:
        p = write(os.path.join(tmp, "keep.lua"), plugin)
        r = galley("run", "-v", "--db", os.path.join(tmp, "x.db"), "--summary", "json", "--plugin", p, SAMPLE)
        equal(r.rc, 0, f"galley run (stderr: {r.err})")
        check("kept nodes work" in r.err, "finish() read the kept nodes", r.err)


def test_plugin_test_and_export_plugins():
    fmt = """return { kind = "format", version = "1", process = function(article, ctx)
  local links = article:select("a[href^='https:']")
  article:set_meta("external_links", #links)
  article:set_meta("host", links[1] and links[1]:attr("href"):match("//([^/]+)") or "none")
end }
"""
    export = """return { kind = "export", version = "1", export = function(articles, ctx)
  local out = ctx:open()
  for a in articles do
    out:write(a.format, " ", #a:select("p"), " ", #a:xpath("//p"), "\\n")
  end
end }
"""
    with Tmp() as tmp:
        fp = write(os.path.join(tmp, "links.lua"), fmt)
        r = galley("plugin", "test", fp, SAMPLE, SEED)
        equal(r.rc, 0, f"galley plugin test (out: {r.out} err: {r.err})")
        check('{"external_links":"1","host":"soundlines.example"}' in r.out, "the html article's links", r.out)
        # (the text article's meta also has the detected language's confidence)
        check('"external_links":"0","host":"no' in r.out, "none in the text article", r.out)
        # Export: under plugin test the loaded articles have their page; read back from
        # the store they have none, and the queries give empty lists.
        ep = write(os.path.join(tmp, "count.lua"), export)
        out = os.path.join(tmp, "out")
        r = galley("plugin", "test", ep, SAMPLE, "--output", out)
        equal(r.rc, 0, f"export under plugin test (out: {r.out} err: {r.err})")
        files = os.listdir(out)
        with open(os.path.join(out, files[0]), encoding="utf-8") as f:
            equal(f.read(), "html 11 11\n", "the page is there under plugin test")
        db = os.path.join(tmp, "x.db")
        equal(galley("run", "-q", "--db", db, SAMPLE, SEED).rc, 0, "storing the articles")
        r = galley("export", "--db", db, "--plugin", ep, "-o", os.path.join(tmp, "out2"))
        equal(r.rc, 0, f"galley export (stderr: {r.err})")
        with open(os.path.join(tmp, "out2"), encoding="utf-8") as f:  # one unnamed file: -o is it
            equal(sorted(f.read().splitlines()), ["html 0 0", "text 0 0"], "no page in the store")


def test_xpath_work_is_bounded_and_the_run_goes_on():
    # 20,000 elements: //*[count(//*) > 0] would visit 400 million nodes.
    page = "<html><body>" + "".join(f"<div><p>p{i}</p></div>" for i in range(10000)) + "</body></html>"
    plugin = """return { kind = "format", version = "1", process = function(article, ctx)
  if #article:select("div > p") == 10000 then article:xpath("count(//*[count(//*) > 0])") end
end }
"""
    with Tmp() as tmp:
        inp = os.path.join(tmp, "in")
        write(os.path.join(inp, "big.html"), page)
        write(os.path.join(inp, "small.html"), "<html><body><p>" + "Just a small page. " * 5 + "</p></body></html>")
        p = write(os.path.join(tmp, "slow.lua"), plugin)
        t0 = time.time()
        r = galley("run", "--db", os.path.join(tmp, "x.db"), "--summary", "json", "--plugin", p, inp)
        took = time.time() - t0
        s = summary(r)
        equal((s["loaded"], s["failed"]), (1, 1), f"one article fails, the other is stored: {s}")
        check("too much work" in r.err and "count(//*[count(//*) > 0])" in r.err and "big.html" in r.err,
              "the error names the limit, the expression and the article", r.err)
        check(took < 30, "stopped within seconds, not minutes", took)


def test_bad_expressions_raise_without_noise_on_stderr():
    plugin = """return { kind = "format", version = "1", process = function(article, ctx)
  for _, e in ipairs({ "nosuch(//p)", "//p[", "$undefined", "//p[@x=']" }) do
    local ok, err = pcall(article.xpath, article, e)
    assert(not ok and err:find("xpath: ") and err:find(e, 1, true), err)
    print(err)
  end
  local ok, err = pcall(article.select, article, "p:nth-child(odd)")
  assert(not ok and err:find("at position 13 in 'p:nth%-child%(odd%)'"), err)
end }
"""
    with Tmp() as tmp:
        p = write(os.path.join(tmp, "bad.lua"), plugin)
        r = galley("run", "-v", "--db", os.path.join(tmp, "x.db"), "--plugin", p, SAMPLE)
        equal(r.rc, 0, f"the errors are caught by pcall (stderr: {r.err})")
        lines = [line for line in r.err.splitlines() if not line.startswith("galley")]
        equal(lines, [], "nothing but galley's own lines on stderr")
        check("function nosuch not found" in r.err and "undefined variable" in r.err, "the reasons", r.err)


if __name__ == "__main__":
    main(globals())
