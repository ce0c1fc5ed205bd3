package drift.storage.postgres.internal;

import drift.storage.api.BackupResult;
import drift.storage.api.CheckReport;
import drift.storage.api.CheckpointMode;
import drift.storage.api.CheckpointResult;
import drift.storage.api.DatabaseConfig;
import drift.storage.api.DomainInfo;
import drift.storage.api.RawRowSink;
import drift.storage.api.SqlDialect;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;
import drift.storage.api.spi.Migration;
import drift.storage.api.spi.StorageDomain;
import drift.storage.jdbc.DeferredIndexes;
import drift.storage.jdbc.DomainContribution;
import drift.storage.jdbc.Errors;
import drift.storage.jdbc.JdbcDatabase;
import drift.storage.jdbc.Params;
import drift.storage.jdbc.RawQueryGuard;
import drift.storage.jdbc.ReadConnections;
import drift.storage.jdbc.SchemaMigrator;
import org.postgresql.ds.PGSimpleDataSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The PostgreSQL {@link drift.storage.api.DatabaseManager}: a store is the tables of one schema of a server's
 * database (the connection's current schema, {@code currentSchema=} in the URL). One writer per store at a time,
 * held by a session advisory lock (as SQLite's lock file does); readers read MVCC snapshots and never wait for it.
 * Everything else is the shared JDBC core's ({@link JdbcDatabase}).
 */
final class PostgresDatabase extends JdbcDatabase {
    static {
        PostgresErrors.register();
    }

    /** The advisory lock's first key: 'drif'. The second is the hash of the store's schema. */
    private static final int LOCK_CLASS = 0x64726966;

    /** Installed domains this store cannot run (no postgresql/ migrations), as {@link #domains()} lists them. */
    private final List<DomainInfo> unavailable;

    private PostgresDatabase(DatabaseConfig config, List<DomainContribution> domains, List<DomainInfo> unavailable,
                             Map<String, Integer> versions, Connection writerConnection, ReadConnections readers) {
        super(PostgresPlatform.INSTANCE, config, domains, versions, writerConnection, readers, null);
        this.unavailable = List.copyOf(unavailable);
    }

    /** The domains of {@link JdbcDatabase#domains()}, then the installed ones this store cannot run, with why. */
    @Override
    public List<DomainInfo> domains() {
        List<DomainInfo> out = new ArrayList<>(super.domains());
        for (DomainInfo u : unavailable) {
            out.removeIf(d -> !d.installed() && d.id().equals(u.id()));
            out.add(u);
        }
        return out;
    }

    static PostgresDatabase open(DatabaseConfig config, List<StorageDomain> installed) {
        List<DomainContribution> domains = new ArrayList<>();
        List<Migration> core = new ArrayList<>();
        core.add(Migration.load(PostgresDatabase.class::getResourceAsStream, 1, "platform tables", "core-V1__platform.sql"));
        String[] aligned = {"indexes waiting for a bulk load to end", "scan history and file manifest", "file interface hashes", "data version"};
        for (int v = 2; v <= 5; v++) {
            core.add(Migration.load(PostgresDatabase.class::getResourceAsStream, v, aligned[v - 2], "core-V" + v + "__aligned.sql"));
        }
        domains.add(DomainContribution.core(core, PostgresEngine.class.getModule(), SqlDialect.POSTGRESQL));
        List<DomainInfo> unavailable = new ArrayList<>();
        domains.addAll(DomainContribution.of(installed, SqlDialect.POSTGRESQL, unavailable));

        PGSimpleDataSource ds = PostgresConnections.dataSource(config);
        if (config.readOnly()) {
            return openReadOnly(config, domains, unavailable, ds);
        }
        Connection writer = PostgresConnections.open(ds, config);
        ReadConnections readers = null;
        try {
            createSchema(config, ds, writer);
            refuseForeign(config, writer, domains);
            lock(config, writer);
            DeferredIndexes.buildLeftOver(PostgresPlatform.INSTANCE, writer);
            Map<String, Integer> versions = new SchemaMigrator(PostgresPlatform.INSTANCE, writer, ds).migrate(domains);
            readers = PostgresConnections.readers(config, ds);
            return new PostgresDatabase(config, List.copyOf(domains), unavailable, versions, writer, readers);
        } catch (SQLException e) {
            closeQuietly(readers, writer);
            throw Errors.wrap("cannot open " + config.location(), e, StorageErrorCode.IO);
        } catch (RuntimeException e) {
            closeQuietly(readers, writer);
            throw e;
        }
    }

    /** Creates the schema the URL names ({@code currentSchema=}) when it does not exist yet and the store may be created. */
    private static void createSchema(DatabaseConfig config, PGSimpleDataSource ds, Connection c) throws SQLException {
        String wanted = ds.getCurrentSchema();
        if (wanted == null || wanted.isBlank() || wanted.contains(",") || !config.createIfMissing()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            ps.setString(1, wanted.strip());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return; // there already (creating it again would need a privilege a user of it may not have)
                }
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + DeferredIndexes.quote(wanted.strip()));
        }
    }

    /** Refuses a schema that holds another application's tables, or none when the store may not be created. */
    private static void refuseForeign(DatabaseConfig config, Connection c, List<DomainContribution> domains) throws SQLException {
        if (PostgresPlatform.INSTANCE.tableExists(c, "drift_schema")) {
            SchemaMigrator.refuseNewer(PostgresPlatform.INSTANCE, c, domains, SchemaMigrator.markers(PostgresPlatform.INSTANCE, c));
            return;
        }
        String schema;
        long tables;
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_schema(), (SELECT count(*) FROM pg_tables WHERE schemaname = current_schema())")) {
            rs.next();
            schema = rs.getString(1);
            tables = rs.getLong(2);
        }
        if (schema == null) {
            throw new StorageException(StorageErrorCode.NOT_FOUND, "no schema to keep the store in at " + config.location()
                    + ": the search path names no existing schema (create it, or set currentSchema= in the URL)");
        }
        if (tables > 0) {
            throw new StorageException(StorageErrorCode.NOT_A_DRIFT_DATABASE, "schema " + schema + " of " + config.location()
                    + " holds " + tables + " tables of another application, not a drift store; it was left untouched "
                    + "(use an empty database, or another schema with currentSchema= in the URL)");
        }
        if (!config.createIfMissing()) {
            throw new StorageException(StorageErrorCode.NOT_FOUND, "no drift store in schema " + schema + " of " + config.location());
        }
    }

    /**
     * Takes the store's write lock (a session advisory lock on the writer connection, released when it closes),
     * waiting up to the busy timeout for another writer to finish.
     */
    private static void lock(DatabaseConfig config, Connection c) throws SQLException {
        long deadline = System.nanoTime() + config.busyTimeout().toNanos();
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?, hashtext(current_schema()))")) {
            ps.setInt(1, LOCK_CLASS);
            while (true) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new StorageException(StorageErrorCode.LOCKED, "another drift process is writing to " + config.location()
                            + " (it holds the store's write lock); try again when it is done");
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StorageException(StorageErrorCode.CANCELLED, "interrupted while waiting for the write lock of "
                            + config.location(), e);
                }
            }
        }
    }

    private static PostgresDatabase openReadOnly(DatabaseConfig config, List<DomainContribution> domains, List<DomainInfo> unavailable,
                                                 PGSimpleDataSource ds) {
        Map<String, Integer> versions = new HashMap<>();
        long waiting;
        try (Connection c = PostgresConnections.open(ds, config)) {
            if (!PostgresPlatform.INSTANCE.tableExists(c, "drift_schema")) {
                throw new StorageException(StorageErrorCode.NOT_A_DRIFT_DATABASE, "no drift store at " + config.location()
                        + " (its current schema has no drift tables)");
            }
            versions.putAll(SchemaMigrator.versionsReadOnly(PostgresPlatform.INSTANCE, c, domains, config.tolerateNewerSchemas()));
            waiting = DeferredIndexes.leftOver(PostgresPlatform.INSTANCE, c);
        } catch (SQLException e) {
            throw Errors.wrap("cannot open " + config.location(), e, StorageErrorCode.IO);
        }
        PostgresDatabase db = new PostgresDatabase(config, List.copyOf(domains), unavailable, versions, null,
                PostgresConnections.readers(config, ds));
        db.indexesWaitingAtOpen = waiting;
        return db;
    }

    private static void closeQuietly(ReadConnections readers, Connection writer) {
        if (readers != null) {
            readers.close();
        }
        try {
            writer.close();
        } catch (SQLException ignored) {
            // already failing; the original error is what matters
        }
    }

    @Override
    protected String location() {
        return config.location();
    }

    /** The store's schema: its repository. */
    @Override
    public String repository() {
        ensureOpen();
        return read(r -> r.first("SELECT current_schema()", row -> row.getString(1))).orElse("public");
    }

    /** The schemas of {@code config}'s database that hold a drift store. */
    static List<String> repositories(DatabaseConfig config) {
        try (Connection c = PostgresConnections.open(PostgresConnections.dataSource(config), config);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                     + "WHERE c.relname = 'drift_schema' AND c.relkind = 'r' ORDER BY n.nspname")) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw Errors.wrap("cannot list the repositories of " + config.location(), e, StorageErrorCode.IO);
        }
    }

    @Override
    protected RuntimeException closeConnections(RuntimeException pending) {
        readers.close();
        if (writerConnection != null) {
            try {
                // closing the session releases the write lock
                writerConnection.close();
            } catch (SQLException e) {
                pending = addTo(pending, Errors.wrap("closing the writer failed", e, StorageErrorCode.IO));
            }
        }
        return pending;
    }

    /**
     * The server keeps its own pages sound (checksums, WAL); what is checked here is that every table of the store
     * can be read in full through an index-free scan's first page and counted, which finds a missing or unreadable
     * table. {@code ["ok"]} when all can.
     */
    @Override
    public CheckReport check() {
        ensureOpen();
        List<String> problems = new ArrayList<>();
        read(r -> {
            for (String t : PostgresPlatform.INSTANCE.tables(r)) {
                try {
                    r.queryLong("SELECT count(*) FROM " + DeferredIndexes.quote(t));
                } catch (StorageException e) {
                    problems.add(t + ": " + e.getMessage());
                }
            }
            return null;
        });
        long waiting = read(r -> r.queryLong("SELECT count(*) FROM drift_deferred_index"));
        return new CheckReport(problems.isEmpty() ? List.of("ok") : problems, domains(), waiting);
    }

    /** The server checkpoints its own write-ahead log: nothing to do, nothing waiting. */
    @Override
    public CheckpointResult checkpoint(CheckpointMode mode) {
        ensureOpen();
        return new CheckpointResult(false, 0, 0);
    }

    @Override
    public BackupResult backup(Path destination) {
        ensureOpen();
        throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, "a PostgreSQL store is backed up by its server: use pg_dump "
                + "(pg_dump --schema=<schema> <database>); drift backs up SQLite files only");
    }

    @Override
    public void streamRaw(String sql, List<?> params, RawRowSink sink) {
        Objects.requireNonNull(sink, "sink");
        ensureOpen();
        // drift sql documents SQLite's ?1, ?2...: the driver takes only ?
        NumberedParameters.Positional statement = NumberedParameters.toPositional(RawQueryGuard.check(sql),
                params == null ? List.of() : params);
        try (Connection c = readers.get()) {
            try {
                try (Statement s = c.createStatement()) {
                    // the budget is the server's; the read-only transaction is the last fence
                    s.execute("SET LOCAL statement_timeout = " + Math.max(1, config.queryTimeout().toMillis()));
                }
                try (PreparedStatement ps = c.prepareStatement(statement.sql())) {
                    ps.setFetchSize(1000);
                    Params.bind(ps, statement.params().toArray());
                    try (ResultSet rs = ps.executeQuery()) {
                        stream(rs, sink, nanos -> { });
                    }
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            StorageException se = Errors.wrap("query failed", e, StorageErrorCode.QUERY_REJECTED);
            if (se.code() == StorageErrorCode.QUERY_TIMEOUT) {
                throw new StorageException(StorageErrorCode.QUERY_TIMEOUT, "query interrupted: it ran longer than "
                        + config.queryTimeout().toMillis() + " ms", se.engineCode().orElse(null), e);
            }
            throw se;
        }
    }
}
