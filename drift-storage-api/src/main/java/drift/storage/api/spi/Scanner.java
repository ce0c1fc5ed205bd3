package drift.storage.api.spi;

import drift.storage.api.DatabaseManager;
import drift.storage.api.ScanSession;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A producer of scan data that reads code itself (a bytecode indexer, a parser), found by
 * {@link java.util.ServiceLoader} like domains: {@code drift scan PATH...} runs the scanners that accept the
 * paths inside one scan, so a scanner for another language is a jar dropped into {@code mods/}. A scanner
 * writes only through the scan session and the domains' public row types and facades.
 */
public interface Scanner {
    /**
     * The key of a summary's remarks for the person who ran the scan ({@code List<String>}, one line each): what the
     * scanner passed over and how to have it read. The CLI shows them on stderr.
     */
    String NOTES = "notes";

    /** A stable id, a lower-case identifier (e.g. {@code jvm}). */
    String id();

    /** One line saying what it reads. */
    default String description() {
        return id();
    }

    /** Whether it reads {@code input}: a path (a jar, a folder) or a URI such as {@code jrt:/}. */
    boolean accepts(String input);

    /** The domains its rows go to (the scan covers these, and only these). */
    Set<String> domains();

    /**
     * Scans {@code job}'s inputs into its session: declares each file (with its content hash, so an unchanged
     * file is not written), writes the rows of the others. The caller commits.
     *
     * @return what it did, by name (classes read, edges written...), for the scan's summary
     */
    Map<String, Object> scan(Job job);

    /**
     * Runs {@code scanner} on {@code job} as a caller should: when the scanner throws (bad input, a failed
     * batch), the scan is rolled back and recorded as failed with the error, and the exception is rethrown;
     * a cancelled scan (Ctrl-C) stays recorded as abandoned.
     */
    static Map<String, Object> run(Scanner scanner, Job job) {
        try {
            return scanner.scan(job);
        } catch (RuntimeException e) {
            if (!(e instanceof StorageException se && se.code() == StorageErrorCode.CANCELLED)
                    && !job.session().abandoned()) {
                job.session().fail(scanner.id() + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            }
            throw e;
        }
    }

    /**
     * One run of a scanner.
     *
     * @param inputs the inputs this scanner accepted, in the order given
     * @param session the scan to write into, begun for at least {@link #domains()}
     * @param db the database, for reading what the store held before the scan (readers see it until the commit)
     * @param options scanner options as given ({@code dispatch=rta}, say), unknown ones an error
     * @param progress where to report progress
     */
    record Job(List<String> inputs, ScanSession session, DatabaseManager db, Map<String, String> options, Progress progress) {
        /** Validates and copies. */
        public Job {
            inputs = List.copyOf(inputs);
            Objects.requireNonNull(session, "session");
            Objects.requireNonNull(db, "db");
            options = Map.copyOf(options == null ? Map.of() : options);
            progress = progress == null ? Progress.NONE : progress;
        }
    }

    /** Progress of a scan, for a progress bar. */
    @FunctionalInterface
    interface Progress {
        /** {@code done} of {@code total} items of {@code phase} (total -1 when unknown). */
        void update(String phase, long done, long total);

        /** No progress reporting. */
        Progress NONE = (p, d, t) -> { };
    }
}
