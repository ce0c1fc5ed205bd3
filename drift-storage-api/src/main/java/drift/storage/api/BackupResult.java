package drift.storage.api;

import java.nio.file.Path;

/**
 * The outcome of a hot backup.
 *
 * @param destination the new file
 * @param bytes its size
 * @param millis how long it took
 */
public record BackupResult(Path destination, long bytes, long millis) {
}
