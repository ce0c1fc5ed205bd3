package drift.storage.api;

import java.util.Objects;
import java.util.Optional;

/**
 * The root of every storage failure. Unchecked; carries an {@link ErrorCode} and, where SQLite reported
 * one, its result code name (e.g. {@code SQLITE_CONSTRAINT_UNIQUE}).
 */
public class StorageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String engineCode;

    /** A failure with a code and message. */
    public StorageException(ErrorCode code, String message) {
        this(code, message, null, null);
    }

    /** A failure with a code, message and cause. */
    public StorageException(ErrorCode code, String message, Throwable cause) {
        this(code, message, null, cause);
    }

    /**
     * A failure with everything.
     *
     * @param engineCode the engine's own result code name, or {@code null}
     */
    public StorageException(ErrorCode code, String message, String engineCode, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
        this.engineCode = engineCode;
    }

    /** What kind of failure this is. */
    public ErrorCode code() {
        return code;
    }

    /** The engine's own result code name (SQLite's), when the engine reported one. */
    public Optional<String> engineCode() {
        return Optional.ofNullable(engineCode);
    }
}
