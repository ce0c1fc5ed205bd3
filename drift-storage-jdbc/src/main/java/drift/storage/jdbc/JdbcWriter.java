package drift.storage.jdbc;

import drift.storage.api.BulkInsert;
import drift.storage.api.RowBinder;
import drift.storage.api.ScanContext;
import drift.storage.api.SqlWriter;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.Values;
import drift.storage.api.WriterLocal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@link SqlWriter} over the single writer connection. Keeps prepared statements across transactions
 * (SQLite re-prepares nothing then), and writes bulk inserts as multi-row {@code VALUES} statements.
 * Used only on the writer thread.
 */
public final class JdbcWriter extends JdbcReader implements SqlWriter {
    /** Rows per multi-row INSERT: large enough to amortise each step, small enough for SQLite's limits. */
    private static final int MAX_ROWS_PER_INSERT = 1000;
    private static final int MAX_VARIABLES = 32_000;
    private static final int CACHE_SIZE = 200;
    /** From this many rows into an empty table, its indexes are built after the rows instead of row by row. */
    public static final int BUILD_INDEXES_AFTER = 4096;

    /** Undo actions of the open transaction, oldest first; those from {@link #batchStart} on belong to the current batch. */
    private final List<Runnable> undo = new ArrayList<>();
    /** The actions in {@link #undo} from {@link #batchStart} on, to register each once per batch. */
    private final Set<Runnable> batchUndo = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    private int batchStart;
    private final Map<WriterLocal<?>, Object> locals = new IdentityHashMap<>();
    /** The scan the writer is working for, or null. */
    private ScanContext scan;

    /** A writer on {@code connection} with no database state (used at open, before the database exists). */
    public JdbcWriter(Platform platform, Connection connection) {
        super(platform, connection, null, new StatementCache(connection, CACHE_SIZE));
    }

    JdbcWriter(Platform platform, Connection connection, java.util.Map<drift.storage.api.DatabaseLocal<?>, Object> locals) {
        super(platform, connection, locals, new StatementCache(connection, CACHE_SIZE));
    }

    /** Moves the data version on, inside the transaction about to commit ({@link drift.storage.api.SqlReader#dataVersion}). */
    void bumpDataVersion() {
        update("UPDATE drift_data_version SET value = value + 1 WHERE id = 1");
    }

