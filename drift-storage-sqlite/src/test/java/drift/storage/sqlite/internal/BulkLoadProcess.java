package drift.storage.sqlite.internal;

import drift.storage.api.BulkLoad;
import drift.storage.api.DatabaseConfig;
import drift.storage.api.DatabaseManager;

import java.nio.file.Path;
import java.util.List;

/**
 * A process for {@link BulkLoadTest} that is killed in the middle of a bulk load: it starts one, commits
 * {@code <rows>} notes, prints {@code LOADED <deferred indexes>} and then waits, never closing the load.
 */
public final class BulkLoadProcess {
    private BulkLoadProcess() {
    }

    /**
     * Loads and waits to be killed.
     *
     * @param args database path, rows
     */
    @SuppressWarnings("resource") // the load is left open on purpose: the process is killed during it
    public static void main(String[] args) throws Exception {
        DatabaseManager m = DatabaseManager.open(DatabaseConfig.defaults(Path.of(args[0])), List.of(new NotesDomain()));
        BulkLoad load = m.bulkLoad();
        m.batch().addAll(NotesDomain.NOTE, SqliteDatabaseTest.notes(1, Integer.parseInt(args[1])));
        m.batch().flushAndWait();
        System.out.println("LOADED " + String.join(",", load.deferredIndexes()));
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
