package drift.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The resident drift behind {@code bin/drift}'s questions and scans, as a user meets it: the first question starts
 * it, the next ones are answered by it exactly as {@code java -p mods -m drift.cli} answers them (output, errors, exit
 * codes, a store named relative to the user's folder, a store replaced in between), a scan it runs stores what the
 * plain command stores and rolls back on its client's Ctrl-C or death, a killed one is replaced, an idle one stops,
 * and {@code DRIFT_DAEMON=0} keeps it away.
 */
class DaemonTest {
    @TempDir
    Path dir;

    private Path cache;
    private Path db;

    @AfterEach
    void stopDaemons() throws IOException {
        if (cache == null) {
            return;
        }
        for (Path state : states()) {
            pid(state).flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private List<Path> states() throws IOException {
        Path d = cache.resolve("drift");
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(d)) {
            return files.filter(f -> f.getFileName().toString().matches("daemon-[0-9]+")).toList();
        }
    }

    private static Optional<Long> pid(Path state) {
        try {
            String[] f = Files.readString(state, StandardCharsets.US_ASCII).trim().split(" ");
            return Optional.of(Long.parseLong(f[2]));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private JavaProcess.Result launcher(Path cwd, Map<String, String> env, String... args) throws IOException, InterruptedException {
        Map<String, String> base = new HashMap<>();
        base.put("DRIFT_DAEMON", null);
        base.put("XDG_CACHE_HOME", cache.toString());
        base.put("DRIFT_DAEMON_IDLE", "120");
        return Launcher.run(cwd, dir, Launcher.env(base, env), args);
    }

    private JavaProcess.Result plain(Path cwd, String... args) {
        return JavaProcess.run(cwd, Build.mods().toString(), "drift.cli", args);
    }

    /** Waits until a daemon has written its state file and answers a question (its log says so). */
    private Path awaitDaemon() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            List<Path> s = states();
            if (s.size() == 1 && pid(s.get(0)).flatMap(ProcessHandle::of).map(ProcessHandle::isAlive).orElse(false)) {
                return s.get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no daemon started; its log: " + logs());
    }

    private String logs() throws IOException {
        StringBuilder sb = new StringBuilder();
        Path d = cache.resolve("drift");
        if (Files.isDirectory(d)) {
            try (Stream<Path> files = Files.list(d)) {
                for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".log")).toList()) {
                    sb.append(Files.readString(f));
                }
            }
        }
        return sb.toString();
    }

    private long answered() throws IOException {
        return logs().lines().filter(l -> l.matches(".* [a-z-]+: exit [0-9]+ in .*")).count();
    }

    private void importTiny(Path store) {
        JavaProcess.Result imported = plain(dir, "import", "--replace", Build.root().resolve("samples/tiny").toString(), "--db", store.toString());
        assertEquals(0, imported.exit(), imported.toString());
    }

    @Test
    void questionsAreAnsweredByTheResidentDriftAsThePlainCommandAnswersThem() throws Exception {
        cache = dir.resolve("cache");
        db = dir.resolve("drift.db");
        importTiny(db);
        Map<String, String> env = Map.of();

        JavaProcess.Result first = launcher(dir, env, "status", "--db", db.toString());
        assertEquals(plain(dir, "status", "--db", db.toString()), first, "the first question, answered by its own JVM");
        Path state = awaitDaemon();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)), "only the user reads its token");

        List<List<String>> questions = List.of(
                List.of("status", "--db", db.toString()),
                List.of("status", "--db", db.toString(), "--json"),
                List.of("callers", "src/routes/mod000/file00000.ts:paymentMiddleware14:1", "--db", db.toString()),
                List.of("callers", "no-such-function", "--db", db.toString()),
                List.of("reachable", "src/routes/mod000/file00000.ts:paymentMiddleware14:1", "--db", db.toString(), "--json"),
                List.of("scans", "--db=" + db),
                List.of("domains", "--db", db.toString()),
                List.of("status", "--db", dir.resolve("missing.db").toString()),
                List.of("callers", "--db", db.toString(), "--no-such-option"));
        long before = answered();
        for (List<String> q : questions) {
            String[] args = q.toArray(String[]::new);
            assertEquals(plain(dir, args), launcher(dir, env, args), "drift " + String.join(" ", q));
        }
        assertEquals(before + questions.size(), answered(), "every one answered by the daemon: " + logs());

        // questions at once, each answered whole
        List<String> q = List.of("callers", "src/routes/mod000/file00000.ts:paymentMiddleware14:1", "--db", db.toString(), "--json");
        JavaProcess.Result expected = plain(dir, q.toArray(String[]::new));
        List<java.util.concurrent.CompletableFuture<JavaProcess.Result>> together = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            together.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return launcher(dir, env, q.toArray(String[]::new));
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (var f : together) {
            assertEquals(expected, f.get(120, TimeUnit.SECONDS));
        }
        before += 6;

        // a store named relative to the user's folder, or by default (.drift/drift.db there)
        Path project = Files.createDirectories(dir.resolve("project"));
        importTiny(Files.createDirectories(project.resolve(".drift")).resolve("drift.db"));
        assertEquals(plain(project, "status"), launcher(project, env, "status"));
        assertEquals(plain(project, "status", "--db", ".drift/drift.db"), launcher(project, env, "status", "--db", ".drift/drift.db"));
        assertEquals(plain(dir, "status", "--db", "project/.drift/drift.db"), launcher(dir, env, "status", "--db", "project/.drift/drift.db"));

        // a store replaced by another process between two questions: the next answer is the new store's
        Files.delete(db);
        importTiny(db);
        assertEquals(plain(dir, "scans", "--db", db.toString()), launcher(dir, env, "scans", "--db", db.toString()));
        assertEquals(before + questions.size() + 4, answered(), logs());

        // imports never go to it
        JavaProcess.Result write = launcher(dir, env, "import", Build.root().resolve("samples/tiny").toString(), "--db", db.toString());
        assertEquals(0, write.exit(), write.toString());
        assertEquals(before + questions.size() + 4, answered());
    }

    @Test
    void aScanRunsInTheResidentDriftAsThePlainCommandRunsItAndItsClientsCtrlCOrDeathRollsItBack() throws Exception {
        cache = dir.resolve("cache");
        Path code = Files.createDirectories(dir.resolve("project/lib"));
        for (String jar : List.of("picocli", "drift-domain-callgraph", "drift-scan-jvm")) {
            try (Stream<Path> jars = Files.list(Build.mods())) {
                Path j = jars.filter(f -> f.getFileName().toString().startsWith(jar + "-")).findFirst().orElseThrow();
                Files.copy(j, code.resolve(j.getFileName()));
            }
        }
        Path project = dir.resolve("project");
        Map<String, String> env = Map.of();
        launcher(project, env, "status", "--db", "d.db");
        awaitDaemon();

        // paths relative to the user's folder; the store equals a scan by the plain command
        JavaProcess.Result scanned = launcher(project, env, "scan", "lib", "--db", "d.db");
        assertEquals(0, scanned.exit(), scanned.toString());
        assertTrue(logs().contains("scan: exit 0"), "the daemon ran it: " + logs());
        assertTrue(scanned.out().contains("committed: files "), scanned.out());
        JavaProcess.Result plainScan = plain(project, "scan", "lib", "--db", "p.db");
        assertEquals(0, plainScan.exit(), plainScan.toString());
        assertNull(StoreDump.difference(StoreDump.of(project.resolve("p.db")), StoreDump.of(project.resolve("d.db"))));
        // the default store from a folder below it (found as git finds its repository, from the client's folder, not the
        // daemon's), and no path: its last full scan again
        JavaProcess.Result first = launcher(project, env, "scan", "lib");
        assertEquals(0, first.exit(), first.toString());
        Path below = Files.createDirectories(project.resolve("src/main"));
        JavaProcess.Result again = launcher(below, env, "scan");
        assertEquals(0, again.exit(), again.toString());
        assertTrue(again.err().contains("scanning again what scan 1 scanned: " + code), again.err());
        assertTrue(again.out().contains("files 0 added, 0 changed, 0 removed, "), again.out());
        assertFalse(Files.exists(below.resolve(".drift")), "no second store below the project's");
        assertTrue(launcher(below, env, "scans").out().contains("snapshot"), "the project's store answers from below it");
        // its errors and exit codes are the plain command's
        Files.createDirectories(project.resolve("empty"));
        for (List<String> bad : List.of(List.of("scan", "empty", "--db", "d.db"), List.of("scan", "nope", "--db", "d.db"),
                List.of("scan", "lib", "--dispatch", "xyz", "--db", "d.db"))) {
            String[] args = bad.toArray(String[]::new);
            assertEquals(plain(project, args), launcher(project, env, args), String.join(" ", bad));
        }

        // Ctrl-C while it runs (a first scan of the JDK's base module and the jars): rolled back, one line, 130
        List<String> big = List.of("scan", "jrt:/java.base", "lib", "--db", "big.db");
        Process p = startLauncher(project, big);
        awaitLog("scan: started", 1);
        Thread.sleep(500);
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(130, p.exitValue(), err);
        assertEquals("drift: interrupted: the scan was rolled back; the store holds what it held before\n", err);
        awaitLog("(cancelled by the client)", 1);
        // the client killed outright: the daemon notices the closed connection and rolls back too
        Process killed = startLauncher(project, big);
        awaitLog("scan: started", 2);
        Thread.sleep(500);
        killed.destroyForcibly();
        awaitLog("(cancelled by the client)", 2);
        JavaProcess.Result history = plain(project, "scans", "--db", "big.db", "--json");
        assertEquals(0, history.exit(), history.toString());
        assertFalse(history.out().contains("\"committed\""), "nothing committed: " + history.out());
        // and the store is free for the next scan at once
        JavaProcess.Result next = plain(project, "scan", "lib", "--db", "big.db");
        assertEquals(0, next.exit(), next.toString());
    }

    private Process startLauncher(Path cwd, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Build.root().resolve("bin/drift").toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().remove("DRIFT_JAVA_OPTS");
        pb.environment().remove("DRIFT_DAEMON");
        pb.environment().put("XDG_CACHE_HOME", cache.toString());
        pb.environment().put("DRIFT_DAEMON_IDLE", "120");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("DRIFT_MODS", Build.mods().toString());
        return pb.start();
    }

    /** Waits until the daemon's log holds {@code text} at least {@code times} times. */
    private void awaitLog(String text, int times) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (logs().lines().filter(l -> l.contains(text)).count() >= times) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the daemon's log never said '" + text + "' " + times + " times: " + logs());
    }

    @Test
    void aKilledDaemonIsReplacedAnIdleOneStopsAndItCanBeTurnedOff() throws Exception {
        cache = dir.resolve("cache");
        db = dir.resolve("drift.db");
        importTiny(db);
        JavaProcess.Result expected = plain(dir, "status", "--db", db.toString());
        Map<String, String> quick = new HashMap<>(Map.of("DRIFT_DAEMON_IDLE", "3"));

        assertEquals(expected, launcher(dir, quick, "status", "--db", db.toString()));
        Path state = awaitDaemon();
        ProcessHandle daemon = ProcessHandle.of(pid(state).orElseThrow()).orElseThrow();
        daemon.destroyForcibly();
        assertTrue(daemon.onExit().toCompletableFuture().get(30, TimeUnit.SECONDS) != null);
        assertTrue(Files.exists(state), "a killed daemon leaves its state file");
        // its port is closed: the question is answered all the same, and a new daemon starts (the launcher starts none
        // while the last start's log is under 12 s old, so that two are not started at once: this one's log goes)
        Files.delete(Path.of(state + ".log"));
        assertEquals(expected, launcher(dir, quick, "status", "--db", db.toString()));
        Path again = awaitDaemon();
        long next = pid(again).orElseThrow();
        assertTrue(next != daemon.pid(), "a new daemon");
        // idle for 3 s: it stops and removes its state file
        ProcessHandle second = ProcessHandle.of(next).orElseThrow();
        second.onExit().toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertFalse(Files.exists(again), "an idle daemon removes its state file");

        // DRIFT_DAEMON=0: answered, and no daemon started
        assertEquals(expected, launcher(dir, Map.of("DRIFT_DAEMON", "0"), "status", "--db", db.toString()));
        Thread.sleep(2_000);
        assertEquals(List.of(), states());
    }
}
