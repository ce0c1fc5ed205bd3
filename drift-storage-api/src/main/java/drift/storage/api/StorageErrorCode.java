package drift.storage.api;

/**
 * The platform's own error codes. Exit codes: 1 internal, 2 usage/invalid argument, 3 not found,
 * 4 bad data (rejected rows, failed batch, unreadable input), 5 database state (not a drift database, too new, locked,
 * busy, read-only, I/O), 6 refused or interrupted query, 130 cancelled.
 */
public enum StorageErrorCode implements ErrorCode {
    /** A bug or an unexpected engine failure. */
    INTERNAL(1),
    /** An argument or configuration value is invalid. */
    INVALID_ARGUMENT(2),
    /** The thing asked for (row, domain, query) does not exist. */
    NOT_FOUND(3),
    /** A row was rejected by its domain's validation. */
    ROW_REJECTED(4),
    /** A batch of rows failed to commit and was rolled back whole. */
    BATCH_FAILED(4),
    /** An input (a class file, a jar) is not what it claims to be: truncated, corrupt, of an unknown version. */
    BAD_INPUT(4),
    /** The file is not a drift database (or not a SQLite database at all). */
    NOT_A_DRIFT_DATABASE(5),
    /** The database schema was written by newer code than is installed. */
    SCHEMA_TOO_NEW(5),
    /** A schema migration failed; the database was left as it was. */
    MIGRATION_FAILED(5),
    /** Another process holds the database open for writing. */
    LOCKED(5),
    /** SQLite stayed busy beyond the busy timeout. */
    BUSY(5),
    /** The database or its folder cannot be written. */
    READ_ONLY(5),
    /** Disk full, I/O error or a corrupt file. */
    IO(5),
    /** The manager (or its batch writer) was already closed. */
    CLOSED(5),
    /** A raw query was refused (not a single read-only statement). */
    QUERY_REJECTED(6),
    /** A query ran longer than its time budget and was interrupted. */
    QUERY_TIMEOUT(6),
    /** The work was cancelled (a scan abandoned, Ctrl-C) and rolled back; 130 as for a shell's SIGINT. */
    CANCELLED(130);

    private final int exitCode;

    StorageErrorCode(int exitCode) {
        this.exitCode = exitCode;
    }

    @Override
    public int exitCode() {
        return exitCode;
    }
}
