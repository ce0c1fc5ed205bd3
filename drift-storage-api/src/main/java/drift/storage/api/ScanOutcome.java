package drift.storage.api;

/** How a scan ended. Only a {@link #COMMITTED} scan changed the store. */
public enum ScanOutcome {
    /** Its rows are stored, all at once. */
    COMMITTED,
    /** It failed (bad data in stop mode, disk full, an I/O error...) and was rolled back: nothing of it is stored. */
    FAILED,
    /** It was abandoned (Ctrl-C, {@link ScanSession#abandon()}, closed without commit) and rolled back. */
    ABANDONED
}
