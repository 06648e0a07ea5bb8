/* store.c — the SQLite store: schema, migrations, batched writes and reads. */
#include "store.h"
#include "date.h"
#include "json.h"
#include "util.h"
#include "words.h"

#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>

/* The schema, as the steps that take a database from version i to i + 1 (migrations[0]
 * creates version 1). docs/schema.md documents the result; it is a public interface. */
static const char schema_v1[] =
    "CREATE TABLE articles(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  uid TEXT NOT NULL UNIQUE,\n"
    "  source TEXT, format TEXT, url TEXT, title TEXT, subtitle TEXT, site_name TEXT,\n"
    "  section TEXT, published TEXT, published_raw TEXT, modified TEXT, modified_raw TEXT,\n"
    "  lang TEXT, description TEXT, image TEXT,\n"
    "  authors TEXT NOT NULL DEFAULT '[]',\n"
    "  tags TEXT NOT NULL DEFAULT '[]',\n"
    "  meta TEXT NOT NULL DEFAULT '{}',\n"
    "  blocks TEXT NOT NULL DEFAULT '[]',\n"
    "  text TEXT NOT NULL DEFAULT '',\n"
    "  hash TEXT NOT NULL,\n"
    "  run_id INTEGER,\n"
    "  stored_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))\n"
    ");\n"
    "CREATE TABLE categories(\n"
    "  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,\n"
    "  scheme TEXT NOT NULL, label TEXT NOT NULL, score REAL NOT NULL, plugin TEXT,\n"
    "  PRIMARY KEY(article_id, scheme, label)\n"
    ") WITHOUT ROWID;\n"
    "CREATE INDEX categories_by_label ON categories(scheme, label);\n"
    "CREATE TABLE renditions(\n"
    "  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,\n"
    "  format TEXT NOT NULL, body TEXT NOT NULL, plugin TEXT,\n"
    "  PRIMARY KEY(article_id, format)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE processed(\n"
    "  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,\n"
    "  plugin TEXT NOT NULL, version TEXT NOT NULL, options_hash TEXT NOT NULL,\n"
    "  hash TEXT NOT NULL, run_id INTEGER,\n"
    "  PRIMARY KEY(article_id, plugin)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE runs(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  started TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),\n"
    "  finished TEXT, status TEXT NOT NULL DEFAULT 'running',\n"
    "  args TEXT, loaded INTEGER, skipped INTEGER, failed INTEGER\n"
    ");\n"
    "CREATE TABLE errors(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  run_id INTEGER REFERENCES runs(id),\n"
    "  source TEXT, plugin TEXT, message TEXT NOT NULL,\n"
    "  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))\n"
    ");\n"
    "CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='id');\n"
    "CREATE TRIGGER articles_fts_ins AFTER INSERT ON articles BEGIN\n"
    "  INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);\n"
    "END;\n"
    "CREATE TRIGGER articles_fts_del AFTER DELETE ON articles BEGIN\n"
    "  INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES('delete', old.id, old.title, old.text);\n"
    "END;\n"
    "CREATE TRIGGER articles_fts_upd AFTER UPDATE ON articles BEGIN\n"
    "  INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES('delete', old.id, old.title, old.text);\n"
    "  INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);\n"
    "END;\n";

/* Version 2: the short Lua traceback of a plugin's error. */
static const char schema_v2[] = "ALTER TABLE errors ADD COLUMN traceback TEXT;\n";

/* Version 3: the near-duplicate index. One row per article with text: the hash of its
 * case-folded text (exact copies) and its 64-bit simhash split in four 16-bit bands; two
 * simhashes within DUP_MAX_BITS bits share at least one band, so candidates come from
 * the band indexes, not from comparing every pair. */
static const char schema_v3[] =
    "CREATE TABLE fingerprints(\n"
    "  article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,\n"
    "  text_hash INTEGER NOT NULL, simhash INTEGER,\n"
    "  band0 INTEGER, band1 INTEGER, band2 INTEGER, band3 INTEGER\n"
    ");\n"
    "CREATE INDEX fingerprints_text ON fingerprints(text_hash);\n"
    "CREATE INDEX fingerprints_band0 ON fingerprints(band0);\n"
    "CREATE INDEX fingerprints_band1 ON fingerprints(band1);\n"
    "CREATE INDEX fingerprints_band2 ON fingerprints(band2);\n"
    "CREATE INDEX fingerprints_band3 ON fingerprints(band3);\n";

/* Version 4: galley fills the full-text index of the articles it inserts itself, all
 * the articles of a batch in one statement when it commits: FTS5 writes its pending
 * terms out as a new segment at every statement savepoint, and with the trigger that was
 * one segment per article, to be merged again and again (half the cost of storing an
 * article). Updates and deletes still go through the triggers. */
static const char schema_v4[] = "DROP TRIGGER IF EXISTS articles_fts_ins;\n";

static const char *const migrations[] = {schema_v1, schema_v2, schema_v3, schema_v4};

/* Near-duplicates: simhashes at most this many bits apart (of 64; at most 3, so that one
 * of four bands is equal), of texts of at least DUP_MIN_WORDS words (shorter texts are
 * matched only when equal). */
#define DUP_MAX_BITS 3
#define DUP_MIN_WORDS 20

enum {
    Q_FIND,
    Q_INSERT,
    Q_UPDATE,
    Q_DEL_CATS,
    Q_DEL_RENDS,
    Q_DEL_PROCESSED,
    Q_INS_CAT,
    Q_INS_REND,
    Q_INS_PROCESSED,
    Q_PROCESSED,
    Q_INS_ERROR,
    Q_RUN_START,
    Q_RUN_FINISH,
    Q_FP_PUT,
    Q_FP_FIND,
    Q_FP_GET,
    Q_DUP_OF,
    Q_DUP_TO,
    Q_DEL_DUP,
    Q_COUNT
};

