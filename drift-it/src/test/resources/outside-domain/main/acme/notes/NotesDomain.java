package acme.notes;

import drift.storage.api.BulkInsert;
import drift.storage.api.RowType;
import drift.storage.api.spi.DomainRegistrar;
import drift.storage.api.spi.Migration;
import drift.storage.api.spi.NamedQuery;
import drift.storage.api.spi.StorageDomain;
import drift.storage.api.spi.TableScope;

import java.util.List;
import java.util.Map;

/** Notes by file; with BROKEN set, a clear that also empties another domain's table. */
public class NotesDomain implements StorageDomain {
    public record Note(String file, String text) {
    }

    public static final RowType<Note> NOTE = RowType.of("notes", "note", Note.class);

    private final boolean broken;

    public NotesDomain() {
        this(false);
    }

    public NotesDomain(boolean broken) {
        this.broken = broken;
    }

    @Override
    public String id() {
        return "notes";
    }

    @Override
    public void contribute(DomainRegistrar r) {
        r.migration(new Migration(1, "notes", "CREATE TABLE notes_note (file TEXT NOT NULL, text TEXT NOT NULL);"));
        r.migration(new Migration(2, "by file", "CREATE INDEX notes_note_file ON notes_note(file);"));
        r.scope(TableScope.file("notes_note", "file"));
        r.rows(NOTE, (w, rows) -> w.insertAll(BulkInsert.into("notes_note", "file", "text"), rows, (n, v) -> v.text(n.file()).text(n.text())));
        r.query(new NamedQuery("all", "every note", List.of(), (reader, a) -> reader.list("SELECT file, text FROM notes_note ORDER BY file, text",
                row -> Map.<String, Object>of("file", row.getString(1), "text", row.getString(2)))));
        r.status(reader -> Map.of("notes", reader.queryLong("SELECT count(*) FROM notes_note")));
        r.clear(w -> {
            w.update("DELETE FROM notes_note");
            if (broken) {
                w.update("DELETE FROM testkit_witness_note");
            }
        });
    }
}
