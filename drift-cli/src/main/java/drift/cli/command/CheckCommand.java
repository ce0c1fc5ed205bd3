package drift.cli.command;

import drift.storage.api.CheckReport;
import drift.storage.api.DatabaseManager;
import drift.storage.api.DomainInfo;
import drift.storage.api.StorageErrorCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code drift check}: is the store sound? */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check the store: SQLite's integrity check of the whole file (its full-text indexes included), on a "
                + "connection of its own (on a PostgreSQL server: every table of the repository read through); each domain's "
                + "schema version in the store against the installed code; domains whose module is gone; indexes a bulk load "
                + "left to build. Exit 0 when all is well, 5 when not."})
final class CheckCommand implements Callable<Integer> {
    @Mixin DbOptions db;
    @Mixin OutputOptions output;

    @Override
    public Integer call() {
        CheckReport c;
        try (DatabaseManager m = db.openInspect()) {
            c = m.check();
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("database", db.location());
        report.put("ok", c.ok());
        report.put("integrity", c.integrity().size() == 1 ? c.integrity().get(0) : c.integrity());
        Map<String, Object> domains = new LinkedHashMap<>();
        for (DomainInfo d : c.domains()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("state", DomainsCommand.state(d));
            one.put("schema", d.schemaVersion());
            one.put("code", d.installed() ? d.latestVersion() : null);
            one.put("module", d.module());
            one.put("tables", d.tables().size());
            domains.put(d.id(), one);
        }
        report.put("domains", domains);
        report.put("indexes_waiting", c.indexesWaiting());
        output.report(report);
        if (!c.ok()) {
            List<String> problems = c.integrity().equals(List.of("ok")) ? List.of("a domain's schema is not its code's") : c.integrity();
            spec().getErr().println("drift: check failed: " + String.join("; ", problems.subList(0, Math.min(3, problems.size())))
                    + (problems.size() > 3 ? " (and " + (problems.size() - 3) + " more)" : ""));
            return StorageErrorCode.IO.exitCode();
        }
        return 0;
    }

    private picocli.CommandLine spec() {
        return output.spec.commandLine();
    }
}
