/*
 * W1 through the raw SQLite C API, as a floor for the JVM figure: the same schema (the patterns domain's
 * V1 migration), the same pragmas, the same rows (patterns.ndjson converted to TSV before timing), one
 * transaction, one prepared upsert and one full-text insert per row.
 *
 *   python3 to_tsv.py /tmp/drift-p10k/patterns.ndjson > /tmp/p10k.tsv
 *   cc -O2 -o w1 w1.c -lsqlite3 && ./w1 ../drift-domain-patterns/src/main/resources/drift/domain/patterns/internal/V1__patterns.sql /tmp/p10k.tsv 10
 */
#include "common.h"

int main(int argc, char **argv) {
    if (argc < 4) { fprintf(stderr, "usage: w1 schema.sql rows.tsv runs\n"); return 2; }
    char *schema = slurp(argv[1]);
    table t = load(NULL, argv[2], 10);
    int runs = atoi(argv[3]), n = t.n;
    double *ms = malloc(sizeof(double) * runs);
    for (int r = -1; r < runs; r++) {
        sqlite3 *db = fresh("/tmp/drift-w1-capi.db");
        check(sqlite3_exec(db, schema, 0, 0, 0), db, "schema");
        sqlite3_stmt *ins, *fts;
        check(sqlite3_prepare_v2(db, "INSERT INTO patterns_pattern(pk, id, name, category, status, confidence, severity, "
            "description, detector, first_seen, last_seen) VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET "
            "name = excluded.name, category = excluded.category, confidence = excluded.confidence, severity = excluded.severity, "
            "description = excluded.description, detector = excluded.detector", -1, &ins, 0), db, "prepare");
        check(sqlite3_prepare_v2(db, "INSERT INTO patterns_fts(rowid, name, description, detector) VALUES (?,?,?,?)", -1, &fts, 0),
              db, "prepare fts");
        double t0 = now_ms();
        check(sqlite3_exec(db, "BEGIN IMMEDIATE", 0, 0, 0), db, "begin");
        for (int i = 0; i < n; i++) {
            char **x = &t.f[i * 10];
            sqlite3_bind_int64(ins, 1, i + 1);
            for (int c = 0; c < 10; c++) {
                if (c == 4) sqlite3_bind_double(ins, 6, atof(x[4]));
                else sqlite3_bind_text(ins, c + 2, x[c], -1, SQLITE_STATIC);
            }
            check(sqlite3_step(ins), db, "insert"); sqlite3_reset(ins);
            sqlite3_bind_int64(fts, 1, i + 1);
            sqlite3_bind_text(fts, 2, x[1], -1, SQLITE_STATIC);
            sqlite3_bind_text(fts, 3, x[6], -1, SQLITE_STATIC);
            sqlite3_bind_text(fts, 4, x[7], -1, SQLITE_STATIC);
            check(sqlite3_step(fts), db, "fts"); sqlite3_reset(fts);
        }
        check(sqlite3_exec(db, "COMMIT", 0, 0, 0), db, "commit");
        double t1 = now_ms();
        sqlite3_finalize(ins); sqlite3_finalize(fts); sqlite3_close(db);
        if (r >= 0) ms[r] = t1 - t0;
    }
    char notes[64]; snprintf(notes, sizeof notes, "%d patterns", n);
    report("W1-capi", ms, runs, notes);
    return 0;
}
