package drift.jmh;

import drift.storage.api.DatabaseConfig;
import drift.storage.api.DatabaseManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A real store file in a fresh temp folder, opened with the default configuration (as the engine's users
 * open it) and {@link BenchDomain} only; closing it closes the database and deletes the folder.
 */
final class BenchStore implements AutoCloseable {
    private final Path dir;
    private final DatabaseManager db;

    private BenchStore(Path dir, DatabaseManager db) {
        this.dir = dir;
        this.db = db;
    }

    /**
     * Opens a new store named {@code name} and runs {@code prepare} on it (filling tables, sanity checks).
     * If opening or preparing fails the store is deleted at once: JMH runs no tear-down after a failed
     * set-up, and a benchmark must not leave database files behind.
     */
    static BenchStore open(String name, Consumer<BenchStore> prepare) {
        Path dir;
        try {
            dir = Files.createTempDirectory("drift-jmh-" + name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp folder for the benchmark store", e);
        }
        BenchStore store = null;
        try {
            DatabaseManager db = DatabaseManager.open(DatabaseConfig.defaults(dir.resolve(name + ".db")), List.of(new BenchDomain()));
            store = new BenchStore(dir, db);
            prepare.accept(store);
            return store;
        } catch (RuntimeException | Error e) {
            if (store != null) {
                store.close();
            } else {
                deleteTree(dir);
            }
            throw e;
        }
    }

    /** The open database. */
    DatabaseManager db() {
        return db;
    }

    @Override
    public void close() {
        try {
            db.close();
        } finally {
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the benchmark store in " + dir, e);
        }
    }
}
