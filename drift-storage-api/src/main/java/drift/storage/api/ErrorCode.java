package drift.storage.api;

/**
 * A machine-readable failure kind. Open for extension: engines and domains may define their own codes
 * (an enum implementing this interface), and tools map them to exit codes through {@link #exitCode()}.
 */
public interface ErrorCode {
    /** A stable identifier, e.g. {@code SCHEMA_TOO_NEW}. */
    String name();

    /** The process exit code a command-line tool should use for this failure. */
    int exitCode();
}
