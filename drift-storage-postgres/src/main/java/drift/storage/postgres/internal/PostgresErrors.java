package drift.storage.postgres.internal;

import drift.storage.api.ErrorCode;
import drift.storage.api.StorageErrorCode;
import drift.storage.jdbc.Errors;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;


/**
 * What PostgreSQL's SQL states mean to drift: registered with {@link Errors} when the engine loads. Engine codes
 * are {@code SQLSTATE_} and the five-character state ({@code SQLSTATE_40001}).
 */
final class PostgresErrors implements Errors.Translator {
    static final PostgresErrors INSTANCE = new PostgresErrors();
    private static final String PREFIX = "SQLSTATE_";

    private PostgresErrors() {
    }

    static void register() {
        Errors.register(INSTANCE);
    }

    @Override
    public String engineCode(Throwable e) {
        return e instanceof PSQLException p && p.getSQLState() != null ? PREFIX + p.getSQLState() : null;
    }

    @Override
    public boolean owns(String engineCode) {
        return engineCode.startsWith(PREFIX);
    }

    @Override
    public ErrorCode classify(String code, ErrorCode fallback) {
        String state = code.substring(PREFIX.length());
        return switch (state) {
            // serialization failure, deadlock, lock not available
            case "40001", "40P01", "55P03" -> StorageErrorCode.BUSY;
            // read-only transaction, insufficient privilege
            case "25006", "42501" -> fallback == StorageErrorCode.QUERY_REJECTED ? fallback : StorageErrorCode.READ_ONLY;
            // disk full, out of memory, too many connections, I/O error, data corrupted
            case "53100", "53200", "53300", "58030", "XX001", "XX002" -> StorageErrorCode.IO;
            case "57014" -> StorageErrorCode.QUERY_TIMEOUT;
            default -> state.startsWith("08") || state.startsWith("28") || state.equals("3D000") || state.startsWith("57P")
                    ? StorageErrorCode.IO : fallback;
        };
    }

    /** A lost connection or a server going away ends the transaction; so does a full disk, to be safe. */
    @Override
    public boolean lost(String code) {
        String state = code.substring(PREFIX.length());
        return state.startsWith("08") || state.startsWith("57P") || state.equals("53100") || state.startsWith("XX");
    }

    /** The server's message without the driver's decoration, with the state; a full disk said in words. */
    @Override
    public String cleanMessage(Throwable e, String code) {
        PSQLException p = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PSQLException x) {
                p = x;
                break;
            }
        }
        String state = code == null ? null : code.substring(PREFIX.length());
        if ("53100".equals(state)) {
            return "disk full: the database server has no space left (" + code + ")";
        }
        if (p == null) {
            return String.valueOf(e.getMessage());
        }
        ServerErrorMessage server = p.getServerErrorMessage();
        String m = server != null && server.getMessage() != null ? server.getMessage() : String.valueOf(p.getMessage());
        if (server != null && server.getDetail() != null) {
            m += " (" + server.getDetail() + ")";
        }
        return m + " (" + code + ")";
    }

}
