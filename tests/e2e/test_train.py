"""End-to-end tests of the trained categorizer and the duplicate index: `galley train` on a
folder and on a CSV, the categorize/trained plugin in a run (a retrained model reprocesses),
`galley eval-categories`, the clear errors for bad training input, and duplicate links
that are the same for one run, -j 2 and merged shards."""
import os
import random
import sys

sys.path.insert(0, os.path.dirname(__file__))
from harness import SHARED, Tmp, check, db_rows, equal, galley, main, skip  # noqa: E402

# Small vocabularies of two desks; texts are drawn from them with a fixed seed.
WORDS = {
    "sport": "match goal team league season coach striker cup final stadium player win title race".split(),
    "money": "market shares bank profit investors rates inflation economy growth prices trade company".split(),
}
COMMON = "the a of in on and to after before with said new year".split()


def texts(label, n, seed):
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        words = [rnd.choice(WORDS[label] if rnd.random() < 0.4 else COMMON) for _ in range(60)]
        out.append("Headline %d\n\n%s.\n" % (rnd.randrange(1000), " ".join(words)))
    return out


def write(path, text, mode="w"):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, mode) as f:
        f.write(text)


def labelled_folder(root, per_label=12, seed=1):
    for k, label in enumerate(sorted(WORDS)):
        for i, t in enumerate(texts(label, per_label, seed + k)):
            write(os.path.join(root, label, "%02d.txt" % i), t)


def test_help_of_train_and_eval():
    for cmd in ("train", "eval-categories"):
        r = galley(cmd, "--help")
        equal(r.rc, 0, f"{cmd} --help")
        check("--labels" in r.out, f"{cmd} --help names --labels", r.out)


def test_train_then_run_with_the_trained_plugin_and_retrain():
    with Tmp() as tmp:
        labelled_folder(os.path.join(tmp, "labels"))
        model = os.path.join(tmp, "desk.gcm")
        r = galley("train", "--scheme", "desk", "--labels", os.path.join(tmp, "labels"), "-o", model)
        equal(r.rc, 0, f"train (stderr: {r.err})")
        check("24 texts, 2 labels" in r.err and os.path.getsize(model) > 100, "train says what it did", r.err)
        news = os.path.join(tmp, "news")
        write(os.path.join(news, "s.txt"), "Cup final\n\nThe striker scored a late goal and the team won the cup final.\n")
        write(os.path.join(news, "m.txt"), "Markets\n\nShares rose as investors welcomed bank profit and lower rates.\n")
        config = os.path.join(tmp, "galley.lua")
        write(config, 'return { plugins = { { "categorize/trained", model = %r } } }\n' % model)
        db = os.path.join(tmp, "t.db")
        r = galley("run", "--db", db, "--config", config, news)
        equal(r.rc, 0, f"run (stderr: {r.err})")
        got = dict(db_rows(db, "SELECT a.uid, c.label FROM categories c JOIN articles a ON a.id = c.article_id"
                               " WHERE c.scheme = 'desk'"))
        equal({os.path.basename(k): v for k, v in got.items()}, {"s.txt": "sport", "m.txt": "money"}, "labels")
        scores = [s for (s,) in db_rows(db, "SELECT score FROM categories WHERE scheme = 'desk'")]
        check(all(0.5 < s <= 1 for s in scores), "scores are probabilities of the top label", scores)
        r = galley("run", "--db", db, "--config", config, news)
        check("0 loaded, 2 skipped" in r.err, "a rerun skips", r.err)
        # A retrained model (other data) is a new checksum: the articles go through again.
        labelled_folder(os.path.join(tmp, "labels"), per_label=14, seed=7)
        equal(galley("train", "--scheme", "desk", "--labels", os.path.join(tmp, "labels"), "-o", model).rc, 0, "retrain")
        r = galley("run", "--db", db, "--config", config, news)
        check("2 loaded, 0 skipped" in r.err, "a changed model reprocesses", r.err)
        # A damaged model stops the run before anything is done, naming the file.
        with open(model, "r+b") as f:
            f.truncate(50)
        r = galley("run", "--db", db, "--config", config, news)
        equal(r.rc, 3, f"a damaged model is fatal (stderr: {r.err})")
        check("desk.gcm" in r.err and "checksum" in r.err, "the message names the model and the problem", r.err)


def test_train_from_csv_and_its_errors():
    with Tmp() as tmp:
        rows = ["id,body,desk"]
        for label in sorted(WORDS):
            for i, t in enumerate(texts(label, 10, 3)):
                rows.append('%s-%d,"%s",%s' % (label, i, t.replace('"', '""'), label))
        csv = os.path.join(tmp, "l.csv")
        write(csv, "\n".join(rows) + "\n")
        model = os.path.join(tmp, "m.gcm")
        r = galley("train", "--labels", csv, "--text-column", "body", "--label-column", "desk", "-o", model)
        equal(r.rc, 0, f"train from CSV (stderr: {r.err})")
        check("20 texts, 2 labels" in r.err, "all rows read (quoted newlines included)", r.err)
        r = galley("train", "--labels", csv, "--label-column", "topic", "-o", model)
        equal(r.rc, 2, "a label column that does not exist")
        check("no column 'text'" in r.err and "'body'" in r.err and "l.csv" in r.err,
              "names the missing column, the file and the columns there are", r.err)
        r = galley("train", "--labels", csv, "--text-column", "body", "--label-column", "nope", "-o", model)
        check(r.rc == 2 and "no column 'nope'" in r.err and "--label-column" in r.err, "missing label column", r.err)
        one = os.path.join(tmp, "one.csv")
        write(one, "text,label\nsome words here,a\nmore words there,a\n")
        r = galley("train", "--labels", one, "-o", model)
        equal(r.rc, 2, f"one class (stderr: {r.err})")
        check("at least two labels" in r.err and "one.csv" in r.err, "one class is explained", r.err)


