/**
 * The SQLite engine's implementation: {@link drift.storage.sqlite.internal.SqliteDatabase} (the
 * {@code DatabaseManager}), connection setup, migrations, the batch writer and the JDBC adapters behind
 * the API's {@code SqlReader}/{@code SqlWriter}.
 */
package drift.storage.sqlite.internal;
