package drift.cli.command;

import drift.storage.api.DatabaseConfig;
import drift.storage.api.DatabaseManager;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The {@code --db} option every command has, and how commands open the database. */
public final class DbOptions {
    @Option(names = "--db", paramLabel = "PATH", description = "Database file (default: ${DEFAULT-VALUE}).",
            defaultValue = ".drift/drift.db")
    Path db;

    /**
     * Opens for reading only: no write lock, so it works while another process writes; one connection, no pool
     * (a command asks its question and ends).
     */
    DatabaseManager openRead() {
        return DatabaseManager.open(readOnly().build());
    }

    /** Opens to list and check: read-only, and even when a domain's schema is newer than its installed code. */
    DatabaseManager openInspect() {
        return DatabaseManager.open(readOnly().tolerateNewerSchemas(true).build());
    }

    private DatabaseConfig.Builder readOnly() {
        return DatabaseConfig.builder(db).readOnly(true).createIfMissing(false).readPoolSize(1);
    }

    /**
     * SQLite's page cache per connection of a command that writes, in KiB ({@code -Ddrift.cache-kb=N} to change it).
     * 16 MB, not the library's 64: an import of {@code large} or a scan of the JDK takes as long with it (the OS
     * keeps the file's pages either way), and the index builds' sorters, sized by it, peak 100 MB lower.
     */
    static final long WRITE_CACHE_KB = Long.getLong("drift.cache-kb", 16_000);

    /**
     * Opens for writing, creating the store (and its folder) when missing. A command is one job: one read
     * connection is enough beside the writer (a pool's spare connections, each with its page cache, only cost
     * memory).
     */
    DatabaseManager openWrite(boolean create) {
        return DatabaseManager.open(DatabaseConfig.builder(db).createIfMissing(create).readPoolSize(1).cacheSizeKb(WRITE_CACHE_KB).build());
    }
}