static const char *const query_sql[Q_COUNT] = {
    [Q_FIND] = "SELECT id, hash FROM articles WHERE uid = ?1",
    [Q_INSERT] = "INSERT INTO articles(uid, source, format, url, title, subtitle, site_name, section,"
                 " published, published_raw, modified, modified_raw, lang, description, image,"
                 " authors, tags, meta, blocks, text, hash, run_id)"
                 " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22)",
    [Q_UPDATE] = "UPDATE articles SET source=?2, format=?3, url=?4, title=?5, subtitle=?6, site_name=?7,"
                 " section=?8, published=?9, published_raw=?10, modified=?11, modified_raw=?12, lang=?13,"
                 " description=?14, image=?15, authors=?16, tags=?17, meta=?18, blocks=?19, text=?20,"
                 " hash=?21, run_id=?22, stored_at=strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id=?23",
    [Q_DEL_CATS] = "DELETE FROM categories WHERE article_id = ?1",
    [Q_DEL_RENDS] = "DELETE FROM renditions WHERE article_id = ?1",
    [Q_DEL_PROCESSED] = "DELETE FROM processed WHERE article_id = ?1",
    [Q_INS_CAT] = "INSERT OR REPLACE INTO categories(article_id, scheme, label, score, plugin) VALUES (?1,?2,?3,?4,?5)",
    [Q_INS_REND] = "INSERT OR REPLACE INTO renditions(article_id, format, body, plugin) VALUES (?1,?2,?3,?4)",
    [Q_INS_PROCESSED] = "INSERT OR REPLACE INTO processed(article_id, plugin, version, options_hash, hash, run_id)"
                        " VALUES (?1,?2,?3,?4,?5,?6)",
    [Q_PROCESSED] = "SELECT 1 FROM processed WHERE article_id=?1 AND plugin=?2 AND version=?3"
                    " AND options_hash=?4 AND hash=?5",
    [Q_INS_ERROR] = "INSERT INTO errors(run_id, source, plugin, message, traceback) VALUES (?1,?2,?3,?4,?5)",
    [Q_RUN_START] = "INSERT INTO runs(args) VALUES (?1)",
    [Q_RUN_FINISH] = "UPDATE runs SET finished=strftime('%Y-%m-%dT%H:%M:%SZ','now'), status=?2,"
                     " loaded=?3, skipped=?4, failed=?5 WHERE id=?1",
    [Q_FP_PUT] = "INSERT OR REPLACE INTO fingerprints(article_id, text_hash, simhash, band0, band1, band2, band3)"
                 " VALUES (?1,?2,?3,?4,?5,?6,?7)",
    [Q_FP_FIND] = "SELECT f.article_id, a.uid, a.published, f.text_hash, f.simhash FROM fingerprints f"
                  " JOIN articles a ON a.id = f.article_id"
                  " WHERE (f.text_hash = ?1 OR f.band0 = ?2 OR f.band1 = ?3 OR f.band2 = ?4 OR f.band3 = ?5)"
                  " AND f.article_id <> ?6",
    [Q_FP_GET] = "SELECT f.text_hash, f.simhash, a.uid, a.published FROM fingerprints f"
                 " JOIN articles a ON a.id = f.article_id WHERE f.article_id = ?1",
    [Q_DUP_OF] = "SELECT o.uid, o.published FROM categories c JOIN articles o ON o.uid = c.label"
                 " WHERE c.article_id = ?1 AND c.scheme = 'duplicate'",
    [Q_DUP_TO] = "SELECT article_id FROM categories WHERE scheme = 'duplicate' AND label = ?1",
    [Q_DEL_DUP] = "DELETE FROM categories WHERE article_id = ?1 AND scheme = 'duplicate'",
};

/* The articles inserted in the current transaction wait for their full-text entries in
 * temp.fts_pending (a temp table, so a rollback forgets them too). */
enum { P_ADD, P_FLUSH, P_CLEAR, P_INDEX_ONE, P_COUNT };

static const char *const pending_sql[P_COUNT] = {
    [P_ADD] = "INSERT INTO temp.fts_pending(id) VALUES (?1)",
    [P_FLUSH] = ("INSERT INTO articles_fts(rowid, title, text)"
                 " SELECT a.id, a.title, a.text FROM temp.fts_pending p JOIN articles a ON a.id = p.id ORDER BY p.id"),
    [P_CLEAR] = "DELETE FROM temp.fts_pending",
    [P_INDEX_ONE] = "INSERT INTO articles_fts(rowid, title, text) SELECT id, title, text FROM articles WHERE id = ?1",
};

struct store {
    sqlite3 *db;
    sqlite3_stmt *q[Q_COUNT];
    sqlite3_stmt *pq[P_COUNT]; /* only on a writable store */
    size_t npending;           /* rows in temp.fts_pending */
    int backfill; /* migrated from before version 3: index the stored articles */
    char errmsg[1024];
};

static int reindex(store *st, const char *select);

struct store_iter {
    store *st;
    sqlite3_stmt *rows, *cats, *rends;
};

static int fail(store *st, const char *what) {
    snprintf(st->errmsg, sizeof st->errmsg, "%s: %s", what, sqlite3_errmsg(st->db));
    return GALLEY_ESTORE;
}

const char *store_errmsg(const store *st) { return st->errmsg; }

long long store_count(store *st) {
    sqlite3_stmt *s;
    long long n = -1;
    if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM articles", -1, &s, NULL) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW)
        n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return n;
}

const char *store_filename(const store *st) {
    const char *f = sqlite3_db_filename(st->db, "main");
    return f ? f : "";
}

static int exec(store *st, const char *sql) {
    char *msg = NULL;
    if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(st->errmsg, sizeof st->errmsg, "%s", msg ? msg : sqlite3_errmsg(st->db));
        sqlite3_free(msg);
        return GALLEY_ESTORE;
    }
    return GALLEY_OK;
}

static int user_version(store *st, int *v) {
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK)
        return fail(st, "reading the schema version");
    int rc = sqlite3_step(s);
    *v = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? GALLEY_OK : fail(st, "reading the schema version");
}

static int migrate(store *st, int read_only) {
    int v;
    if (user_version(st, &v) != GALLEY_OK) return GALLEY_ESTORE;
    if (v == STORE_SCHEMA_VERSION) return GALLEY_OK;
    if (v > STORE_SCHEMA_VERSION) {
        snprintf(st->errmsg, sizeof st->errmsg,
                 "the database has schema version %d, newer than this galley knows (%d): "
                 "use a newer galley", v, STORE_SCHEMA_VERSION);
        return GALLEY_ESTORE;
    }
    if (read_only && v == 0) {
        snprintf(st->errmsg, sizeof st->errmsg, "the database is empty or not a galley database");
        return GALLEY_ESTORE;
    }
    if (read_only) {
        snprintf(st->errmsg, sizeof st->errmsg,
                 "the database has schema version %d; a `galley run` on it upgrades it to %d", v,
                 STORE_SCHEMA_VERSION);
        return GALLEY_ESTORE;
    }
    if (v == 0) {
        /* A database that is not empty but has no version is someone else's. */
        sqlite3_stmt *s;
        if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM sqlite_schema", -1, &s, NULL) != SQLITE_OK)
            return fail(st, "reading the schema");
        int n = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) : -1;
        sqlite3_finalize(s);
        if (n != 0) {
            snprintf(st->errmsg, sizeof st->errmsg,
                     "the file holds tables that are not galley's; choose another --db file");
            return GALLEY_ESTORE;
        }
    }
    if (exec(st, "BEGIN IMMEDIATE") != GALLEY_OK) return GALLEY_ESTORE;
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", STORE_SCHEMA_VERSION);
    /* Every step from the file's version to ours, in one transaction. */
    int rc = GALLEY_OK;
    for (int i = v; i < STORE_SCHEMA_VERSION && rc == GALLEY_OK; i++) rc = exec(st, migrations[i]);
    st->backfill = v > 0 && v < 3;
    if (rc != GALLEY_OK || exec(st, sql) != GALLEY_OK) {
        char keep[sizeof st->errmsg];
        memcpy(keep, st->errmsg, sizeof keep);
        exec(st, "ROLLBACK");
        snprintf(st->errmsg, sizeof st->errmsg, "%s the schema: %.900s", v ? "upgrading" : "creating", keep);
        return GALLEY_ESTORE;
    }
    return exec(st, "COMMIT");
}

