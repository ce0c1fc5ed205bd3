package drift.storage.jdbc;

import drift.storage.api.SqlDialect;
import drift.storage.api.SqlReader;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * What the shared engine core needs from one JDBC engine: its dialect and the few operations that have no
 * portable JDBC form. One instance per engine, stateless.
 */
public interface Platform {
    /** The SQL the engine speaks. */
    SqlDialect dialect();

    /** Runs a script of several statements without parameters, in the connection's current transaction. */
    void script(Connection c, String sql) throws SQLException;

    /** Stops what {@code c} is running now; called from another thread. */
    void interrupt(Connection c) throws SQLException;

    /**
     * The non-unique indexes of {@code table} (every table of the store when null) that migrations created, with
     * the statement that creates each again, by table and name.
     */
    List<DeferredIndexes.Index> nonUniqueIndexes(SqlReader r, String table);

    /** Whether the store has a table named {@code table} (outside a transaction's temporary tables). */
    boolean tableExists(Connection c, String table) throws SQLException;

    /**
     * Writes {@code rows} with the engine's bulk-load path, if it has one that pays for a plain insert of this
     * many rows ({@code COPY} on PostgreSQL); returns the rows written, or -1 to have them inserted as
     * multi-row statements.
     */
    default <R> int copyIn(Connection c, drift.storage.api.BulkInsert insert, java.util.Collection<? extends R> rows,
                           drift.storage.api.RowBinder<? super R> binder) throws SQLException {
        return -1;
    }

    /**
     * Whether a transaction may drop a table's indexes and build them again before it commits (to write many rows
     * faster) without other transactions noticing. True for SQLite, whose readers keep reading the last commit;
     * false for PostgreSQL, where a dropped index locks its table against readers until the commit.
     */
    default boolean rebuildsIndexesUnseen() {
        return true;
    }

    /** The names of the store's own tables (no engine catalogue tables), sorted. */
    List<String> tables(SqlReader r);
}
