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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The resident drift behind {@code bin/drift}'s questions, as a user meets it: the first question starts it, the
 * next ones are answered by it exactly as {@code java -p mods -m drift.cli} answers them (output, errors, exit codes,
 * a store named relative to the user's folder, a store replaced in between), a killed one is replaced, an idle one
 * stops, and {@code DRIFT_DAEMON=0} keeps it away.
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

        // writes never go to it
        JavaProcess.Result write = launcher(dir, env, "import", Build.root().resolve("samples/tiny").toString(), "--db", db.toString());
        assertEquals(0, write.exit(), write.toString());
        assertEquals(before + questions.size() + 4, answered());
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
