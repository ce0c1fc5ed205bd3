package drift.storage.sqlite.internal;

import drift.storage.api.DatabaseConfig;
import drift.storage.api.DatabaseManager;

import java.nio.file.Path;
import java.util.List;

/**
 * A writer process for {@link CrashSafetyTest}: writes batches of notes for ever, printing
 * {@code ACK <batch>} once flushAndWait has returned for it. The test kills it with SIGKILL.
 */
public final class CrashWriter {
    private CrashWriter() {
    }

    public static void main(String[] args) {
        Path db = Path.of(args[0]);
        long batch = Long.parseLong(args[1]);
        int rows = Integer.parseInt(args[2]);
        try (DatabaseManager m = DatabaseManager.open(DatabaseConfig.builder(db).batchFlushRows(rows * 3).build(),
                List.of(new NotesDomain()))) {
            System.out.println("READY");
            System.out.flush();
            while (true) {
                m.batch().addAll(NotesDomain.NOTE, SqliteDatabaseTest.notes(batch, rows));
                // a second, unacknowledged batch in flight when the kill lands, half of the time
                if (batch % 2 == 0) {
                    m.batch().addAll(NotesDomain.NOTE, SqliteDatabaseTest.notes(batch + 1, rows));
                    batch++;
                }
                m.batch().flushAndWait();
                System.out.println("ACK " + batch);
                System.out.flush();
                batch++;
            }
        }
    }
}
