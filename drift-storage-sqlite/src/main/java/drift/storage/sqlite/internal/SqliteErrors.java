package drift.storage.sqlite.internal;

import drift.storage.api.ErrorCode;
import drift.storage.api.StorageErrorCode;
import drift.storage.jdbc.Errors;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** What SQLite's result codes mean to drift: registered with {@link Errors} when the engine loads. */
final class SqliteErrors implements Errors.Translator {
    static final SqliteErrors INSTANCE = new SqliteErrors();

    private SqliteErrors() {
    }

    static void register() {
        Errors.register(INSTANCE);
    }

    @Override
    public String engineCode(Throwable e) {
        return e instanceof SQLiteException se ? se.getResultCode().name() : null;
    }

    @Override
    public boolean owns(String engineCode) {
        return engineCode.startsWith("SQLITE_");
    }

    /** The error code for a SQLite result code, {@code fallback} when it says nothing specific. */
    static ErrorCode classify(SQLiteErrorCode code, ErrorCode fallback) {
        return code == null ? fallback : INSTANCE.classify(code.name(), fallback);
    }

    @Override
    public ErrorCode classify(String name, ErrorCode fallback) {
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

    /** Disk full, an I/O error, a corrupt page, an interrupt: SQLite may have rolled back the whole transaction. */
    @Override
    public boolean lost(String n) {
        return n.startsWith("SQLITE_FULL") || n.startsWith("SQLITE_IOERR") || n.startsWith("SQLITE_CORRUPT")
                || n.startsWith("SQLITE_INTERRUPT");
    }

    /**
     * sqlite-jdbc messages look like "[SQLITE_ERROR] SQL error or missing database (no such table: x)": the detail
     * and the code's name. A full disk and a failed write say so in words; a bare "result code 13" gets its name.
     */
    @Override
    public String cleanMessage(Throwable e, String name) {
        String m = String.valueOf(e.getMessage());
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException) {
                m = String.valueOf(t.getMessage());
                break;
            }
        }
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
