package drift.storage.testkit;

import drift.storage.api.ScanRequest;
import drift.storage.api.SourceFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The extension: a store per test, rows written and read back, a scan, a reopen. */
class DriftStoreTest {
    @RegisterExtension
    final DriftStore store = DriftStore.of(new MemoDomain());

    @Test
    void writesScansReadsAndReopens() {
        assertTrue(Files.exists(store.path()));
        store.write(MemoDomain.MEMO, List.of(new MemoDomain.Memo("a.txt", "x")));
        assertEquals(1, store.count("memo_item"));
        store.scan(ScanRequest.merge("/r"), s -> {
            s.file(SourceFile.of("a.txt"));
            s.add(MemoDomain.MEMO, List.of(new MemoDomain.Memo("a.txt", "y"), new MemoDomain.Memo("a.txt", "z")));
        });
        assertEquals(List.of(Map.of("text", "y"), Map.of("text", "z")), store.rows("SELECT text FROM memo_item ORDER BY text"));
        store.reopen();
        assertEquals(2, store.count("memo_item"));
        assertTrue(store.tables().contains("memo_item"));
        assertEquals(Map.of("memos", 2L), store.db().status().sections().get("memo"));
    }

    @Test
    void eachTestHasAStoreOfItsOwn() {
        assertEquals(0, store.count("memo_item"));
    }
}
