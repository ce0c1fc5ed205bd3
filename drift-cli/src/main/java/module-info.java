/**
 * The drift command-line tool. Parses arguments and formats output; every data operation goes through
 * the storage API. Generic commands (import, status, domains, query, sql) work for any installed domain;
 * domain commands use the domains' read queries and facades.
 */
module drift.cli {
    // the exported dataset reader speaks in API types
    requires transitive drift.storage.api;
    requires drift.domain.patterns;
    requires drift.domain.callgraph;
    requires drift.domain.contracts;
    requires info.picocli;
    requires tools.jackson.databind;

    // the dataset reader is shared with the benchmark runner
    exports drift.cli.dataset;

    opens drift.cli to info.picocli;
    opens drift.cli.command to info.picocli;
}
