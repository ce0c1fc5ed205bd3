package drift.storage.api;

/**
 * How many files a scan added, changed, removed and left unchanged.
 *
 * @param added declared files the store held nothing of
 * @param changed declared files whose rows were replaced
 * @param removed files whose rows the scan removed (vanished from a snapshot, or removed explicitly)
 * @param unchanged declared files whose rows stayed untouched
 */
public record ScanFiles(long added, long changed, long removed, long unchanged) {
    /** No files. */
    public static final ScanFiles NONE = new ScanFiles(0, 0, 0, 0);

    /** Validates the counts. */
    public ScanFiles {
        if (added < 0 || changed < 0 || removed < 0 || unchanged < 0) {
            throw new IllegalArgumentException("file counts must be >= 0");
        }
    }

    /** Files the scan declared (added, changed or unchanged). */
    public long declared() {
        return added + changed + unchanged;
    }
}
