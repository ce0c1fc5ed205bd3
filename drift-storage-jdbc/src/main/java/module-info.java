/**
 * The core every JDBC storage engine shares: the {@link drift.storage.jdbc.JdbcDatabase} (one writer thread
 * with its scan sessions, batches and file scopes; read connections; the domains' contributions), the JDBC
 * adapters behind the API's {@code SqlReader}/{@code SqlWriter}, and the {@link drift.storage.jdbc.Platform}
 * an engine implements for what has no portable JDBC form. Exported only to the engine modules: nothing else
 * touches JDBC.
 */
module drift.storage.jdbc {
    requires transitive drift.storage.api;
    requires transitive java.sql;
    requires transitive com.zaxxer.hikari;
    requires flyway.core;
    // Flyway needs Jackson 3 at run time but, as an automatic module, makes nothing resolve it
    requires tools.jackson.databind;

    // Flyway instantiates its log bridge by class name
    opens drift.storage.jdbc.flyway to flyway.core;

    exports drift.storage.jdbc to drift.storage.sqlite, drift.storage.postgres;
}
