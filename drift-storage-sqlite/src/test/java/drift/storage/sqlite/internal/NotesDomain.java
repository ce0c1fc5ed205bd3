package drift.storage.sqlite.internal;

import drift.storage.api.BulkInsert;
import drift.storage.api.RowRejectedException;
import drift.storage.api.RowType;
import drift.storage.api.spi.DatasetImporter;
import drift.storage.api.spi.DomainRegistrar;
import drift.storage.api.spi.Migration;
import drift.storage.api.spi.NamedQuery;
import drift.storage.api.spi.StorageDomain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A small domain for engine tests: notes(batch, seq, text), with configurable extra migrations. */
final class NotesDomain implements StorageDomain {
    record Note(long batch, long seq, String text) {
    }

    static final RowType<Note> NOTE = RowType.of("notes", "note", Note.class);
    static final BulkInsert INSERT = BulkInsert.into("notes_note", "batch", "seq", "text");

    private final String id;
    private final List<Migration> migrations = new ArrayList<>();

    NotesDomain() {
        this("notes");
    }

    NotesDomain(String id) {
        this.id = id;
        migrations.add(new Migration(1, "notes table", "CREATE TABLE " + id + "_note (batch INTEGER NOT NULL, seq INTEGER NOT NULL, "
                + "text TEXT NOT NULL CHECK (length(text) > 0), PRIMARY KEY (batch, seq));"
                + "CREATE INDEX " + id + "_note_text ON " + id + "_note(text);"));
    }

    NotesDomain with(String sql) {
        migrations.add(new Migration(migrations.size() + 1, "step " + (migrations.size() + 1), sql));
        return this;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void contribute(DomainRegistrar r) {
        migrations.forEach(r::migration);
        r.rows(RowType.of(id, "note", Note.class), (w, rows) -> {
            for (int i = 0; i < rows.size(); i++) {
                if (rows.get(i).text() == null) {
                    throw new RowRejectedException(i, "text", "is required");
                }
            }
            w.insertAll(BulkInsert.into(id + "_note", "batch", "seq", "text"), rows,
                    (n, v) -> v.integer(n.batch()).integer(n.seq()).text(n.text()));
        });
        r.status(reader -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("notes", reader.queryLong("SELECT count(*) FROM " + id + "_note"));
            return m;
        });
        r.clear(w -> w.update("DELETE FROM " + id + "_note"));
        r.query(new NamedQuery("by-batch", "notes of one batch", List.of("batch"), (reader, args) ->
                reader.list("SELECT seq, text FROM " + id + "_note WHERE batch = ? ORDER BY seq", row -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("seq", row.getLong("seq"));
                    m.put("text", row.getString("text"));
                    return m;
                }, Long.parseLong(args.getOrDefault("batch", "0")))));
        r.importer(new DatasetImporter<>(id + ".ndjson", 100, RowType.of(id, "note", Note.class),
                f -> new Note(f.integer("batch"), f.integer("seq"), f.string("text"))));
    }
}
