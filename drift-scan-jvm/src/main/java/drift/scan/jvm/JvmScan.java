package drift.scan.jvm;

import drift.scan.jvm.internal.JvmScanner;
import drift.storage.api.DatabaseManager;
import drift.storage.api.ScanInfo;
import drift.storage.api.ScanRequest;
import drift.storage.api.ScanSession;
import drift.storage.api.spi.Scanner;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The bytecode scanner as a library: scans jars, wars and ears, class folders, Maven and Gradle builds (the main classes of each module)
 * and {@code jrt:/} (a JDK runtime image, or {@code jrt:/java.base}) into the call graph and contracts, as one scan.
 *
 * <pre>{@code
 * ScanInfo scan = JvmScan.scan(db, ScanRequest.snapshot("/src/app"), List.of("target/classes", "lib/dep.jar"),
 *         JvmScan.Dispatch.CHA).scan();
 * }</pre>
 */
public final class JvmScan {
    /**
     * Which overrides a virtual call reaches. {@link #CHA} is the default: every concrete subtype in the scan
     * could be the receiver (sound for the scanned code, including types a framework or a library's user
     * creates); {@link #RTA} keeps only the types the scanned code instantiates (tighter, but it misses
     * receivers made by reflection, dependency injection or callers outside the scan).
     */
    public enum Dispatch {
        /** Class-hierarchy analysis. */
        CHA,
        /** Rapid type analysis. */
        RTA
    }

    /**
     * A finished scan.
     *
     * @param scan the scan as recorded
     * @param summary what the scanner did: classes, methods, edges by kind, files written and unchanged...
     */
    public record Result(ScanInfo scan, Map<String, Object> summary) {
    }

    private JvmScan() {
    }

    /**
     * Scans {@code inputs} and commits; the request's domains default to the scanner's (call graph, contracts). Inputs
     * without any class file are refused: see {@link #scan(DatabaseManager, ScanRequest, List, Dispatch, boolean)}.
     */
    public static Result scan(DatabaseManager db, ScanRequest request, List<String> inputs, Dispatch dispatch) {
        return scan(db, request, inputs, dispatch, false);
    }

    /**
     * {@link #scan(DatabaseManager, ScanRequest, List, Dispatch)}, where {@code allowEmpty} stores a snapshot or replace
     * that finds no class file (which removes every file the store holds); without it such a scan is refused with
     * {@link drift.storage.api.StorageErrorCode#NOT_FOUND} and stores nothing: an unbuilt project or a wrong path.
     */
    public static Result scan(DatabaseManager db, ScanRequest request, List<String> inputs, Dispatch dispatch, boolean allowEmpty) {
        return scan(db, request, inputs, new Options(dispatch, allowEmpty, false));
    }

    /** Scans {@code inputs} with {@code options} and commits; the request's domains default to the scanner's. */
    public static Result scan(DatabaseManager db, ScanRequest request, List<String> inputs, Options options) {
        Scanner scanner = new JvmScanner();
        ScanRequest r = request.domains().isEmpty() ? request.withDomains(scanner.domains()) : request;
        try (ScanSession session = db.beginScan(r)) {
            Map<String, Object> summary = Scanner.run(scanner, new Scanner.Job(inputs, session, db,
                    Map.of("dispatch", options.dispatch().name().toLowerCase(Locale.ROOT), JvmScanner.ALLOW_EMPTY,
                            Boolean.toString(options.allowEmpty()), JvmScanner.NESTED, Boolean.toString(options.nestedArchives())), null));
            return new Result(session.commit(), summary);
        }
    }

    /**
     * How to scan.
     *
     * @param dispatch which overrides a virtual call reaches
     * @param allowEmpty store a snapshot or replace that finds no class file (refused otherwise: it would remove
     *                   every file the store holds)
     * @param nestedArchives also read the archives inside the jars, wars and ears given (a packaged application's
     *                       libraries: {@code BOOT-INF/lib}, {@code WEB-INF/lib}, an ear's modules); without it they
     *                       are counted, and the summary's {@link Scanner#NOTES} say so
     */
    public record Options(Dispatch dispatch, boolean allowEmpty, boolean nestedArchives) {
        /** Validates. */
        public Options {
            java.util.Objects.requireNonNull(dispatch, "dispatch");
        }

        /** CHA, an empty scan refused, nested archives not read. */
        public static Options defaults() {
            return new Options(Dispatch.CHA, false, false);
        }

        /** These options with {@code dispatch}. */
        public Options withDispatch(Dispatch dispatch) {
            return new Options(dispatch, allowEmpty, nestedArchives);
        }

        /** These options, storing a scan that finds no class file. */
        public Options allowingEmpty() {
            return new Options(dispatch, true, nestedArchives);
        }

        /** These options, reading nested archives too. */
        public Options readingNestedArchives() {
            return new Options(dispatch, allowEmpty, true);
        }
    }
}
