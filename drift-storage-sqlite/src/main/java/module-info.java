/**
 * The SQLite storage engine, on the shared JDBC core ({@code drift.storage.jdbc}). One writer connection on one writer
 * thread, a HikariCP pool of read-only connections, Flyway migrations per domain.
 * Exports nothing: it is reached through {@link drift.storage.api.spi.StorageEngine}.
 */
module drift.storage.sqlite {
    requires drift.storage.api;
    requires drift.storage.jdbc;
    requires java.sql;
    requires org.xerial.sqlitejdbc;
    requires com.zaxxer.hikari;
    requires org.slf4j;

    provides drift.storage.api.spi.StorageEngine with drift.storage.sqlite.internal.SqliteEngine;
}
