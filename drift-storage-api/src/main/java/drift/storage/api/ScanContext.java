package drift.storage.api;

/**
 * The scan a write belongs to, as batch handlers and end-of-scan steps see it ({@link SqlWriter#scan()}).
 */
public interface ScanContext {
    /** The scan's id: what a domain stores in a column declared with {@code TableScope.scan}. */
    long id();

    /** The scan's mode. */
    ScanMode mode();

    /**
     * Whether every file-scoped table of {@code domain} was empty when the scan began (a first load, or a
     * {@link ScanMode#REPLACE}): all of the domain's rows are then this scan's, and end-of-scan work can be
     * done for the whole domain at once instead of for what changed.
     */
    boolean fresh(String domain);

    /**
     * Whether the scan replaces what is stored of file {@code path}: it declared the file as added or changed (so
     * the rows it writes for it are all the file has), or removed it. A handler may then update a stored row of
     * that file in place rather than refuse it as a duplicate ({@code TableScope.kept}).
     */
    boolean replaces(String path);
}
