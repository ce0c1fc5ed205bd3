/** An example drop-in domain: TODO/FIXME/HACK markers found in code. */
module drift.example.todos {
    requires transitive drift.storage.api;

    exports drift.example.todos;

    provides drift.storage.api.spi.StorageDomain with drift.example.todos.internal.TodosDomain;
}
