package drift.domain.contracts;

/**
 * A stored contract whole: the reported parts plus the review record.
 *
 * @param row the contract with its nested parts (in the order they were written) and current status
 * @param statusChangedAt when a person last changed its status (ISO-8601 UTC), or null when the status
 *        is the scanner's
 * @param verifiedAt when it was last changed to verified by a person, or null
 */
public record Contract(ContractRow row, String statusChangedAt, String verifiedAt) {
    /** Whether the current status is a person's decision rather than the scanner's. */
    public boolean reviewed() {
        return statusChangedAt != null;
    }
}
