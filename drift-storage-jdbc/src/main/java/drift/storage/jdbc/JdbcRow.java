package drift.storage.jdbc;

import drift.storage.api.Row;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;

/** A {@link Row} view of the current row of a {@link ResultSet}. */
public final class JdbcRow implements Row {
    private final ResultSet rs;
    private ResultSetMetaData meta;

    public JdbcRow(ResultSet rs) {
        this.rs = rs;
    }

    private StorageException fail(String what, SQLException e) {
        return Errors.wrap("cannot read " + what, e, StorageErrorCode.INVALID_ARGUMENT);
    }

    private ResultSetMetaData meta() throws SQLException {
        if (meta == null) {
            meta = rs.getMetaData();
        }
        return meta;
    }

    @Override
    public int columnCount() {
        try {
            return meta().getColumnCount();
        } catch (SQLException e) {
            throw fail("column count", e);
        }
    }

    @Override
    public String columnName(int index) {
        try {
            return meta().getColumnLabel(index);
        } catch (SQLException e) {
            throw fail("column " + index, e);
        }
    }

    @Override
    public String getString(String column) {
        try {
            return rs.getString(column);
        } catch (SQLException e) {
            throw fail("column '" + column + "'", e);
        }
    }

    @Override
    public String getString(int index) {
        try {
            return rs.getString(index);
        } catch (SQLException e) {
            throw fail("column " + index, e);
        }
    }

    @Override
    public long getLong(String column) {
        try {
            return rs.getLong(column);
        } catch (SQLException e) {
            throw fail("column '" + column + "'", e);
        }
    }

    @Override
    public long getLong(int index) {
        try {
            return rs.getLong(index);
        } catch (SQLException e) {
            throw fail("column " + index, e);
        }
    }

    @Override
    public Long getLongOrNull(String column) {
        try {
            long v = rs.getLong(column);
            return rs.wasNull() ? null : v;
        } catch (SQLException e) {
            throw fail("column '" + column + "'", e);
        }
    }

    @Override
    public double getDouble(String column) {
        try {
            return rs.getDouble(column);
        } catch (SQLException e) {
            throw fail("column '" + column + "'", e);
        }
    }

    @Override
    public double getDouble(int index) {
        try {
            return rs.getDouble(index);
        } catch (SQLException e) {
            throw fail("column " + index, e);
        }
    }

    @Override
    public Double getDoubleOrNull(String column) {
        try {
            double v = rs.getDouble(column);
            return rs.wasNull() ? null : v;
        } catch (SQLException e) {
            throw fail("column '" + column + "'", e);
        }
    }

    @Override
    public boolean getBoolean(String column) {
        return getLong(column) != 0;
    }

    @Override
    public byte[] getBytes(String column) {
        try {
            return rs.getBytes(column);
        } catch (SQLException e) {
            throw fail("column '" + column + "'", e);
        }
    }

    @Override
    public Object getObject(int index) {
        try {
            // the storage class of this value (SQLite is dynamically typed per value)
            int type = meta().getColumnType(index);
            Object v = rs.getObject(index);
            if (v == null) {
                return null;
            }
            if (v instanceof Integer i) {
                return i.longValue();
            }
            if (v instanceof Float f) {
                return f.doubleValue();
            }
            if (type == Types.BLOB && !(v instanceof byte[])) {
                return rs.getBytes(index);
            }
            return v;
        } catch (SQLException e) {
            throw fail("column " + index, e);
        }
    }

    @Override
    public Object getObject(String column) {
        try {
            return getObject(rs.findColumn(column));
        } catch (SQLException e) {
            throw fail("column '" + column + "'", e);
        }
    }
}
