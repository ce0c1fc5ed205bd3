package drift.storage.api.spi;

import drift.storage.api.DatabaseConfig;
import drift.storage.api.DatabaseManager;

import java.util.List;

/** A storage engine, found by {@link java.util.ServiceLoader}. */
public interface StorageEngine {
    /** A stable id, e.g. {@code sqlite}. */
    String id();

    /**
     * Whether this engine opens {@code config}'s store: the SQLite engine takes files, a server engine the JDBC URLs of
     * its driver ({@code jdbc:postgresql:}).
     */
    boolean accepts(DatabaseConfig config);

    /**
     * The repositories the store {@code config} names holds, sorted, without opening one of them (none is needed:
     * a server's default schema may hold nothing). A file is one repository, {@code default}, when it exists.
     */
    List<String> repositories(DatabaseConfig config);

    /** Opens a database with the given domains (already checked for unique ids and sorted). */
    DatabaseManager open(DatabaseConfig config, List<StorageDomain> domains);
}
