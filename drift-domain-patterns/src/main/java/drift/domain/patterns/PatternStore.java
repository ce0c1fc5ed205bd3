package drift.domain.patterns;

import drift.domain.patterns.internal.PatternReads;
import drift.storage.api.DatabaseManager;
import drift.storage.api.RowType;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Typed access to the patterns domain of an open drift database. Writes go through the database's
 * batch writer (commit with {@code db.batch().flushAndWait()}) or, for reviews, the writer thread;
 * reads run on the read pool.
 */
public final class PatternStore {
    /** Rows of patterns.ndjson. */
    public static final RowType<PatternRow> PATTERN = RowType.of("patterns", "pattern", PatternRow.class);
    /** Rows of locations.ndjson. */
    public static final RowType<LocationRow> LOCATION = RowType.of("patterns", "location", LocationRow.class);

    private final DatabaseManager db;

    private PatternStore(DatabaseManager db) {
        this.db = db;
    }

    /** The patterns domain of {@code db}; fails when it is not installed. */
    public static PatternStore of(DatabaseManager db) {
        Objects.requireNonNull(db, "db");
        if (!db.hasDomain("patterns")) {
            throw new StorageException(StorageErrorCode.NOT_FOUND, "the patterns domain is not installed (drift.domain.patterns)");
        }
        return new PatternStore(db);
    }

    /**
     * Submits patterns as one batch (committed at the next flush). A pattern whose id exists is updated
     * and keeps its review status; its first and last seen times widen to cover both. Several rows with
     * one id, in one batch or in several, end as if written one after the other.
     *
     * @return the ids, in order
     */
    public List<String> insertPatterns(Collection<PatternRow> batch) {
        db.batch().addAll(PATTERN, batch);
        List<String> ids = new ArrayList<>(batch.size());
        batch.forEach(p -> ids.add(p.id()));
        return ids;
    }

    /** Submits locations as one batch; each must name an existing pattern (or one earlier in the queue). */
    public void insertLocations(Collection<LocationRow> batch) {
        db.batch().addAll(LOCATION, batch);
    }

    /**
     * Reviews a pattern: discovered→approved|ignored, approved→ignored, ignored→approved. Approval time
     * is recorded.
     *
     * @return the status it had
     * @throws StorageException NOT_FOUND for an unknown id, INVALID_ARGUMENT for a change the workflow forbids
     */
    public PatternStatus updatePatternStatus(String id, PatternStatus status) {
        return updatePatternStatuses(Collections.singletonList(id), status).get(id);
    }

    /**
     * Reviews several patterns in one transaction, all or none: an unknown id or a change the workflow forbids
     * leaves every one of them as it was ({@link #updatePatternStatus} for one).
     *
     * @return the status each had, by id, in the order given (an id given twice counts once)
     * @throws StorageException NOT_FOUND for an unknown id, INVALID_ARGUMENT for a change the workflow forbids
     */
    public Map<String, PatternStatus> updatePatternStatuses(List<String> ids, PatternStatus status) {
        Objects.requireNonNull(status, "status");
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(ids)); // (a null id is NOT_FOUND, as for one)
        return db.write(w -> {
            Map<String, PatternStatus> before = new LinkedHashMap<>();
            for (String id : distinct) {
                before.put(id, drift.domain.patterns.internal.PatternWritesAccess.updateStatus(w, id, status));
            }
            return before;
        });
    }

    /** Patterns by filters, in confidence or name order, with a cursor for the next page. */
    public PatternPage queryPatterns(PatternQuery query) {
        return db.read(r -> PatternReads.query(r, query));
    }

    /** Full-text search over name, description and detector, best match first, with the query's filters. */
    public List<Pattern> searchPatterns(String text, PatternQuery query) {
        return db.read(r -> PatternReads.search(r, text, query));
    }

    /** One pattern with its locations and outliers. */
    public Optional<PatternDetail> getPattern(String id) {
        return db.read(r -> PatternReads.detail(r, id));
    }

    /** The files a pattern occurs in. */
    public List<String> files(String patternId) {
        return db.read(r -> PatternReads.files(r, patternId));
    }

    /** Deletes every pattern and location (the schema stays). */
    public void clear() {
        db.clearDomain("patterns");
    }
}
