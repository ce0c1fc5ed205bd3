package drift.storage.sqlite.internal;

import drift.storage.api.BatchFailedException;
import drift.storage.jdbc.JdbcWriter;
import drift.storage.api.BulkInsert;
import drift.storage.api.DatabaseConfig;
import drift.storage.api.DatabaseManager;
import drift.storage.api.KeyCache;
import drift.storage.api.RowRejectedException;
import drift.storage.api.RowType;
import drift.storage.api.WriterLocal;
import drift.storage.api.spi.DomainRegistrar;
import drift.storage.api.spi.Migration;
import drift.storage.api.spi.StorageDomain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the writer keeps between batches: undo actions, writer-local state, a {@link KeyCache}, and
 * batches of one type handed to their handler together. Real SQLite files, the real writer thread.
 */
class WriterStateTest {
    @TempDir
    Path dir;

    /** A parent/child domain: items by text id, tags pointing at an item's key through a key cache. */
    static final class ItemsDomain implements StorageDomain {
        record Item(String id) {
        }

        record Tag(String itemId, String tag) {
        }

        static final RowType<Item> ITEM = RowType.of("items", "item", Item.class);
        static final RowType<Tag> TAG = RowType.of("items", "tag", Tag.class);
        static final WriterLocal<KeyCache> KEYS = WriterLocal.of("item keys", () -> new KeyCache("items_item", "id", "pk", 1000));

        /** The sizes of the row lists the tag handler was called with, and how often an undo ran. */
        final List<Integer> tagCalls = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger undone = new AtomicInteger();

        @Override
        public String id() {
            return "items";
        }

        @Override
        public void contribute(DomainRegistrar r) {
            r.migration(new Migration(1, "items and tags", "CREATE TABLE items_item (pk INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE);"
                    + "CREATE TABLE items_tag (item_pk INTEGER NOT NULL, tag TEXT NOT NULL CHECK (length(tag) > 0));"));
            r.rows(ITEM, (w, rows) -> {
                long first = w.queryLong("SELECT coalesce(max(pk), 0) FROM items_item") + 1;
                long[] next = {first};
                w.insertAll(BulkInsert.into("items_item", "pk", "id"), rows, (item, v) -> v.integer(next[0]++).text(item.id()));
                KeyCache keys = w.local(KEYS);
                for (int i = 0; i < rows.size(); i++) {
                    keys.put(w, rows.get(i).id(), first + i);
                }
            });
            r.rows(TAG, (w, rows) -> {
                tagCalls.add(rows.size());
                w.onRollback(undone::incrementAndGet);
                KeyCache.Keys keys = w.local(KEYS).keys(w, rows.stream().map(Tag::itemId).toList());
                int unknown = keys.firstUnknown();
                if (unknown >= 0) {
                    throw new RowRejectedException(unknown, "item_id", "no item '" + rows.get(unknown).itemId() + "'");
                }
                w.insertAll(BulkInsert.into("items_tag", "item_pk", "tag"), keys.inKeyOrder(),
                        (i, v) -> v.integer(keys.of(i)).text(rows.get(i).tag()));
            });
        }
    }

    private DatabaseManager open(String name, StorageDomain domain) {
        // a long flush interval: batches wait for the explicit flush, so the test decides what is pending together
        return DatabaseManager.open(DatabaseConfig.builder(dir.resolve(name)).batchFlushInterval(Duration.ofMinutes(1)).build(),
                List.of(domain));
    }

