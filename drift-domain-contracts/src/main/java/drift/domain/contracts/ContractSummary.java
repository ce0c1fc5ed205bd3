package drift.domain.contracts;

/**
 * One contract in a list.
 *
 * @param id the id
 * @param method the method
 * @param endpoint the path
 * @param status the status
 * @param confidence 0 to 1
 * @param backendFile where the endpoint is defined
 * @param frontendCalls how many frontend calls use it
 * @param mismatches how many mismatches it has
 */
public record ContractSummary(String id, HttpMethod method, String endpoint, ContractStatus status, double confidence,
                              String backendFile, long frontendCalls, long mismatches) {
}
