package drift.domain.callgraph;

import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;

/**
 * Options of a reachability question.
 *
 * @param maxDepth how many calls deep to follow, 0 to 1000
 * @param table only access to this table, or null
 * @param sensitiveOnly only access touching a sensitive field
 */
public record ReachOptions(int maxDepth, String table, boolean sensitiveOnly) {
    /** Depth 100, every table, every field. */
    public static final ReachOptions DEFAULT = new ReachOptions(100, null, false);

    /** Validates the depth. */
    public ReachOptions {
        if (maxDepth < 0 || maxDepth > 1000) {
            throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, "max depth must be between 0 and 1000, was " + maxDepth);
        }
    }
}
