package acme.notes;

import drift.storage.api.spi.StorageDomain;

public class BrokenNotesContractTest extends NotesContractTest {
    @Override
    protected StorageDomain domain() {
        return new NotesDomain(true);
    }
}
