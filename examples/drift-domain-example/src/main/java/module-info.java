/**
 * An example drop-in domain: TODO/FIXME/HACK markers found in code. Exports its row record and the
 * {@link drift.example.todos.TodoStore} facade; its {@code StorageDomain} stays in the unexported
 * {@code internal} package, reachable only through {@code provides}.
 */
module drift.example.todos {
    requires transitive drift.storage.api;

    exports drift.example.todos;

    provides drift.storage.api.spi.StorageDomain with drift.example.todos.internal.TodosDomain;
}
