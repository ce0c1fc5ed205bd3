/**
 * The callgraph domain of the drift store. Exports its row records, query options and the
 * {@link drift.domain.callgraph.CallGraphStore} facade; its {@code StorageDomain}, SQL and handlers stay in the
 * unexported {@code internal} package, reachable only through {@code provides}.
 */
module drift.domain.callgraph {
    requires transitive drift.storage.api;

    exports drift.domain.callgraph;

    provides drift.storage.api.spi.StorageDomain with drift.domain.callgraph.internal.CallGraphDomain;
}
