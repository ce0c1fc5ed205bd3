package drift.it.libuse;

import drift.storage.api.DatabaseManager;
import drift.storage.api.DomainInfo;
import drift.storage.api.Fields;
import drift.storage.api.spi.DatasetImporter;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A library user with only the API, the engine and the call graph domain on its module path. */
public final class Main {
    public static void main(String[] args) {
        try (DatabaseManager db = DatabaseManager.open(Path.of(args[0]))) {
            System.out.println("domains=" + db.domains().stream().map(DomainInfo::id).toList());
            write(db, "functions.ndjson", Map.of("id", "a.ts:main:1", "name", "main", "file", "a.ts", "start_line", 1,
                    "end_line", 9, "language", "typescript", "is_entry_point", true, "is_exported", true, "is_async", false));
            db.batch().flushAndWait();
            System.out.println("status=" + db.status().sections());
        }
    }

    @SuppressWarnings("unchecked")
    private static <R> void write(DatabaseManager db, String file, Map<String, Object> record) {
        DatasetImporter<R> importer = (DatasetImporter<R>) db.importers().stream()
                .filter(i -> i.fileName().equals(file)).findFirst().orElseThrow();
        db.batch().addAll(importer.type(), List.of(importer.parser().parse(Fields.of(record))));
    }
}
