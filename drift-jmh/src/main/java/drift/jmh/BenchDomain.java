package drift.jmh;

import drift.storage.api.spi.DomainRegistrar;
import drift.storage.api.spi.Migration;
import drift.storage.api.spi.StorageDomain;

/**
 * The benchmarks' own domain: one migration, given as an SQL string, that creates their tables. Passed
 * to {@code DatabaseManager.open} directly (not declared as a service), so the benchmark stores hold
 * these tables and the engine's platform tables only.
 */
final class BenchDomain implements StorageDomain {
    /** The domain id, also the prefix of its tables. */
    static final String ID = "jmh";

    /**
     * {@code jmh_bind_call}: call-like rows without any index, so BindingBenchmark measures getting the
     * values into SQLite, not index work. {@code jmh_order_call}: the same shape with the index the call
     * graph leads with, (caller_pk, callee_pk), whose maintenance KeyOrderBenchmark measures.
     * {@code jmh_parent}: text ids with integer keys, the parent table KeyCacheBenchmark looks up.
     */
    private static final String SCHEMA = """
            CREATE TABLE jmh_bind_call (
                caller_pk INTEGER,
                target    TEXT,
                line      INTEGER
            );
            CREATE TABLE jmh_order_call (
                caller_pk INTEGER NOT NULL,
                callee_pk INTEGER NOT NULL,
                line      INTEGER NOT NULL
            );
            CREATE INDEX jmh_order_call_caller ON jmh_order_call(caller_pk, callee_pk);
            CREATE TABLE jmh_parent (
                pk INTEGER PRIMARY KEY,
                id TEXT NOT NULL UNIQUE
            );
            """;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "JMH benchmark tables";
    }

    @Override
    public void contribute(DomainRegistrar registrar) {
        registrar.migration(new Migration(1, "benchmark tables", SCHEMA));
    }
}
