package drift.storage.sqlite.internal;

import drift.storage.api.DatabaseConfig;
import drift.storage.api.DatabaseManager;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kills a writer JVM ({@link CrashWriter}) with SIGKILL at random points, many times over, and checks the
 * database after each kill: integrity_check ok, every acknowledged batch whole, no batch half there, every
 * write task either wholly applied or not at all. {@code -Ddrift.crash.kills=N} sets the number of kills
 * during the import (default 6) and {@code -Ddrift.crash.createKills=N} the number during the creation of
 * a new store (default 3), to keep the normal suite quick; {@code -Ddrift.crash.seed} the random seed.
 */
class CrashSafetyTest {
    private static final int ROWS = 2000;

    @TempDir
    Path dir;

    private Jvm writer(Path db, long firstBatch, int run) throws Exception {
        return Jvm.start(dir.resolve("writer-" + run + ".err"), CrashWriter.class, db.toString(), Long.toString(firstBatch),
                Integer.toString(ROWS));
    }

    /** What one look at the database after a kill found. */
    private record Found(Map<Long, Long> rowsPerBatch, Map<Long, Long> stampedPerBatch) {
        long next() {
            return rowsPerBatch.keySet().stream().mapToLong(Long::longValue).max().orElse(-1) + 1;
        }
    }

    /** Reopens the store for writing (recovering it) and checks what every crash-safe store must hold. */
    private static Found check(Path db, long acknowledged, Set<Long> stamped, String when) {
        try (DatabaseManager m = DatabaseManager.open(DatabaseConfig.defaults(db), List.of(new NotesDomain()))) {
            assertEquals(List.of(List.of("ok")), m.executeRaw("PRAGMA integrity_check").rows(), when);
            assertEquals(1, m.domains().get(0).schemaVersion(), when);
            Map<Long, Long> rows = new HashMap<>();
            Map<Long, Long> stamps = new HashMap<>();
            m.read(r -> {
                r.forEach("SELECT batch, count(*), sum(text LIKE '" + CrashWriter.STAMP + "%') FROM notes_note GROUP BY batch", row -> {
                    rows.put(row.getLong(1), row.getLong(2));
                    stamps.put(row.getLong(1), row.getLong(3));
                    return true;
                });
                return null;
            });
            for (long b = 0; b <= acknowledged; b++) {
                assertEquals(ROWS, rows.getOrDefault(b, 0L), "acknowledged batch " + b + " " + when);
            }
            for (Map.Entry<Long, Long> e : rows.entrySet()) {
                assertEquals(ROWS, e.getValue(), "batch " + e.getKey() + " is half there " + when);
                long s = stamps.get(e.getKey());
                assertTrue(s == 0 || s == ROWS, "batch " + e.getKey() + " is half stamped (" + s + " of " + ROWS + ") " + when);
            }
            for (long b : stamped) {
                assertEquals(ROWS, stamps.getOrDefault(b, 0L), "acknowledged stamp of batch " + b + " " + when);
            }
            return new Found(rows, stamps);
        }
    }

    @Test
    void killedWritersLoseNoAcknowledgedBatchAndLeaveNoHalfBatch() throws Exception {
        int kills = Integer.getInteger("drift.crash.kills", 6);
        Random random = new Random(Long.getLong("drift.crash.seed", 42));
        Path db = dir.resolve("crash.db");
        long next = 0;
        long acknowledged = -1;
        Set<Long> stamped = new HashSet<>();
        long batchChecks = 0;
        long committedUnacknowledged = 0;
        long walsRecovered = 0;
        for (int k = 0; k < kills; k++) {
            try (Jvm w = writer(db, next, k)) {
                w.await("READY");
                if (k == 0) {
                    // while it writes, a second writer is refused clearly, and the file stays sound
                    StorageException e = assertThrows(StorageException.class,
                            () -> DatabaseManager.open(DatabaseConfig.defaults(db), List.of(new NotesDomain())));
                    assertEquals(StorageErrorCode.LOCKED, e.code());
                    assertTrue(e.getMessage().contains(db.toString()), e.getMessage());
                }
                int acks = 1 + random.nextInt(6);
                for (int i = 0; i < acks; i++) {
                    acknowledged = Math.max(acknowledged, Long.parseLong(w.await("ACK ").substring(4)));
                }
                // land the kill at a random moment of what follows: queueing, writing, committing, a write
                // task, an explicit or a background checkpoint
                Thread.sleep(random.nextInt(60));
                w.kill();
                w.rest();
                w.exitCode();
                // acknowledgements printed before the kill count too, also those read while waiting above
                for (String line : w.seen()) {
                    if (line.startsWith("ACK ")) {
                        acknowledged = Math.max(acknowledged, Long.parseLong(line.substring(4)));
                    } else if (line.startsWith("STAMP ")) {
                        stamped.add(Long.parseLong(line.substring(6)));
                    }
                }
            }
            Path wal = Path.of(db + "-wal");
            if (Files.exists(wal) && Files.size(wal) > 0) {
                walsRecovered++;
            }
            Found found = check(db, acknowledged, stamped, "after kill " + k);
            batchChecks += found.rowsPerBatch().size();
            next = found.next();
            long lastAcknowledged = acknowledged;
            committedUnacknowledged += found.rowsPerBatch().keySet().stream().filter(b -> b > lastAcknowledged).count();
        }
        assertTrue(acknowledged + 1 > kills, "the writers made progress: " + (acknowledged + 1) + " batches acknowledged");
        System.out.printf("crash safety: %d kills during the import, %d batches acknowledged (%d rows), %d write tasks "
                        + "acknowledged, %d batch checks after the kills, %d kills left a WAL to recover, %d kills landed "
                        + "between a commit and its acknowledgement; 0 lost, 0 partial, %d/%d integrity_check ok%n", kills,
                acknowledged + 1, (acknowledged + 1) * ROWS, stamped.size(), batchChecks, walsRecovered, committedUnacknowledged,
                kills, kills);
    }

    @Test
    void killsWhileANewStoreIsCreatedLeaveAStoreThatOpens() throws Exception {
        int kills = Integer.getInteger("drift.crash.createKills", 3);
        Random random = new Random(Long.getLong("drift.crash.seed", 42) + 1);
        int beforeReady = 0;
        for (int k = 0; k < kills; k++) {
            Path db = dir.resolve("new-" + k).resolve("drift.db");
            boolean ready = false;
            long acknowledged = -1;
            try (Jvm w = writer(db, 0, 1000 + k)) {
                w.await("OPENING");
                // somewhere in creating the file, setting it up, migrating, or the first batches
                Thread.sleep(random.nextInt(1200));
                w.kill();
                w.rest();
                w.exitCode();
                for (String line : w.seen()) {
                    ready |= line.equals("READY");
                    if (line.startsWith("ACK ")) {
                        acknowledged = Long.parseLong(line.substring(4));
                    }
                }
            }
            beforeReady += ready ? 0 : 1;
            // whatever was left behind opens as a drift store (never "not a drift database") and is sound
            check(db, acknowledged, Set.of(), "after creation kill " + k);
        }
        System.out.printf("crash safety: %d kills while creating a new store (%d before it was open), all reopened%n", kills,
                beforeReady);
    }
}
