/** The patterns domain's implementation: schema, batch handlers, queries. Not exported. */
package drift.domain.patterns.internal;