    @Override
    public void onRollback(Runnable action) {
        Objects.requireNonNull(action, "action");
        if (batchUndo.add(action)) {
            undo.add(action);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T local(WriterLocal<T> key) {
        Objects.requireNonNull(key, "key");
        Object state = locals.get(key);
        if (state == null) {
            state = key.create();
            locals.put(key, state);
        }
        return (T) state;
    }

    /** Every piece of writer-side state created so far (key caches, say), for the engine's own upkeep. */
    void forEachLocal(Consumer<Object> action) {
        locals.values().forEach(action);
    }

    @Override
    public Optional<ScanContext> scan() {
        return Optional.ofNullable(scan);
    }

    /** Sets the scan the writer works for (null: none). */
    void scan(ScanContext context) {
        this.scan = context;
    }

    /** A batch starts inside the open transaction: what it registers is undone if its savepoint rolls back. */
    void startBatch() {
        batchStart = undo.size();
        batchUndo.clear();
    }

    /** The current batch was rolled back to its savepoint: runs its undo actions, newest first. */
    void batchRolledBack() {
        runUndo(batchStart);
    }

    /** The whole transaction was rolled back: runs every undo action, newest first. */
    void transactionRolledBack() {
        runUndo(0);
    }

    /** The transaction committed (or there was none): nothing is left to undo. */
    void transactionEnded() {
        undo.clear();
        batchUndo.clear();
        batchStart = 0;
    }

    private void runUndo(int from) {
        for (int i = undo.size() - 1; i >= from; i--) {
            try {
                undo.remove(i).run();
            } catch (RuntimeException e) {
                // an undo action that fails must not stop the others, nor the writer thread
            }
        }
        batchStart = Math.min(batchStart, undo.size());
        batchUndo.clear();
    }

    @Override
    public int update(String sql, Object... params) {
        long start = SLOW_MS >= 0 ? System.nanoTime() : 0;
        try {
            PreparedStatement ps = prepare(sql);
            try {
                bind(ps, params);
                int n = ps.executeUpdate();
                release(ps);
                return n;
            } catch (SQLException | RuntimeException e) {
                discard(ps);
                throw e;
            }
        } catch (SQLException e) {
            throw Errors.wrap("update failed [" + abbreviate(sql) + "]", e, StorageErrorCode.INTERNAL);
        } finally {
            if (SLOW_MS >= 0) {
                slow(start, sql);
            }
        }
    }

    @Override
    public <R> int insertAll(BulkInsert insert, Collection<? extends R> rows, RowBinder<? super R> binder) {
        if (rows.size() < BUILD_INDEXES_AFTER || !DeferredIndexes.buildAfterLoad(platform, this, insert.table())) {
            return insertRows(insert, rows, binder);
        }
        // many rows into an empty table: its indexes are built after the rows, in the same transaction
        return withIndexesRebuilt(insert.table(), () -> insertRows(insert, rows, binder));
    }

    @Override
    public <T> T withIndexesRebuilt(String table, Supplier<T> work) {
        List<DeferredIndexes.Index> indexes = DeferredIndexes.droppableNow(platform, this, table);
        indexes.forEach(i -> DeferredIndexes.drop(this, i));
        T result = work.get();
        indexes.forEach(i -> script(i.sql()));
        return result;
    }

    private <R> int insertRows(BulkInsert insert, Collection<? extends R> rows, RowBinder<? super R> binder) {
        long start = SLOW_MS >= 0 ? System.nanoTime() : 0;
        try {
            if (insert.verb().equals("INSERT") && insert.suffix().isEmpty() && insert.source() == null) {
                try {
                    int copied = platform.copyIn(connection, insert, rows, binder);
                    if (copied >= 0) {
                        return copied;
                    }
                } catch (SQLException e) {
                    throw Errors.wrap("copy into " + insert.table() + " failed", e, StorageErrorCode.INTERNAL);
                }
            }
            return insertChunks(insert, rows, binder);
        } finally {
            if (SLOW_MS >= 0) {
                slow(start, "insert of " + rows.size() + " rows into " + insert.table());
            }
        }
    }

    private <R> int insertChunks(BulkInsert insert, Collection<? extends R> rows, RowBinder<? super R> binder) {
        int columns = insert.columns().size();
        int perStatement = Math.max(1, Math.min(MAX_ROWS_PER_INSERT, MAX_VARIABLES / columns));
        int changed = 0;
        Iterator<? extends R> it = rows.iterator();
        int remaining = rows.size();
        try {
            while (remaining > 0) {
                int n = Math.min(perStatement, remaining);
                PreparedStatement ps = prepare(insertSql(insert, n));
                try {
                    BoundValues values = new BoundValues(ps);
                    for (int i = 0; i < n; i++) {
                        binder.bind(it.next(), values);
                        values.expect((i + 1) * columns, insert);
                    }
                    changed += ps.executeUpdate();
                } catch (SQLException | RuntimeException e) {
                    discard(ps);
                    throw e;
                }
                remaining -= n;
            }
            return changed;
        } catch (SQLException e) {
            throw Errors.wrap("insert into " + insert.table() + " failed", e, StorageErrorCode.INTERNAL);
        } catch (BoundValues.Unchecked e) {
            throw Errors.wrap("insert into " + insert.table() + " failed", e.getCause(), StorageErrorCode.INTERNAL);
        }
    }

    private static String insertSql(BulkInsert insert, int rows) {
        StringBuilder one = new StringBuilder("(");
        for (int c = 0; c < insert.columns().size(); c++) {
            one.append(c == 0 ? "?" : ",?");
        }
        one.append(')');
        StringBuilder values = new StringBuilder(rows * one.length() + 8).append("VALUES ");
        for (int r = 0; r < rows; r++) {
            if (r > 0) {
                values.append(',');
            }
            values.append(one);
        }
        StringBuilder sb = new StringBuilder(insert.verb()).append(" INTO ").append(insert.table()).append('(')
                .append(String.join(",", insert.columns())).append(") ");
        sb.append(insert.source() == null ? values : insert.source().replace(BulkInsert.VALUES, values));
        if (!insert.suffix().isEmpty()) {
            sb.append(' ').append(insert.suffix());
        }
        return sb.toString();
    }

    @Override
    public <R> int executeEach(String sql, Collection<? extends R> rows, RowBinder<? super R> binder) {
        try {
            PreparedStatement ps = prepare(sql);
            int changed = 0;
            try {
                for (R row : rows) {
                    BoundValues values = new BoundValues(ps);
                    binder.bind(row, values);
                    changed += ps.executeUpdate();
                }
            } catch (SQLException | RuntimeException e) {
                discard(ps);
                throw e;
            }
            return changed;
        } catch (SQLException e) {
            throw Errors.wrap("update failed [" + abbreviate(sql) + "]", e, StorageErrorCode.INTERNAL);
        } catch (BoundValues.Unchecked e) {
            throw Errors.wrap("update failed [" + abbreviate(sql) + "]", e.getCause(), StorageErrorCode.INTERNAL);
        }
    }

    @Override
    public void script(String sql) {
        long start = SLOW_MS >= 0 ? System.nanoTime() : 0;
        try {
            platform.script(connection, sql);
        } catch (SQLException e) {
            throw Errors.wrap("script failed [" + abbreviate(sql) + "]", e, StorageErrorCode.INTERNAL);
        } finally {
            if (SLOW_MS >= 0) {
                slow(start, sql);
            }
        }
    }

    /** Closes every cached statement (before the connection closes). */
    public void closeStatements() {
        statements.clear();
    }

    /** Binds values at consecutive indexes of one statement. */
    private static final class BoundValues implements Values {
        private final PreparedStatement ps;
        private int index = 1;

        BoundValues(PreparedStatement ps) {
            this.ps = ps;
        }

        void expect(int bound, BulkInsert insert) {
            if (index - 1 != bound) {
                throw new IllegalStateException("binder for " + insert.table() + " wrote " + (index - 1)
                        + " values, expected " + bound + " (" + insert.columns().size() + " per row)");
            }
        }

        @Override
        public Values text(String value) {
            try {
                if (value == null) {
                    ps.setNull(index++, Types.NULL);
                } else {
                    ps.setString(index++, value);
                }
            } catch (SQLException e) {
                throw new Unchecked(e);
            }
            return this;
        }

        @Override
        public Values integer(long value) {
            try {
                ps.setLong(index++, value);
            } catch (SQLException e) {
                throw new Unchecked(e);
            }
            return this;
        }

        @Override
        public Values integer(Long value) {
            return value == null ? nul() : integer(value.longValue());
        }

        @Override
        public Values real(double value) {
            try {
                ps.setDouble(index++, value);
            } catch (SQLException e) {
                throw new Unchecked(e);
            }
            return this;
        }

        @Override
        public Values real(Double value) {
            return value == null ? nul() : real(value.doubleValue());
        }

        @Override
        public Values bool(boolean value) {
            return integer(value ? 1 : 0);
        }

        @Override
        public Values blob(byte[] value) {
            try {
                ps.setBytes(index++, value);
            } catch (SQLException e) {
                throw new Unchecked(e);
            }
            return this;
        }

        @Override
        public Values nul() {
            try {
                ps.setNull(index++, Types.NULL);
            } catch (SQLException e) {
                throw new Unchecked(e);
            }
            return this;
        }

        /** Carries a SQLException through the binder callback. */
        static final class Unchecked extends RuntimeException {
            private static final long serialVersionUID = 1L;

            Unchecked(SQLException cause) {
                super(cause);
            }

            @Override
            public synchronized SQLException getCause() {
                return (SQLException) super.getCause();
            }
        }
    }
}
