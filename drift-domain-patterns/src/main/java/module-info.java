/**
 * The patterns domain of the drift store. Exports its row records, query options and the
 * {@link drift.domain.patterns.PatternStore} facade; its {@code StorageDomain}, SQL and handlers stay in the
 * unexported {@code internal} package, reachable only through {@code provides}.
 */
module drift.domain.patterns {
    requires transitive drift.storage.api;

    exports drift.domain.patterns;

    provides drift.storage.api.spi.StorageDomain with drift.domain.patterns.internal.PatternsDomain;
}
