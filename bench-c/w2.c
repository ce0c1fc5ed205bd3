/*
 * W2 through the raw SQLite C API: every row of `medium` (patterns with their full-text rows, locations,
 * functions, calls, data access, contracts with their four child tables) into the three domains' schemas
 * (every migration, in order), prepared statements, one row per step, one transaction. Rows come from TSV
 * files written before timing by `to_tsv.py --w2`: children already name their parent by its integer key
 * and come in key order. With DEFER=1 the non-unique indexes are built after the rows (in the same
 * transaction), as drift does for a large first load into an empty table.
 *
 *   cc -O2 -o w2 w2.c -lsqlite3 && ./w2 /tmp/w2tsv 5 schema.sql...
 */
#include "common.h"

/* types, one letter per column: T text, I integer, R real, B True/False, n integer or NULL, r real or NULL, t text or NULL */
static void bind(sqlite3_stmt *s, char **x, const char *types) {
    for (int k = 0; types[k]; k++) {
        char t = types[k]; const char *v = x[k];
        if ((t == 'n' || t == 'r' || t == 't') && !*v) sqlite3_bind_null(s, k + 1);
        else if (t == 'I' || t == 'n') sqlite3_bind_int64(s, k + 1, atoll(v));
        else if (t == 'R' || t == 'r') sqlite3_bind_double(s, k + 1, atof(v));
        else if (t == 'B') sqlite3_bind_int(s, k + 1, v[0] == 'T');
        else sqlite3_bind_text(s, k + 1, v, -1, SQLITE_STATIC);
    }
}

static void insert_all(sqlite3 *db, table *t, const char *sql, const char *types) {
    sqlite3_stmt *s; check(sqlite3_prepare_v2(db, sql, -1, &s, 0), db, sql);
    for (int i = 0; i < t->n; i++) { bind(s, &t->f[i * t->cols], types); check(sqlite3_step(s), db, sql); sqlite3_reset(s); }
    sqlite3_finalize(s);
}


int main(int argc, char **argv) {
    if (argc < 4) { fprintf(stderr, "usage: w2 tsvdir runs schema.sql...\n"); return 2; }
    const char *dir = argv[1]; int runs = atoi(argv[2]);
    table pat = load(dir, "patterns.tsv", 10), loc = load(dir, "locations.tsv", 9), fn = load(dir, "functions.tsv", 9),
          calls = load(dir, "calls.tsv", 3), da = load(dir, "data_access.tsv", 5), con = load(dir, "contracts.tsv", 8),
          fe = load(dir, "frontends.tsv", 5), fl = load(dir, "fields.tsv", 6), mm = load(dir, "mismatches.tsv", 5);
    long total = pat.n + loc.n + fn.n + calls.n + da.n + con.n;
    double *ms = malloc(sizeof(double) * runs);
    for (int r = -1; r < runs; r++) {
        sqlite3 *db = fresh("/tmp/drift-w2-capi.db");
        for (int a = 3; a < argc; a++) check(sqlite3_exec(db, slurp(argv[a]), 0, 0, 0), db, argv[a]);
        double t0 = now_ms();
        check(sqlite3_exec(db, "BEGIN IMMEDIATE", 0, 0, 0), db, "begin");
        indexes ix = {0};
        if (getenv("DEFER")) ix = drop_indexes(db);
        insert_all(db, &pat, "INSERT INTO patterns_pattern(id, name, category, status, confidence, severity, description, detector, "
            "first_seen, last_seen) VALUES (?,?,?,?,?,?,?,?,?,?)", "TTTTRTTTtt");
        check(sqlite3_exec(db, "INSERT INTO patterns_fts(rowid, name, description, detector) SELECT pk, name, description, detector "
            "FROM patterns_pattern", 0, 0, 0), db, "fts");
        insert_all(db, &loc, "INSERT INTO patterns_location(pattern_pk, file, line, col, end_line, end_col, is_outlier, reason, "
            "deviation_score) VALUES (?,?,?,?,?,?,?,?,?)", "ITIInnBtr");
        insert_all(db, &fn, "INSERT INTO callgraph_function(id, name, file, start_line, end_line, language, is_entry_point, "
            "is_exported, is_async) VALUES (?,?,?,?,?,?,?,?,?)", "TTTIItBBB");
        insert_all(db, &calls, "INSERT INTO callgraph_call(caller_pk, target, line) VALUES (?,?,?)", "ITI");
        insert_all(db, &da, "INSERT INTO callgraph_data_access(function_pk, table_name, operation, fields, line) "
            "VALUES (?,?,?,?,?)", "ITTTI");
        check(sqlite3_exec(db, "UPDATE callgraph_function SET has_data_access = 1 WHERE pk IN "
            "(SELECT function_pk FROM callgraph_data_access)", 0, 0, 0), db, "has_data_access");
        insert_all(db, &con, "INSERT INTO contracts_contract(id, method, endpoint, status, confidence, backend_file, backend_line, "
            "backend_framework) VALUES (?,?,?,?,?,?,?,?)", "TTTTRTIt");
        insert_all(db, &fe, "INSERT INTO contracts_frontend(contract_pk, position, file, line, library) "
            "SELECT pk, ?2, ?3, ?4, ?5 FROM contracts_contract WHERE id = ?1", "TITIt");
        insert_all(db, &fl, "INSERT INTO contracts_field(contract_pk, position, name, type, optional, nullable) "
            "SELECT pk, ?2, ?3, ?4, ?5, ?6 FROM contracts_contract WHERE id = ?1", "TITTII");
        insert_all(db, &mm, "INSERT INTO contracts_mismatch(contract_pk, field_path, mismatch_type, description, severity) "
            "SELECT pk, ?2, ?3, ?4, ?5 FROM contracts_contract WHERE id = ?1", "TTTTT");
        build_indexes(db, &ix);
        check(sqlite3_exec(db, "COMMIT", 0, 0, 0), db, "commit");
        double t1 = now_ms();
        sqlite3_close(db);
        if (r >= 0) ms[r] = t1 - t0;
    }
    char notes[64]; snprintf(notes, sizeof notes, "%ld rows%s", total, getenv("DEFER") ? ", indexes built after" : "");
    report("W2-capi", ms, runs, notes);
    return 0;
}
