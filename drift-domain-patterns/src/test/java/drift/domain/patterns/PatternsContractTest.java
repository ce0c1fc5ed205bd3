package drift.domain.patterns;

import drift.domain.patterns.internal.PatternsDomain;
import drift.storage.api.spi.StorageDomain;
import drift.storage.testkit.DomainContract;
import drift.storage.testkit.Sample;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** The platform's rules, on the patterns domain. */
class PatternsContractTest extends DomainContract {
    @Override
    protected StorageDomain domain() {
        return new PatternsDomain();
    }

    @Override
    protected void sample(Sample s) {
        // a pattern belongs to no file: it goes under the first file that reports it
        s.rows("src/a.ts", PatternStore.PATTERN, List.of(PatternStoreTest.p("pat-a", Category.API, PatternStatus.DISCOVERED, 0.9, "a",
                "auth token refresh")));
        s.rows("src/a.ts", PatternStore.LOCATION, List.of(PatternStoreTest.loc("pat-a", "src/a.ts", 3, false),
                PatternStoreTest.loc("pat-a", "src/a.ts", 9, true)));
        s.rows("src/b.ts", PatternStore.PATTERN, List.of(PatternStoreTest.p("pat-b", Category.AUTH, PatternStatus.APPROVED, 0.5, "b",
                "plain words")));
        s.rows("src/b.ts", PatternStore.LOCATION, List.of(PatternStoreTest.loc("pat-b", "src/b.ts", 1, false),
                PatternStoreTest.loc("pat-a", "src/b.ts", 4, false)));
    }

    @Override
    protected Map<String, String> queryArguments(String query) {
        return switch (query) {
            case "search" -> Map.of("text", "auth token");
            case "show", "files" -> Map.of("id", "pat-a");
            default -> Map.of();
        };
    }

    @Override
    protected Set<String> keptByClear() {
        return Set.of("patterns_decision"); // a person's reviews outlive the scan data
    }
}
