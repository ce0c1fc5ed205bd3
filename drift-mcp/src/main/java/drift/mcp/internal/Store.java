package drift.mcp.internal;

import drift.storage.api.DatabaseConfig;
import drift.storage.api.DatabaseManager;
import drift.storage.api.StorageException;

import java.nio.file.Files;

/**
 * The database the server answers from, opened read-only on first use (not at start: a server started before
 * the first scan, or on a path that is not a drift database yet, keeps serving and says so per call).
 */
public final class Store implements AutoCloseable {
    /** How to open it: read-only, never created. */
    private final DatabaseConfig config;
    private DatabaseManager db;

    /** The store {@code target} names (a file's path or a server's JDBC URL), not opened yet. */
    public Store(String target) {
        this(DatabaseConfig.builder(target).build());
    }

    /** The store of {@code config}, opened read-only, not opened yet. */
    public Store(DatabaseConfig config) {
        this.config = config.toBuilder().readOnly(true).createIfMissing(false).build();
    }

    /** Repository {@code name} of the same server's database (a store of its own). */
    Store repository(String name) {
        return new Store(config.toBuilder().repository(name).build());
    }

    /** Whether the store is a server's database, holding repositories. */
    boolean server() {
        return config.isServer();
    }

    /** The repositories of the database (a file's one is {@code default}). */
    java.util.List<String> repositories() {
        return DatabaseManager.repositories(config);
    }

    /** Where the store is, for messages: its file, or its URL without a password. */
    public String location() {
        return config.location();
    }

    /** The open database; opens it read-only on first use. */
    public synchronized DatabaseManager db() {
        if (db != null) {
            return db;
        }
        if (!config.isServer() && !Files.exists(config.path())) {
            throw new ToolError("there is no drift database at " + location() + ": create one with `drift import DATASET` or "
                    + "`drift scan PATH`, or start the server with --db pointing at one");
        }
        try {
            db = DatabaseManager.open(config);
        } catch (StorageException e) {
            throw new ToolError("cannot open " + location() + ": " + e.getMessage());
        }
        prepareWalks(db);
        return db;
    }

    /**
     * The call graph's in-memory copy built on a thread of its own as the store opens: an agent's first walks
     * (who reaches, reachable data, impact) are answered from memory instead of by a query per level.
     */
    private static void prepareWalks(DatabaseManager db) {
        if (!db.hasDomain(drift.domain.callgraph.CallGraphStore.DOMAIN)) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                drift.domain.callgraph.CallGraphStore.of(db).prepareWalks();
            } catch (RuntimeException e) {
                // closed meanwhile, or being rescanned: the walks build it when they need it
                System.getLogger("drift.mcp").log(System.Logger.Level.DEBUG, "drift mcp: the call graph was not prepared: " + e);
            }
        }, "drift-mcp-prepare");
        t.setDaemon(true);
        t.start();
    }

    /**
     * What the store holds now: its data version, which every committed write moves on (a database migrated by an
     * older drift keeps none: then the id of its last scan, in numbers below zero). Cursors are bound to it.
     */
    long version() {
        long v = db().dataVersion();
        return v >= 0 ? v : -1 - db().lastScanId();
    }

    @Override
    public synchronized void close() {
        if (db != null) {
            db.close();
            db = null;
        }
    }
}
