/**
 * The SQLite storage engine: the only module that touches JDBC. One writer connection on one writer
 * thread, a HikariCP pool of read-only connections, Flyway migrations per domain.
 * Exports nothing: it is reached through {@link drift.storage.api.spi.StorageEngine}.
 */
module drift.storage.sqlite {
    requires drift.storage.api;
    requires java.sql;
    requires org.xerial.sqlitejdbc;
    requires com.zaxxer.hikari;
    requires flyway.core;
    // Flyway needs Jackson 3 at run time but, as an automatic module, makes nothing resolve it
    requires tools.jackson.databind;
    requires org.slf4j;

    // Flyway instantiates its log bridge by class name
    opens drift.storage.sqlite.internal.flyway to flyway.core;

    provides drift.storage.api.spi.StorageEngine with drift.storage.sqlite.internal.SqliteEngine;
}
