/*
 * W4 (a, b, c, d, e) and W8 through the raw SQLite C API, on the store the JVM bench just read (the same file,
 * `--work-dir DIR` keeps it as DIR/query-store.db): the statements drift runs, word for word, each prepared
 * once and run as often as the JVM bench runs it (after as many untimed runs), every column of every row read.
 * This is the per-call floor: what SQLite needs for the query and nothing around it.
 *
 *   cc -O2 -o reads reads.c -lsqlite3 && ./reads DIR/query-store.db
 */
#include "common.h"

#define COLUMNS "p.id, p.name, p.category, p.status, p.confidence, p.severity, p.description, p.detector, " \
                "p.first_seen, p.last_seen, p.status_changed_at, p.approved_at"
#define FUNCTION_COLUMNS "f.pk, f.id, f.name, f.file, f.start_line, f.end_line, f.language, f.is_entry_point, " \
                         "f.is_exported, f.is_async"

static sqlite3 *db;

/* Steps every row and reads every column; returns the row count. */
static int drain(sqlite3_stmt *s) {
    int rows = 0, cols = sqlite3_column_count(s);
    volatile size_t sink = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        for (int c = 0; c < cols; c++) {
            if (sqlite3_column_type(s, c) == SQLITE_TEXT) sink += sqlite3_column_bytes(s, c) + (size_t) sqlite3_column_text(s, c)[0];
            else sink += (size_t) sqlite3_column_double(s, c);
        }
        rows++;
    }
    check(rc, db, "step");
    sqlite3_reset(s);
    return rows;
}

typedef void (*binder)(sqlite3_stmt *, int);
static const char *w4d_file;
static char **w8_ids;

static void bind_w4a(sqlite3_stmt *s, int i) {
    sqlite3_bind_text(s, 1, "api", -1, SQLITE_STATIC); sqlite3_bind_text(s, 2, "approved", -1, SQLITE_STATIC);
    sqlite3_bind_double(s, 3, 0.8); sqlite3_bind_int(s, 4, 51); sqlite3_bind_int(s, 5, 0);
}
static void bind_w4b(sqlite3_stmt *s, int i) {
    sqlite3_bind_text(s, 1, "\"auth\" \"token\"", -1, SQLITE_STATIC); sqlite3_bind_int(s, 2, 20); sqlite3_bind_int(s, 3, 0);
}
static void bind_w4c(sqlite3_stmt *s, int i) {
    sqlite3_bind_text(s, 1, "\"retry\" \"cache\"", -1, SQLITE_STATIC); sqlite3_bind_text(s, 2, "discovered", -1, SQLITE_STATIC);
    sqlite3_bind_double(s, 3, 0.5); sqlite3_bind_int(s, 4, 50); sqlite3_bind_int(s, 5, 0);
}
static void bind_w4d(sqlite3_stmt *s, int i) {
    sqlite3_bind_text(s, 1, w4d_file, -1, SQLITE_STATIC); sqlite3_bind_int(s, 2, 1001); sqlite3_bind_int(s, 3, 0);
}
static void bind_w4e(sqlite3_stmt *s, int i) {
    sqlite3_bind_text(s, 1, "security", -1, SQLITE_STATIC); sqlite3_bind_int(s, 2, 21); sqlite3_bind_int(s, 3, 180);
}
static void bind_w8(sqlite3_stmt *s, int i) { sqlite3_bind_text(s, 1, w8_ids[i], -1, SQLITE_STATIC); }

static void run(const char *name, const char *sql, binder bind, int runs, const char *what) {
    sqlite3_stmt *s;
    check(sqlite3_prepare_v2(db, sql, -1, &s, 0), db, name);
    long rows = 0;
    for (int i = 0; i < runs; i++) { bind(s, i); drain(s); }  /* untimed, as the JVM bench warms up */
    double *ms = malloc(sizeof(double) * runs);
    for (int i = 0; i < runs; i++) {
        double t0 = now_ms();
        bind(s, i);
        rows += drain(s);
        ms[i] = now_ms() - t0;
    }
    char notes[256]; snprintf(notes, sizeof notes, "%s: mean %.2f rows", what, rows / (double) runs);
    report(name, ms, runs, notes);
    sqlite3_finalize(s); free(ms);
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: reads STORE.db\n"); return 2; }
    check(sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, 0), db, "open");
    check(sqlite3_exec(db, "PRAGMA cache_size=-64000; PRAGMA mmap_size=268435456;", 0, 0, 0), db, "pragmas");
    sqlite3_stmt *s;
    check(sqlite3_prepare_v2(db, "SELECT file FROM patterns_location GROUP BY file ORDER BY count(*) DESC, file LIMIT 1", -1, &s, 0), db, "file");
    check(sqlite3_step(s), db, "file");
    w4d_file = strdup((const char *) sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    /* W8: every 50th function by id, 1,000 of them */
    w8_ids = malloc(sizeof(char *) * 1000);
    int n = 0, i = 0;
    check(sqlite3_prepare_v2(db, "SELECT id FROM callgraph_function ORDER BY id", -1, &s, 0), db, "ids");
    while (sqlite3_step(s) == SQLITE_ROW && n < 1000) { if (i++ % 50 == 0) w8_ids[n++] = strdup((const char *) sqlite3_column_text(s, 0)); }
    sqlite3_finalize(s);

    run("W4a-capi", "SELECT " COLUMNS " FROM patterns_pattern p WHERE p.category = ? AND p.status = ? AND p.confidence >= ? "
        "ORDER BY p.confidence DESC, p.id LIMIT ? OFFSET ?", bind_w4a, 200, "category=api approved >=0.8 top 50");
    run("W4b-capi", "SELECT " COLUMNS " FROM patterns_fts CROSS JOIN patterns_pattern p ON p.pk = patterns_fts.rowid "
        "WHERE patterns_fts MATCH ? ORDER BY bm25(patterns_fts, 5.0, 1.0, 2.0), p.id LIMIT ? OFFSET ?", bind_w4b, 200,
        "full text auth token top 20");
    run("W4c-capi", "SELECT " COLUMNS " FROM patterns_fts CROSS JOIN patterns_pattern p ON p.pk = patterns_fts.rowid "
        "WHERE patterns_fts MATCH ? AND p.status = ? AND p.confidence >= ? ORDER BY bm25(patterns_fts, 5.0, 1.0, 2.0), p.id "
        "LIMIT ? OFFSET ?", bind_w4c, 200, "full text retry cache discovered >=0.5 top 50");
    run("W4d-capi", "SELECT " COLUMNS " FROM patterns_pattern p WHERE p.pk IN (SELECT pattern_pk FROM patterns_location WHERE file = ?) "
        "ORDER BY p.confidence DESC, p.id LIMIT ? OFFSET ?", bind_w4d, 200, "patterns with a location in one file");
    run("W4e-capi", "SELECT " COLUMNS " FROM patterns_pattern p WHERE p.category = ? ORDER BY p.confidence DESC, p.id LIMIT ? OFFSET ?",
        bind_w4e, 200, "category=security page 10 of 20");
    run("W8-capi", "SELECT " FUNCTION_COLUMNS ", c.target, c.line AS call_line, c.confidence, c.kind FROM callgraph_call c "
        "JOIN callgraph_function f ON f.pk = c.caller_pk "
        "WHERE c.callee_pk = (SELECT pk FROM callgraph_function WHERE id = ?) ORDER BY f.id, c.line, c.kind", bind_w8, n,
        "callers of every 50th function");
    sqlite3_close(db);
    return 0;
}