    private static List<ItemsDomain.Item> items(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> new ItemsDomain.Item("item-" + i)).toList();
    }

    private static List<ItemsDomain.Tag> tags(int from, int to, String tag) {
        return IntStream.range(from, to).mapToObj(i -> new ItemsDomain.Tag("item-" + (to - 1 - (i - from)), tag)).toList();
    }

    @Test
    void consecutiveBatchesOfOneTypeReachTheirHandlerInOneCall() {
        ItemsDomain domain = new ItemsDomain();
        try (DatabaseManager m = open("a.db", domain)) {
            m.batch().addAll(ItemsDomain.ITEM, items(0, 300));
            m.batch().addAll(ItemsDomain.TAG, tags(0, 100, "a"));
            m.batch().addAll(ItemsDomain.TAG, tags(100, 200, "b"));
            m.batch().addAll(ItemsDomain.TAG, tags(200, 300, "c"));
            m.batch().flushAndWait();
            assertEquals(List.of(300), domain.tagCalls);
            assertEquals(0, domain.undone.get());
            // written in key order, every tag on its own item
            assertEquals(300L, (long) m.read(r -> r.queryLong("SELECT count(*) FROM items_tag t JOIN items_item i ON i.pk = t.item_pk "
                    + "WHERE (t.tag = 'a' AND i.pk <= 100) OR (t.tag = 'b' AND i.pk BETWEEN 101 AND 200) "
                    + "OR (t.tag = 'c' AND i.pk > 200)")));
            assertEquals(List.of(1L, 2L, 3L), m.read(r -> r.list("SELECT item_pk FROM items_tag LIMIT 3", row -> row.getLong(1))));
        }
    }

    @Test
    void aBadBatchWrittenTogetherWithOthersIsRetriedAloneAndNamedByItsOwnRow() {
        ItemsDomain domain = new ItemsDomain();
        try (DatabaseManager m = open("a.db", domain)) {
            m.batch().addAll(ItemsDomain.ITEM, items(0, 300));
            m.batch().addAll(ItemsDomain.TAG, tags(0, 100, "a"));
            List<ItemsDomain.Tag> bad = new ArrayList<>(tags(100, 200, "b"));
            bad.set(42, new ItemsDomain.Tag("no-such-item", "b"));
            m.batch().addAll(ItemsDomain.TAG, bad);
            m.batch().addAll(ItemsDomain.TAG, tags(200, 300, "c"));
            BatchFailedException e = assertThrows(BatchFailedException.class, () -> m.batch().flushAndWait());
            assertEquals(42, e.rowIndex());
            assertTrue(e.getMessage().contains("no-such-item"), e.getMessage());
            // together first (and rolled back), then one by one: only the bad one fails again
            assertEquals(List.of(300, 100, 100, 100), domain.tagCalls);
            assertEquals(2, domain.undone.get(), "the undo of the failed joint call and of the bad batch");
            assertEquals(List.of("a", "c"), m.read(r -> r.list("SELECT DISTINCT tag FROM items_tag ORDER BY tag", row -> row.getString(1))));
            assertEquals(200L, (long) m.read(r -> r.queryLong("SELECT count(*) FROM items_tag")));
        }
    }

    @Test
    void undoActionsRunOnlyWhenWhatTheyCoverIsRolledBack() {
        try (DatabaseManager m = open("a.db", new ItemsDomain())) {
            AtomicInteger committed = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            Runnable once = failed::incrementAndGet;
            m.write(w -> {
                w.onRollback(committed::incrementAndGet);
                return w.update("INSERT INTO items_item(id) VALUES ('kept')");
            });
            assertThrows(IllegalStateException.class, () -> m.write(w -> {
                w.onRollback(once);
                w.onRollback(once);
                w.update("INSERT INTO items_item(id) VALUES ('lost')");
                throw new IllegalStateException("the callback fails after writing");
            }));
            assertEquals(0, committed.get());
            assertEquals(1, failed.get(), "registered twice in one transaction, run once");
            assertEquals(List.of("kept"), m.read(r -> r.list("SELECT id FROM items_item", row -> row.getString(1))));
            // a later commit does not run what an earlier committed transaction registered
            m.write(w -> w.update("INSERT INTO items_item(id) VALUES ('more')"));
            assertEquals(0, committed.get());
        }
    }

    @Test
    void writerLocalStateIsOnePerDatabaseAndLastsUntilItCloses() {
        WriterLocal<List<String>> key = WriterLocal.of("test list", ArrayList::new);
        try (DatabaseManager a = open("a.db", new ItemsDomain()); DatabaseManager b = open("b.db", new ItemsDomain())) {
            List<String> first = a.write(w -> w.local(key));
            first.add("x");
            assertSame(first, a.write(w -> w.local(key)));
            List<String> other = b.write(w -> w.local(key));
            assertNotSame(first, other);
            assertTrue(other.isEmpty());
        }
    }

    @Test
    void theKeyCacheLooksUpWhatItDoesNotHoldAndForgetsWhatARollbackUndid() {
        try (DatabaseManager m = open("a.db", new ItemsDomain())) {
            m.batch().addAll(ItemsDomain.ITEM, items(0, 50));
            m.batch().flushAndWait();
        }
        try (DatabaseManager m = open("a.db", new ItemsDomain())) {
            // a new process: nothing remembered, everything found in the table, then remembered
            assertEquals(0, (int) m.write(w -> w.local(ItemsDomain.KEYS).size()));
            KeyCache.Keys keys = m.write(w -> w.local(ItemsDomain.KEYS).keys(w, List.of("item-7", "nope", "item-0", "item-7")));
            assertEquals(8, keys.of(0));
            assertEquals(1, keys.firstUnknown());
            assertEquals(1, keys.of(2));
            assertEquals(List.of(1L, 8L), keys.distinct());
            assertEquals(List.of(1, 2, 0, 3), keys.inKeyOrder(), "unknown first, then by key, ties in order");
            assertEquals(2, (int) m.write(w -> w.local(ItemsDomain.KEYS).size()));

            // a batch that taught the cache keys and then rolled back leaves it empty, never wrong
            m.batch().addAll(ItemsDomain.TAG, List.of(new ItemsDomain.Tag("item-20", "x"), new ItemsDomain.Tag("item-21", "")));
            BatchFailedException e = assertThrows(BatchFailedException.class, () -> m.batch().flushAndWait());
            assertTrue(e.getMessage().contains("CHECK"), e.getMessage());
            assertEquals(0, (int) m.write(w -> w.local(ItemsDomain.KEYS).size()));
            // a failed write of items themselves never reaches the cache
            m.batch().addAll(ItemsDomain.ITEM, List.of(new ItemsDomain.Item("new-1"), new ItemsDomain.Item("item-3")));
            assertThrows(BatchFailedException.class, () -> m.batch().flushAndWait());
            assertEquals(0, (int) m.write(w -> w.local(ItemsDomain.KEYS).keys(w, List.of("new-1")).firstUnknown()), "rolled back: no such row");
        }
    }

    @Test
    void theKeyCacheHoldsAtMostItsCapacity() {
        try (DatabaseManager m = open("a.db", new ItemsDomain())) {
            m.batch().addAll(ItemsDomain.ITEM, items(0, 1500));
            m.batch().flushAndWait();
            assertEquals(1000, (int) m.write(w -> w.local(ItemsDomain.KEYS).size()));
            // ids beyond the capacity are looked up instead, and found
            m.batch().addAll(ItemsDomain.TAG, tags(0, 1500, "t"));
            m.batch().flushAndWait();
            assertEquals(1500L, (long) m.read(r -> r.queryLong("SELECT count(DISTINCT item_pk) FROM items_tag")));
            assertEquals(1000, (int) m.write(w -> w.local(ItemsDomain.KEYS).size()));
        }
    }

    @Test
    void aLargeFirstLoadBuildsItsIndexesAfterTheRowsAndEndsWithTheSameSchema() {
        int n = JdbcWriter.BUILD_INDEXES_AFTER + 500;
        try (DatabaseManager m = open("a.db", new NotesDomain())) {
            String schema = "SELECT group_concat(name || ':' || sql, ' | ') FROM (SELECT name, sql FROM sqlite_schema "
                    + "WHERE tbl_name = 'notes_note' ORDER BY name)";
            String before = m.read(r -> r.first(schema, row -> row.getString(1))).orElseThrow();
            // a bad row near the end: the whole batch, index drops included, is rolled back
            List<NotesDomain.Note> bad = new ArrayList<>(SqliteDatabaseTest.notes(1, n));
            bad.set(n - 3, new NotesDomain.Note(1, n - 3, ""));
            m.batch().addAll(NotesDomain.NOTE, bad);
            assertThrows(BatchFailedException.class, () -> m.batch().flushAndWait());
            assertEquals(before, m.read(r -> r.first(schema, row -> row.getString(1))).orElseThrow());
            assertEquals(0L, (long) m.read(r -> r.queryLong("SELECT count(*) FROM notes_note")));

            m.batch().addAll(NotesDomain.NOTE, SqliteDatabaseTest.notes(1, n));
            m.batch().flushAndWait();
            assertEquals(before, m.read(r -> r.first(schema, row -> row.getString(1))).orElseThrow(), "same indexes, same SQL");
            assertTrue(before.contains("notes_note_text"), before);
            assertEquals("ok", m.executeRaw("PRAGMA integrity_check").rows().get(0).get(0));
            assertTrue(m.executeRaw("EXPLAIN QUERY PLAN SELECT batch FROM notes_note WHERE text = 'note 1/7'").rows().toString()
                    .contains("notes_note_text"));
            // the unique primary key decided conflicts row by row all along
            m.batch().addAll(NotesDomain.NOTE, SqliteDatabaseTest.notes(1, 1));
            BatchFailedException dup = assertThrows(BatchFailedException.class, () -> m.batch().flushAndWait());
            assertTrue(dup.getMessage().contains("UNIQUE"), dup.getMessage());
        }
    }
}
