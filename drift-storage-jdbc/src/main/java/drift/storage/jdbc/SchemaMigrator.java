package drift.storage.jdbc;

import drift.storage.api.MigrationException;
import drift.storage.api.SchemaTooNewException;
import drift.storage.api.spi.Migration;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Brings every domain's schema up to date with Flyway: one history table per domain
 * ({@code drift_schema_history_<domain>}), migrations handed over programmatically (Flyway cannot scan
 * named modules), baseline 0 so a domain can join an existing database later. A cheap marker table
 * ({@code drift_schema}) lets an up-to-date database skip Flyway entirely (building Flyway costs ~0.7 s).
 */
public final class SchemaMigrator {
    private final Platform platform;
    private final Connection writer;
    private final javax.sql.DataSource flywayConnections;

    /**
     * A migrator over the store's writer connection; Flyway, when a domain needs it, works through connections
     * of {@code flywayConnections} (it manages its own transactions).
     */
    public SchemaMigrator(Platform platform, Connection writer, javax.sql.DataSource flywayConnections) {
        this.platform = platform;
        this.writer = writer;
        this.flywayConnections = flywayConnections;
    }

    /** A domain's schema version and migrations checksum as the marker table records them. */
    public record Marker(int version, int checksum) {
    }

    /** Versions recorded in the marker table, by domain; empty on a new database. */
    public static Map<String, Marker> markers(Platform platform, Connection c) throws SQLException {
        Map<String, Marker> out = new HashMap<>();
        if (!platform.tableExists(c, "drift_schema")) {
            return out;
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT domain, version, checksum FROM drift_schema")) {
            while (rs.next()) {
                out.put(rs.getString(1), new Marker(rs.getInt(2), rs.getInt(3)));
            }
        }
        return out;
    }

    static String historyTable(String domain) {
        return "drift_schema_history_" + domain;
    }

