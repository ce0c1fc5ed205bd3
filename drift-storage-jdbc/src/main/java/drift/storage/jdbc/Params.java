package drift.storage.jdbc;

import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/** Binds API parameter values onto statements; the only place that knows the allowed types. */
public final class Params {
    private Params() {
    }

    public static void bind(PreparedStatement ps, Object[] params) throws SQLException {
        bind(ps, params, ps.getParameterMetaData().getParameterCount());
    }

    /** Binds {@code params}, the statement having {@code expected} parameters (as its metadata says). */
    public static void bind(PreparedStatement ps, Object[] params, int expected) throws SQLException {
        // one value too many would fail inside the driver (ArrayIndexOutOfBoundsException); one too few would
        // bind NULL silently: both are mistakes, in a hand-written query as in a domain's statement
        if (params.length != expected) {
            throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, "the statement has " + expected
                    + " parameter(s) but " + params.length + " values were given");
        }
        for (int i = 0; i < params.length; i++) {
            bind(ps, i + 1, params[i]);
        }
    }

    public static void bind(PreparedStatement ps, int index, Object v) throws SQLException {
        if (v == null) {
            ps.setNull(index, Types.NULL);
        } else if (v instanceof String s) {
            ps.setString(index, s);
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            ps.setLong(index, ((Number) v).longValue());
        } else if (v instanceof Double || v instanceof Float) {
            ps.setDouble(index, ((Number) v).doubleValue());
        } else if (v instanceof Boolean b) {
            ps.setInt(index, b ? 1 : 0);
        } else if (v instanceof byte[] bytes) {
            ps.setBytes(index, bytes);
        } else if (v instanceof Enum<?> e) {
            ps.setString(index, e.name());
        } else if (v instanceof java.math.BigDecimal d) {
            ps.setDouble(index, d.doubleValue());
        } else if (v instanceof java.math.BigInteger bi) {
            ps.setLong(index, bi.longValueExact());
        } else {
            throw new StorageException(StorageErrorCode.INVALID_ARGUMENT,
                    "parameter " + index + " has unsupported type " + v.getClass().getName()
                            + " (use String, a number, Boolean, byte[], an enum or null)");
        }
    }
}
