package drift.storage.api;

/** A domain migration failed; it was rolled back and the database left as it was. */
public class MigrationException extends StorageException {
    private static final long serialVersionUID = 1L;

    private final String domain;
    private final int version;

    /** Creates the exception for one migration of one domain. */
    public MigrationException(String domain, int version, String message, Throwable cause) {
        super(StorageErrorCode.MIGRATION_FAILED, (version < 0 ? "the schema of domain '" + domain + "' cannot be migrated: "
                : "migration " + version + " of domain '" + domain + "' failed: ") + message, cause);
        this.domain = domain;
        this.version = version;
    }

    /** The domain whose migration failed. */
    public String domain() {
        return domain;
    }

    /** The failing migration's version, or -1 when unknown. */
    public int version() {
        return version;
    }
}
