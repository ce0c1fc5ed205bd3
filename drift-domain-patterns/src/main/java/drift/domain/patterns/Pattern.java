package drift.domain.patterns;

/**
 * A stored pattern: what the scanner reported plus the review record.
 *
 * @param row the reported fields (with the current status)
 * @param statusChangedAt when a person last changed its status, or null
 * @param approvedAt when it was last approved, or null
 */
public record Pattern(PatternRow row, String statusChangedAt, String approvedAt) {
    /** The pattern id. */
    public String id() {
        return row.id();
    }
}
