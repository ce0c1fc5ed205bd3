/**
 * The contracts domain's implementation: schema (four normalized tables plus counters), the batch handler,
 * the importer's parser, reads, named queries, status and clearing. Not exported; reached only through
 * {@code provides}.
 */
package drift.domain.contracts.internal;
