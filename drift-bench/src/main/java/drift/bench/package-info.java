/** The benchmark runner: parses a dataset once, then times each workload of WORKLOADS.md. */
package drift.bench;
