/**
 * The shared JDBC engine core; see the module's description. Engines extend {@link drift.storage.jdbc.JdbcDatabase}
 * and implement {@link drift.storage.jdbc.Platform}.
 */
package drift.storage.jdbc;
