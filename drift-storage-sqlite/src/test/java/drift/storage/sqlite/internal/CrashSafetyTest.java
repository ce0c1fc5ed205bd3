package drift.storage.sqlite.internal;

import drift.storage.api.DatabaseConfig;
import drift.storage.api.DatabaseManager;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kills a writer JVM with SIGKILL at random points during a long import, many times over, and checks the
 * database after each kill: integrity_check ok, every acknowledged batch whole, no batch half there.
 * {@code -Ddrift.crash.kills=N} sets the number of kills (default 6, to keep the suite quick).
 */
class CrashSafetyTest {
    private static final int ROWS = 2000;

    @TempDir
    Path dir;

    private Process start(Path db, long firstBatch) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                CrashWriter.class.getName(), db.toString(), Long.toString(firstBatch), Integer.toString(ROWS))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    @Test
    void killedWritersLoseNoAcknowledgedBatchAndLeaveNoHalfBatch() throws Exception {
        int kills = Integer.getInteger("drift.crash.kills", 6);
        Random random = new Random(Long.getLong("drift.crash.seed", 42));
        Path db = dir.resolve("crash.db");
        long next = 0;
        long acknowledged = 0;
        long checked = 0;
        for (int k = 0; k < kills; k++) {
            Process p = start(db, next);
            long lastAck = -1;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                assertEquals("READY", out.readLine());
                if (k == 0) {
                    // while it writes, a second writer is refused clearly, and the file stays sound
                    StorageException e = org.junit.jupiter.api.Assertions.assertThrows(StorageException.class,
                            () -> DatabaseManager.open(DatabaseConfig.defaults(db), List.of(new NotesDomain())));
                    assertEquals(StorageErrorCode.LOCKED, e.code());
                    assertTrue(e.getMessage().contains(db.toString()), e.getMessage());
                }
                int acks = 1 + random.nextInt(6);
                for (int i = 0; i < acks; i++) {
                    String line = out.readLine();
                    assertTrue(line != null && line.startsWith("ACK "), "writer output: " + line);
                    lastAck = Long.parseLong(line.substring(4));
                }
                // land the kill at a random moment of the next batch: queueing, writing or committing
                Thread.sleep(random.nextInt(40));
                // SIGKILL through the handle: unlike Process.destroyForcibly it leaves our end of the pipe open,
                // so acknowledgements printed just before the kill are still read
                p.toHandle().destroyForcibly();
                // acknowledgements already printed before the kill count too
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("ACK ")) {
                        lastAck = Long.parseLong(line.substring(4));
                    }
                }
            }
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            try (DatabaseManager m = DatabaseManager.open(DatabaseConfig.defaults(db), List.of(new NotesDomain()))) {
                assertEquals("ok", m.executeRaw("PRAGMA integrity_check").rows().get(0).get(0));
                Map<Long, Long> counts = new HashMap<>();
                m.read(r -> {
                    r.forEach("SELECT batch, count(*) FROM notes_note GROUP BY batch", row -> {
                        counts.put(row.getLong(1), row.getLong(2));
                        return true;
                    });
                    return null;
                });
                for (long b = 0; b <= lastAck; b++) {
                    assertEquals(ROWS, counts.getOrDefault(b, 0L), "acknowledged batch " + b + " after kill " + k);
                }
                for (Map.Entry<Long, Long> e : counts.entrySet()) {
                    assertEquals(ROWS, e.getValue(), "batch " + e.getKey() + " is half there after kill " + k);
                }
                checked += counts.size();
                acknowledged = lastAck + 1;
                next = counts.keySet().stream().mapToLong(Long::longValue).max().orElse(-1) + 1;
            }
        }
        assertTrue(acknowledged > kills, "the writers made progress: " + acknowledged + " batches acknowledged");
        System.out.printf("crash safety: %d kills, %d batches acknowledged, %d batch checks, 0 lost, 0 partial%n", kills,
                acknowledged, checked);
    }
}
