package drift.storage.api;

/**
 * The outcome of a WAL checkpoint.
 *
 * @param busy whether the checkpoint could not complete because of readers or writers
 * @param walPages pages in the WAL
 * @param checkpointedPages pages copied back into the database
 */
public record CheckpointResult(boolean busy, long walPages, long checkpointedPages) {
}
