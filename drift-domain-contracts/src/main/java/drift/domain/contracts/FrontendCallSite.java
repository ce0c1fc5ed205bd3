package drift.domain.contracts;

/**
 * A frontend call found by file ({@link ContractStore#frontendCalls}), with the contract it belongs to.
 *
 * @param contractId the contract's id
 * @param method the contract's method
 * @param endpoint the contract's endpoint
 * @param file where the call is
 * @param line its line
 * @param library fetch, axios... or null
 */
public record FrontendCallSite(String contractId, HttpMethod method, String endpoint, String file, long line, String library) {
}
