package drift.storage.sqlite.internal;

import drift.storage.api.BulkInsert;
import drift.storage.api.RowRejectedException;
import drift.storage.api.RowType;
import drift.storage.api.SqlWriter;
import drift.storage.api.spi.DomainRegistrar;
import drift.storage.api.spi.Migration;
import drift.storage.api.spi.StorageDomain;
import drift.storage.api.spi.TableScope;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A test domain with every kind of scope: items belong to a file, their tags to their item, labels to the
 * scans that write them; a counter follows the items through a removal hook.
 */
final class FilesDomain implements StorageDomain {
    record Item(String file, String name, List<String> tags) {
    }

    record Label(String id, String text) {
    }

    static final RowType<Item> ITEM = RowType.of("files", "item", Item.class);
    static final RowType<Label> LABEL = RowType.of("files", "label", Label.class);

    @Override
    public String id() {
        return "files";
    }

    @Override
    public void contribute(DomainRegistrar r) {
        r.migration(new Migration(1, "items, tags, labels", """
                CREATE TABLE files_item (pk INTEGER PRIMARY KEY, file TEXT NOT NULL, name TEXT NOT NULL);
                CREATE INDEX files_item_file ON files_item(file);
                CREATE TABLE files_tag (item_pk INTEGER NOT NULL, tag TEXT NOT NULL);
                CREATE INDEX files_tag_item ON files_tag(item_pk);
                CREATE TABLE files_label (id TEXT PRIMARY KEY, text TEXT NOT NULL, scan_id INTEGER);
                CREATE TABLE files_counts (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
                """));
        r.scope(TableScope.file("files_item", "file"));
        r.scope(TableScope.parent("files_tag", "item_pk", "files_item", "pk"));
        r.scope(TableScope.scan("files_label", "scan_id"));
        r.beforeRemoval((w, removal) -> count(w, -w.queryLong("SELECT count(*) FROM files_item WHERE " + removal.where("files_item"))));
        r.rows(ITEM, FilesDomain::writeItems);
        r.rows(LABEL, (w, rows) -> w.insertAll(BulkInsert.into("files_label", "id", "text", "scan_id")
                .suffix("ON CONFLICT(id) DO UPDATE SET text = excluded.text, scan_id = excluded.scan_id"), rows,
                (l, v) -> v.text(l.id()).text(l.text()).integer(w.scan().map(s -> s.id()).orElse(null))));
        r.status(reader -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("items", reader.queryLong("SELECT value FROM files_counts WHERE key = 'items'"));
            return m;
        });
        r.clear(w -> {
            w.update("DELETE FROM files_tag");
            w.update("DELETE FROM files_item");
            w.update("DELETE FROM files_label");
            w.update("DELETE FROM files_counts");
        });
        r.afterImport(w -> "items " + w.queryLong("SELECT count(*) FROM files_item") + (w.scan().map(s -> s.fresh("files")).orElse(false)
                ? " (fresh)" : ""));
    }

    private static void writeItems(SqlWriter w, List<Item> rows) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).name().isEmpty()) {
                throw new RowRejectedException(i, "name", "must not be empty");
            }
        }
        long first = w.queryLong("SELECT coalesce(max(pk), 0) FROM files_item") + 1;
        long[] next = {first};
        w.insertAll(BulkInsert.into("files_item", "pk", "file", "name"), rows, (it, v) -> v.integer(next[0]++).text(it.file()).text(it.name()));
        for (int i = 0; i < rows.size(); i++) {
            for (String tag : rows.get(i).tags()) {
                w.update("INSERT INTO files_tag(item_pk, tag) VALUES (?, ?)", first + i, tag);
            }
        }
        count(w, rows.size());
    }

    private static void count(SqlWriter w, long delta) {
        w.update("INSERT INTO files_counts(key, value) VALUES ('items', ?) ON CONFLICT(key) DO UPDATE SET value = files_counts.value + excluded.value",
                delta);
    }
}
