/** The contracts domain's implementation: schema, batch handlers, queries. Not exported. */
package drift.domain.contracts.internal;
