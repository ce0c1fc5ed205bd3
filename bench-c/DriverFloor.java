import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The floor of the JVM's driver: W1, W2 and the small reads (W4a-e, W8) through sqlite-jdbc alone, with no drift
 * code at all. The same schemas, pragmas, rows and statements as w1.c, w2.c and reads.c; rows bound the fastest way
 * we know into sqlite-jdbc (many rows per INSERT ... VALUES, one bind per value), statements prepared once, and the
 * reads step their rows without reading a column. So C, this and drift can be read side by side: from C to here is
 * what the driver itself costs, from here to drift is drift's own work. Run with Java's single-file launcher (not part of the Maven build):
 *
 * <pre>
 *   J=mods/sqlite-jdbc-3.53.4.0.jar
 *   java -cp $J bench-c/DriverFloor.java w1 /tmp/p10k.tsv 15 $PS             # env: DEFER=1, NOFTS=1, NOINDEX=1
 *   java -cp $J bench-c/DriverFloor.java w2 /tmp/w2tsv 7 $PS $CS $KS         # the same switches
 *   java -cp $J bench-c/DriverFloor.java reads /tmp/bw/query-store.db       # after the JVM bench with --work-dir
 * </pre>
 *
 * DEFER=1 drops the non-unique indexes before the rows and builds them after (as drift's bulk load), NOFTS=1 leaves
 * the full-text index out, NOINDEX=1 drops the non-unique indexes and does not build them: what storing the rows
 * alone costs.
 */
public class DriverFloor {
    public static void main(String[] a) throws Exception {
        switch (a.length == 0 ? "" : a[0]) {
            case "w1" -> w1(Path.of(a[1]), Integer.parseInt(a[2]), Arrays.copyOfRange(a, 3, a.length));
            case "w2" -> w2(Path.of(a[1]), Integer.parseInt(a[2]), Arrays.copyOfRange(a, 3, a.length));
            case "reads" -> reads(a[1]);
            default -> {
                System.err.println("usage: DriverFloor w1 rows.tsv runs schema.sql... | w2 tsvdir runs schema.sql... | reads store.db");
                System.exit(2);
            }
        }
    }

    // ---- writes

    /** Rows of a TSV file, {@code cols} fields each (missing trailing fields are empty). */
    static List<String[]> load(Path file, int cols) throws Exception {
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String[] f = Arrays.copyOf(line.split("\t", -1), cols);
            for (int i = 0; i < cols; i++) {
                f[i] = f[i] == null ? "" : f[i];
            }
            rows.add(f);
        }
        return rows;
    }

    /** A fresh store with drift's default pragmas (common.h's {@code fresh}), its schema applied. */
    static Connection fresh(String path, String[] schema) throws Exception {
        for (String s : new String[] {"", "-wal", "-shm"}) {
            Files.deleteIfExists(Path.of(path + s));
        }
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + path);
        try (Statement s = c.createStatement()) {
            for (String p : new String[] {"journal_mode=WAL", "synchronous=NORMAL", "cache_size=-64000", "mmap_size=268435456",
                    "foreign_keys=ON", "temp_store=MEMORY"}) {
                s.execute("PRAGMA " + p);
            }
            for (String f : schema) {
                s.executeUpdate(Files.readString(Path.of(f)));
            }
        }
        c.setAutoCommit(false);
        return c;
    }

    /** The non-unique indexes' definitions, dropped (DEFER or NOINDEX); built again by {@link #build} unless NOINDEX. */
    static List<String> dropIndexes(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        List<String> sql = new ArrayList<>();
        if (System.getenv("DEFER") == null && System.getenv("NOINDEX") == null) {
            return sql;
        }
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT name, sql FROM sqlite_schema WHERE type = 'index' "
                + "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'")) {
            while (r.next()) {
                names.add(r.getString(1));
                sql.add(r.getString(2));
            }
        }
        try (Statement s = c.createStatement()) {
            for (String n : names) {
                s.execute("DROP INDEX \"" + n + "\"");
            }
        }
        return System.getenv("NOINDEX") != null ? List.of() : sql;
    }

    static void build(Connection c, List<String> indexes) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String i : indexes) {
                s.execute(i);
            }
        }
    }

    static void fullText(Connection c) throws SQLException {
        if (System.getenv("NOFTS") == null) {
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO patterns_fts(rowid, name, description, detector) SELECT pk, name, description, detector FROM patterns_pattern");
            }
        }
    }

    /**
     * Every row into {@code sql} (an INSERT ending in VALUES), as many rows per statement as SQLite's variable limit
     * and 1,000 allow. Types, one letter per column, as w2.c's: T text, I integer, R real, B True/False, n integer or
     * NULL, r real or NULL, t text or NULL; P: the row's position from 1 (a key the caller gives).
     */
    static void insertAll(Connection c, String sql, List<String[]> rows, String types) throws SQLException {
        int cols = types.length();
        int per = Math.min(1000, 32766 / cols);
        String one = "(" + "?,".repeat(cols - 1) + "?)";
        PreparedStatement full = null;
        try {
            for (int i = 0; i < rows.size(); i += per) {
                int n = Math.min(per, rows.size() - i);
                PreparedStatement ps = n == per && full != null ? full
                        : c.prepareStatement(sql + (one + ",").repeat(n - 1) + one);
                if (n == per) {
                    full = ps;
                }
                int j = 1;
                for (int q = i; q < i + n; q++) {
                    String[] x = rows.get(q);
                    for (int k = 0, f = 0; k < cols; k++) {
                        char t = types.charAt(k);
                        if (t == 'P') {
                            ps.setLong(j++, q + 1);
                            continue;
                        }
                        bind(ps, j++, t, x[f++]);
                    }
                }
                ps.executeUpdate();
                if (ps != full) {
                    ps.close();
                }
            }
        } finally {
            if (full != null) {
                full.close();
            }
        }
    }

    static void bind(PreparedStatement ps, int j, char t, String v) throws SQLException {
        if ((t == 'n' || t == 'r' || t == 't') && v.isEmpty()) {
            ps.setNull(j, Types.NULL);
        } else if (t == 'I' || t == 'n') {
            ps.setLong(j, Long.parseLong(v));
        } else if (t == 'R' || t == 'r') {
            ps.setDouble(j, Double.parseDouble(v));
        } else if (t == 'B') {
            ps.setInt(j, v.startsWith("T") ? 1 : 0);
        } else {
            ps.setString(j, v);
        }
    }

    /** One row per statement (the contracts' children, which find their contract's key by its id, as w2.c). */
    static void eachRow(Connection c, String sql, List<String[]> rows, String types) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (String[] x : rows) {
                for (int k = 0; k < types.length(); k++) {
                    bind(ps, k + 1, types.charAt(k), x[k]);
                }
                ps.executeUpdate();
            }
        }
    }

    /** What a timed run stores, between the store's creation (untimed) and the commit (timed). */
    interface Load {
        void into(Connection c) throws SQLException;
    }

    /**
     * {@code warmups} untimed then {@code runs} timed loads, each into a fresh store (w1.c and w2.c's shape): the
     * non-unique indexes dropped as the switches say, the rows, the full-text rows, the indexes built, the commit.
     */
    static double[] timed(String path, String[] schema, int warmups, int runs, Load rows) throws Exception {
        double[] ms = new double[runs];
        for (int r = -warmups; r < runs; r++) {
            try (Connection c = fresh(path, schema)) {
                long t0 = System.nanoTime();
                List<String> ix = dropIndexes(c);
                rows.into(c);
                build(c, ix);
                c.commit();
                if (r >= 0) {
                    ms[r] = (System.nanoTime() - t0) / 1e6;
                }
            }
        }
        return ms;
    }

    static void w1(Path tsv, int runs, String[] schema) throws Exception {
        List<String[]> rows = load(tsv, 10);
        double[] ms = timed("/tmp/drift-w1-jdbc.db", schema, 3, runs, c -> {
            insertAll(c, "INSERT INTO patterns_pattern(pk, id, name, category, status, confidence, severity, description, detector, "
                    + "first_seen, last_seen) VALUES ", rows, "PTTTTRTTTtt");
            fullText(c);
        });
        report("W1-jdbc", ms, rows.size() + " patterns" + switches());
    }

    static void w2(Path dir, int runs, String[] schema) throws Exception {
        List<String[]> pat = load(dir.resolve("patterns.tsv"), 10), loc = load(dir.resolve("locations.tsv"), 9),
                fn = load(dir.resolve("functions.tsv"), 9), calls = load(dir.resolve("calls.tsv"), 3),
                da = load(dir.resolve("data_access.tsv"), 5), con = load(dir.resolve("contracts.tsv"), 8),
                fe = load(dir.resolve("frontends.tsv"), 5), fl = load(dir.resolve("fields.tsv"), 6), mm = load(dir.resolve("mismatches.tsv"), 5);
        long total = pat.size() + loc.size() + fn.size() + calls.size() + da.size() + con.size();
        double[] ms = timed("/tmp/drift-w2-jdbc.db", schema, 1, runs, c -> {
            insertAll(c, "INSERT INTO patterns_pattern(id, name, category, status, confidence, severity, description, detector, "
                    + "first_seen, last_seen) VALUES ", pat, "TTTTRTTTtt");
            fullText(c);
            insertAll(c, "INSERT INTO patterns_location(pattern_pk, file, line, col, end_line, end_col, is_outlier, reason, "
                    + "deviation_score) VALUES ", loc, "ITIInnBtr");
            insertAll(c, "INSERT INTO callgraph_function(id, name, file, start_line, end_line, language, is_entry_point, "
                    + "is_exported, is_async) VALUES ", fn, "TTTIItBBB");
            insertAll(c, "INSERT INTO callgraph_call(caller_pk, target, line) VALUES ", calls, "ITI");
            insertAll(c, "INSERT INTO callgraph_data_access(function_pk, table_name, operation, fields, line) VALUES ", da, "ITTTI");
            try (Statement s = c.createStatement()) {
                s.execute("UPDATE callgraph_function SET has_data_access = 1 WHERE pk IN (SELECT function_pk FROM callgraph_data_access)");
            }
            insertAll(c, "INSERT INTO contracts_contract(id, method, endpoint, status, confidence, backend_file, backend_line, "
                    + "backend_framework) VALUES ", con, "TTTTRTIt");
            eachRow(c, "INSERT INTO contracts_frontend(contract_pk, position, file, line, library) "
                    + "SELECT pk, ?2, ?3, ?4, ?5 FROM contracts_contract WHERE id = ?1", fe, "TITIt");
            eachRow(c, "INSERT INTO contracts_field(contract_pk, position, name, type, optional, nullable) "
                    + "SELECT pk, ?2, ?3, ?4, ?5, ?6 FROM contracts_contract WHERE id = ?1", fl, "TITTII");
            eachRow(c, "INSERT INTO contracts_mismatch(contract_pk, field_path, mismatch_type, description, severity) "
                    + "SELECT pk, ?2, ?3, ?4, ?5 FROM contracts_contract WHERE id = ?1", mm, "TTTTT");
        });
        report("W2-jdbc", ms, total + " rows" + switches());
    }

    static String switches() {
        return (System.getenv("NOINDEX") != null ? ", no non-unique index" : System.getenv("DEFER") != null ? ", indexes built after" : "")
                + (System.getenv("NOFTS") != null ? ", no full-text index" : "");
    }

    // ---- reads (reads.c's statements, word for word)

    static final String COLUMNS = "p.id, p.name, p.category, p.status, p.confidence, p.severity, p.description, p.detector, "
            + "p.first_seen, p.last_seen, p.status_changed_at, p.approved_at";
    static final String FUNCTION_COLUMNS = "f.pk, f.id, f.name, f.file, f.start_line, f.end_line, f.language, f.is_entry_point, "
            + "f.is_exported, f.is_async";

    interface Binder {
        void bind(PreparedStatement s, int i) throws SQLException;
    }

    /** The same parameters for every run, each bound by its type (text, integer or real), as reads.c binds them. */
    static Binder values(Object... values) {
        return (s, i) -> {
            for (int k = 0; k < values.length; k++) {
                s.setObject(k + 1, values[k]);
            }
        };
    }

    static void reads(String store) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store + "?open_mode=1")) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA cache_size=-64000");
                s.execute("PRAGMA mmap_size=268435456");
            }
            String file;
            List<String> ids = new ArrayList<>();
            try (Statement s = c.createStatement()) {
                try (ResultSet r = s.executeQuery("SELECT file FROM patterns_location GROUP BY file ORDER BY count(*) DESC, file LIMIT 1")) {
                    r.next();
                    file = r.getString(1);
                }
                try (ResultSet r = s.executeQuery("SELECT id FROM callgraph_function ORDER BY id")) {
                    for (int i = 0; r.next() && ids.size() < 1000; i++) {
                        if (i % 50 == 0) {
                            ids.add(r.getString(1));
                        }
                    }
                }
            }
            run(c, "W4a-jdbc", "SELECT " + COLUMNS + " FROM patterns_pattern p WHERE p.category = ? AND p.status = ? AND p.confidence >= ? "
                    + "ORDER BY p.confidence DESC, p.id LIMIT ? OFFSET ?", values("api", "approved", 0.8, 51, 0), 200,
                    "category=api approved >=0.8 top 50");
            run(c, "W4b-jdbc", "SELECT " + COLUMNS + " FROM patterns_fts CROSS JOIN patterns_pattern p ON p.pk = patterns_fts.rowid "
                    + "WHERE patterns_fts MATCH ? ORDER BY bm25(patterns_fts, 5.0, 1.0, 2.0), p.id LIMIT ? OFFSET ?",
                    values("\"auth\" \"token\"", 20, 0), 200, "full text auth token top 20");
            run(c, "W4c-jdbc", "SELECT " + COLUMNS + " FROM patterns_fts CROSS JOIN patterns_pattern p ON p.pk = patterns_fts.rowid "
                    + "WHERE patterns_fts MATCH ? AND p.status = ? AND p.confidence >= ? ORDER BY bm25(patterns_fts, 5.0, 1.0, 2.0), p.id "
                    + "LIMIT ? OFFSET ?", values("\"retry\" \"cache\"", "discovered", 0.5, 50, 0), 200,
                    "full text retry cache discovered >=0.5 top 50");
            run(c, "W4d-jdbc", "SELECT " + COLUMNS + " FROM patterns_pattern p WHERE p.pk IN (SELECT pattern_pk FROM patterns_location "
                    + "WHERE file = ?) ORDER BY p.confidence DESC, p.id LIMIT ? OFFSET ?", values(file, 1001, 0), 200,
                    "patterns with a location in one file");
            run(c, "W4e-jdbc", "SELECT " + COLUMNS + " FROM patterns_pattern p WHERE p.category = ? ORDER BY p.confidence DESC, p.id "
                    + "LIMIT ? OFFSET ?", values("security", 21, 180), 200, "category=security page 10 of 20");
            run(c, "W8-jdbc", "SELECT " + FUNCTION_COLUMNS + ", c.target, c.line AS call_line, c.confidence, c.kind FROM callgraph_call c "
                    + "JOIN callgraph_function f ON f.pk = c.caller_pk "
                    + "WHERE c.callee_pk = (SELECT pk FROM callgraph_function WHERE id = ?) ORDER BY f.id, c.line, c.kind",
                    (s, i) -> s.setString(1, ids.get(i)), ids.size(), "callers of every 50th function");
        }
    }

    /**
     * Runs a statement prepared once, {@code runs} times untimed then timed, stepping every row and reading no column:
     * the least any reader through this driver pays for the query (a reader that reads the columns pays more).
     */
    static void run(Connection c, String name, String sql, Binder bind, int runs, String what) throws SQLException {
        long rows = 0;
        double[] ms = new double[runs];
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int timed = 0; timed < 2; timed++) {
                for (int i = 0; i < runs; i++) {
                    long t0 = System.nanoTime();
                    bind.bind(s, i);
                    try (ResultSet r = s.executeQuery()) {
                        while (r.next()) {
                            rows += timed;
                        }
                    }
                    if (timed == 1) {
                        ms[i] = (System.nanoTime() - t0) / 1e6;
                    }
                }
            }
        }
        report(name, ms, String.format(Locale.ROOT, "%s: mean %.2f rows, stepped, no column read", what, rows / (double) runs));
    }

    static void report(String name, double[] ms, String notes) {
        double[] s = ms.clone();
        Arrays.sort(s);
        System.out.printf(Locale.ROOT, "{\"workload\":\"%s\",\"runs\":%d,\"median_ms\":%.4f,\"min_ms\":%.4f,\"notes\":\"%s\"}%n",
                name, s.length, s[s.length / 2], s[0], notes);
    }
}
