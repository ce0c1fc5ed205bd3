package drift.storage.api;

/** The database holds a domain schema newer than the installed code knows; it is left untouched. */
public class SchemaTooNewException extends StorageException {
    private static final long serialVersionUID = 1L;

    private final String domain;
    private final int databaseVersion;
    private final int codeVersion;

    /** Creates the exception for one domain. */
    public SchemaTooNewException(String domain, int databaseVersion, int codeVersion) {
        super(StorageErrorCode.SCHEMA_TOO_NEW, "domain '" + domain + "' has schema version " + databaseVersion
                + " in the database but the installed code only knows up to " + codeVersion
                + ": upgrade drift; the database was not touched");
        this.domain = domain;
        this.databaseVersion = databaseVersion;
        this.codeVersion = codeVersion;
    }

    /** The domain whose schema is too new. */
    public String domain() {
        return domain;
    }

    /** The version recorded in the database. */
    public int databaseVersion() {
        return databaseVersion;
    }

    /** The newest version the installed domain knows. */
    public int codeVersion() {
        return codeVersion;
    }
}