/* galley_date_span(iso, which): the first (which 0) or last (1) second of the span of time
 * an ISO 8601 date names, as seconds since 1970 UTC, or NULL. Dates are stored with the
 * precision and zone the source gave, so text comparison would put "2017-07-14" before
 * every time of that day and "T10:00:00Z" after "T09:00:00" read in another zone. */
static void sql_date_span(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
    (void)argc;
    long long start, end;
    const char *iso = (const char *)sqlite3_value_text(argv[0]);
    if (!iso || date_span(iso, &start, &end) < 0) {
        sqlite3_result_null(ctx);
        return;
    }
    sqlite3_result_int64(ctx, sqlite3_value_int(argv[1]) ? end : start);
}

int store_open(store **out, const char *path, int read_only, char *err, size_t errsize) {
    store *st = calloc(1, sizeof *st);
    *out = NULL;
    if (!st) {
        snprintf(err, errsize, "out of memory");
        return GALLEY_ENOMEM;
    }
    if (read_only && access(path, F_OK) != 0) {
        snprintf(err, errsize, "no database at '%s' (galley run --db %s INPUT... creates one)", path, path);
        free(st);
        return GALLEY_ESTORE;
    }
    int flags = read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    int rc = GALLEY_ESTORE;
    if (sqlite3_open_v2(path, &st->db, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        snprintf(err, errsize, "cannot open database '%s': %s", path,
                 st->db ? sqlite3_errmsg(st->db) : "out of memory");
        goto bad;
    }
    sqlite3_busy_timeout(st->db, 10000);
    sqlite3_create_function(st->db, "galley_date_span", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                            NULL, sql_date_span, NULL, NULL);
    sqlite3_extended_result_codes(st->db, 1);
    /* WAL only once the file is known to be ours: the switch is written into the file,
     * and a database we refuse must be left as it was. */
    if (exec(st, "PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL") != GALLEY_OK ||
        migrate(st, read_only) != GALLEY_OK ||
        (!read_only && exec(st, "PRAGMA journal_mode=WAL") != GALLEY_OK)) {
        snprintf(err, errsize, "database '%s': %s", path, st->errmsg);
        goto bad;
    }
    for (int i = 0; i < Q_COUNT; i++) {
        /* Write statements prepare on a read-only connection too; they would fail
         * only when stepped, and a read-only store never steps them. */
        if (sqlite3_prepare_v3(st->db, query_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &st->q[i], NULL) != SQLITE_OK) {
            snprintf(err, errsize, "database '%s': preparing a statement: %s", path, sqlite3_errmsg(st->db));
            goto bad;
        }
    }
    if (!read_only) {
        if (exec(st, "CREATE TEMP TABLE fts_pending(id INTEGER PRIMARY KEY)") != GALLEY_OK) {
            snprintf(err, errsize, "database '%s': %s", path, st->errmsg);
            goto bad;
        }
        for (int i = 0; i < P_COUNT; i++) {
            if (sqlite3_prepare_v3(st->db, pending_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &st->pq[i], NULL) != SQLITE_OK) {
                snprintf(err, errsize, "database '%s': preparing a statement: %s", path, sqlite3_errmsg(st->db));
                goto bad;
            }
        }
    }
    if (st->backfill) {
        st->backfill = 0;
        if (exec(st, "BEGIN IMMEDIATE") != GALLEY_OK ||
            reindex(st, "SELECT id, text, uid, published FROM articles ORDER BY id") != GALLEY_OK || exec(st, "COMMIT") != GALLEY_OK) {
            snprintf(err, errsize, "database '%s': indexing near-duplicates: %s", path, st->errmsg);
            goto bad;
        }
    }
    *out = st;
    return GALLEY_OK;
bad:
    store_close(st);
    return rc;
}

void store_close(store *st) {
    if (!st) return;
    for (int i = 0; i < Q_COUNT; i++) sqlite3_finalize(st->q[i]);
    for (int i = 0; i < P_COUNT; i++) sqlite3_finalize(st->pq[i]);
    sqlite3_close(st->db);
    free(st);
}

/* Writes the full-text entries of the articles inserted since the last flush, in one
 * statement (one FTS5 segment). */
static int flush_pending(store *st) {
    if (!st->npending) return GALLEY_OK;
    sqlite3_stmt *s = st->pq[P_FLUSH];
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) return fail(st, "filling the full-text index");
    s = st->pq[P_CLEAR];
    rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) return fail(st, "filling the full-text index");
    st->npending = 0;
    return GALLEY_OK;
}

/* A new article's full-text entry: at the commit when in a transaction, else now. */
static int index_text(store *st, long long id) {
    sqlite3_stmt *s = st->pq[sqlite3_get_autocommit(st->db) ? P_INDEX_ONE : P_ADD];
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) return fail(st, "indexing an article's text");
    if (s == st->pq[P_ADD]) st->npending++;
    return GALLEY_OK;
}

int store_begin(store *st) { return exec(st, "BEGIN IMMEDIATE"); }

int store_commit(store *st) {
    if (flush_pending(st) != GALLEY_OK) return GALLEY_ESTORE;
    return exec(st, "COMMIT");
}

void store_rollback(store *st) {
    if (!sqlite3_get_autocommit(st->db)) sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    st->npending = 0; /* temp.fts_pending rolled back with the rest */
}

static sqlite3_stmt *query(store *st, int which) {
    sqlite3_stmt *s = st->q[which];
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    return s;
}

static void bind_text(sqlite3_stmt *s, int i, const char *v) {
    if (v) sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
    else sqlite3_bind_null(s, i);
}

/* Steps a statement that returns no rows. */
static int done(store *st, sqlite3_stmt *s, const char *what) {
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? GALLEY_OK : fail(st, what);
}

int store_run_start(store *st, const char *args_json, long long *run_id) {
    sqlite3_stmt *s = query(st, Q_RUN_START);
    bind_text(s, 1, args_json);
    if (done(st, s, "recording the run") != GALLEY_OK) return GALLEY_ESTORE;
    *run_id = sqlite3_last_insert_rowid(st->db);
    return GALLEY_OK;
}