def test_bad_training_folders_are_explained():
    with Tmp() as tmp:
        empty = os.path.join(tmp, "empty")
        os.makedirs(empty)
        r = galley("train", "--labels", empty, "-o", os.path.join(tmp, "m.gcm"))
        equal(r.rc, 2, "empty folder")
        check("no labelled texts" in r.err and "sub-folder per label" in r.err, "empty folder is explained", r.err)
        check(not os.path.exists(os.path.join(tmp, "m.gcm")), "no model written")
        one = os.path.join(tmp, "one")
        write(os.path.join(one, "only", "a.txt"), "Some words in a text\n")
        r = galley("train", "--labels", one, "-o", os.path.join(tmp, "m.gcm"))
        check(r.rc == 2 and "'only'" in r.err and "at least two labels" in r.err, "one class", r.err)
        labelled_folder(os.path.join(tmp, "mixed"))
        write(os.path.join(tmp, "mixed", "money", "latin1.txt"), "Caf\xe9 prices\n\nMarket prices rose.\n".encode("latin-1"),
              "wb")
        r = galley("train", "--labels", os.path.join(tmp, "mixed"), "-o", os.path.join(tmp, "m.gcm"))
        equal(r.rc, 0, f"a non-UTF-8 file does not stop training (stderr: {r.err})")
        check("latin1.txt: not valid UTF-8 (byte 0xE9 at offset 3)" in r.err, "it is named with the bad byte", r.err)
        check("25 texts" in r.err, "and decoded and used", r.err)
        r = galley("train", "--labels", os.path.join(tmp, "nowhere"), "-o", os.path.join(tmp, "m.gcm"))
        check(r.rc == 2 and "nowhere" in r.err, "a missing path", r.err)
        r = galley("train", "--labels", one)
        check(r.rc == 2 and "-o FILE" in r.err, "no output file", r.err)


def test_eval_categories_prints_accuracy_confusion_and_calibration():
    with Tmp() as tmp:
        labelled_folder(os.path.join(tmp, "labels"), per_label=15)
        r = galley("eval-categories", "--labels", os.path.join(tmp, "labels"), "--folds", "3", "--min-accuracy", "0.8")
        equal(r.rc, 0, f"eval (stdout: {r.out} stderr: {r.err})")
        for what in ("30 texts, 2 labels, 3-fold", "galley logreg", "galley nb", "fastText", "precision",
                     "confusion matrix", "ECE"):
            check(what in r.out, f"the report has {what!r}", r.out)
        line = next(l for l in r.out.splitlines() if l.strip().startswith("galley logreg"))
        check(float(line.split()[2]) >= 0.8, "the synthetic desks are learnt", line)
        r = galley("eval-categories", "--labels", os.path.join(tmp, "labels"), "--folds", "1")
        equal(r.rc, 2, "folds below 2 are refused")


def test_bbc_duplicates_are_the_same_for_one_run_jobs_and_merged_shards():
    bbc = os.path.join(SHARED, "corpus", "bbc-news", "bbc", "tech")
    if not os.path.isdir(bbc):
        skip(f"{bbc} absent")
    with Tmp() as tmp:
        def links(db):
            return sorted(db_rows(db, "SELECT a.uid, c.label, c.score FROM categories c"
                                      " JOIN articles a ON a.id = c.article_id WHERE c.scheme = 'duplicate'"))
        one, jobs = os.path.join(tmp, "one.db"), os.path.join(tmp, "jobs.db")
        equal(galley("run", "-j", "1", "--db", one, "--plugin", "format/markdown", bbc).rc, 0, "run -j 1")
        equal(galley("run", "-j", "2", "--db", jobs, "--plugin", "format/markdown", bbc).rc, 0, "run -j 2")
        want = links(one)
        check(len(want) >= 50, "the BBC tech folder has its known copies", len(want))
        exact = [l for l in want if l[2] == 1.0]
        check(0 < len(exact) < len(want), "exact and near copies", want[:5])
        equal(links(jobs), want, "-j 2 gives the same links")
        shards = []
        for i in (1, 2, 3):
            shards.append(os.path.join(tmp, f"s{i}.db"))
            equal(galley("run", "--shard", f"{i}/3", "--db", shards[-1], "--plugin", "format/markdown", bbc).rc, 0, "shard")
        merged = os.path.join(tmp, "merged.db")
        equal(galley("merge", merged, *reversed(shards)).rc, 0, "merge")
        equal(links(merged), want, "merged shards (in any order) give the same links")


if __name__ == "__main__":
    main(globals())
