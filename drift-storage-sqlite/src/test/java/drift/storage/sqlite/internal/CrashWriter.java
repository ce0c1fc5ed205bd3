package drift.storage.sqlite.internal;

import drift.storage.api.CheckpointMode;
import drift.storage.api.DatabaseConfig;
import drift.storage.api.DatabaseManager;

import java.nio.file.Path;
import java.util.List;

/**
 * A writer process for {@link CrashSafetyTest} and {@link MultiProcessTest}: writes batches of notes for
 * ever, printing {@code ACK <batch>} once flushAndWait has returned for it. Between batches it also runs
 * write tasks that rewrite a whole batch's text in one transaction ({@code STAMP <batch>} once done) and
 * explicit checkpoints, and the background checkpointer runs every few batches, so a kill lands in any of
 * these. The test kills it with SIGKILL. Prints {@code OPENING} just before it opens the store and
 * {@code READY} once it is open.
 */
public final class CrashWriter {
    /** The prefix a stamped note's text gets. */
    static final String STAMP = "stamped ";

    private CrashWriter() {
    }

    /**
     * Runs the writer.
     *
     * @param args database path, first batch number, rows per batch
     */
    public static void main(String[] args) {
        Path db = Path.of(args[0]);
        long batch = Long.parseLong(args[1]);
        int rows = Integer.parseInt(args[2]);
        System.out.println("OPENING");
        System.out.flush();
        try (DatabaseManager m = DatabaseManager.open(DatabaseConfig.builder(db).batchFlushRows(rows * 3)
                .walAutoCheckpointPages(64).build(), List.of(new NotesDomain()))) {
            System.out.println("READY");
            System.out.flush();
            long round = 0;
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
                round++;
                if (round % 3 == 0) {
                    long stamped = batch;
                    m.write(w -> w.update("UPDATE notes_note SET text = ? || text WHERE batch = ?", STAMP, stamped));
                    System.out.println("STAMP " + stamped);
                    System.out.flush();
                }
                if (round % 4 == 0) {
                    m.checkpoint(round % 8 == 0 ? CheckpointMode.TRUNCATE : CheckpointMode.PASSIVE);
                }
                batch++;
            }
        }
    }
}