int store_run_finish(store *st, long long run_id, const char *status, size_t loaded,
                     size_t skipped, size_t failed) {
    sqlite3_stmt *s = query(st, Q_RUN_FINISH);
    sqlite3_bind_int64(s, 1, run_id);
    bind_text(s, 2, status);
    sqlite3_bind_int64(s, 3, (sqlite3_int64)loaded);
    sqlite3_bind_int64(s, 4, (sqlite3_int64)skipped);
    sqlite3_bind_int64(s, 5, (sqlite3_int64)failed);
    return done(st, s, "recording the end of the run");
}

int store_add_error(store *st, long long run_id, const char *source, const char *plugin,
                    const char *message, const char *traceback) {
    sqlite3_stmt *s = query(st, Q_INS_ERROR);
    if (run_id) sqlite3_bind_int64(s, 1, run_id);
    bind_text(s, 2, source);
    bind_text(s, 3, plugin);
    bind_text(s, 4, message);
    bind_text(s, 5, traceback);
    return done(st, s, "recording an error");
}

/* Finds the stored article with this uid: 1 and its id (and hash copied into hash17)
 * when there is one, 0 when not, <0 on error. */
static int find(store *st, const char *uid, long long *id, char hash17[17]) {
    sqlite3_stmt *s = query(st, Q_FIND);
    bind_text(s, 1, uid);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(s, 0);
        const char *h = (const char *)sqlite3_column_text(s, 1);
        snprintf(hash17, 17, "%s", h ? h : "");
        sqlite3_reset(s);
        return 1;
    }
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? 0 : fail(st, "looking up an article");
}

int store_is_current(store *st, const char *uid, const char *hash,
                     const store_plugin_state *plugins, size_t nplugins) {
    long long id;
    char stored[17];
    int rc = find(st, uid, &id, stored);
    if (rc <= 0) return rc;
    if (strcmp(stored, hash) != 0) return 0;
    for (size_t i = 0; i < nplugins; i++) {
        sqlite3_stmt *s = query(st, Q_PROCESSED);
        sqlite3_bind_int64(s, 1, id);
        bind_text(s, 2, plugins[i].name);
        bind_text(s, 3, plugins[i].version);
        bind_text(s, 4, plugins[i].options_hash);
        bind_text(s, 5, hash);
        rc = sqlite3_step(s);
        sqlite3_reset(s);
        if (rc == SQLITE_DONE) return 0;
        if (rc != SQLITE_ROW) return fail(st, "checking what was processed");
    }
    return 1;
}

/* One JSON column's text, or NULL when out of memory. */
static char *strlist_json(const strlist *l) {
    gbuf b = GBUF_INIT;
    article_json_strlist(&b, l);
    return gbuf_take(&b);
}

static char *meta_json(const galley_article *a) {
    gbuf b = GBUF_INIT;
    article_json_meta(&b, a);
    return gbuf_take(&b);
}

static char *blocks_json(const galley_article *a) {
    gbuf b = GBUF_INIT;
    article_json_blocks(&b, a);
    return gbuf_take(&b);
}

/* ---- near-duplicates --------------------------------------------------------------- */

/* Which of two articles came first: the earlier published date, an article with a date
 * before one without, then the smaller uid. Not the storage order, so that a single run,
 * -j N, shards merged in any order and incremental runs all name the same original. */
static int key_cmp(const char *pub_a, const char *uid_a, const char *pub_b, const char *uid_b) {
    if (pub_a && pub_b) {
        int c = strcmp(pub_a, pub_b);
        if (c) return c;
    } else if (pub_a || pub_b) {
        return pub_a ? -1 : 1;
    }
    return strcmp(uid_a, uid_b);
}

/* One article's place in the index. */
typedef struct fingerprint {
    long long id;
    uint64_t text_hash, simhash;
    int near; /* has a simhash: long enough for near matches */
    char *uid, *published;
} fingerprint;

/* A copy found: its id, key and similarity. */
typedef struct copy {
    long long id;
    char *uid, *published;
    double score;
} copy;

static void copies_free(copy *c, size_t n) {
    for (size_t i = 0; i < n; i++) free(c[i].uid), free(c[i].published);
    free(c);
}

static int set_duplicate(store *st, long long id, const char *orig_uid, double score) {
    sqlite3_stmt *s = query(st, Q_DEL_DUP);
    sqlite3_bind_int64(s, 1, id);
    int rc = done(st, s, "replacing a duplicate link");
    if (rc != GALLEY_OK || !orig_uid) return rc;
    s = query(st, Q_INS_CAT);
    sqlite3_bind_int64(s, 1, id);
    bind_text(s, 2, "duplicate");
    bind_text(s, 3, orig_uid);
    sqlite3_bind_double(s, 4, score);
    return done(st, s, "writing a duplicate link");
}

/* The stored articles with the same folded text, or a simhash within DUP_MAX_BITS, as f. */
static int find_copies(store *st, const fingerprint *f, copy **out, size_t *n) {
    *out = NULL;
    *n = 0;
    size_t cap = 0;
    sqlite3_stmt *s = query(st, Q_FP_FIND);
    sqlite3_bind_int64(s, 1, (sqlite3_int64)f->text_hash);
    for (int b = 0; b < 4 && f->near; b++) sqlite3_bind_int(s, 2 + b, (int)((f->simhash >> (16 * b)) & 0xFFFF));
    sqlite3_bind_int64(s, 6, f->id);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int exact = (uint64_t)sqlite3_column_int64(s, 3) == f->text_hash;
        int d = f->near && sqlite3_column_type(s, 4) != SQLITE_NULL
                    ? words_hamming((uint64_t)sqlite3_column_int64(s, 4), f->simhash)
                    : 64;
        if (!exact && d > DUP_MAX_BITS) continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 8;
            copy *c = realloc(*out, cap * sizeof *c);
            if (!c) break;
            *out = c;
        }
        copy *c = &(*out)[(*n)++];
        c->id = sqlite3_column_int64(s, 0);
        c->uid = g_strdup((const char *)sqlite3_column_text(s, 1));
        c->published = g_strdup((const char *)sqlite3_column_text(s, 2));
        c->score = exact ? 1.0 : 1.0 - d / 64.0;
        if (!c->uid) break;
    }
    sqlite3_reset(s);
    if (rc == SQLITE_ROW) {
        snprintf(st->errmsg, sizeof st->errmsg, "out of memory");
        return GALLEY_ENOMEM;
    }
    return rc == SQLITE_DONE ? GALLEY_OK : fail(st, "looking for duplicates");
}

/* Links f to the first (key_cmp) of its copies that comes before it. With `push`, f
 * also becomes the original of each later copy whose original (if any) comes after f. */
