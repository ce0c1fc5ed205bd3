module drift.it.libuse {
    requires drift.domain.callgraph;
}
