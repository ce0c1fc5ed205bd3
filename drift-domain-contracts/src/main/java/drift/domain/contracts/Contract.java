package drift.domain.contracts;

/**
 * A stored contract: the reported parts plus the review record.
 *
 * @param row the contract with its nested parts and current status
 * @param statusChangedAt when a person last changed its status, or null
 * @param verifiedAt when it was last verified, or null
 */
public record Contract(ContractRow row, String statusChangedAt, String verifiedAt) {
}
