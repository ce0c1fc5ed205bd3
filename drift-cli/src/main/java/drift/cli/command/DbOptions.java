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
        return DatabaseManager.open(DatabaseConfig.builder(db).readOnly(true).createIfMissing(false).readPoolSize(1).build());
    }

    /** Opens to list and check: read-only, and even when a domain's schema is newer than its installed code. */
    DatabaseManager openInspect() {
        return DatabaseManager.open(DatabaseConfig.builder(db).readOnly(true).createIfMissing(false).readPoolSize(1)
                .tolerateNewerSchemas(true).build());
    }

    /** Opens for writing, creating the store (and its folder) when missing. */
    DatabaseManager openWrite(boolean create) {
        return DatabaseManager.open(DatabaseConfig.builder(db).createIfMissing(create).build());
    }
}
