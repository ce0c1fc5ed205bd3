package drift.bench;

import drift.dataset.DatasetReader;
import drift.storage.api.DatabaseManager;
import drift.storage.api.RowType;
import drift.storage.api.spi.DatasetImporter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

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
        return load(dir, db, UnaryOperator.identity());
    }

    /**
     * The same scan of a second copy of the code under {@code prefix}: every id and file (FORMAT.md's
     * {@code id}, {@code pattern_id}, {@code caller_id}, {@code function_id}, {@code file}, nested ones too)
     * starts with it, so the copy's rows sit beside the original's instead of replacing them.
     */
    static Dataset copyUnder(Path dir, DatabaseManager db, String prefix) {
        return load(dir, db, record -> prefixed(record, prefix));
    }

    private static Dataset load(Path dir, DatabaseManager db, UnaryOperator<Map<String, Object>> rewrite) {
        Dataset d = new Dataset(dir);
        for (DatasetImporter<?> importer : db.importers()) {
            Path file = dir.resolve(importer.fileName());
            if (Files.exists(file)) {
                d.parts.put(importer.fileName(), part(file, importer, rewrite));
            }
        }
        return d;
    }

    private static final Set<String> ID_KEYS = Set.of("id", "pattern_id", "caller_id", "function_id", "file");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> prefixed(Map<String, Object> record, String prefix) {
        Map<String, Object> out = new LinkedHashMap<>();
        record.forEach((k, v) -> {
            if (v instanceof String s && ID_KEYS.contains(k)) {
                out.put(k, prefix + s);
            } else if (v instanceof Map<?, ?> m) {
                out.put(k, prefixed((Map<String, Object>) m, prefix));
            } else if (v instanceof List<?> l) {
                out.put(k, l.stream().map(e -> e instanceof Map<?, ?> m ? prefixed((Map<String, Object>) m, prefix) : e).toList());
            } else {
                out.put(k, v);
            }
        });
        return out;
    }

    private static <R> Part<R> part(Path file, DatasetImporter<R> importer, UnaryOperator<Map<String, Object>> rewrite) {
        return new Part<>(importer, DatasetReader.readAll(file, importer, rewrite));
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
