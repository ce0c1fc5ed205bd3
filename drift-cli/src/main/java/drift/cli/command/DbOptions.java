package drift.cli.command;

import drift.cli.Client;
import drift.storage.api.DatabaseConfig;
import drift.storage.api.DatabaseManager;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The {@code --db} option every command has, and how commands open the database. */
public final class DbOptions {
    @Option(names = "--db", paramLabel = "PATH|URL", description = "Database file, or a PostgreSQL server's JDBC URL "
            + "(jdbc:postgresql://host:5432/db?user=...&currentSchema=...) (default: .drift/drift.db in this folder or, as git "
            + "finds its repository, in the nearest folder above that has one).")
    String db;

    /** The default store's place in a project folder. */
    static final String DEFAULT = ".drift/drift.db";

    /**
     * The store: {@code --db} (a relative path from the client's folder), else the nearest {@code .drift/drift.db}
     * from the client's folder up, else the one to create in it.
     */
    String db() {
        if (resolved == null) {
            resolved = resolve();
        }
        return resolved;
    }

    /** {@link #db()}, looked for once per command (it opens the store and names it in its reports and errors). */
    private String resolved;

    private String resolve() {
        if (db != null) {
            return db.startsWith("jdbc:") || db.isEmpty() ? db : Client.resolve(db).toString();
        }
        Path here = Client.folder();
        for (Path d = here; d != null; d = d.getParent()) {
            Path candidate = d.resolve(DEFAULT);
            if (Files.isRegularFile(candidate)) {
                return candidate.toString();
            }
        }
        return here.resolve(DEFAULT).toString();
    }

    @Option(names = "--repo", paramLabel = "NAME", description = "With a server's URL: the repository to use (a "
            + "PostgreSQL database holds many, one schema each; default: the URL's currentSchema).")
    String repo;

    @Option(names = "--all-repos", description = "Ask every repository of a server's database, each answer marked with its "
            + "repository (queries only).")
    boolean allRepos;

    /** The store's configuration builder: a file, or a server's database for a JDBC URL (in {@code --repo}). */
    DatabaseConfig.Builder builder() {
        return DatabaseConfig.builder(db()).repository(repo);
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
        return existing(DatabaseConfig.builder(db()).repository(name).readOnly(true).createIfMissing(false)
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
        return existing(readOnly().build());
    }

    /** Opens to list and check: read-only, and even when a domain's schema is newer than its installed code. */
    DatabaseManager openInspect() {
        return existing(readOnly().tolerateNewerSchemas(true).build());
    }

    /** Opens a store that must exist; when none was named and none was found, says where it was looked for. */
    private DatabaseManager existing(DatabaseConfig config) {
        try {
            return DatabaseManager.open(config);
        } catch (StorageException e) {
            if (db == null && e.code() == StorageErrorCode.NOT_FOUND && !Files.exists(Path.of(config.location()))) {
                throw new StorageException(StorageErrorCode.NOT_FOUND, e.getMessage() + " (nor in any folder above it): scan or import "
                        + "into this folder first (drift scan PATH), or give --db", e);
            }
            throw e;
        }
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
