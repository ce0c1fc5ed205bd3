module drift.it.dup {
    requires drift.storage.api;
    provides drift.storage.api.spi.StorageDomain with drift.it.dup.DuplicatePatterns;
}
