/**
 * The contracts domain's public API: the row records of contracts.ndjson ({@link drift.domain.contracts.ContractRow}
 * with its {@link drift.domain.contracts.BackendEndpoint}, {@link drift.domain.contracts.FrontendCall}s,
 * {@link drift.domain.contracts.ResponseField}s and {@link drift.domain.contracts.Mismatch}es), query options,
 * results and the {@link drift.domain.contracts.ContractStore} facade.
 */
package drift.domain.contracts;