static int link_copies(store *st, const fingerprint *f, int push) {
    copy *c;
    size_t n;
    int rc = find_copies(st, f, &c, &n);
    const copy *best = NULL;
    for (size_t i = 0; i < n && rc == GALLEY_OK; i++) {
        if (key_cmp(c[i].published, c[i].uid, f->published, f->uid) < 0) {
            if (!best || key_cmp(c[i].published, c[i].uid, best->published, best->uid) < 0) best = &c[i];
            continue;
        }
        if (!push) continue;
        sqlite3_stmt *s = query(st, Q_DUP_OF);
        sqlite3_bind_int64(s, 1, c[i].id);
        int step = sqlite3_step(s);
        int take = step == SQLITE_DONE ||
                   (step == SQLITE_ROW && key_cmp(f->published, f->uid, (const char *)sqlite3_column_text(s, 1),
                                                  (const char *)sqlite3_column_text(s, 0)) < 0);
        sqlite3_reset(s);
        if (step != SQLITE_ROW && step != SQLITE_DONE) rc = fail(st, "reading a duplicate link");
        else if (take) rc = set_duplicate(st, c[i].id, f->uid, c[i].score);
    }
    if (rc == GALLEY_OK) rc = set_duplicate(st, f->id, best ? best->uid : NULL, best ? best->score : 0);
    copies_free(c, n);
    return rc;
}

/* Links again an article whose original changed or went away. */
static int relink(store *st, long long id) {
    sqlite3_stmt *s = query(st, Q_FP_GET);
    sqlite3_bind_int64(s, 1, id);
    int step = sqlite3_step(s);
    if (step != SQLITE_ROW) {
        sqlite3_reset(s);
        if (step == SQLITE_DONE) return set_duplicate(st, id, NULL, 0);
        return fail(st, "reading a fingerprint");
    }
    fingerprint f = {id, (uint64_t)sqlite3_column_int64(s, 0), (uint64_t)sqlite3_column_int64(s, 1),
                     sqlite3_column_type(s, 1) != SQLITE_NULL, g_strdup((const char *)sqlite3_column_text(s, 2)),
                     g_strdup((const char *)sqlite3_column_text(s, 3))};
    sqlite3_reset(s);
    int rc = f.uid ? link_copies(st, &f, 0) : GALLEY_ENOMEM;
    free(f.uid);
    free(f.published);
    return rc;
}

/* The hash of the case-folded text, its simhash and its number of words. */
static int fingerprint_text(const char *text, uint64_t *text_hash, uint64_t *simhash, size_t *nwords) {
    size_t flen;
    char *folded = words_fold(text, strlen(text), &flen);
    if (!folded) return GALLEY_ENOMEM;
    *text_hash = XXH3_64bits(folded, flen);
    *simhash = words_simhash(folded, flen, nwords);
    free(folded);
    return GALLEY_OK;
}

/* Indexes article `id` (the fingerprint of its body text, its uid and published date) and keeps every
 * duplicate link right: category scheme `duplicate`, label the uid of the first
 * (key_cmp) article it copies, score 1 - differing simhash bits / 64 (1 for the same
 * text). The articles that named this one their original are linked again, as its text
 * may have changed. */
static int index_article(store *st, long long id, const char *uid, const char *published, uint64_t text_hash,
                         uint64_t simhash, size_t nwords) {
    fingerprint f = {id, text_hash, simhash, nwords >= DUP_MIN_WORDS, (char *)uid, (char *)published};
    /* Who pointed here before. */
    long long *to = NULL;
    size_t nto = 0, capto = 0;
    sqlite3_stmt *s = query(st, Q_DUP_TO);
    bind_text(s, 1, uid);
    int step;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        if (nto == capto) {
            capto = capto ? capto * 2 : 8;
            long long *t = realloc(to, capto * sizeof *t);
            if (!t) break;
            to = t;
        }
        to[nto++] = sqlite3_column_int64(s, 0);
    }
    sqlite3_reset(s);
    int rc = step == SQLITE_DONE ? GALLEY_OK : step == SQLITE_ROW ? GALLEY_ENOMEM : fail(st, "reading duplicate links");
    if (rc == GALLEY_OK) {
        s = query(st, Q_FP_PUT);
        sqlite3_bind_int64(s, 1, id);
        sqlite3_bind_int64(s, 2, (sqlite3_int64)f.text_hash);
        if (f.near) {
            sqlite3_bind_int64(s, 3, (sqlite3_int64)f.simhash);
            for (int b = 0; b < 4; b++) sqlite3_bind_int(s, 4 + b, (int)((f.simhash >> (16 * b)) & 0xFFFF));
        }
        rc = done(st, s, "indexing an article's text");
    }
    if (rc == GALLEY_OK) rc = nwords ? link_copies(st, &f, 1) : set_duplicate(st, id, NULL, 0);
    for (size_t i = 0; i < nto && rc == GALLEY_OK; i++) rc = relink(st, to[i]);
    free(to);
    if (rc == GALLEY_ENOMEM) snprintf(st->errmsg, sizeof st->errmsg, "out of memory");
    return rc;
}

/* Indexes again, in id order, the articles `select` (id, text, uid, published) returns: after a merge,
 * and for the articles of a database made before the index existed. */
static int reindex(store *st, const char *select) {
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(st->db, select, -1, &s, NULL) != SQLITE_OK) return fail(st, "reading articles to index");
    int rc = GALLEY_OK, step;
    while (rc == GALLEY_OK && (step = sqlite3_step(s)) == SQLITE_ROW) {
        const char *text = (const char *)sqlite3_column_text(s, 1);
        uint64_t text_hash, simhash;
        size_t nwords;
        rc = fingerprint_text(text ? text : "", &text_hash, &simhash, &nwords);
        if (rc == GALLEY_OK)
            rc = index_article(st, sqlite3_column_int64(s, 0), (const char *)sqlite3_column_text(s, 2),
                               (const char *)sqlite3_column_text(s, 3), text_hash, simhash, nwords);
        else snprintf(st->errmsg, sizeof st->errmsg, "out of memory");
    }
    if (rc == GALLEY_OK && step != SQLITE_DONE) rc = fail(st, "reading articles to index");
    sqlite3_finalize(s);
    return rc;
}

void store_row_free(store_row *row) {
    free(row->authors);
    free(row->tags);
    free(row->meta);
    free(row->blocks);
    free(row->text);
    memset(row, 0, sizeof *row);
}

int store_row_make(store_row *row, const galley_article *a) {
    memset(row, 0, sizeof *row);
    row->authors = strlist_json(&a->authors);
    row->tags = strlist_json(&a->tags);
    row->meta = meta_json(a);
    row->blocks = blocks_json(a);
    row->text = galley_article_text(a);
    if (!row->authors || !row->tags || !row->meta || !row->blocks || !row->text ||
        fingerprint_text(row->text, &row->text_hash, &row->simhash, &row->nwords) != GALLEY_OK) {
        store_row_free(row);
        return GALLEY_ENOMEM;
    }
    return GALLEY_OK;
}

