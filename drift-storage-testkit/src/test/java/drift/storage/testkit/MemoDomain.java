package drift.storage.testkit;

import drift.storage.api.BulkInsert;
import drift.storage.api.RowType;
import drift.storage.api.spi.DomainRegistrar;
import drift.storage.api.spi.Migration;
import drift.storage.api.spi.NamedQuery;
import drift.storage.api.spi.StorageDomain;
import drift.storage.api.spi.TableScope;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A small domain that keeps the rules (and, with {@code brokenClear}, one that breaks the clear rule). */
class MemoDomain implements StorageDomain {
    record Memo(String file, String text) {
    }

    static final RowType<Memo> MEMO = RowType.of("memo", "memo", Memo.class);

    private final boolean brokenClear;

    MemoDomain() {
        this(false);
    }

    MemoDomain(boolean brokenClear) {
        this.brokenClear = brokenClear;
    }

    @Override
    public String id() {
        return "memo";
    }

    @Override
    public void contribute(DomainRegistrar r) {
        r.migration(new Migration(1, "memos", "CREATE TABLE memo_item (pk INTEGER PRIMARY KEY, file TEXT NOT NULL, text TEXT NOT NULL);"));
        r.migration(new Migration(2, "by file", "CREATE INDEX memo_item_file ON memo_item(file); ALTER TABLE memo_item ADD COLUMN seen INTEGER;"));
        r.scope(TableScope.file("memo_item", "file"));
        r.rows(MEMO, (w, rows) -> w.insertAll(BulkInsert.into("memo_item", "file", "text"), rows, (m, v) -> v.text(m.file()).text(m.text())));
        r.query(new NamedQuery("list", "memos of a file", List.of("file"), (reader, a) -> reader.list(
                "SELECT file, text FROM memo_item WHERE file = coalesce(?, file) ORDER BY pk", row -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("file", row.getString(1));
                    m.put("text", row.getString(2));
                    return m;
                }, a.get("file"))));
        r.status(reader -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("memos", reader.queryLong("SELECT count(*) FROM memo_item"));
            return m;
        });
        r.clear(w -> {
            w.update("DELETE FROM memo_item");
            if (brokenClear) {
                // a domain that reaches into another domain's table
                w.update("DELETE FROM testkit_witness_note");
            }
        });
    }
}
