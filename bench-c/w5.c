/*
 * W5 through the raw SQLite C API: the call graph domain's schema (every migration), 50k functions, 200k
 * calls and 10k data access of `medium` (converted to TSV before timing, children keyed by their
 * function's integer key and in key order, as drift's writer hands them over), inserted with prepared
 * statements in one transaction, then the same three set-based resolution statements. DEFER=1 builds the
 * non-unique indexes after the rows.
 *
 *   python3 to_tsv.py --w5 /tmp/drift-medium /tmp/w5
 *   cc -O2 -o w5 w5.c -lsqlite3 && ./w5 /tmp/w5 5 V1__callgraph.sql V2__integer_keys.sql
 */
#include "common.h"

int main(int argc, char **argv) {
    if (argc < 4) { fprintf(stderr, "usage: w5 tsvdir runs schema.sql...\n"); return 2; }
    table fn = load(argv[1], "functions.tsv", 9), calls = load(argv[1], "calls.tsv", 3), da = load(argv[1], "data_access.tsv", 5);
    int runs = atoi(argv[2]);
    double *ms = malloc(sizeof(double) * runs);
    for (int r = -1; r < runs; r++) {
        sqlite3 *db = fresh("/tmp/drift-w5-capi.db");
        for (int a = 3; a < argc; a++) check(sqlite3_exec(db, slurp(argv[a]), 0, 0, 0), db, argv[a]);
        sqlite3_stmt *f, *c, *d;
        check(sqlite3_prepare_v2(db, "INSERT INTO callgraph_function(id, name, file, start_line, end_line, language, is_entry_point, "
            "is_exported, is_async) VALUES (?,?,?,?,?,?,?,?,?)", -1, &f, 0), db, "prepare f");
        check(sqlite3_prepare_v2(db, "INSERT INTO callgraph_call(caller_pk, target, line) VALUES (?,?,?)", -1, &c, 0), db, "prepare c");
        check(sqlite3_prepare_v2(db, "INSERT INTO callgraph_data_access(function_pk, table_name, operation, fields, line) "
            "VALUES (?,?,?,?,?)", -1, &d, 0), db, "prepare d");
        double t0 = now_ms();
        check(sqlite3_exec(db, "BEGIN IMMEDIATE", 0, 0, 0), db, "begin");
        indexes ix = {0};
        if (getenv("DEFER")) ix = drop_indexes(db);
        for (int i = 0; i < fn.n; i++) {
            char **x = &fn.f[i * 9];
            for (int k = 0; k < 9; k++) {
                if (k == 3 || k == 4) sqlite3_bind_int64(f, k + 1, atoll(x[k]));
                else if (k >= 6) sqlite3_bind_int(f, k + 1, x[k][0] == 'T');
                else sqlite3_bind_text(f, k + 1, x[k], -1, SQLITE_STATIC);
            }
            check(sqlite3_step(f), db, "function"); sqlite3_reset(f);
        }
        for (int i = 0; i < calls.n; i++) {
            char **x = &calls.f[i * 3];
            sqlite3_bind_int64(c, 1, atoll(x[0])); sqlite3_bind_text(c, 2, x[1], -1, SQLITE_STATIC);
            sqlite3_bind_int64(c, 3, atoll(x[2]));
            check(sqlite3_step(c), db, "call"); sqlite3_reset(c);
        }
        for (int i = 0; i < da.n; i++) {
            char **x = &da.f[i * 5];
            sqlite3_bind_int64(d, 1, atoll(x[0]));
            for (int k = 1; k < 4; k++) sqlite3_bind_text(d, k + 1, x[k], -1, SQLITE_STATIC);
            sqlite3_bind_int64(d, 5, atoll(x[4]));
            check(sqlite3_step(d), db, "data access"); sqlite3_reset(d);
        }
        build_indexes(db, &ix);
        check(sqlite3_exec(db, "UPDATE callgraph_function SET has_data_access = 1 WHERE pk IN (SELECT function_pk FROM callgraph_data_access);"
            "COMMIT; BEGIN IMMEDIATE;"
            "UPDATE callgraph_call AS c SET callee_pk = f.pk, confidence = 0.95 FROM callgraph_function AS caller "
            "JOIN callgraph_function AS f ON f.file = caller.file WHERE c.callee_pk IS NULL AND caller.pk = c.caller_pk AND f.name = c.target;"
            "CREATE TEMP TABLE names (name TEXT PRIMARY KEY, pk INTEGER NOT NULL, n INTEGER NOT NULL) WITHOUT ROWID;"
            "INSERT INTO temp.names SELECT name, min(pk), count(*) FROM callgraph_function GROUP BY name;"
            "UPDATE callgraph_call AS c SET callee_pk = n.pk, confidence = 0.8 FROM temp.names AS n WHERE c.callee_pk IS NULL AND n.name = c.target AND n.n = 1;"
            "UPDATE callgraph_call AS c SET callee_pk = n.pk, confidence = 0.4 FROM temp.names AS n WHERE c.callee_pk IS NULL AND n.name = c.target AND n.n > 1;"
            "COMMIT;", 0, 0, 0), db, "resolve");
        double t1 = now_ms();
        sqlite3_stmt *q; sqlite3_prepare_v2(db, "SELECT count(*) FROM callgraph_call WHERE callee_pk IS NOT NULL", -1, &q, 0);
        sqlite3_step(q); long resolved = sqlite3_column_int64(q, 0); sqlite3_finalize(q);
        sqlite3_finalize(f); sqlite3_finalize(c); sqlite3_finalize(d); sqlite3_close(db);
        if (r >= 0) ms[r] = t1 - t0;
        if (r == runs - 1) fprintf(stderr, "resolved %ld calls\n", resolved);
    }
    char notes[160]; snprintf(notes, sizeof notes, "%d functions, %d calls, %d data access%s", fn.n, calls.n, da.n,
                              getenv("DEFER") ? ", indexes built after" : "");
    report("W5-capi", ms, runs, notes);
    return 0;
}
