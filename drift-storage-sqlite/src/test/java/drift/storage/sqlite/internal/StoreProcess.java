package drift.storage.sqlite.internal;

import drift.storage.api.DatabaseConfig;
import drift.storage.api.DatabaseManager;
import drift.storage.api.StorageException;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A second process for {@link MultiProcessTest}. {@code open-writer <db>} tries to open the store for
 * writing and prints {@code OPENED} or {@code ERROR <code> <message>}. {@code reader <db> <rows>} opens it
 * read-only and reads the notes per batch until a line {@code STOP} arrives on its input, printing
 * {@code READ <n> <batches>} after each read, {@code PARTIAL ...} (and exits 4) if a batch is not whole,
 * and {@code DONE <reads>} at the end. Any storage error prints {@code ERROR <code> <message>} and exits 3.
 */
public final class StoreProcess {
    private StoreProcess() {
    }

    /**
     * Runs one mode.
     *
     * @param args mode, database path, and for {@code reader} the rows per batch
     */
    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[1]);
        try {
            if (args[0].equals("open-writer")) {
                try (DatabaseManager m = DatabaseManager.open(DatabaseConfig.defaults(db), List.of(new NotesDomain()))) {
                    System.out.println("OPENED");
                }
            } else {
                read(db, Long.parseLong(args[2]));
            }
        } catch (StorageException e) {
            System.out.println("ERROR " + e.code() + " " + e.getMessage().replace('\n', ' '));
            System.out.flush();
            System.exit(3);
        }
    }

    private static void read(Path db, long rows) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        Thread stdin = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null && !line.equals("STOP")) {
                    // wait for the word
                }
            } catch (Exception ignored) {
                // the test went away: stop as well
            }
            stop.set(true);
        });
        stdin.setDaemon(true);
        stdin.start();
        long reads = 0;
        try (DatabaseManager m = DatabaseManager.open(DatabaseConfig.builder(db).readOnly(true).build(), List.of(new NotesDomain()))) {
            System.out.println("READY");
            System.out.flush();
            while (!stop.get()) {
                List<long[]> counts = m.read(r -> r.list("SELECT batch, count(*) FROM notes_note GROUP BY batch",
                        row -> new long[] {row.getLong(1), row.getLong(2)}));
                for (long[] c : counts) {
                    if (c[1] != rows) {
                        System.out.println("PARTIAL batch " + c[0] + " has " + c[1] + " of " + rows + " rows");
                        System.out.flush();
                        System.exit(4);
                    }
                }
                reads++;
                System.out.println("READ " + reads + " " + counts.size());
                System.out.flush();
                Thread.sleep(5);
            }
        }
        System.out.println("DONE " + reads);
        System.out.flush();
    }
}
