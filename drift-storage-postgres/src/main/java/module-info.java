/**
 * The PostgreSQL storage engine, on the shared JDBC core ({@code drift.storage.jdbc}): for teams whose store is one
 * server's database rather than a file. Picked by a {@code jdbc:postgresql:} URL. Exports nothing: it is reached
 * through {@link drift.storage.api.spi.StorageEngine}.
 */
module drift.storage.postgres {
    requires drift.storage.api;
    requires drift.storage.jdbc;
    requires java.sql;
    requires org.postgresql.jdbc;
    requires com.zaxxer.hikari;
    // Flyway's PostgreSQL support is a plugin it finds with ServiceLoader: resolve it with the engine
    requires flyway.database.postgresql;

    provides drift.storage.api.spi.StorageEngine with drift.storage.postgres.internal.PostgresEngine;
}
