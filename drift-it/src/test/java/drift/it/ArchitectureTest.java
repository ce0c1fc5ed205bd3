package drift.it;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Architecture rules over the compiled classes of every production module (imported from the build output). */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importAll() {
        Path[] paths = Build.MODULES.stream().map(Build::classes).toArray(Path[]::new);
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPaths(paths);
    }

    @Test
    void theScanSawEveryModule() {
        // an empty or partial import must not let the rules below pass vacuously
        for (String pkg : new String[] {"drift.storage.api", "drift.storage.jdbc", "drift.storage.sqlite", "drift.storage.postgres", "drift.domain.patterns",
                "drift.domain.callgraph", "drift.domain.contracts", "drift.cli", "drift.bench", "drift.example.todos", "drift.jmh"}) {
            long n = classes.stream().filter(c -> c.getPackageName().startsWith(pkg)).count();
            assertTrue(n >= 2, "only " + n + " classes found in " + pkg);
        }
        assertTrue(classes.size() >= 80, "only " + classes.size() + " classes imported");
    }

    @Test
    void scannersWriteThroughTheDomainsPublicApisNeverSql() {
        noClasses().that().resideInAPackage("drift.scan..")
                .should().dependOnClassesThat().haveFullyQualifiedName("drift.storage.api.SqlWriter")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("drift.storage.api.SqlReader")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("drift.storage.api.BulkInsert")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("drift.storage.api.RawResult")
                .orShould().callMethodWhere(com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                        com.tngtech.archunit.core.domain.properties.HasName.Predicates.name("executeRaw")))
                .orShould().dependOnClassesThat().resideInAPackage("drift.domain..internal..")
                .because("a scanner is a producer: rows go through the domains' row types and a scan session")
                .check(classes);
    }

    /** The engine modules: the shared JDBC core and the engines on it. */
    private static final String[] ENGINES = {"drift.storage.jdbc..", "drift.storage.sqlite..", "drift.storage.postgres.."};

    @Test
    void onlyEngineModulesTouchJdbc() {
        ArchRule rule = noClasses().that().resideOutsideOfPackages(ENGINES)
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "org.sqlite..", "org.postgresql..",
                        "com.zaxxer.hikari..", "org.flywaydb..")
                .because("the engines own every connection; domains speak SQL through drift.storage.api");
        rule.check(classes);
    }

    @Test
    void eachEngineKeepsToItsOwnDriver() {
        noClasses().that().resideInAnyPackage("drift.storage.jdbc..", "drift.storage.postgres..")
                .should().dependOnClassesThat().resideInAPackage("org.sqlite..")
                .because("the shared core and the PostgreSQL engine must not be SQLite in disguise").check(classes);
        noClasses().that().resideInAnyPackage("drift.storage.jdbc..", "drift.storage.sqlite..")
                .should().dependOnClassesThat().resideInAPackage("org.postgresql..").check(classes);
    }

    @Test
    void theApiDependsOnNothingOfOurs() {
        noClasses().that().resideInAPackage("drift.storage.api..")
                .should().dependOnClassesThat().resideInAnyPackage("drift.storage.jdbc..", "drift.storage.sqlite..", "drift.storage.postgres..", "drift.domain..", "drift.cli..",
                        "drift.example..")
                .because("engines and domains plug into the API, never the other way round")
                .check(classes);
    }

    @Test
    void nobodyReachesIntoAnotherModulesInternals() {
        for (String engine : new String[] {"drift.storage.sqlite", "drift.storage.postgres"}) {
            noClasses().that().resideOutsideOfPackage(engine + "..")
                    .should().dependOnClassesThat().resideInAPackage(engine + "..")
                    .because("an engine is found through ServiceLoader, not linked against")
                    .check(classes);
        }
        noClasses().that().resideOutsideOfPackages(ENGINES)
                .should().dependOnClassesThat().resideInAPackage("drift.storage.jdbc..")
                .because("the shared JDBC core is the engines' own").check(classes);
        for (String domain : new String[] {"patterns", "callgraph", "contracts"}) {
            noClasses().that().resideOutsideOfPackage("drift.domain." + domain + "..")
                    .should().dependOnClassesThat().resideInAPackage("drift.domain." + domain + ".internal..")
                    .because("a domain's StorageDomain, SQL and handlers are reachable only through `provides`")
                    .check(classes);
        }
    }

    @Test
    void domainsDoNotDependOnEachOther() {
        slices().matching("drift.domain.(*)..").should().notDependOnEachOther()
                .because("each domain can be installed alone").check(classes);
    }

    @Test
    void noCyclesBetweenModules() {
        // drift.storage.api, drift.domain.patterns, drift.cli.command ...: one slice per module (or CLI part)
        slices().matching("drift.(*).(*)..").should().beFreeOfCycles()
                .because("a cycle between modules would make them impossible to install separately").check(classes);
    }
}
