/**
 * The contracts domain of the drift store. Exports its row records, query options and the
 * {@link drift.domain.contracts.ContractStore} facade; its {@code StorageDomain}, SQL and handlers stay in the
 * unexported {@code internal} package, reachable only through {@code provides}.
 */
module drift.domain.contracts {
    requires transitive drift.storage.api;

    exports drift.domain.contracts;

    provides drift.storage.api.spi.StorageDomain with drift.domain.contracts.internal.ContractsDomain;
}
