package drift.storage.sqlite.internal;

import drift.storage.api.DatabaseConfig;
import drift.storage.api.DatabaseManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real processes on one database: a writer JVM writes while a second writer JVM tries to open the same file
 * and a read-only JVM reads it; the writer is then killed while the reader goes on.
 */
class MultiProcessTest {
    private static final int ROWS = 2000;

    @TempDir
    Path dir;

    private static long number(String line, int field) {
        return Long.parseLong(line.split(" ")[field]);
    }

    @Test
    void aSecondWriterProcessIsRefusedAndAReaderProcessReadsWholeBatchesWhileTheWriterWrites() throws Exception {
        Path db = dir.resolve("shared.db");
        long acknowledged;
        try (Jvm writer = Jvm.start(dir.resolve("writer.err"), CrashWriter.class, db.toString(), "0", Integer.toString(ROWS))) {
            writer.await("READY");
            acknowledged = number(writer.await("ACK "), 1);

            // a second process that wants to write is told, naming the file; it does not wait or write
            try (Jvm second = Jvm.start(dir.resolve("second.err"), StoreProcess.class, "open-writer", db.toString())) {
                String answer = second.await("");
                assertTrue(answer.startsWith("ERROR LOCKED "), answer);
                assertTrue(answer.contains(db.toString()) && answer.contains("already open for writing"), answer);
                assertEquals(3, second.exitCode());
            }

            try (Jvm reader = Jvm.start(dir.resolve("reader.err"), StoreProcess.class, "reader", db.toString(),
                    Integer.toString(ROWS))) {
                reader.await("READY");
                long first = number(reader.await("READ "), 2);
                // the reader goes on until it has seen the writer's commits arrive (no timing: line by line)
                long seen = first;
                long readsBeforeKill = 1;
                while (seen <= first + 2 || readsBeforeKill < 15) {
                    String line = reader.await("");
                    assertTrue(line.startsWith("READ "), line);
                    readsBeforeKill = number(line, 1);
                    seen = number(line, 2);
                }
                // kill the writer in the middle of its work; the reader keeps reading what was committed
                writer.kill();
                writer.rest();
                writer.exitCode();
                for (String line : writer.seen()) {
                    if (line.startsWith("ACK ")) {
                        acknowledged = Math.max(acknowledged, number(line, 1));
                    }
                }
                long readsAtKill = number(reader.await("READ "), 1);
                long reads = readsAtKill;
                while (reads < readsAtKill + 5) {
                    String line = reader.await("");
                    assertTrue(line.startsWith("READ "), line);
                    reads = number(line, 1);
                }
                reader.send("STOP");
                String done = reader.await("DONE ");
                assertEquals(0, reader.exitCode(), done);
                System.out.printf("multi-process: reader process made %d reads (%d while the writer process wrote, seeing %d "
                        + "then %d whole batches; %d after the writer was killed); second writer refused%n", number(done, 1),
                        readsBeforeKill, first, seen, number(done, 1) - readsBeforeKill);
            }
        }
        // nothing was lost or damaged by the second writer, the reader, or the kill
        try (DatabaseManager m = DatabaseManager.open(DatabaseConfig.defaults(db), List.of(new NotesDomain()))) {
            assertEquals(List.of(List.of("ok")), m.executeRaw("PRAGMA integrity_check").rows());
            Map<Long, Long> rows = new HashMap<>();
            m.read(r -> {
                r.forEach("SELECT batch, count(*) FROM notes_note GROUP BY batch", row -> {
                    rows.put(row.getLong(1), row.getLong(2));
                    return true;
                });
                return null;
            });
            for (long b = 0; b <= acknowledged; b++) {
                assertEquals(ROWS, rows.getOrDefault(b, 0L), "acknowledged batch " + b);
            }
            rows.forEach((b, n) -> assertEquals(ROWS, n, "batch " + b + " is whole"));
        }
    }
}
