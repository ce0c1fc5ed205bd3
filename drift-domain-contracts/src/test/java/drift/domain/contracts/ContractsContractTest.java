package drift.domain.contracts;

import drift.domain.contracts.internal.ContractsDomain;
import drift.storage.api.spi.StorageDomain;
import drift.storage.testkit.DomainContract;
import drift.storage.testkit.Sample;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** The platform's rules, on the contracts domain. */
class ContractsContractTest extends DomainContract {
    @Override
    protected StorageDomain domain() {
        return new ContractsDomain();
    }

    private static ContractRow contract(String id, String file, Mismatch... mismatches) {
        return new ContractRow(id, HttpMethod.GET, "/api/" + id, ContractStatus.DISCOVERED, 0.8, new BackendEndpoint(file, 3, "express",
                List.of(new ResponseField("id", "number", false, false))),
                List.of(new FrontendCall(file, 20, "fetch", List.of(new ResponseField("id", "string", false, false)))), List.of(mismatches));
    }

    @Override
    protected void sample(Sample s) {
        // a contract belongs to its backend's and its frontend calls' files: both in one file here
        s.rows("src/a.ts", ContractStore.CONTRACT, List.of(contract("users", "src/a.ts",
                new Mismatch("id", MismatchType.TYPE_MISMATCH, "number vs string", MismatchSeverity.ERROR))));
        s.rows("src/b.ts", ContractStore.CONTRACT, List.of(contract("orders", "src/b.ts")));
    }

    @Override
    protected Map<String, String> queryArguments(String query) {
        return switch (query) {
            case "show" -> Map.of("id", "users");
            case "calls" -> Map.of("file", "src/a.ts");
            default -> Map.of();
        };
    }

    @Override
    protected Set<String> keptByClear() {
        return Set.of("contracts_decision"); // a person's verification outlives the scan data
    }
}
