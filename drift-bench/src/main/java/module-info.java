/**
 * The benchmark runner: the workloads W1–W9 of WORKLOADS.md on a dataset folder, through the public API
 * and the domains' facades, exactly as a library user would call them.
 */
module drift.bench {
    requires drift.storage.api;
    requires drift.dataset;
    requires tools.jackson.databind;
    requires drift.domain.patterns;
    requires drift.domain.callgraph;
    requires info.picocli;
    requires java.management;
    requires jdk.management;

    opens drift.bench to info.picocli;
}
