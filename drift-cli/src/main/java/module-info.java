/**
 * The drift command-line tool. Parses arguments and formats output; every data operation goes through
 * the storage API. Generic commands (import, status, domains, query, sql) work for any installed domain;
 * domain commands use the domains' read queries and facades.
 */
module drift.cli {
    requires drift.storage.api;
    requires drift.dataset;
    requires drift.domain.patterns;
    requires drift.domain.callgraph;
    requires drift.domain.contracts;
    requires drift.mcp;
    requires info.picocli;
    requires tools.jackson.databind;
    // sun.misc.Signal: Ctrl-C rolls an import back and exits 130 instead of killing the JVM mid-write
    requires jdk.unsupported;

    uses drift.storage.api.spi.Scanner;

    opens drift.cli to info.picocli;
    opens drift.cli.command to info.picocli;
    opens drift.cli.daemon to info.picocli;
}