int store_put_article(store *st, galley_article *a, long long run_id,
                      const store_plugin_state *plugins, const int *ok, size_t nplugins) {
    store_row row;
    if (store_row_make(&row, a) != GALLEY_OK) {
        snprintf(st->errmsg, sizeof st->errmsg, "out of memory");
        return GALLEY_ENOMEM;
    }
    int rc = store_put_row(st, a, &row, run_id, plugins, ok, nplugins);
    store_row_free(&row);
    return rc;
}

int store_put_row(store *st, galley_article *a, const store_row *row, long long run_id,
                  const store_plugin_state *plugins, const int *ok, size_t nplugins) {
    long long id;
    char old[17];
    int found = find(st, a->field[AF_UID], &id, old);
    if (found < 0) return GALLEY_ESTORE;
    int rc;
    /* The update trigger takes the old text out of the full-text index: it must be in. */
    if (found && (rc = flush_pending(st)) != GALLEY_OK) return rc;
    sqlite3_stmt *s = query(st, found ? Q_UPDATE : Q_INSERT);
    for (int f = 0; f < AF_COUNT; f++) bind_text(s, f + 1, a->field[f]);
    bind_text(s, AF_COUNT + 1, row->authors);
    bind_text(s, AF_COUNT + 2, row->tags);
    bind_text(s, AF_COUNT + 3, row->meta);
    bind_text(s, AF_COUNT + 4, row->blocks);
    bind_text(s, AF_COUNT + 5, row->text);
    bind_text(s, AF_COUNT + 6, galley_article_hash(a));
    if (run_id) sqlite3_bind_int64(s, AF_COUNT + 7, run_id);
    if (found) sqlite3_bind_int64(s, AF_COUNT + 8, id);
    if ((rc = done(st, s, "writing an article")) != GALLEY_OK) return rc;
    if (!found) {
        id = sqlite3_last_insert_rowid(st->db);
        if ((rc = index_text(st, id)) != GALLEY_OK) return rc;
    } else {
        static const int clear[] = {Q_DEL_CATS, Q_DEL_RENDS, Q_DEL_PROCESSED};
        for (size_t i = 0; i < sizeof clear / sizeof *clear; i++) {
            s = query(st, clear[i]);
            sqlite3_bind_int64(s, 1, id);
            if ((rc = done(st, s, "replacing an article's results")) != GALLEY_OK) return rc;
        }
    }
    for (size_t i = 0; i < a->ncats; i++) {
        s = query(st, Q_INS_CAT);
        sqlite3_bind_int64(s, 1, id);
        bind_text(s, 2, a->cats[i].scheme);
        bind_text(s, 3, a->cats[i].label);
        sqlite3_bind_double(s, 4, a->cats[i].score);
        bind_text(s, 5, a->cats[i].plugin);
        if ((rc = done(st, s, "writing a category")) != GALLEY_OK) return rc;
    }
    for (size_t i = 0; i < a->nrends; i++) {
        s = query(st, Q_INS_REND);
        sqlite3_bind_int64(s, 1, id);
        bind_text(s, 2, a->rends[i].format);
        bind_text(s, 3, a->rends[i].body);
        bind_text(s, 4, a->rends[i].plugin);
        if ((rc = done(st, s, "writing a rendition")) != GALLEY_OK) return rc;
    }
    for (size_t i = 0; i < nplugins; i++) {
        if (!ok[i]) continue;
        s = query(st, Q_INS_PROCESSED);
        sqlite3_bind_int64(s, 1, id);
        bind_text(s, 2, plugins[i].name);
        bind_text(s, 3, plugins[i].version);
        bind_text(s, 4, plugins[i].options_hash);
        bind_text(s, 5, galley_article_hash(a));
        if (run_id) sqlite3_bind_int64(s, 6, run_id);
        if ((rc = done(st, s, "recording what was processed")) != GALLEY_OK) return rc;
    }
    return index_article(st, id, a->field[AF_UID], a->field[AF_PUBLISHED], row->text_hash, row->simhash,
                         row->nwords);
}

/* ---- reading back ----------------------------------------------------------- */

/* The date an article is selected and sorted by: published, else modified. */
#define ARTICLE_DATE "coalesce(a.published, a.modified)"

/* Reads the date bounds of a filter as spans: since[0] is the first second of `since`,
 * until[1] the last of `until`. */
static int filter_dates(store *st, const store_filter *f, long long since[2], long long until[2]) {
    if (f->since && date_span(f->since, &since[0], &since[1]) < 0) {
        snprintf(st->errmsg, sizeof st->errmsg, "since: '%s' is not a date", f->since);
        return GALLEY_EUSAGE;
    }
    if (f->until && date_span(f->until, &until[0], &until[1]) < 0) {
        snprintf(st->errmsg, sizeof st->errmsg, "until: '%s' is not a date", f->until);
        return GALLEY_EUSAGE;
    }
    for (size_t i = 0; i < f->nwhere; i++) {
        if (article_field_index(f->fields[i]) < 0) {
            snprintf(st->errmsg, sizeof st->errmsg, "'%s' is not an article field", f->fields[i]);
            return GALLEY_EUSAGE;
        }
    }
    return GALLEY_OK;
}

/* Appends the conditions of one filter; every value is a numbered parameter, never pasted.
 * An article matches since/until when the span of its date meets the bound's span, so
 * `until 2017-07-14` keeps that day's articles whatever their time. */
static void filter_sql(gbuf *sql, const store_filter *f, int *param) {
    for (size_t i = 0; i < f->nwhere; i++) gbuf_printf(sql, " AND a.%s = ?%d", f->fields[i], ++*param);
    if (f->scheme) {
        gbuf_printf(sql, " AND EXISTS (SELECT 1 FROM categories c WHERE c.article_id = a.id AND c.scheme = ?%d",
                    ++*param);
        if (f->label) gbuf_printf(sql, " AND c.label = ?%d", ++*param);
        gbuf_putc(sql, ')');
    }
    if (f->since) gbuf_printf(sql, " AND galley_date_span(" ARTICLE_DATE ", 1) >= ?%d", ++*param);
    if (f->until) gbuf_printf(sql, " AND galley_date_span(" ARTICLE_DATE ", 0) <= ?%d", ++*param);
}

/* Binds the values of filter_sql() in the same order. The filter's strings are the
 * caller's and may go before the rows are read: copied. */
static void filter_bind(sqlite3_stmt *q, const store_filter *f, int *param, long long since, long long until) {
    for (size_t i = 0; i < f->nwhere; i++) sqlite3_bind_text(q, ++*param, f->values[i], -1, SQLITE_TRANSIENT);
    if (f->scheme) {
        sqlite3_bind_text(q, ++*param, f->scheme, -1, SQLITE_TRANSIENT);
        if (f->label) sqlite3_bind_text(q, ++*param, f->label, -1, SQLITE_TRANSIENT);
    }
    if (f->since) sqlite3_bind_int64(q, ++*param, since);
    if (f->until) sqlite3_bind_int64(q, ++*param, until);
}

