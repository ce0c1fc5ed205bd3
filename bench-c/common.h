/* Shared by the C API benchmarks: loading TSV rows before timing, errors, timing, medians. */
#ifndef DRIFT_BENCH_COMMON_H
#define DRIFT_BENCH_COMMON_H
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct { int n, cols; char **f; } table;

static char *slurp(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); exit(1); }
    fseek(f, 0, SEEK_END); long n = ftell(f); fseek(f, 0, SEEK_SET);
    char *buf = malloc(n + 1); if (fread(buf, 1, n, f) != (size_t) n) { perror("read"); exit(1); }
    buf[n] = 0; fclose(f); return buf;
}

/* Rows of a TSV file (dir may be NULL: name is then the path), cols tab-separated fields each. */
static table load(const char *dir, const char *name, int cols) {
    char path[4096]; snprintf(path, sizeof path, "%s%s%s", dir ? dir : "", dir ? "/" : "", name);
    char *tsv = slurp(path);
    table t = {0, cols, NULL}; int cap = 1024; t.f = malloc(sizeof(char *) * cap * cols);
    char *save = NULL;
    for (char *line = strtok_r(tsv, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (t.n == cap) { cap *= 2; t.f = realloc(t.f, sizeof(char *) * cap * cols); }
        char *p = line;
        for (int c = 0; c < cols; c++) { t.f[t.n * cols + c] = p; p = p ? strchr(p, '\t') : NULL; if (p) *p++ = 0; }
        for (int c = 0; c < cols; c++) if (!t.f[t.n * cols + c]) t.f[t.n * cols + c] = "";
        t.n++;
    }
    return t;
}

static void check(int rc, sqlite3 *db, const char *what) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) { fprintf(stderr, "%s: %s\n", what, sqlite3_errmsg(db)); exit(1); }
}

static double now_ms(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1e3 + t.tv_nsec / 1e6; }

static int cmp(const void *a, const void *b) { double x = *(const double *) a, y = *(const double *) b; return x < y ? -1 : x > y; }

/* A fresh store with drift's default pragmas. */
static sqlite3 *fresh(const char *path) {
    char p[4096];
    unlink(path); snprintf(p, sizeof p, "%s-wal", path); unlink(p); snprintf(p, sizeof p, "%s-shm", path); unlink(p);
    sqlite3 *db; check(sqlite3_open(path, &db), db, "open");
    check(sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-64000;"
                           "PRAGMA mmap_size=268435456; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;", 0, 0, 0), db, "pragmas");
    return db;
}

/* Non-unique indexes of the current schema, to build after a load (as drift does for a large first load). */
typedef struct { int n; char *sql[64]; } indexes;

static indexes drop_indexes(sqlite3 *db) {
    indexes ix = {0};
    char *names[64];
    sqlite3_stmt *s;
    check(sqlite3_prepare_v2(db, "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL "
                                 "AND sql NOT LIKE 'CREATE UNIQUE%'", -1, &s, 0), db, "indexes");
    while (sqlite3_step(s) == SQLITE_ROW && ix.n < 64) {
        names[ix.n] = strdup((const char *) sqlite3_column_text(s, 0));
        ix.sql[ix.n++] = strdup((const char *) sqlite3_column_text(s, 1));
    }
    sqlite3_finalize(s);
    char drop[256];
    for (int i = 0; i < ix.n; i++) {
        snprintf(drop, sizeof drop, "DROP INDEX \"%s\"", names[i]);
        check(sqlite3_exec(db, drop, 0, 0, 0), db, drop);
        free(names[i]);
    }
    return ix;
}

static void build_indexes(sqlite3 *db, indexes *ix) {
    for (int i = 0; i < ix->n; i++) { check(sqlite3_exec(db, ix->sql[i], 0, 0, 0), db, ix->sql[i]); free(ix->sql[i]); }
    ix->n = 0;
}

static void report(const char *workload, double *ms, int runs, const char *notes) {
    qsort(ms, runs, sizeof(double), cmp);
    printf("{\"workload\":\"%s\",\"runs\":%d,\"median_ms\":%.3f,\"min_ms\":%.3f,\"max_ms\":%.3f,\"notes\":\"%s, SQLite %s, C API\"}\n",
           workload, runs, ms[runs / 2], ms[0], ms[runs - 1], notes, sqlite3_libversion());
}
#endif
