package drift.it;

import drift.bench.SyntheticDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code drift import --replace} as a real process, killed ({@code kill -9}) or interrupted (SIGINT) at
 * points spread over its run: afterwards the file passes {@code integrity_check} and holds exactly the old
 * scan or exactly the new one, table by table, with {@code last_scan} describing it; a reader in another
 * process never sees a mixture while the rescan runs. {@code -Ddrift.kill.points=N} sets the points per
 * dataset (default 20).
 */
class ScanKillTest {
    private static final int POINTS = Integer.getInteger("drift.kill.points", 20);

    @TempDir
    Path dir;

    /** Counts of every table that belongs to the stored scan (history and full-text internals aside), and the last scan's root. */
    static Map<String, Long> snapshot(Connection c) throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        List<String> tables = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT name FROM sqlite_schema WHERE type = 'table' "
                + "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'drift_scan%' AND name NOT LIKE 'drift_schema%' "
                + "AND name NOT LIKE '%_fts_%' ORDER BY name")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        try (Statement s = c.createStatement()) {
            for (String t : tables) {
                // counters: their sum, which moves with what they count; other tables: their rows
                try (ResultSet rs = s.executeQuery(t.endsWith("_counts") ? "SELECT coalesce(sum(value), 0) FROM \"" + t + "\""
                        : "SELECT count(*) FROM \"" + t + "\"")) {
                    counts.put(t, rs.getLong(1));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT coalesce((SELECT root FROM drift_scan WHERE outcome = 'committed' "
                    + "ORDER BY id DESC LIMIT 1), '')")) {
                counts.put("last_scan:" + rs.getString(1), 1L);
            }
        }
        return counts;
    }

    static Map<String, Long> snapshot(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            c.setAutoCommit(false);
            Map<String, Long> m = snapshot(c);
            c.commit();
            return m;
        }
    }

    static String integrity(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            StringBuilder sb = new StringBuilder();
            try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                while (rs.next()) {
                    sb.append(rs.getString(1));
                }
            }
            // the full-text index agrees with its table (throws when it does not)
            s.execute("INSERT INTO patterns_fts(patterns_fts, rank) VALUES ('integrity-check', 1)");
            return sb.toString();
        }
    }

    private static Process start(Path cwd, Path dataset, Path db, Path err) throws IOException {
        List<String> cmd = List.of(JavaProcess.java().toString(), "-p", Build.mods().toString(), "-m", "drift.cli", "import",
                "--replace", dataset.toString(), "--db", db.toString());
        return new ProcessBuilder(cmd).directory(cwd.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    }

    private void killAtPoints(String name, SyntheticDataset.Scale oldScale, SyntheticDataset.Scale newScale) throws Exception {
        SyntheticDataset.Rows oldRows = SyntheticDataset.rows(oldScale, name + "-old", 1);
        oldRows.scan().put("root", "/workspace/old");
        Path oldData = dir.resolve(name + "-old");
        SyntheticDataset.write(oldRows, oldData);
        SyntheticDataset.Rows newRows = SyntheticDataset.rows(newScale, name + "-new", 2);
        newRows.scan().put("root", "/workspace/new");
        Path newData = dir.resolve(name + "-new");
        SyntheticDataset.write(newRows, newData);
        Files.delete(newData.resolve("files.ndjson")); // a replacing import that rewrites everything: the longest transaction

        Path base = dir.resolve(name + "-base.db");
        JavaProcess.Result r = JavaProcess.run(dir, Build.mods().toString(), "drift.cli", "import", "--replace", oldData.toString(),
                "--db", base.toString());
        assertEquals(0, r.exit(), r.toString());
        Map<String, Long> before = snapshot(base);
        Path done = dir.resolve(name + "-done.db");
        Files.copy(base, done);
        Path err = dir.resolve(name + "-err.txt");

        // one uninterrupted run: the new scan's counts, and how long a run takes; meanwhile another process reads
        Map<String, Long> after;
        long runMillis;
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger reads = new AtomicInteger();
        AtomicReference<String> failure = new AtomicReference<>();
        java.util.Set<Map<String, Long>> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        long t0 = System.nanoTime();
        Process full = start(dir, newData, done, err);
        Thread reader = new Thread(() -> {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + done + "?open_mode=1")) {
                c.setAutoCommit(false);
                while (!stop.get()) {
                    seen.add(snapshot(c));
                    c.commit();
                    reads.incrementAndGet();
                }
            } catch (Exception e) {
                failure.compareAndSet(null, "the reader failed: " + e);
            }
        });
        reader.start();
        assertTrue(full.waitFor(300, TimeUnit.SECONDS));
        runMillis = (System.nanoTime() - t0) / 1_000_000;
        stop.set(true);
        reader.join();
        assertEquals(0, full.exitValue(), Files.readString(err));
        after = snapshot(done);
        assertNull(failure.get(), failure.get());
        assertTrue(reads.get() > 3, "the reader read while the rescan ran: " + reads.get());
        for (Map<String, Long> s : seen) {
            assertTrue(s.equals(before) || s.equals(after), "a reader saw neither scan whole: " + s);
        }
        for (String k : before.keySet()) {
            if (!k.startsWith("last_scan") && !k.startsWith("drift_") && !k.endsWith("_decision")) {
                assertTrue(!before.get(k).equals(after.get(k)) || before.get(k) == 0, "the two scans differ in " + k);
            }
        }
        int oldSeen = 0;
        int newSeen = 0;
        for (int i = 0; i < POINTS; i++) {
            boolean sigint = i % 2 == 1;
            // from just after the JVM starts to just before the run ends
            long at = 150 + (runMillis - 150) * (i + 1) / (POINTS + 1);
            Path db = dir.resolve(name + "-kill-" + i + ".db");
            Files.copy(base, db, StandardCopyOption.REPLACE_EXISTING);
            Process p = start(dir, newData, db, err);
            Thread.sleep(at);
            if (sigint) {
                new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            } else {
                p.destroyForcibly();
            }
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the process ended after the signal");
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            if (sigint && p.exitValue() != 0) {
                assertEquals(130, p.exitValue(), "Ctrl-C exits 130: " + stderr);
                if (stderr.contains("drift:")) {
                    // progress lines aside (a line every few seconds when stderr is not a terminal), one line says it
                    assertEquals(1, stderr.strip().lines().filter(l -> !l.startsWith("drift: importing ")).count(),
                            "one line on stderr: " + stderr);
                    assertTrue(stderr.contains("interrupted: the import was rolled back"), stderr);
                }
            }
            assertEquals("ok", integrity(db), name + " point " + i + " (" + at + " ms)");
            Map<String, Long> now = snapshot(db);
            String what = name + " point " + i + " (" + (sigint ? "SIGINT" : "kill -9") + " at " + at + " ms of " + runMillis + ")";
            assertTrue(now.equals(before) || now.equals(after), what + ": neither scan whole: " + now + "\nold " + before + "\nnew " + after);
            if (now.equals(before)) {
                oldSeen++;
            } else {
                newSeen++;
            }
            Files.deleteIfExists(db);
        }
        System.out.printf("scan kill %s: %d points over a %d ms rescan, old scan kept %d times, new %d; the reader saw %d snapshots "
                + "(%d distinct), none mixed%n", name, POINTS, runMillis, oldSeen, newSeen, reads.get(), seen.size());
        assertTrue(oldSeen > POINTS / 3, name + ": most points fall inside the run (old scan kept " + oldSeen + " times, new " + newSeen + ")");
    }

    @Test
    void aKilledOrInterruptedRescanLeavesTheOldScanOrTheNewOneWholeOnSmall() throws Exception {
        killAtPoints("small", SyntheticDataset.SCALES.get("small"), new SyntheticDataset.Scale(1_300, 12_000, 6_000, 24_000, 1_300, 130));
    }

    @Test
    void aKilledOrInterruptedRescanLeavesTheOldScanOrTheNewOneWholeOnMedium() throws Exception {
        killAtPoints("medium", SyntheticDataset.SCALES.get("small"), SyntheticDataset.SCALES.get("medium"));
    }
}
