/** The contracts domain's public API: row records, query options and {@link drift.domain.contracts.ContractStore}. */
package drift.domain.contracts;
