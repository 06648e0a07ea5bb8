/* floor.c — the floor of galley's pipeline: the same articles' rows inserted into SQLite
 * in one transaction by plain C, with and without an FTS5 index filled by triggers.
 * usage: floor DB FTS(0|1) FILE...   (reads file names from standard input when none)
 * prints: rows seconds */
#define _POSIX_C_SOURCE 200809L
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) n = 0;
    if (buf) buf[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return buf;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: floor DB FTS(0|1) < files\n");
        return 2;
    }
    sqlite3 *db;
    if (sqlite3_open(argv[1], &db) != SQLITE_OK) return 3;
    const char *schema = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                         "CREATE TABLE articles(id INTEGER PRIMARY KEY, uid TEXT UNIQUE, title TEXT, text TEXT);";
    const char *fts = "CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='id');"
                      "CREATE TRIGGER t AFTER INSERT ON articles BEGIN INSERT INTO articles_fts(rowid, title, text)"
                      " VALUES (new.id, new.title, new.text); END;";
    if (sqlite3_exec(db, schema, NULL, NULL, NULL) != SQLITE_OK) return 3;
    if (atoi(argv[2]) && sqlite3_exec(db, fts, NULL, NULL, NULL) != SQLITE_OK) return 3;
    sqlite3_stmt *ins;
    sqlite3_prepare_v2(db, "INSERT INTO articles(uid, title, text) VALUES (?1, ?2, ?3)", -1, &ins, NULL);
    char *line = NULL;
    size_t cap = 0, rows = 0;
    ssize_t n;
    double t0 = now();
    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    while ((n = getline(&line, &cap, stdin)) > 0) {
        line[strcspn(line, "\n")] = '\0';
        size_t len;
        char *text = slurp(line, &len);
        if (!text) continue;
        char *nl = strchr(text, '\n');
        sqlite3_bind_text(ins, 1, line, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 2, text, nl ? (int)(nl - text) : (int)len, SQLITE_STATIC);
        sqlite3_bind_text(ins, 3, text, (int)len, SQLITE_STATIC);
        if (sqlite3_step(ins) != SQLITE_DONE) return 3;
        sqlite3_reset(ins);
        free(text);
        rows++;
    }
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    printf("%zu %.3f\n", rows, now() - t0);
    free(line);
    sqlite3_finalize(ins);
    sqlite3_close(db);
    return 0;
}
