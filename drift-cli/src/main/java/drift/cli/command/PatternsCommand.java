package drift.cli.command;

import drift.domain.patterns.PatternStatus;
import drift.domain.patterns.PatternStore;
import drift.storage.api.DatabaseManager;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code drift patterns list|search|show|approve|ignore}. */
@Command(name = "patterns", mixinStandardHelpOptions = true, description = "Query and review detected patterns.",
        subcommands = {PatternsCommand.ListCmd.class, PatternsCommand.Search.class, PatternsCommand.Show.class,
                PatternsCommand.Approve.class, PatternsCommand.Ignore.class})
final class PatternsCommand {
    /** The filters shared by list and search. */
    static final class Filters {
        @Option(names = "--category", description = "e.g. api, security, data-access") String category;
        @Option(names = "--status", description = "discovered, approved or ignored") String status;
        @Option(names = "--min-confidence", paramLabel = "0..1") Double minConfidence;
        @Option(names = "--file", description = "only patterns with a location in this file") String file;
        @Option(names = "--severity", description = "error, warning, info or hint") String severity;
        @Option(names = "--limit", defaultValue = "50") int limit;
        @Option(names = "--offset", defaultValue = "0") int offset;

        NamedQueryRunner runner() {
            return new NamedQueryRunner().arg("category", category).arg("status", status).arg("min_confidence", minConfidence)
                    .arg("file", file).arg("severity", severity).arg("limit", limit).arg("offset", offset == 0 ? null : offset);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Patterns by filters, highest confidence first.")
    static final class ListCmd implements Callable<Integer> {
        @Mixin DbOptions db;
        @Mixin OutputOptions output;
        @ArgGroup(exclusive = false) Filters filters = new Filters();
        @Option(names = "--order", description = "confidence (default) or name") String order;
        @Option(names = "--cursor", description = "continue after the page that printed this cursor (keyset paging)") String cursor;

        @Override
        public Integer call() {
            output.rows(brief(filters.runner().arg("order", order).arg("cursor", cursor).run(db, "patterns", "list"), output.json));
            return 0;
        }
    }

    @Command(name = "search", mixinStandardHelpOptions = true,
            description = "Full-text search over name, description and detector, best match first; every word must match.")
    static final class Search implements Callable<Integer> {
        @Mixin DbOptions db;
        @Mixin OutputOptions output;
        @ArgGroup(exclusive = false) Filters filters = new Filters();
        @Parameters(paramLabel = "TEXT", arity = "1..*", description = "words to search for (a trailing * matches a prefix)")
        List<String> words;

        @Override
        public Integer call() {
            output.rows(brief(filters.runner().arg("text", String.join(" ", words)).run(db, "patterns", "search"), output.json));
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One pattern with its locations and outliers.")
    static final class Show implements Callable<Integer> {
        @Mixin DbOptions db;
        @Mixin OutputOptions output;
        @Parameters(paramLabel = "ID") String id;

        @Override
        public Integer call() {
            Map<String, Object> p = new NamedQueryRunner().arg("id", id).runExpectingRows(db, "patterns", "show", "pattern '" + id + "'").get(0);
            if (output.json) {
                output.report(p);
                return 0;
            }
            Map<String, Object> head = new LinkedHashMap<>(p);
            @SuppressWarnings("unchecked") List<Map<String, Object>> locations = (List<Map<String, Object>>) head.remove("locations");
            @SuppressWarnings("unchecked") List<Map<String, Object>> outliers = (List<Map<String, Object>>) head.remove("outliers");
            head.remove("files");
            output.report(head);
            output.out().println();
            output.out().println("locations (" + locations.size() + "):");
            output.rows(locations);
            output.out().println();
            output.out().println("outliers (" + outliers.size() + "):");
            output.rows(outliers);
            return 0;
        }
    }

    /** Shared by approve and ignore. */
    abstract static class Review extends ReviewCommand<PatternStatus> {
        Review(PatternStatus target) {
            super(target, PatternStatus::wire);
        }

        @Override
        Map<String, PatternStatus> review(DatabaseManager m, List<String> ids, PatternStatus to) {
            return PatternStore.of(m).updatePatternStatuses(ids, to);
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true, description = "Approve patterns (from discovered or ignored).")
    static final class Approve extends Review {
        Approve() {
            super(PatternStatus.APPROVED);
        }
    }

    @Command(name = "ignore", mixinStandardHelpOptions = true, description = "Ignore patterns (from discovered or approved).")
    static final class Ignore extends Review {
        Ignore() {
            super(PatternStatus.IGNORED);
        }
    }

    /** For people: the columns that fit a terminal; scripts get everything. */
    static List<Map<String, Object>> brief(List<Map<String, Object>> rows, boolean json) {
        if (json) {
            return rows;
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (String k : List.of("id", "name", "category", "status", "confidence", "severity", "detector")) {
                m.put(k, r.get(k));
            }
            out.add(m);
        }
        return out;
    }
}
