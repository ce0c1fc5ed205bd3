package drift.storage.postgres.internal;

import drift.storage.api.DatabaseConfig;
import drift.storage.api.DatabaseManager;
import drift.storage.api.spi.StorageDomain;
import drift.storage.api.spi.StorageEngine;

import java.util.List;

/** The PostgreSQL {@link StorageEngine}, registered with {@code provides} in module-info. */
public final class PostgresEngine implements StorageEngine {
    @Override
    public String id() {
        return "postgresql";
    }

    /** Configurations with a {@code jdbc:postgresql:} URL. */
    @Override
    public boolean accepts(DatabaseConfig config) {
        return config.isServer() && config.url().startsWith("jdbc:postgresql:");
    }

    @Override
    public List<String> repositories(DatabaseConfig config) {
        return PostgresDatabase.repositories(config);
    }

    @Override
    public DatabaseManager open(DatabaseConfig config, List<StorageDomain> domains) {
        return PostgresDatabase.open(config, domains);
    }
}
