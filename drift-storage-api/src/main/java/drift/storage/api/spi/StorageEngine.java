package drift.storage.api.spi;

import drift.storage.api.DatabaseConfig;
import drift.storage.api.DatabaseManager;

import java.util.List;

/** A storage engine, found by {@link java.util.ServiceLoader}. */
public interface StorageEngine {
    /** A stable id, e.g. {@code sqlite}. */
    String id();

    /** Opens a database with the given domains (already checked for unique ids and sorted). */
    DatabaseManager open(DatabaseConfig config, List<StorageDomain> domains);
}
