package drift.storage.api;

/** The database holds a domain schema newer than the installed code knows; it is left untouched. */
public class SchemaTooNewException extends StorageException {
    private static final long serialVersionUID = 1L;

    private final String domain;
    private final int databaseVersion;
    private final int codeVersion;

    private final String module;

    /** Creates the exception for one domain. */
    public SchemaTooNewException(String domain, int databaseVersion, int codeVersion) {
        this(domain, null, databaseVersion, codeVersion);
    }

    /** Creates the exception for one domain of {@code module} (null: not known). */
    public SchemaTooNewException(String domain, String module, int databaseVersion, int codeVersion) {
        super(StorageErrorCode.SCHEMA_TOO_NEW, "domain '" + domain + "'" + (module == null ? "" : " (module " + module + ")")
                + " has schema version " + databaseVersion + " in the database, but the installed " + (module == null ? "code"
                : module) + " knows versions up to " + codeVersion + ": install a newer " + (module == null ? "drift" : module)
                + " (a newer drift wrote this database); the database was not touched");
        this.module = module;
        this.domain = domain;
        this.databaseVersion = databaseVersion;
        this.codeVersion = codeVersion;
    }

    /** The domain whose schema is too new. */
    public String domain() {
        return domain;
    }

    /** The module of the installed domain, if known. */
    public java.util.Optional<String> module() {
        return java.util.Optional.ofNullable(module);
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
