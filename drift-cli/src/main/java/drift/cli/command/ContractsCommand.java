package drift.cli.command;

import drift.domain.contracts.ContractStatus;
import drift.domain.contracts.ContractStore;
import drift.storage.api.DatabaseManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code drift contracts list|show|verify|mismatch|ignore|reopen}. */
@Command(name = "contracts", mixinStandardHelpOptions = true, description = "Query and review API contracts between backends and frontends.",
        subcommands = {ContractsCommand.ListCmd.class, ContractsCommand.Show.class, ContractsCommand.Verify.class,
                ContractsCommand.Mismatch.class, ContractsCommand.Ignore.class, ContractsCommand.Reopen.class})
final class ContractsCommand {
    /** Shared by the review commands; the decision outlives rescans. */
    abstract static class Review extends ReviewCommand<ContractStatus> {
        Review(ContractStatus target) {
            super(target, ContractStatus::wire);
        }

        @Override
        Map<String, ContractStatus> review(DatabaseManager m, List<String> ids, ContractStatus to) {
            return ContractStore.of(m).updateContractStatuses(ids, to);
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, description = "Mark contracts verified: frontend and backend agree "
            + "(from discovered, mismatch or ignored).")
    static final class Verify extends Review {
        Verify() {
            super(ContractStatus.VERIFIED);
        }
    }

    @Command(name = "mismatch", mixinStandardHelpOptions = true, description = "Mark contracts as a mismatch: they disagree "
            + "(from discovered or verified).")
    static final class Mismatch extends Review {
        Mismatch() {
            super(ContractStatus.MISMATCH);
        }
    }

    @Command(name = "ignore", mixinStandardHelpOptions = true, description = "Ignore contracts (from discovered, mismatch or verified).")
    static final class Ignore extends Review {
        Ignore() {
            super(ContractStatus.IGNORED);
        }
    }

    @Command(name = "reopen", mixinStandardHelpOptions = true, description = "Reopen ignored contracts: discovered again.")
    static final class Reopen extends Review {
        Reopen() {
            super(ContractStatus.DISCOVERED);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Contracts by filters, by endpoint.")
    static final class ListCmd implements Callable<Integer> {
        @Mixin DbOptions db;
        @Mixin OutputOptions output;
        @Option(names = "--status", description = "discovered, verified, mismatch or ignored") String status;
        @Option(names = "--method") String method;
        @Option(names = "--endpoint", description = "exact endpoint path") String endpoint;
        @Option(names = "--endpoint-prefix") String endpointPrefix;
        @Option(names = "--file", description = "backend or frontend file") String file;
        @Option(names = "--mismatch-type", description = "e.g. type_mismatch") String mismatchType;
        @Option(names = "--severity", description = "mismatch severity: error, warning or info") String severity;
        @Option(names = "--limit", defaultValue = "50") int limit;
        @Option(names = "--offset", defaultValue = "0") int offset;

        @Override
        public Integer call() {
            output.rows(new NamedQueryRunner().arg("status", status).arg("method", method).arg("endpoint", endpoint)
                    .arg("endpoint_prefix", endpointPrefix).arg("file", file).arg("mismatch_type", mismatchType).arg("severity", severity)
                    .arg("limit", limit).arg("offset", offset == 0 ? null : offset).run(db, "contracts", "list"));
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One contract whole.")
    static final class Show implements Callable<Integer> {
        @Mixin DbOptions db;
        @Mixin OutputOptions output;
        @Parameters(paramLabel = "ID") String id;

        @Override
        public Integer call() {
            java.util.Map<String, Object> c = new NamedQueryRunner().arg("id", id).runExpectingRows(db, "contracts", "show",
                    "contract '" + id + "'").get(0);
            if (output.json) {
                output.report(c);
            } else {
                output.out().println(drift.cli.output.Output.prettyJson(c));
                output.out().flush();
            }
            return 0;
        }
    }
}
