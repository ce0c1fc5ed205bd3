/*
 * W1 through the raw SQLite C API, as a floor for the JVM figure: the same schema (the patterns domain's
 * V1 migration), the same pragmas, the same rows (patterns.ndjson converted to TSV before timing), one
 * transaction, one prepared upsert and one full-text insert per row.
 *
 *   python3 to_tsv.py /tmp/drift-p10k/patterns.ndjson > /tmp/p10k.tsv
 *   cc -O2 -o w1 w1.c -lsqlite3 && ./w1 ../drift-domain-patterns/src/main/resources/drift/domain/patterns/internal/V1__patterns.sql /tmp/p10k.tsv 10
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define COLS 10
typedef struct { char *f[COLS]; } row;

static char *slurp(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); exit(1); }
    fseek(f, 0, SEEK_END); long n = ftell(f); fseek(f, 0, SEEK_SET);
    char *buf = malloc(n + 1); if (fread(buf, 1, n, f) != (size_t) n) { perror("read"); exit(1); }
    buf[n] = 0; fclose(f); return buf;
}

static void check(int rc, sqlite3 *db, const char *what) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        fprintf(stderr, "%s: %s\n", what, sqlite3_errmsg(db)); exit(1);
    }
}

static double now_ms(void) {
    struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b; return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    if (argc < 4) { fprintf(stderr, "usage: w1 schema.sql rows.tsv runs\n"); return 2; }
    char *schema = slurp(argv[1]);
    char *tsv = slurp(argv[2]);
    int runs = atoi(argv[3]);
    int cap = 1024, n = 0; row *rows = malloc(cap * sizeof(row));
    for (char *line = strtok(tsv, "\n"); line; line = strtok(NULL, "\n")) {
        if (n == cap) { cap *= 2; rows = realloc(rows, cap * sizeof(row)); }
        char *p = line;
        for (int c = 0; c < COLS; c++) { rows[n].f[c] = p; p = strchr(p, '\t'); if (p) *p++ = 0; else p = ""; }
        n++;
    }
    double *ms = malloc(sizeof(double) * runs);
    for (int r = -1; r < runs; r++) {
        const char *path = "/tmp/drift-w1-capi.db";
        unlink(path); unlink("/tmp/drift-w1-capi.db-wal"); unlink("/tmp/drift-w1-capi.db-shm");
        sqlite3 *db; check(sqlite3_open(path, &db), db, "open");
        check(sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-64000;"
                               "PRAGMA mmap_size=268435456; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;", 0, 0, 0), db, "pragmas");
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
            row *x = &rows[i];
            sqlite3_bind_int64(ins, 1, i + 1);
            for (int c = 0; c < COLS; c++) {
                if (c == 4) sqlite3_bind_double(ins, 6, atof(x->f[4]));
                else sqlite3_bind_text(ins, c + 2, x->f[c], -1, SQLITE_STATIC);
            }
            check(sqlite3_step(ins), db, "insert"); sqlite3_reset(ins);
            sqlite3_bind_int64(fts, 1, i + 1);
            sqlite3_bind_text(fts, 2, x->f[1], -1, SQLITE_STATIC);
            sqlite3_bind_text(fts, 3, x->f[6], -1, SQLITE_STATIC);
            sqlite3_bind_text(fts, 4, x->f[7], -1, SQLITE_STATIC);
            check(sqlite3_step(fts), db, "fts"); sqlite3_reset(fts);
        }
        check(sqlite3_exec(db, "COMMIT", 0, 0, 0), db, "commit");
        double t1 = now_ms();
        sqlite3_finalize(ins); sqlite3_finalize(fts); sqlite3_close(db);
        if (r >= 0) ms[r] = t1 - t0;
    }
    qsort(ms, runs, sizeof(double), cmp);
    printf("{\"workload\":\"W1-capi\",\"runs\":%d,\"median_ms\":%.3f,\"min_ms\":%.3f,\"max_ms\":%.3f,\"notes\":\"%d patterns, SQLite %s, C API\"}\n",
           runs, ms[runs / 2], ms[0], ms[runs - 1], n, sqlite3_libversion());
    return 0;
}
