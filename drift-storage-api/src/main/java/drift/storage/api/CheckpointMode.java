package drift.storage.api;

/** SQLite's WAL checkpoint modes. */
public enum CheckpointMode {
    /** Copy what can be copied without waiting. */
    PASSIVE,
    /** Wait for readers, copy everything. */
    FULL,
    /** Like FULL, then also wait for readers to move on. */
    RESTART,
    /** Like RESTART, then truncate the WAL file to zero bytes. */
    TRUNCATE
}
