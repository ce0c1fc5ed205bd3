package drift.cli.command;

import drift.storage.api.DatabaseConfig;
import drift.storage.api.DatabaseManager;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;
import picocli.CommandLine.Option;

import java.util.List;

/** The {@code --db} option every command has, and how commands open the database. */
public final class DbOptions {
    @Option(names = "--db", paramLabel = "PATH|URL", description = "Database file, or a PostgreSQL server's JDBC URL "
            + "(jdbc:postgresql://host:5432/db?user=...&currentSchema=...) (default: ${DEFAULT-VALUE}).",
            defaultValue = ".drift/drift.db")
    String db;

    @Option(names = "--repo", paramLabel = "NAME", description = "With a server's URL: the repository to use (a "
            + "PostgreSQL database holds many, one schema each; default: the URL's currentSchema).")
    String repo;

    @Option(names = "--all-repos", description = "Ask every repository of a server's database, each answer marked with its "
            + "repository (queries only).")
    boolean allRepos;

    /** The store's configuration builder: a file, or a server's database for a JDBC URL (in {@code --repo}). */
    DatabaseConfig.Builder builder() {
        return DatabaseConfig.builder(db).repository(repo);
    }

    /** Every repository the database holds, for {@code --all-repos}. */
    List<String> allRepositories() {
        if (repo != null) {
            throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, "--repo and --all-repos exclude each other");
        }
        List<String> all = DatabaseManager.repositories(builder().build());
        if (all.isEmpty()) {
            throw new StorageException(StorageErrorCode.NOT_FOUND, "no drift repository in " + location());
        }
        return all;
    }

    /** Opens repository {@code name} of the store for reading, as {@link #openRead()} does. */
    DatabaseManager openRead(String name) {
        return DatabaseManager.open(DatabaseConfig.builder(db).repository(name).readOnly(true).createIfMissing(false)
                .readPoolSize(1).build());
    }

    /** Where the store is, for reports: the file's absolute path, or the URL without a password. */
    String location() {
        return builder().build().location();
    }

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
        return builder().readOnly(true).createIfMissing(false).readPoolSize(1);
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
        if (allRepos) {
            throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, "--all-repos asks questions; a write goes to one "
                    + "repository (--repo NAME)");
        }
        return DatabaseManager.open(builder().createIfMissing(create).readPoolSize(1).cacheSizeKb(WRITE_CACHE_KB).build());
    }
}
