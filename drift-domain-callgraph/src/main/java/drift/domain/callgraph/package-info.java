/** The callgraph domain's public API: row records, query options and {@link drift.domain.callgraph.CallGraphStore}. */
package drift.domain.callgraph;
