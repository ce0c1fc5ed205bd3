/**
 * Imports scan datasets (a folder of NDJSON files, {@code docs/FORMAT.md}) into a drift database as one
 * scan: through a {@link drift.storage.api.ScanSession}, so an import is atomic, keyed by file (importing
 * the same data twice changes nothing) and, with a file manifest, incremental. Used by the CLI, the
 * benchmarks and any library user with scan data to load.
 */
module drift.dataset {
    requires transitive drift.storage.api;
    requires tools.jackson.databind;

    exports drift.dataset;
}
