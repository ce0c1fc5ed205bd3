package drift.storage.postgres.internal;

import drift.storage.api.BulkInsert;
import drift.storage.api.RowBinder;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;
import drift.storage.api.Values;
import org.postgresql.PGConnection;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;

/**
 * Plain inserts of many rows as one {@code COPY … FROM STDIN} in text format: the server parses one stream instead
 * of planning a statement per thousand rows, and the driver sends no bind messages. Values are written exactly as
 * the binder gives them, escaped for the text format.
 */
final class CopyIn {
    /** From this many rows a plain insert goes through COPY. */
    static final int FROM_ROWS = 256;
    private static final int FLUSH_BYTES = 1 << 20;

    private CopyIn() {
    }

    static <R> int copy(Connection c, BulkInsert insert, Collection<? extends R> rows, RowBinder<? super R> binder) throws SQLException {
        if (rows.size() < FROM_ROWS) {
            return -1;
        }
        String sql = "COPY " + insert.table() + " (" + String.join(", ", insert.columns()) + ") FROM STDIN";
        org.postgresql.copy.CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        Line line = new Line(insert);
        try {
            for (R row : rows) {
                line.start();
                binder.bind(row, line);
                line.end();
                if (line.buffer.length() >= FLUSH_BYTES) {
                    line.flushTo(in);
                }
            }
            line.flushTo(in);
            return (int) in.endCopy();
        } catch (SQLException | RuntimeException e) {
            if (in.isActive()) {
                try {
                    in.cancelCopy();
                } catch (SQLException ignored) {
                    // the copy is failing already; its error is the one to report
                }
            }
            throw e;
        }
    }

    /** One row of the text format: tab-separated values, {@code \N} for NULL, a newline at the end. */
    private static final class Line implements Values {
        private final BulkInsert insert;
        private final StringBuilder buffer = new StringBuilder(1 << 16);
        private int column;

        Line(BulkInsert insert) {
            this.insert = insert;
        }

        void start() {
            column = 0;
        }

        void end() {
            if (column != insert.columns().size()) {
                throw new StorageException(StorageErrorCode.INTERNAL, "insert into " + insert.table() + ": a row bound " + column
                        + " values for " + insert.columns().size() + " columns " + insert.columns());
            }
            buffer.append('\n');
        }

        void flushTo(org.postgresql.copy.CopyIn in) throws SQLException {
            if (buffer.length() > 0) {
                byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
                in.writeToCopy(bytes, 0, bytes.length);
                buffer.setLength(0);
            }
        }

        private StringBuilder next() {
            if (column++ > 0) {
                buffer.append('\t');
            }
            return buffer;
        }

        @Override
        public Values text(String value) {
            if (value == null) {
                return nul();
            }
            StringBuilder b = next();
            for (int i = 0; i < value.length(); i++) {
                char ch = value.charAt(i);
                switch (ch) {
                    case '\\' -> b.append("\\\\");
                    case '\t' -> b.append("\\t");
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    default -> b.append(ch);
                }
            }
            return this;
        }

        @Override
        public Values integer(long value) {
            next().append(value);
            return this;
        }

        @Override
        public Values integer(Long value) {
            return value == null ? nul() : integer(value.longValue());
        }

        @Override
        public Values real(double value) {
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                next().append(Double.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
            } else {
                next().append(value);
            }
            return this;
        }

        @Override
        public Values real(Double value) {
            return value == null ? nul() : real(value.doubleValue());
        }

        @Override
        public Values bool(boolean value) {
            next().append(value ? '1' : '0');
            return this;
        }

        @Override
        public Values blob(byte[] value) {
            if (value == null) {
                return nul();
            }
            StringBuilder b = next().append("\\\\x");
            for (byte x : value) {
                b.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
            }
            return this;
        }

        @Override
        public Values nul() {
            next().append("\\N");
            return this;
        }
    }
}
