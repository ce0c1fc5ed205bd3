package drift.storage.api;

/** What a scan covers, and so what it leaves of the scan before it ({@link ScanRequest#mode()}). */
public enum ScanMode {
    /**
     * The scan brings some files: each file it declares replaces what the store held for that file, in every
     * covered domain; files it does not mention stay as they are. Running the same merge twice gives the
     * same store.
     */
    MERGE,
    /**
     * The scan is the whole codebase: declared files whose content hash is unchanged keep their rows
     * untouched (nothing is written for them), changed and new files are written, and files the scan does
     * not declare are removed. The result equals a {@link #REPLACE} of the same data.
     */
    SNAPSHOT,
    /**
     * The scan is the whole codebase and nothing is reused: every covered domain is emptied (in the scan's
     * transaction) and written again. The fastest way to load a store from scratch.
     */
    REPLACE
}
