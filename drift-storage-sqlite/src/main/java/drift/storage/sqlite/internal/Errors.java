package drift.storage.sqlite.internal;

import drift.storage.api.ErrorCode;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.sql.SQLException;

/** Turns JDBC failures into {@link StorageException}s, keeping SQLite's own result code. */
final class Errors {
    private Errors() {
    }

    /** SQLite's result code of {@code e}, or null. */
    static SQLiteErrorCode sqliteCode(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException se) {
                return se.getResultCode();
            }
        }
        return null;
    }

    /** The error code for a SQLite result code, {@code fallback} when it says nothing specific. */
    static ErrorCode classify(SQLiteErrorCode code, ErrorCode fallback) {
        if (code == null) {
            return fallback;
        }
        String name = code.name();
        if (name.startsWith("SQLITE_BUSY") || name.startsWith("SQLITE_LOCKED")) {
            return StorageErrorCode.BUSY;
        }
        if (name.startsWith("SQLITE_READONLY") || name.startsWith("SQLITE_CANTOPEN") || name.startsWith("SQLITE_PERM")) {
            return StorageErrorCode.READ_ONLY;
        }
        if (name.startsWith("SQLITE_FULL") || name.startsWith("SQLITE_IOERR") || name.startsWith("SQLITE_CORRUPT")) {
            return StorageErrorCode.IO;
        }
        if (name.startsWith("SQLITE_NOTADB")) {
            return StorageErrorCode.NOT_A_DRIFT_DATABASE;
        }
        if (name.startsWith("SQLITE_INTERRUPT")) {
            return StorageErrorCode.QUERY_TIMEOUT;
        }
        return fallback;
    }

    /**
     * Whether {@code e} (or a cause) is a failure after which SQLite may have rolled back the whole
     * transaction on its own: disk full, an I/O error, a corrupt page, an interrupt.
     */
    static boolean lost(Throwable e) {
        SQLiteErrorCode code = sqliteCode(e);
        if (code == null) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof StorageException se && se.engineCode().isPresent()) {
                    String n = se.engineCode().get();
                    return n.startsWith("SQLITE_FULL") || n.startsWith("SQLITE_IOERR") || n.startsWith("SQLITE_CORRUPT")
                            || n.startsWith("SQLITE_INTERRUPT");
                }
            }
            return false;
        }
        String n = code.name();
        return n.startsWith("SQLITE_FULL") || n.startsWith("SQLITE_IOERR") || n.startsWith("SQLITE_CORRUPT")
                || n.startsWith("SQLITE_INTERRUPT");
    }

    /** Wraps {@code e}; the message starts with {@code what} (e.g. "query failed"). */
    static StorageException wrap(String what, SQLException e, ErrorCode fallback) {
        SQLiteErrorCode code = sqliteCode(e);
        return new StorageException(classify(code, fallback), what + ": " + cleanMessage(e), code == null ? null : code.name(), e);
    }

    /**
     * sqlite-jdbc messages look like "[SQLITE_ERROR] SQL error or missing database (no such table: x)": the detail
     * and the code's name. A full disk and a failed write say so in words; a bare "result code 13" gets its name.
     */
    static String cleanMessage(Throwable e) {
        String m = String.valueOf(e.getMessage());
        SQLiteErrorCode code = sqliteCode(e);
        String name = code == null ? null : code.name();
        if (name != null && name.startsWith("SQLITE_FULL")) {
            return "disk full: there is no space left for the database (" + name + ")";
        }
        if (name != null && (name.equals("SQLITE_IOERR_WRITE") || name.equals("SQLITE_IOERR_FSYNC") || name.equals("SQLITE_IOERR_TRUNCATE"))) {
            return "a write to the disk failed (" + name + "): the disk may be full, failing or read-only, or the file over the "
                    + "process's size limit";
        }
        int open = m.indexOf('(');
        if (m.startsWith("[SQLITE_") && open > 0 && m.endsWith(")")) {
            String bracket = m.substring(1, m.indexOf(']'));
            return m.substring(open + 1, m.length() - 1) + " (" + bracket + ")";
        }
        java.util.regex.Matcher rc = RESULT_CODE.matcher(m);
        if (rc.find()) {
            SQLiteErrorCode named = SQLiteErrorCode.getErrorCode(Integer.parseInt(rc.group(1)));
            if (named != SQLiteErrorCode.UNKNOWN_ERROR) {
                return rc.replaceFirst(named.name() + " (" + named.message + ")");
            }
        }
        return m;
    }

    private static final java.util.regex.Pattern RESULT_CODE = java.util.regex.Pattern.compile("result code (\\d+)");
}
