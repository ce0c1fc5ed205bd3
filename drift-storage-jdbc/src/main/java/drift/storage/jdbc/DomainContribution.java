package drift.storage.jdbc;

import drift.storage.api.RowType;
import drift.storage.api.SqlReader;
import drift.storage.api.SqlWriter;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;
import drift.storage.api.spi.BatchHandler;
import drift.storage.api.spi.DatasetImporter;
import drift.storage.api.spi.DomainRegistrar;
import drift.storage.api.spi.Migration;
import drift.storage.api.spi.NamedQuery;
import drift.storage.api.spi.Removal;
import drift.storage.api.spi.StorageDomain;
import drift.storage.api.spi.TableScope;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.zip.CRC32;

/** Everything one domain contributed, collected and checked once when the database opens. */
public final class DomainContribution implements DomainRegistrar {
    public final String id;
    public final String description;
    public final String module;
    public final List<Migration> migrations = new ArrayList<>();
    public final Map<RowType<?>, BatchHandler<?>> handlers = new LinkedHashMap<>();
    final Map<String, NamedQuery> queries = new LinkedHashMap<>();
    final List<DatasetImporter<?>> importers = new ArrayList<>();
    final List<Function<SqlWriter, String>> afterImport = new ArrayList<>();
    final List<TableScope> scopes = new ArrayList<>();
    final List<BiConsumer<SqlWriter, Removal>> removalHooks = new ArrayList<>();
    Function<SqlReader, Map<String, Object>> status;
    Consumer<SqlWriter> clearer;

    private final drift.storage.api.SqlDialect dialect;

    private DomainContribution(String id, String description, String module, drift.storage.api.SqlDialect dialect) {
        this.dialect = dialect;
        this.id = id;
        this.description = description;
        this.module = module;
    }

    /** What {@code domain} contributes to a store of {@code dialect}. */
    public static DomainContribution of(StorageDomain domain, drift.storage.api.SqlDialect dialect) {
        Module m = domain.getClass().getModule();
        DomainContribution c = new DomainContribution(domain.id(), domain.description(), m.isNamed() ? m.getName() : "(unnamed)", dialect);
        try {
            domain.contribute(c);
        } catch (Migration.ResourceMissing e) {
            if (dialect == drift.storage.api.SqlDialect.SQLITE) {
                throw e;
            }
            // a domain written for SQLite alone: say so, rather than what file it lacks
            throw new NotForDialect(c.id, c.module, "it has no " + dialect.folder() + "/ migrations, so it cannot run on a "
                    + dialect.folder() + " store (" + e.getMessage() + "); add its " + dialect.folder() + "/ migrations to use it here");
        }
        c.check();
        return c;
    }

    /**
     * The contributions of {@code installed} to a store of {@code dialect}, in order; a domain that ships no
     * migrations for the dialect (written for SQLite alone) is left out and described in {@code unavailable}, so
     * the store serves the others instead of refusing to open.
     */
    public static List<DomainContribution> of(List<StorageDomain> installed, drift.storage.api.SqlDialect dialect,
                                              List<drift.storage.api.DomainInfo> unavailable) {
        List<DomainContribution> out = new ArrayList<>();
        for (StorageDomain d : installed) {
            try {
                out.add(of(d, dialect));
            } catch (NotForDialect e) {
                System.getLogger("drift.storage").log(System.Logger.Level.WARNING, e.getMessage() + ": it is left out");
                unavailable.add(new drift.storage.api.DomainInfo(e.id, drift.storage.api.DomainInfo.UNAVAILABLE + e.reason, e.module, 0, 0,
                        List.of(), List.of(), List.of(), false, List.of()));
            }
        }
        return out;
    }

    /** A domain that cannot run on the store's dialect (it has no migrations for it). */
    public static final class NotForDialect extends StorageException {
        private static final long serialVersionUID = 1L;
        final transient String id;
        final transient String module;
        final transient String reason;

        NotForDialect(String id, String module, String reason) {
            super(StorageErrorCode.INTERNAL, "domain '" + id + "' (" + module + "): " + reason);
            this.id = id;
            this.module = module;
            this.reason = reason;
        }
    }

    /** The engine's own platform schema (scans, metadata, schema markers) as a pseudo-domain. */
    public static DomainContribution core(List<Migration> migrations, Module engine, drift.storage.api.SqlDialect dialect) {
        DomainContribution c = new DomainContribution("core", "platform tables: scans, metadata, schema markers",
                engine.getName(), dialect);
        c.migrations.addAll(migrations);
        c.check();
        return c;
    }

    private void check() {
        migrations.sort((a, b) -> Integer.compare(a.version(), b.version()));
        for (int i = 0; i < migrations.size(); i++) {
            if (migrations.get(i).version() != i + 1) {
                throw bad("migration versions must be 1, 2, 3... without gaps; found " + migrations.get(i).version()
                        + " at position " + (i + 1));
            }
        }
    }

    private StorageException bad(String message) {
        return new StorageException(StorageErrorCode.INTERNAL, "domain '" + id + "' (" + module + "): " + message);
    }

    public int latestVersion() {
        return migrations.size();
    }

    /** A checksum over every migration's SQL, to notice edited migrations cheaply. */
    public int checksum() {
        CRC32 crc = new CRC32();
        for (Migration m : migrations) {
            crc.update(m.sql().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return (int) crc.getValue();
    }

    @Override
    public drift.storage.api.SqlDialect dialect() {
        return dialect;
    }

    @Override
    public void migration(Migration migration) {
        migrations.add(migration);
    }

    @Override
    public <R> void rows(RowType<R> type, BatchHandler<R> handler) {
        if (!type.domain().equals(id)) {
            throw bad("registers row type " + type.name() + " of another domain");
        }
        if (handlers.putIfAbsent(type, handler) != null) {
            throw bad("registers row type " + type.name() + " twice");
        }
    }

    @Override
    public void query(NamedQuery query) {
        if (queries.putIfAbsent(query.name(), query) != null) {
            throw bad("registers query '" + query.name() + "' twice");
        }
    }

    @Override
    public void status(Function<SqlReader, Map<String, Object>> section) {
        this.status = section;
    }

    @Override
    public void clear(Consumer<SqlWriter> clearer) {
        this.clearer = clearer;
    }

    @Override
    public void scope(TableScope scope) {
        if (!scope.table().startsWith(id + "_")) {
            throw bad("declares a scope of " + scope.table() + ", which is not one of its tables (they start with '" + id + "_')");
        }
        scopes.add(scope);
    }

    @Override
    public void beforeRemoval(BiConsumer<SqlWriter, Removal> hook) {
        removalHooks.add(java.util.Objects.requireNonNull(hook, "hook"));
    }

    @Override
    public <R> void importer(DatasetImporter<R> importer) {
        if (!importer.type().domain().equals(id)) {
            throw bad("registers an importer for row type " + importer.type().name() + " of another domain");
        }
        importers.add(importer);
    }

    @Override
    public void afterImport(Function<SqlWriter, String> step) {
        afterImport.add(step);
    }
}
