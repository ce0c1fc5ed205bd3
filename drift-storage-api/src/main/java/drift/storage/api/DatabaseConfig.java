package drift.storage.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to open a drift database. Immutable and validated on construction; defaults follow the design
 * (4 readers, 64 MB page cache, 256 MB mmap, 5 s busy timeout, WAL auto-checkpoint at 1000 pages).
 *
 * @param path the database file (missing folders are created when {@code createIfMissing}); null for a server's
 *        database named by {@code url}
 * @param readPoolSize number of pooled read-only connections
 * @param cacheSizeKb SQLite page cache per connection, in KiB
 * @param mmapSizeBytes memory-mapped I/O size in bytes (0 turns it off)
 * @param busyTimeout how long a connection waits on a lock before failing with BUSY
 * @param walAutoCheckpointPages WAL size, in pages, that triggers an automatic checkpoint
 * @param createIfMissing create a new store when the file does not exist or is empty
 * @param readOnly open without a writer: no migrations, no writes, no write lock
 * @param batchFlushRows the batch writer commits once this many rows are buffered
 * @param batchFlushInterval the batch writer commits buffered rows at least this often
 * @param batchQueueCapacity how many submitted batches may wait before producers block
 * @param queryTimeout budget for one raw query before it is interrupted
 * @param tolerateNewerSchemas with {@code readOnly}: open even when a domain's schema in the file is newer than its
 *        installed code, to list and check the store ({@link DatabaseManager#domains()}, {@link DatabaseManager#status()},
 *        {@link DatabaseManager#check()} say which); that domain's named queries are refused
 * @param url a JDBC URL of a database server ({@code jdbc:postgresql://host:5432/drift?user=...}), picking the engine
 *        that accepts it; null for a file. The SQLite-specific settings (page cache, mmap, WAL) do not apply to it.
 * @param repository with a {@code url}: the repository of the server's database to open (a database holds many, each
 *        scanned and rescanned on its own); null for the URL's own ({@code currentSchema=}, else the server's
 *        default). A file is one repository: it takes none.
 */
public record DatabaseConfig(Path path, int readPoolSize, long cacheSizeKb, long mmapSizeBytes, Duration busyTimeout,
                             int walAutoCheckpointPages, boolean createIfMissing, boolean readOnly, int batchFlushRows,
                             Duration batchFlushInterval, int batchQueueCapacity, Duration queryTimeout, boolean tolerateNewerSchemas, String url,
                             String repository) {

    private static final java.util.regex.Pattern REPOSITORY = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{0,62}");

    /** The conventional location, {@code .drift/drift.db} under the current folder. */
    public static final Path DEFAULT_PATH = Path.of(".drift", "drift.db");

    /** Validates every field; messages name the field. */
    public DatabaseConfig {
        if ((path == null) == (url == null)) {
            throw invalid(path == null ? "path" : "url", path == null ? "is required: a database file, or a JDBC URL"
                    : "and path are exclusive: a store is a file or a server's database");
        }
        if (repository != null) {
            if (url == null) {
                throw invalid("repository", "applies to a server's database: a file (" + path + ") is one repository, its own");
            }
            if (!REPOSITORY.matcher(repository).matches()) {
                throw invalid("repository", "must be 1-63 letters, digits, '_' or '-', starting with a letter or '_'; was '"
                        + repository + "'");
            }
        }
        if (url != null && !url.startsWith("jdbc:")) {
            throw invalid("url", "must be a JDBC URL (jdbc:postgresql://host:port/database), was '" + redact(url) + "'");
        }
        positive("readPoolSize", readPoolSize);
        positive("cacheSizeKb", cacheSizeKb);
        if (mmapSizeBytes < 0) {
            throw invalid("mmapSizeBytes", "must be >= 0, was " + mmapSizeBytes);
        }
        nonNegative("busyTimeout", busyTimeout);
        positive("walAutoCheckpointPages", walAutoCheckpointPages);
        positive("batchFlushRows", batchFlushRows);
        nonNegative("batchFlushInterval", batchFlushInterval);
        if (batchFlushInterval.isZero()) {
            throw invalid("batchFlushInterval", "must be > 0");
        }
        positive("batchQueueCapacity", batchQueueCapacity);
        nonNegative("queryTimeout", queryTimeout);
        if (tolerateNewerSchemas && !readOnly) {
            throw invalid("tolerateNewerSchemas", "needs readOnly: a newer schema is never written by older code");
        }
        path = path == null ? null : path.toAbsolutePath().normalize();
    }

    /**
     * The configuration for {@code target}: a JDBC URL ({@code jdbc:...}) names a server's database, anything else a
     * file path. How the CLI's {@code --db} is read.
     */
    public static Builder builder(String target) {
        Objects.requireNonNull(target, "target");
        return target.startsWith("jdbc:") ? new Builder(null, target) : new Builder(Path.of(target), null);
    }

    /** Whether the store is a server's database ({@link #url()}) rather than a file. */
    public boolean isServer() {
        return url != null;
    }

    /** Where the store is, for messages: the file, or the URL without its password. */
    public String location() {
        return url != null ? redact(url) + (repository == null ? "" : " (repository " + repository + ")") : path.toString();
    }

    /** {@code url} with any password parameter or user-info password replaced by {@code ***}. */
    public static String redact(String url) {
        return url.replaceAll("(?i)([?&;]password=)[^&;]*", "$1***").replaceAll("(//[^/:@]+:)[^@/]*@", "$1***@");
    }

    /** The default configuration for {@code path}. */
    public static DatabaseConfig defaults(Path path) {
        return builder(path).build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder(Path path) {
        return new Builder(Objects.requireNonNull(path, "path"), null);
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder(path, url);
        b.repository = repository;
        b.readPoolSize = readPoolSize;
        b.cacheSizeKb = cacheSizeKb;
        b.mmapSizeBytes = mmapSizeBytes;
        b.busyTimeout = busyTimeout;
        b.walAutoCheckpointPages = walAutoCheckpointPages;
        b.createIfMissing = createIfMissing;
        b.readOnly = readOnly;
        b.batchFlushRows = batchFlushRows;
        b.batchFlushInterval = batchFlushInterval;
        b.batchQueueCapacity = batchQueueCapacity;
        b.queryTimeout = queryTimeout;
        b.tolerateNewerSchemas = tolerateNewerSchemas;
        return b;
    }

    private static void positive(String field, long value) {
        if (value <= 0) {
            throw invalid(field, "must be > 0, was " + value);
        }
    }

    private static void nonNegative(String field, Duration value) {
        if (value == null || value.isNegative()) {
            throw invalid(field, "must be a non-negative duration, was " + value);
        }
    }

    private static StorageException invalid(String field, String message) {
        return new StorageException(StorageErrorCode.INVALID_ARGUMENT, "invalid database config: " + field + " " + message);
    }

    /** Builds a {@link DatabaseConfig}; every setter returns the builder. */
    public static final class Builder {
        private final Path path;
        private final String url;
        private String repository;
        private int readPoolSize = 4;
        private long cacheSizeKb = 64_000;
        private long mmapSizeBytes = 256L * 1024 * 1024;
        private Duration busyTimeout = Duration.ofSeconds(5);
        private int walAutoCheckpointPages = 1000;
        private boolean createIfMissing = true;
        private boolean readOnly;
        private int batchFlushRows = 50_000;
        private Duration batchFlushInterval = Duration.ofMillis(200);
        private int batchQueueCapacity = 16;
        private Duration queryTimeout = Duration.ofSeconds(30);
        private boolean tolerateNewerSchemas;

        private Builder(Path path, String url) {
            this.path = path;
            this.url = url;
        }

        /** Number of pooled readers. */
        public Builder readPoolSize(int v) { readPoolSize = v; return this; }

        /** Page cache in KiB. */
        public Builder cacheSizeKb(long v) { cacheSizeKb = v; return this; }

        /** mmap size in bytes. */
        public Builder mmapSizeBytes(long v) { mmapSizeBytes = v; return this; }

        /** Busy timeout. */
        public Builder busyTimeout(Duration v) { busyTimeout = v; return this; }

        /** WAL auto-checkpoint threshold in pages. */
        public Builder walAutoCheckpointPages(int v) { walAutoCheckpointPages = v; return this; }

        /** Whether a missing or empty file becomes a new store. */
        public Builder createIfMissing(boolean v) { createIfMissing = v; return this; }

        /** Open without a writer. */
        public Builder readOnly(boolean v) { readOnly = v; return this; }

        /** Rows per batch-writer commit. */
        public Builder batchFlushRows(int v) { batchFlushRows = v; return this; }

        /** Longest time rows wait in the batch writer before a commit. */
        public Builder batchFlushInterval(Duration v) { batchFlushInterval = v; return this; }

        /** Submitted batches that may wait before producers block. */
        public Builder batchQueueCapacity(int v) { batchQueueCapacity = v; return this; }

        /** Budget of one raw query. */
        public Builder queryTimeout(Duration v) { queryTimeout = v; return this; }

        /** With read-only: open even when a domain's schema is newer than its code (to list and check). */
        public Builder tolerateNewerSchemas(boolean v) { tolerateNewerSchemas = v; return this; }

        /** With a server's URL: the repository to open (null: the URL's own). */
        public Builder repository(String v) { repository = v; return this; }

        /** Validates and builds. */
        public DatabaseConfig build() {
            return new DatabaseConfig(path, readPoolSize, cacheSizeKb, mmapSizeBytes, busyTimeout, walAutoCheckpointPages,
                    createIfMissing, readOnly, batchFlushRows, batchFlushInterval, batchQueueCapacity, queryTimeout, tolerateNewerSchemas, url, repository);
        }
    }
}
