/*
 * W1 through the raw SQLite C API, as a floor for the JVM figure: the same schema (the patterns domain's
 * migrations, in order), the same pragmas, the same rows (patterns.ndjson converted to TSV before timing),
 * one transaction, one prepared upsert per row, then the full-text rows copied from the table as drift
 * does. DEFER=1 builds the non-unique indexes after the rows, as drift does for a large first load.
 *
 *   python3 to_tsv.py /tmp/drift-p10k/patterns.ndjson > /tmp/p10k.tsv
 *   cc -O2 -o w1 w1.c -lsqlite3 && ./w1 /tmp/p10k.tsv 10 V1__patterns.sql V2__location_keys.sql
 */
#include "common.h"

int main(int argc, char **argv) {
    if (argc < 4) { fprintf(stderr, "usage: w1 rows.tsv runs schema.sql...\n"); return 2; }
    table t = load(NULL, argv[1], 10);
    int runs = atoi(argv[2]), n = t.n;
    double *ms = malloc(sizeof(double) * runs);
    for (int r = -1; r < runs; r++) {
        sqlite3 *db = fresh("/tmp/drift-w1-capi.db");
        for (int a = 3; a < argc; a++) check(sqlite3_exec(db, slurp(argv[a]), 0, 0, 0), db, argv[a]);
        sqlite3_stmt *ins;
        check(sqlite3_prepare_v2(db, "INSERT INTO patterns_pattern(pk, id, name, category, status, confidence, severity, "
            "description, detector, first_seen, last_seen) VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET "
            "name = excluded.name, category = excluded.category, confidence = excluded.confidence, severity = excluded.severity, "
            "description = excluded.description, detector = excluded.detector", -1, &ins, 0), db, "prepare");
        double t0 = now_ms();
        check(sqlite3_exec(db, "BEGIN IMMEDIATE", 0, 0, 0), db, "begin");
        indexes ix = {0};
        if (getenv("DEFER")) ix = drop_indexes(db);
        for (int i = 0; i < n; i++) {
            char **x = &t.f[i * 10];
            sqlite3_bind_int64(ins, 1, i + 1);
            for (int c = 0; c < 10; c++) {
                if (c == 4) sqlite3_bind_double(ins, 6, atof(x[4]));
                else sqlite3_bind_text(ins, c + 2, x[c], -1, SQLITE_STATIC);
            }
            check(sqlite3_step(ins), db, "insert"); sqlite3_reset(ins);
        }
        check(sqlite3_exec(db, "INSERT INTO patterns_fts(rowid, name, description, detector) "
                               "SELECT pk, name, description, detector FROM patterns_pattern", 0, 0, 0), db, "fts");
        build_indexes(db, &ix);
        check(sqlite3_exec(db, "COMMIT", 0, 0, 0), db, "commit");
        double t1 = now_ms();
        sqlite3_finalize(ins); sqlite3_close(db);
        if (r >= 0) ms[r] = t1 - t0;
    }
    char notes[64]; snprintf(notes, sizeof notes, "%d patterns%s", n, getenv("DEFER") ? ", indexes built after" : "");
    report("W1-capi", ms, runs, notes);
    return 0;
}
