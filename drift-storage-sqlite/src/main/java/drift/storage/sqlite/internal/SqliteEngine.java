package drift.storage.sqlite.internal;

import drift.storage.api.DatabaseConfig;
import drift.storage.api.DatabaseManager;
import drift.storage.api.spi.StorageDomain;
import drift.storage.api.spi.StorageEngine;

import java.util.List;

/** The SQLite {@link StorageEngine}, registered with {@code provides} in module-info. */
public final class SqliteEngine implements StorageEngine {
    @Override
    public String id() {
        return "sqlite";
    }

    /** Files: every configuration without a server URL. */
    @Override
    public boolean accepts(DatabaseConfig config) {
        return !config.isServer();
    }

    @Override
    public List<String> repositories(DatabaseConfig config) {
        return java.nio.file.Files.exists(config.path()) ? List.of("default") : List.of();
    }

    @Override
    public DatabaseManager open(DatabaseConfig config, List<StorageDomain> domains) {
        return SqliteDatabase.open(config, domains);
    }
}