    /** The highest successfully applied version in a domain's Flyway history, 0 when none. */
    static int historyVersion(Platform platform, Connection c, String domain) throws SQLException {
        String table = historyTable(domain);
        if (!platform.tableExists(c, table)) {
            return 0;
        }
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT max(CAST(version AS INTEGER)) FROM " + table + " WHERE success")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /** Refuses when any domain's schema in the database is newer than its code; touches nothing. */
    public static void refuseNewer(Platform platform, Connection c, List<DomainContribution> domains, Map<String, Marker> markers)
            throws SQLException {
        Map<String, Integer> newer = newer(platform, c, domains, markers);
        for (DomainContribution d : domains) {
            if (newer.containsKey(d.id)) {
                throw new SchemaTooNewException(d.id, d.module, newer.get(d.id), d.latestVersion());
            }
        }
    }

    /** The domains whose schema in the database is newer than their installed code, with the database's version. */
    public static Map<String, Integer> newer(Platform platform, Connection c, List<DomainContribution> domains, Map<String, Marker> markers)
            throws SQLException {
        Map<String, Integer> out = new HashMap<>();
        for (DomainContribution d : domains) {
            Marker m = markers.get(d.id);
            int inDb = Math.max(m == null ? 0 : m.version(), m != null && m.version() == d.latestVersion() ? 0 : historyVersion(platform, c, d.id));
            if (inDb > d.latestVersion()) {
                out.put(d.id, inDb);
            }
        }
        return out;
    }

    /**
     * The schema version of each domain in the store, for a read-only open (which migrates nothing): refuses a
     * domain newer than its code unless {@code tolerateNewer} (listing and checking a store a newer drift wrote),
     * whose newer version is then reported.
     */
    public static Map<String, Integer> versionsReadOnly(Platform platform, Connection c, List<DomainContribution> domains,
                                                        boolean tolerateNewer) throws SQLException {
        Map<String, Marker> markers = markers(platform, c);
        if (!tolerateNewer) {
            refuseNewer(platform, c, domains, markers);
        }
        Map<String, Integer> versions = new HashMap<>();
        markers.forEach((id, m) -> versions.put(id, m.version()));
        newer(platform, c, domains, markers).forEach(versions::put);
        return versions;
    }

    /** Migrates what needs it; returns the schema version of each domain afterwards. */
    public Map<String, Integer> migrate(List<DomainContribution> domains) throws SQLException {
        Map<String, Marker> markers = markers(platform, writer);
        refuseNewer(platform, writer, domains, markers);
        Map<String, Integer> versions = new HashMap<>();
        for (DomainContribution d : domains) {
            Marker m = markers.get(d.id);
            if (m != null && m.version() == d.latestVersion() && m.checksum() == d.checksum()) {
                versions.put(d.id, m.version());
                continue;
            }
            runFlyway(d);
            versions.put(d.id, d.latestVersion());
            try (PreparedStatement ps = writer.prepareStatement("INSERT INTO drift_schema(domain, version, checksum, migrated_at) "
                    + "VALUES (?, ?, ?, " + platform.dialect().nowUtc() + ") ON CONFLICT(domain) DO UPDATE SET "
                    + "version = excluded.version, checksum = excluded.checksum, migrated_at = excluded.migrated_at")) {
                ps.setString(1, d.id);
                ps.setInt(2, d.latestVersion());
                ps.setInt(3, d.checksum());
                ps.executeUpdate();
            }
        }
        return versions;
    }

    private void runFlyway(DomainContribution d) {
        if (d.migrations.isEmpty()) {
            return;
        }
        JavaMigration[] migrations = d.migrations.stream().map(m -> new DomainMigration(platform, d.id, m)).toArray(JavaMigration[]::new);
        try {
            Flyway.configure(SchemaMigrator.class.getClassLoader())
                    .dataSource(flywayConnections)
                    .table(historyTable(d.id))
                    .javaMigrations(migrations)
                    .skipDefaultCallbacks(true)
                    .locations("classpath:drift/storage/jdbc/no-scanning")
                    .failOnMissingLocations(false)
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .baselineDescription("drift database before domain " + d.id)
                    // a migration in the database that the code does not know is an error, not a warning
                    .ignoreMigrationPatterns(new org.flywaydb.core.api.pattern.ValidatePattern[0])
                    .validateOnMigrate(true)
                    .cleanDisabled(true)
                    // Flyway's lines go to System.Logger at debug: never to a library user's stdout
                    .loggers(drift.storage.jdbc.flyway.FlywayLogs.class.getName())
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            int version = -1;
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof FailedMigration fm) {
                    version = fm.version;
                    break;
                }
            }
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            String detail = (root instanceof SQLException se ? Errors.cleanMessage(se) : e.getMessage())
                    .replaceAll("\\s*\\R+\\s*", "; ");
            throw new MigrationException(d.id, version, detail, e);
        }
    }

    /** One domain migration handed to Flyway as a {@link JavaMigration}. */
    private static final class DomainMigration implements JavaMigration {
        private final Platform platform;
        private final String domain;
        private final Migration migration;

        DomainMigration(Platform platform, String domain, Migration migration) {
            this.platform = platform;
            this.domain = domain;
            this.migration = migration;
        }

        @Override
        public MigrationVersion getVersion() {
            return MigrationVersion.fromVersion(Integer.toString(migration.version()));
        }

        @Override
        public String getDescription() {
            return migration.description();
        }

        @Override
        public Integer getChecksum() {
            CRC32 crc = new CRC32();
            crc.update(migration.sql().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return (int) crc.getValue();
        }

        @Override
        public boolean canExecuteInTransaction() {
            return true;
        }

        @Override
        public void migrate(Context context) throws Exception {
            try {
                // every statement of the script, inside Flyway's transaction
                platform.script(context.getConnection(), migration.sql());
            } catch (SQLException e) {
                throw new FailedMigration(domain, migration.version(), e);
            }
        }
    }

    /** Marks which migration failed, so the error can name its version. */
    private static final class FailedMigration extends SQLException {
        private static final long serialVersionUID = 1L;
        final int version;

        FailedMigration(String domain, int version, SQLException cause) {
            super("migration " + version + " of " + domain + ": " + Errors.cleanMessage(cause), cause.getSQLState(),
                    cause.getErrorCode(), cause);
            this.version = version;
        }
    }
}
