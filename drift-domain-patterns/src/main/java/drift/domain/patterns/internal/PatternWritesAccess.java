package drift.domain.patterns.internal;

import drift.domain.patterns.PatternStatus;
import drift.storage.api.SqlWriter;

/** The facade's door to the write side (the write classes themselves stay package-private). */
public final class PatternWritesAccess {
    private PatternWritesAccess() {
    }

    /** See {@link drift.domain.patterns.PatternStore#updatePatternStatus}. */
    public static PatternStatus updateStatus(SqlWriter w, String id, PatternStatus to) {
        return PatternWrites.updateStatus(w, id, to);
    }
}
