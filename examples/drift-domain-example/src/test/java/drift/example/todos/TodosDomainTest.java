package drift.example.todos;

import drift.example.todos.internal.TodosDomain;
import drift.storage.api.DatabaseConfig;
import drift.storage.api.DatabaseManager;
import drift.storage.api.RowRejectedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TodosDomainTest {
    @TempDir
    Path dir;

    @Test
    void writesCountsQueriesAndClears() {
        try (DatabaseManager db = DatabaseManager.open(DatabaseConfig.defaults(dir.resolve("drift.db")), List.of(new TodosDomain()))) {
            db.batch().addAll(Todo.TYPE, List.of(new Todo("a.ts", 1, "TODO", "x", null), new Todo("a.ts", 2, "FIXME", "y", "ana"),
                    new Todo("b.ts", 3, "TODO", "z", null)));
            db.batch().flushAndWait();
            assertEquals(Map.of("markers", 3L, "by_kind", Map.of("FIXME", 1L, "TODO", 2L)), db.status().sections().get("todos"));
            assertEquals(1, db.query("todos", "list", Map.of("kind", "FIXME")).size());
            assertEquals(2, db.query("todos", "list", Map.of("file", "a.ts")).size());
            assertEquals("kind", assertThrows(RowRejectedException.class, () -> new Todo("a", 1, "NOTE", "", null)).field());
            // a marker at the same file:line replaces the old one
            db.batch().addAll(Todo.TYPE, List.of(new Todo("a.ts", 1, "HACK", "changed", null)));
            db.batch().flushAndWait();
            assertEquals(Map.of("markers", 3L, "by_kind", Map.of("FIXME", 1L, "HACK", 1L, "TODO", 1L)), db.status().sections().get("todos"));
            db.clearDomain("todos");
            assertEquals(0L, db.status().sections().get("todos").get("markers"));
        }
    }
}
