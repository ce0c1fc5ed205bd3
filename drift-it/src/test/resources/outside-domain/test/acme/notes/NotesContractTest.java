package acme.notes;

import drift.storage.api.spi.StorageDomain;
import drift.storage.testkit.DomainContract;
import drift.storage.testkit.Sample;

import java.util.List;

public class NotesContractTest extends DomainContract {
    @Override
    protected StorageDomain domain() {
        return new NotesDomain();
    }

    @Override
    protected void sample(Sample s) {
        s.rows("a.md", NotesDomain.NOTE, List.of(new NotesDomain.Note("a.md", "one")));
        s.rows("b.md", NotesDomain.NOTE, List.of(new NotesDomain.Note("b.md", "two")));
    }
}
