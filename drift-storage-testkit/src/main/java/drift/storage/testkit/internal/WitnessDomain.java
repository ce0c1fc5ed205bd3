package drift.storage.testkit.internal;

import drift.storage.api.BulkInsert;
import drift.storage.api.RowType;
import drift.storage.api.spi.DomainRegistrar;
import drift.storage.api.spi.Migration;
import drift.storage.api.spi.StorageDomain;
import drift.storage.api.spi.TableScope;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Another domain, installed beside the one under test, whose rows must never move when the domain under test
 * writes, scans, clears or is queried: the contract checks "no one else's" against it.
 */
public final class WitnessDomain implements StorageDomain {
    /** Its id. */
    public static final String ID = "testkit_witness";
    /** Its one table. */
    public static final String TABLE = "testkit_witness_note";

    /** A note of one file. */
    public record Note(String file, String text) {
    }

    /** Its row type. */
    public static final RowType<Note> NOTE = RowType.of(ID, "note", Note.class);

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "the test kit's witness: notes by file, which other domains must leave alone";
    }

    @Override
    public void contribute(DomainRegistrar r) {
        r.migration(new Migration(1, "notes", "CREATE TABLE " + TABLE + " (file TEXT NOT NULL, text TEXT NOT NULL);"));
        r.scope(TableScope.file(TABLE, "file"));
        r.rows(NOTE, (w, rows) -> w.insertAll(BulkInsert.into(TABLE, "file", "text"), rows, (n, v) -> v.text(n.file()).text(n.text())));
        r.clear(w -> w.update("DELETE FROM " + TABLE));
        r.status(reader -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("notes", reader.queryLong("SELECT count(*) FROM " + TABLE));
            return m;
        });
    }
}
