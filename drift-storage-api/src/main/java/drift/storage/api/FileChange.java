package drift.storage.api;

/** What a scan found for one file, against what the store holds ({@link ScanSession#file}). */
public enum FileChange {
    /** The store holds nothing of this file: write its rows. */
    ADDED,
    /** Its content changed (or no hash says otherwise): its old rows are removed; write its rows. */
    CHANGED,
    /** Its content hash equals the stored one in every covered domain: its rows stay; write nothing for it. */
    UNCHANGED;

    /** Whether the scan must write this file's rows. */
    public boolean mustWrite() {
        return this != UNCHANGED;
    }
}
