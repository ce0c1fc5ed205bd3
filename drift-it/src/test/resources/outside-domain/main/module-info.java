// A domain written outside drift's build, against the API jar alone.
module acme.notes {
    requires drift.storage.api;
    exports acme.notes;
    provides drift.storage.api.spi.StorageDomain with acme.notes.NotesDomain;
}
