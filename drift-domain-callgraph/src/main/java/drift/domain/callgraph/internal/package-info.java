/** The callgraph domain's implementation: schema, batch handlers, queries. Not exported. */
package drift.domain.callgraph.internal;
