package drift.storage.testkit.internal;

import drift.storage.api.RowType;
import drift.storage.api.SqlReader;
import drift.storage.api.SqlWriter;
import drift.storage.api.spi.BatchHandler;
import drift.storage.api.spi.DatasetImporter;
import drift.storage.api.spi.DomainRegistrar;
import drift.storage.api.spi.Migration;
import drift.storage.api.spi.NamedQuery;
import drift.storage.api.spi.Removal;
import drift.storage.api.spi.StorageDomain;
import drift.storage.api.spi.TableScope;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/** What a domain contributes, recorded by calling its {@code contribute} with a registrar that only listens. */
public final class Contribution implements DomainRegistrar {
    /** Its migrations, as registered. */
    public final List<Migration> migrations = new ArrayList<>();
    /** Its named queries. */
    public final List<NamedQuery> queries = new ArrayList<>();
    /** Its file and scan scopes. */
    public final List<TableScope> scopes = new ArrayList<>();
    /** Whether it has a status section. */
    public boolean status;

    private final drift.storage.api.SqlDialect dialect;

    private Contribution(drift.storage.api.SqlDialect dialect) {
        this.dialect = dialect;
    }

    /** Records what {@code domain} contributes to a SQLite store. */
    public static Contribution of(StorageDomain domain) {
        return of(domain, drift.storage.api.SqlDialect.SQLITE);
    }

    /** Records what {@code domain} contributes to a store of {@code dialect}. */
    public static Contribution of(StorageDomain domain, drift.storage.api.SqlDialect dialect) {
        Contribution c = new Contribution(dialect);
        domain.contribute(c);
        return c;
    }

    @Override
    public drift.storage.api.SqlDialect dialect() {
        return dialect;
    }

    /** The newest schema version it ships. */
    public int latest() {
        return migrations.stream().mapToInt(Migration::version).max().orElse(0);
    }

    @Override
    public void migration(Migration migration) {
        migrations.add(migration);
    }

    @Override
    public <R> void rows(RowType<R> type, BatchHandler<R> handler) {
        // only what the contract reads is recorded
    }

    @Override
    public void query(NamedQuery query) {
        queries.add(query);
    }

    @Override
    public void status(Function<SqlReader, Map<String, Object>> section) {
        status = true;
    }

    @Override
    public void clear(Consumer<SqlWriter> clearer) {
        // not read
    }

    @Override
    public void scope(TableScope scope) {
        scopes.add(scope);
    }

    @Override
    public void beforeRemoval(BiConsumer<SqlWriter, Removal> hook) {
        // not read
    }

    @Override
    public <R> void importer(DatasetImporter<R> importer) {
        // not read
    }

    @Override
    public void afterImport(Function<SqlWriter, String> step) {
        // not read
    }

    /**
     * The domain as it was at schema version {@code version}: the same id, only the migrations up to it (and
     * nothing else), so a database can be made at every earlier version the domain ships.
     */
    public static StorageDomain upTo(StorageDomain domain, int version) {
        return new StorageDomain() {
            @Override
            public String id() {
                return domain.id();
            }

            @Override
            public void contribute(DomainRegistrar r) {
                for (Migration m : of(domain, r.dialect()).migrations) {
                    if (m.version() <= version) {
                        r.migration(m);
                    }
                }
            }
        };
    }
}
