package drift.storage.jdbc;

import drift.storage.api.ErrorCode;
import drift.storage.api.StorageException;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Turns JDBC failures into {@link StorageException}s. Each engine registers a {@link Translator} that knows its
 * driver's exceptions (SQLite's result codes, PostgreSQL's SQL states); several engines may be loaded at once,
 * and each translates only what its own driver threw.
 */
public final class Errors {
    private static final List<Translator> TRANSLATORS = new CopyOnWriteArrayList<>();

    private Errors() {
    }

    /** What an engine knows about its driver's failures. */
    public interface Translator {
        /** The engine's own code for {@code e} (e.g. {@code SQLITE_FULL}, a SQL state), or null when it is not the engine's. */
        String engineCode(Throwable e);

        /** Whether {@code engineCode} is one of this engine's codes (kept in a {@link StorageException}). */
        boolean owns(String engineCode);

        /** The error code for an engine code, {@code fallback} when it says nothing specific. */
        ErrorCode classify(String engineCode, ErrorCode fallback);

        /** Whether the engine may have rolled back the whole transaction on its own after this failure. */
        boolean lost(String engineCode);

        /** The driver's message in words a user can act on. */
        String cleanMessage(Throwable e, String engineCode);
    }

    /** Registers an engine's translator (once per engine class; repeated calls are ignored). */
    public static void register(Translator t) {
        if (TRANSLATORS.stream().noneMatch(x -> x.getClass() == t.getClass())) {
            TRANSLATORS.add(t);
        }
    }

    private record Found(Translator translator, String code) {
    }

    private static Found find(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            for (Translator tr : TRANSLATORS) {
                String code = tr.engineCode(t);
                if (code != null) {
                    return new Found(tr, code);
                }
            }
            if (t instanceof StorageException se && se.engineCode().isPresent()) {
                for (Translator tr : TRANSLATORS) {
                    if (tr.owns(se.engineCode().get())) {
                        return new Found(tr, se.engineCode().get());
                    }
                }
            }
        }
        return null;
    }

    /** The engine's code of {@code e} (or a cause), or null. */
    public static String engineCode(Throwable e) {
        Found f = find(e);
        return f == null ? null : f.code();
    }

    /**
     * Whether {@code e} (or a cause) is a failure after which the engine may have rolled back the whole
     * transaction on its own: disk full, an I/O error, a corrupt page, an interrupt.
     */
    public static boolean lost(Throwable e) {
        Found f = find(e);
        return f != null && f.translator().lost(f.code());
    }

    /** Wraps {@code e}; the message starts with {@code what} (e.g. "query failed"). */
    public static StorageException wrap(String what, SQLException e, ErrorCode fallback) {
        Found f = find(e);
        if (f == null) {
            return new StorageException(fallback, what + ": " + e.getMessage(), null, e);
        }
        ErrorCode code = f.translator().classify(f.code(), fallback);
        return new StorageException(code == null ? fallback : code, what + ": " + f.translator().cleanMessage(e, f.code()), f.code(), e);
    }

    /** The message of {@code e} in the engine's words. */
    public static String cleanMessage(Throwable e) {
        Found f = find(e);
        return f == null ? String.valueOf(e.getMessage()) : f.translator().cleanMessage(e, f.code());
    }
}
