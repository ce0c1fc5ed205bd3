package drift.storage.jdbc;

import drift.storage.api.BatchFailedException;
import drift.storage.api.FileChange;
import drift.storage.api.ScanContext;
import drift.storage.api.ScanMode;
import drift.storage.api.ScanRequest;
import drift.storage.api.SourceFile;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One scan, shared by its session (the producer's side) and the writer thread. The writer fills in what it
 * learns when the scan begins (id, fresh domains, the stored manifest); the session then only reads those.
 */
final class ScanState implements ScanContext {
    final ScanRequest request;
    /** The domains the scan covers, sorted. */
    final List<String> domains;
    final Instant startedAt = Instant.now();

    // set by the writer when the scan begins
    long id;
    final Set<String> freshDomains = new LinkedHashSet<>();
    /**
     * The stored manifest of the covered domains: path to its hash when every covered domain holds the file at
     * that one hash, else the empty string (held by some domains only, or at several hashes, or with none).
     */
    final Map<String, String> manifest = new HashMap<>();
    /** The stored files of {@link #manifest} with one hash, as declared (with their interface hash, if one). */
    final Map<String, SourceFile> storedFiles = new HashMap<>();
    /** Index definitions dropped at the begin (fresh tables), built again before the commit. */
    final List<String> deferredIndexes = new ArrayList<>();

    /** Whether the scan writes every file again ({@link drift.storage.api.ScanSession#rewriteAll}): none is unchanged. */
    volatile boolean rewritingAll;

    // the producer's side, read by the writer at the end (after the End message, which orders them)
    final Map<String, Declared> declared = new LinkedHashMap<>();
    final Set<String> removed = new LinkedHashSet<>();
    /** The files whose rows the scan replaces (declared added or changed, or removed), as the writer removed them. Writer thread only. */
    final Set<String> replacing = new java.util.HashSet<>();
    /** Of {@link #replacing}, the files whose rows the scan did not keep are still to be removed (domains that keep rows). Writer thread only. */
    final Set<String> unswept = new LinkedHashSet<>();

    // the writer's side
    final Map<String, Long> rows = new HashMap<>();
    long vanished;

    final Queue<BatchFailedException> failures = new ConcurrentLinkedQueue<>();
    /** What the producer recorded with the scan ({@link drift.storage.api.ScanSession#attribute}). */
    final Map<String, String> attributes = new java.util.concurrent.ConcurrentHashMap<>();
    volatile boolean abandonRequested;
    volatile RuntimeException dead;
    volatile boolean ended;
    volatile boolean committed;

    /** A declared file and what the scan found for it. */
    record Declared(SourceFile file, FileChange change) {
    }

    ScanState(ScanRequest request, List<String> domains) {
        this.request = request;
        this.domains = List.copyOf(domains);
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public ScanMode mode() {
        return request.mode();
    }

    @Override
    public boolean fresh(String domain) {
        return freshDomains.contains(domain);
    }

    @Override
    public boolean replaces(String path) {
        return replacing.contains(path);
    }

    /** The covered domains whose rows must be removed file by file (those not fresh). */
    List<String> replacedDomains() {
        return domains.stream().filter(d -> !freshDomains.contains(d)).toList();
    }

    /** What a declared file is, against the manifest of every covered domain. */
    FileChange changeOf(SourceFile f) {
        if (request.mode() == ScanMode.REPLACE) {
            return FileChange.ADDED;
        }
        String stored = manifest.get(f.path());
        if (stored == null) {
            return FileChange.ADDED;
        }
        if (rewritingAll) {
            return FileChange.CHANGED;
        }
        return f.sha256() != null && f.sha256().equals(stored) ? FileChange.UNCHANGED : FileChange.CHANGED;
    }

    /** Why a message of this scan can no longer be run. */
    StorageException endedError() {
        if (abandonRequested) {
            return new StorageException(StorageErrorCode.CANCELLED, "scan " + id + " was abandoned: nothing of it was stored");
        }
        if (dead != null) {
            StorageException d = dead instanceof StorageException se ? se : null;
            return new StorageException(d == null ? StorageErrorCode.IO : d.code(), "scan " + id + " failed and was rolled back: "
                    + dead.getMessage(), d == null ? null : d.engineCode().orElse(null), dead);
        }
        if (committed) {
            return new StorageException(StorageErrorCode.INVALID_ARGUMENT, "scan " + id + " has committed already");
        }
        return new StorageException(StorageErrorCode.INVALID_ARGUMENT, "scan " + id + " has ended");
    }
}