int store_iter_open(store *st, const store_filter *f, store_iter **out) {
    store_iter *it = calloc(1, sizeof *it);
    *out = NULL;
    if (!it) {
        snprintf(st->errmsg, sizeof st->errmsg, "out of memory");
        return GALLEY_ENOMEM;
    }
    it->st = st;
    /* The query is built from fixed pieces; every value is bound, never pasted. */
    gbuf sql = GBUF_INIT;
    gbuf_puts(&sql, "SELECT a.id, a.uid, a.source, a.format, a.url, a.title, a.subtitle, a.site_name, a.section,"
                    " a.published, a.published_raw, a.modified, a.modified_raw, a.lang, a.description, a.image,"
                    " a.authors, a.tags, a.meta, a.blocks, a.hash FROM articles a WHERE 1");
    int param = 0;
    long long since[2], until[2];
    for (const store_filter *g = f; g; g = g->also) {
        if (filter_dates(st, g, since, until) != GALLEY_OK) {
            gbuf_free(&sql);
            free(it);
            return GALLEY_EUSAGE;
        }
        filter_sql(&sql, g, &param);
    }
    if (f && f->order == 1) gbuf_puts(&sql, " ORDER BY galley_date_span(" ARTICLE_DATE ", 0) DESC, a.id");
    else if (f && f->order == 2) gbuf_puts(&sql, " ORDER BY galley_date_span(" ARTICLE_DATE ", 0), a.id");
    else gbuf_puts(&sql, " ORDER BY a.id");
    if (f && f->limit > 0) gbuf_printf(&sql, " LIMIT %lld", f->limit);
    const char *cats = "SELECT scheme, label, score, plugin FROM categories WHERE article_id = ?1"
                       " ORDER BY scheme, score DESC, label";
    const char *rends = "SELECT format, body, plugin FROM renditions WHERE article_id = ?1 ORDER BY format";
    if (sql.failed || sqlite3_prepare_v2(st->db, sql.data, -1, &it->rows, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(st->db, cats, -1, &it->cats, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(st->db, rends, -1, &it->rends, NULL) != SQLITE_OK) {
        fail(st, "reading articles");
        gbuf_free(&sql);
        store_iter_close(it);
        return GALLEY_ESTORE;
    }
    gbuf_free(&sql);
    param = 0;
    for (const store_filter *g = f; g; g = g->also) {
        filter_dates(st, g, since, until);
        filter_bind(it->rows, g, &param, since[0], until[1]);
    }
    *out = it;
    return GALLEY_OK;
}

static const char *col(sqlite3_stmt *s, int i) { return (const char *)sqlite3_column_text(s, i); }

/* Fills a string list from a stored JSON array of strings. */
static int read_strlist(strlist *l, const char *jsontext) {
    if (!jsontext) return 0;
    json_value *v = json_parse(jsontext, strlen(jsontext), NULL, 0);
    if (!v) return -1;
    int rc = 0;
    for (size_t i = 0; v->type == JSON_ARRAY && i < v->len && rc == 0; i++)
        if (v->items[i].type == JSON_STRING) rc = strlist_push(l, v->items[i].string);
    json_free(v);
    return rc;
}

static int read_meta(galley_article *a, const char *jsontext) {
    if (!jsontext) return 0;
    json_value *v = json_parse(jsontext, strlen(jsontext), NULL, 0);
    if (!v) return -1;
    int rc = 0;
    for (size_t i = 0; v->type == JSON_OBJECT && i < v->len && rc == 0; i++)
        if (v->items[i].type == JSON_STRING) rc = article_set_meta(a, v->keys[i], v->items[i].string);
    json_free(v);
    return rc;
}

static int read_blocks(galley_article *a, const char *jsontext) {
    if (!jsontext) return 0;
    json_value *v = json_parse(jsontext, strlen(jsontext), NULL, 0);
    if (!v) return -1;
    int rc = 0;
    for (size_t i = 0; v->type == JSON_ARRAY && i < v->len && rc == 0; i++) {
        const json_value *b = &v->items[i];
        const char *type = json_get_string(b, "type");
        const json_value *level = json_get(b, "level");
        int t = type ? block_type_from_name(type) : -1;
        rc = article_add_block(a, t < 0 ? GALLEY_BLOCK_PARAGRAPH : (galley_block_type)t,
                               level && level->type == JSON_NUMBER ? (int)level->number : 0,
                               json_get_string(b, "text"), json_get_string(b, "url"),
                               json_get_string(b, "alt"));
    }
    json_free(v);
    return rc;
}

int store_iter_next(store_iter *it, galley_article **out) {
    store *st = it->st;
    *out = NULL;
    int rc = sqlite3_step(it->rows);
    if (rc == SQLITE_DONE) return GALLEY_OK;
    if (rc != SQLITE_ROW) return fail(st, "reading articles");
    long long id = sqlite3_column_int64(it->rows, 0);
    galley_article *a = galley_article_new();
    if (!a) goto oom;
    for (int f = 0; f < AF_COUNT; f++)
        if (article_set(a, (article_field)f, col(it->rows, f + 1)) < 0) goto oom;
    if (read_strlist(&a->authors, col(it->rows, AF_COUNT + 1)) < 0 ||
        read_strlist(&a->tags, col(it->rows, AF_COUNT + 2)) < 0 ||
        read_meta(a, col(it->rows, AF_COUNT + 3)) < 0 ||
        read_blocks(a, col(it->rows, AF_COUNT + 4)) < 0)
        goto oom;
    snprintf(a->hash, sizeof a->hash, "%s", col(it->rows, AF_COUNT + 5) ? col(it->rows, AF_COUNT + 5) : "");
    sqlite3_reset(it->cats);
    sqlite3_bind_int64(it->cats, 1, id);
    while ((rc = sqlite3_step(it->cats)) == SQLITE_ROW)
        if (article_add_category(a, col(it->cats, 0), col(it->cats, 1), sqlite3_column_double(it->cats, 2),
                                 col(it->cats, 3)) < 0)
            goto oom;
    if (rc != SQLITE_DONE) goto dberr;
    sqlite3_reset(it->rends);
    sqlite3_bind_int64(it->rends, 1, id);
    while ((rc = sqlite3_step(it->rends)) == SQLITE_ROW)
        if (article_set_rendition(a, col(it->rends, 0), col(it->rends, 1), col(it->rends, 2)) < 0) goto oom;
    if (rc != SQLITE_DONE) goto dberr;
    *out = a;
    return GALLEY_OK;
oom:
    galley_article_free(a);
    snprintf(st->errmsg, sizeof st->errmsg, "out of memory (or a damaged JSON column) reading article %lld", id);
    return GALLEY_ENOMEM;
dberr:
    galley_article_free(a);
    return fail(st, "reading an article's results");
}

void store_iter_close(store_iter *it) {
    if (!it) return;
    sqlite3_finalize(it->rows);
    sqlite3_finalize(it->cats);
    sqlite3_finalize(it->rends);
    free(it);
}

/* ---- merging ------------------------------------------------------------------------- */

/* Copies every article of the attached database `src` into main, replacing the one with
 * the same uid (keeping its id), with its categories, renditions and processed rows; and
 * the runs and errors main does not have yet. Running it twice changes nothing. */
/* Two rows of runs are the same run when everything they record is. */
#define SAME_RUN(a, b)                                                                                        \
    a ".started IS " b ".started AND " a ".finished IS " b ".finished AND " a ".status IS " b ".status AND " a \
    ".args IS " b ".args AND " a ".loaded IS " b ".loaded AND " a ".skipped IS " b ".skipped AND " a          \
    ".failed IS " b ".failed"

static const char merge_sql[] =
    "CREATE TEMP TABLE merge_top AS SELECT coalesce(max(id), 0) AS top FROM main.articles;\n"
    "INSERT INTO articles(uid, source, format, url, title, subtitle, site_name, section, published,"
    " published_raw, modified, modified_raw, lang, description, image, authors, tags, meta, blocks, text,"
    " hash, run_id, stored_at)"
    " SELECT uid, source, format, url, title, subtitle, site_name, section, published, published_raw,"
    " modified, modified_raw, lang, description, image, authors, tags, meta, blocks, text, hash, NULL,"
    " stored_at FROM src.articles WHERE true ORDER BY id"
    " ON CONFLICT(uid) DO UPDATE SET source=excluded.source, format=excluded.format, url=excluded.url,"
    " title=excluded.title, subtitle=excluded.subtitle, site_name=excluded.site_name,"
    " section=excluded.section, published=excluded.published, published_raw=excluded.published_raw,"
    " modified=excluded.modified, modified_raw=excluded.modified_raw, lang=excluded.lang,"
    " description=excluded.description, image=excluded.image, authors=excluded.authors, tags=excluded.tags,"
    " meta=excluded.meta, blocks=excluded.blocks, text=excluded.text, hash=excluded.hash,"
    " stored_at=excluded.stored_at"
    " WHERE (articles.hash, articles.title, articles.text, articles.meta) IS NOT"
    " (excluded.hash, excluded.title, excluded.text, excluded.meta);\n"
    /* The new articles' full-text entries (updated ones went through the trigger). */
    "INSERT INTO articles_fts(rowid, title, text) SELECT id, title, text FROM main.articles"
    " WHERE id > (SELECT top FROM temp.merge_top) ORDER BY id;\n"
    "DROP TABLE temp.merge_top;\n"
    "CREATE TEMP TABLE merge_ids AS SELECT s.id AS src_id, a.id AS dst_id"
    " FROM src.articles s JOIN main.articles a ON a.uid = s.uid;\n"
    "DELETE FROM categories WHERE article_id IN (SELECT dst_id FROM merge_ids);\n"
    "DELETE FROM renditions WHERE article_id IN (SELECT dst_id FROM merge_ids);\n"
    "DELETE FROM processed WHERE article_id IN (SELECT dst_id FROM merge_ids);\n"
    "INSERT INTO categories(article_id, scheme, label, score, plugin)"
    " SELECT m.dst_id, c.scheme, c.label, c.score, c.plugin FROM src.categories c"
    " JOIN merge_ids m ON m.src_id = c.article_id;\n"
    "INSERT INTO renditions(article_id, format, body, plugin)"
    " SELECT m.dst_id, r.format, r.body, r.plugin FROM src.renditions r JOIN merge_ids m ON m.src_id = r.article_id;\n"
    "INSERT INTO processed(article_id, plugin, version, options_hash, hash, run_id)"
    " SELECT m.dst_id, p.plugin, p.version, p.options_hash, p.hash, NULL FROM src.processed p"
    " JOIN merge_ids m ON m.src_id = p.article_id;\n"
    "INSERT INTO runs(started, finished, status, args, loaded, skipped, failed)"
    " SELECT started, finished, status, args, loaded, skipped, failed FROM src.runs r"
    " WHERE NOT EXISTS (SELECT 1 FROM main.runs m WHERE " SAME_RUN("m", "r") ") ORDER BY id;\n"
    "INSERT INTO errors(run_id, source, plugin, message, traceback, at)"
    " SELECT (SELECT m.id FROM main.runs m JOIN src.runs r ON " SAME_RUN("m", "r") " WHERE r.id = e.run_id),"
    " e.source, e.plugin,"
    " e.message, e.traceback, e.at FROM src.errors e"
    " WHERE NOT EXISTS (SELECT 1 FROM main.errors x WHERE x.source IS e.source AND x.plugin IS e.plugin"
    " AND x.message IS e.message AND x.at IS e.at) ORDER BY e.id;\n";

int store_merge(store *st, const char *src_path, size_t *articles) {
    char err[1024];
    store *src;
    /* Opening it as a store checks it is a galley database of this schema version. */
    int rc = store_open(&src, src_path, 1, err, sizeof err);
    if (rc != GALLEY_OK) {
        snprintf(st->errmsg, sizeof st->errmsg, "%s", err);
        return rc;
    }
    store_close(src);
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(st->db, "ATTACH ?1 AS src", -1, &s, NULL) != SQLITE_OK) return fail(st, "merging");
    sqlite3_bind_text(s, 1, src_path, -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) return fail(st, "opening the database to merge");
    rc = exec(st, "BEGIN IMMEDIATE");
    if (rc == GALLEY_OK) rc = exec(st, merge_sql);
    /* The merged articles' fingerprints and duplicate links are made here again, against
     * what this database holds before each of them. */
    if (rc == GALLEY_OK)
        rc = reindex(st, "SELECT id, text, uid, published FROM articles WHERE id IN (SELECT dst_id FROM temp.merge_ids) ORDER BY id");
    if (rc == GALLEY_OK) rc = exec(st, "DROP TABLE temp.merge_ids");
    if (rc == GALLEY_OK && articles) {
        sqlite3_stmt *c;
        *articles = 0;
        if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM src.articles", -1, &c, NULL) == SQLITE_OK &&
            sqlite3_step(c) == SQLITE_ROW)
            *articles = (size_t)sqlite3_column_int64(c, 0);
        sqlite3_finalize(c);
    }
    if (rc == GALLEY_OK) rc = exec(st, "COMMIT");
    if (rc != GALLEY_OK) {
        char keep[sizeof st->errmsg];
        memcpy(keep, st->errmsg, sizeof keep);
        store_rollback(st);
        snprintf(st->errmsg, sizeof st->errmsg, "merging %.400s: %.500s", src_path, keep);
    }
    sqlite3_exec(st->db, "DETACH src", NULL, NULL, NULL);
    return rc;
}
