package drift.cli.command;

import drift.storage.api.DatabaseManager;
import drift.storage.api.DomainInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code drift domains}: the installed domains with their schema versions. */
@Command(name = "domains", mixinStandardHelpOptions = true,
        description = "List the installed domains: schema version in the database and in the code, row types, files, queries.")
final class DomainsCommand implements Callable<Integer> {
    @Mixin
    DbOptions db;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        try (DatabaseManager m = db.openInspect()) {
            output.rows(rows(m.domains()));
        }
        return 0;
    }

    static List<Map<String, Object>> rows(List<DomainInfo> domains) {
        return domains.stream().map(d -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("domain", d.id());
            row.put("schema", d.schemaVersion());
            row.put("latest", d.latestVersion());
            row.put("module", d.module());
            row.put("state", state(d));
            row.put("tables", d.tables());
            row.put("rows", d.rowTypes());
            row.put("imports", d.importFiles());
            row.put("queries", d.queries());
            row.put("description", d.description());
            return row;
        }).toList();
    }

    /** ok, behind (run drift migrate), too new (install a newer module), unavailable on this store, or not installed. */
    static String state(DomainInfo d) {
        if (d.unavailable()) {
            return "unavailable: see its description";
        }
        if (!d.installed()) {
            return "not installed";
        }
        if (d.tooNew()) {
            return "too new: install a newer " + d.module();
        }
        return d.schemaVersion() < d.latestVersion() ? "behind: run drift migrate" : "ok";
    }
}
