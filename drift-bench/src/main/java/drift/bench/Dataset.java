package drift.bench;

import drift.cli.dataset.DatasetReader;
import drift.storage.api.DatabaseManager;
import drift.storage.api.RowType;
import drift.storage.api.spi.DatasetImporter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A dataset folder parsed into rows, in import order, before any timing starts. */
final class Dataset {
    /** The rows of one file. */
    record Part<R>(DatasetImporter<R> importer, List<R> rows) {
        RowType<R> type() {
            return importer.type();
        }
    }

    final Path dir;
    final Map<String, Part<?>> parts = new LinkedHashMap<>();

    private Dataset(Path dir) {
        this.dir = dir;
    }

    /** Parses every file of {@code dir} that an installed domain imports (importers come from {@code db}). */
    static Dataset load(Path dir, DatabaseManager db) {
        Dataset d = new Dataset(dir);
        for (DatasetImporter<?> importer : db.importers()) {
            Path file = dir.resolve(importer.fileName());
            if (Files.exists(file)) {
                d.parts.put(importer.fileName(), part(file, importer));
            }
        }
        return d;
    }

    private static <R> Part<R> part(Path file, DatasetImporter<R> importer) {
        return new Part<>(importer, DatasetReader.readAll(file, importer));
    }

    boolean has(String file) {
        return parts.containsKey(file);
    }

    long rows(List<String> files) {
        return files.stream().filter(parts::containsKey).mapToLong(f -> parts.get(f).rows().size()).sum();
    }

    /** Submits the rows of {@code files} to the batch writer in scanner-sized batches. */
    void submit(DatabaseManager db, List<String> files, int batchSize) {
        for (String f : files) {
            Part<?> p = parts.get(f);
            if (p != null) {
                submit(db, p, batchSize);
            }
        }
    }

    private static <R> void submit(DatabaseManager db, Part<R> p, int batchSize) {
        List<R> rows = p.rows();
        for (int i = 0; i < rows.size(); i += batchSize) {
            db.batch().addAll(p.type(), new ArrayList<>(rows.subList(i, Math.min(rows.size(), i + batchSize))));
        }
    }

    List<String> files() {
        return List.copyOf(parts.keySet());
    }
}
