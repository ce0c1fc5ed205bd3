package drift.scan.jvm;

import drift.domain.callgraph.CallGraphStore;
import drift.domain.callgraph.CallSite;
import drift.domain.callgraph.EdgeKind;
import drift.domain.callgraph.EntryPath;
import drift.domain.callgraph.FieldInfo;
import drift.domain.callgraph.FunctionRow;
import drift.domain.callgraph.Operation;
import drift.domain.callgraph.ReachOptions;
import drift.domain.callgraph.ReachedAccess;
import drift.domain.callgraph.Reachability;
import drift.domain.callgraph.Sensitivity;
import drift.domain.contracts.Contract;
import drift.domain.contracts.ContractStore;
import drift.domain.contracts.ResponseField;
import drift.storage.api.DatabaseConfig;
import drift.storage.api.DatabaseManager;
import drift.storage.api.ScanRequest;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scanner over a javac-compiled project: exact edges, dispatch, lambdas, SQL, endpoints, reachability, rescans. */
class JvmScanTest {
    static final String MAIN = "shop.Main#main([Ljava/lang/String;)V";
    static final String FIND_ID = "shop.UserService#find(J)Lshop/web/UserDto;";
    static final String FIND_EMAIL = "shop.UserService#find(Ljava/lang/String;)Lshop/web/UserDto;";
    static final String GET = "shop.web.UserController#get(J)Lshop/web/UserDto;";
    static final String BY_ID = "shop.JdbcUserRepository#byId(J)Lshop/web/UserDto;";
    static final String SEND = "send(Ljava/lang/String;)V";

    @TempDir
    Path dir;
    Path project;
    DatabaseManager db;
    CallGraphStore cg;

    @BeforeEach
    void open() throws Exception {
        project = Fixture.copy(dir.resolve("project"));
        db = DatabaseManager.open(DatabaseConfig.defaults(dir.resolve("drift.db")));
        cg = CallGraphStore.of(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private JvmScan.Result scan(JvmScan.Dispatch dispatch) {
        return JvmScan.scan(db, ScanRequest.snapshot(project.toString()), List.of(project.resolve("classes").toString()), dispatch);
    }

    private static Set<String> ids(List<CallSite> sites, EdgeKind kind) {
        return sites.stream().filter(s -> s.kind() == kind).map(s -> s.function() == null ? "external " + s.calleeId() : s.function().id())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void callsNameTheirExactTargetAndOverloadsStayApart() {
        JvmScan.Result r = scan(JvmScan.Dispatch.CHA);
        List<CallSite> callees = cg.getCallees(MAIN);
        Set<String> virtual = ids(callees, EdgeKind.VIRTUAL);
        assertTrue(virtual.containsAll(Set.of(FIND_ID, FIND_EMAIL, "shop.Notifier#" + SEND, "shop.jpa.Orders#big()Ljava/util/List;")), virtual.toString());
        assertEquals(Set.of("shop.UserService#<init>(Lshop/UserRepository;)V", "shop.JdbcUserRepository#<init>(Ljava/sql/Connection;)V",
                "shop.EmailNotifier#<init>()V", "shop.SmsNotifier#<init>()V", "shop.jpa.Orders#<init>(Ljavax/persistence/EntityManager;)V"),
                ids(callees, EdgeKind.SPECIAL));
        for (CallSite s : callees) {
            if (s.function() != null) {
                assertEquals(s.kind().confidence(), s.confidence(), 1e-9, s.toString());
                assertEquals(s.function().id(), s.calleeId(), "an exact edge names its callee: " + s);
            }
        }
        // two overloads, two functions, each with only its own callers
        assertEquals(Set.of(MAIN, GET), cg.getCallers(FIND_ID).stream().map(c -> c.function().id()).collect(Collectors.toSet()));
        assertEquals(Set.of(MAIN), cg.getCallers(FIND_EMAIL).stream().map(c -> c.function().id()).collect(Collectors.toSet()));
        // a call out of the scanned code keeps its exact target, unresolved
        CallSite println = cg.getCallees("shop.Audit#log(Ljava/lang/String;)V").stream()
                .filter(s -> s.target().equals("println")).findFirst().orElseThrow();
        assertNull(println.function());
        assertNull(println.confidence());
        assertEquals("java.io.PrintStream#println(Ljava/lang/String;)V", println.calleeId());
        assertEquals(EdgeKind.VIRTUAL, println.kind());
        // the line of the call, from the line number table
        assertEquals(9, callees.stream().filter(s -> s.target().equals("find") && s.function().id().equals(FIND_ID)).findFirst().orElseThrow().line());
        FunctionRow main = cg.getFunction(MAIN).orElseThrow();
        assertEquals("shop/Main.java", main.file());
        assertEquals(8, main.startLine());
        assertTrue(main.entryPoint());
        assertTrue(r.scan().totalRows() > 0, r.scan().toString());
    }

    @Test
    void aVirtualCallReachesEveryOverrideUnderChaAndTheInstantiatedOnesUnderRta() {
        scan(JvmScan.Dispatch.CHA);
        Set<String> cha = ids(cg.getCallees(MAIN), EdgeKind.CHA);
        assertEquals(Set.of("shop.EmailNotifier#" + SEND, "shop.SmsNotifier#" + SEND, "shop.PagerNotifier#" + SEND), cha);
        assertEquals(Set.of(BY_ID), ids(cg.getCallees(FIND_ID), EdgeKind.CHA), "through the interface to its one implementation");
        assertEquals(EdgeKind.CHA.confidence(), cg.getCallees(FIND_ID).stream().filter(s -> s.kind() == EdgeKind.CHA).findFirst()
                .orElseThrow().confidence(), 1e-9);

        scan(JvmScan.Dispatch.RTA);
        Set<String> rta = ids(cg.getCallees(MAIN), EdgeKind.RTA);
        assertEquals(Set.of("shop.EmailNotifier#" + SEND, "shop.SmsNotifier#" + SEND), rta, "PagerNotifier is never created");
        assertTrue(ids(cg.getCallees(MAIN), EdgeKind.CHA).isEmpty());
        assertEquals(Set.of(BY_ID), ids(cg.getCallees(FIND_ID), EdgeKind.RTA));
    }

    @Test
    void aLambdaIsAnEdgeToItsBodyWhichCallsOn() {
        scan(JvmScan.Dispatch.CHA);
        Set<String> lambdas = ids(cg.getCallees(MAIN), EdgeKind.LAMBDA);
        assertEquals(1, lambdas.size(), lambdas.toString());
        String body = lambdas.iterator().next();
        assertTrue(body.startsWith("shop.Main#lambda$main$"), body);
        assertEquals(Set.of("shop.Audit#log(Ljava/lang/String;)V"), ids(cg.getCallees(body), EdgeKind.STATIC));
        assertEquals(EdgeKind.LAMBDA.confidence(), cg.getCallees(MAIN).stream().filter(s -> s.kind() == EdgeKind.LAMBDA).findFirst()
                .orElseThrow().confidence(), 1e-9);
    }

    @Test
    void aMethodReferenceDispatchedOnItsReceiverReachesTheOverridesAsTheCallItStandsFor() throws Exception {
        Fixture.edit(project, "shop/Broadcast.java", """
                package shop;

                import java.util.List;
                import java.util.function.BiConsumer;
                import java.util.function.Consumer;
                import java.util.function.Supplier;

                public class Broadcast {
                    public static void all(List<Notifier> notifiers, String message) {
                        BiConsumer<Notifier, String> send = Notifier::send;
                        notifiers.forEach(n -> send.accept(n, message));
                    }

                    public static Notifier fallback() {
                        Supplier<Notifier> make = EmailNotifier::new;
                        Consumer<String> log = Audit::log;
                        log.accept("fallback");
                        return make.get();
                    }
                }
                """);
        Fixture.compile(project);
        String all = "shop.Broadcast#all(Ljava/util/List;Ljava/lang/String;)V";
        String fallback = "shop.Broadcast#fallback()Lshop/Notifier;";
        scan(JvmScan.Dispatch.CHA);
        // Notifier::send runs the receiver's send, as n.send(...) would: the declared method and every override
        assertTrue(ids(cg.getCallees(all), EdgeKind.LAMBDA).contains("shop.Notifier#" + SEND), cg.getCallees(all).toString());
        assertEquals(Set.of("shop.EmailNotifier#" + SEND, "shop.SmsNotifier#" + SEND, "shop.PagerNotifier#" + SEND),
                ids(cg.getCallees(all), EdgeKind.CHA));
        assertTrue(cg.getCallers("shop.PagerNotifier#" + SEND).stream().anyMatch(c -> c.function().id().equals(all)));
        // a constructor or a static method is the one method such a reference runs
        assertEquals(Set.of("shop.EmailNotifier#<init>()V", "shop.Audit#log(Ljava/lang/String;)V"),
                ids(cg.getCallees(fallback), EdgeKind.LAMBDA));
        assertTrue(ids(cg.getCallees(fallback), EdgeKind.CHA).isEmpty(), cg.getCallees(fallback).toString());

        scan(JvmScan.Dispatch.RTA);
        assertEquals(Set.of("shop.EmailNotifier#" + SEND, "shop.SmsNotifier#" + SEND), ids(cg.getCallees(all), EdgeKind.RTA),
                "PagerNotifier is never created");
    }

    @Test
    void sqlStringsBecomeDataAccessWithTheirColumnsAndJpqlMapsToTheEntitysTable() {
        scan(JvmScan.Dispatch.CHA);
        ReachedAccess byId = only(BY_ID);
        assertEquals("users", byId.table());
        assertEquals(Operation.READ, byId.operation());
        assertEquals(List.of("email", "id", "password_hash"), byId.fields().stream().map(FieldInfo::name).sorted().toList());
        assertEquals(Sensitivity.CREDENTIAL, byId.fields().stream().filter(f -> f.name().equals("password_hash")).findFirst()
                .orElseThrow().sensitivity());
        assertEquals(19, byId.line());
        // a constant in a static final field, inlined by javac
        ReachedAccess byEmail = only("shop.JdbcUserRepository#byEmail(Ljava/lang/String;)Lshop/web/UserDto;");
        assertEquals(Operation.READ, byEmail.operation());
        assertEquals(List.of("email", "id"), byEmail.fields().stream().map(FieldInfo::name).sorted().toList());
        // a concatenation: its variable parts are parameters
        ReachedAccess rename = only("shop.JdbcUserRepository#rename(JLjava/lang/String;)V");
        assertEquals(Operation.WRITE, rename.operation());
        assertTrue(rename.fields().stream().map(FieldInfo::name).toList().contains("email"), rename.toString());
        // JPQL over an entity: its table and its columns
        ReachedAccess big = only("shop.jpa.Orders#big()Ljava/util/List;");
        assertEquals("orders", big.table());
        assertEquals(Operation.READ, big.operation());
        assertTrue(big.fields().stream().map(FieldInfo::name).toList().containsAll(List.of("card_number", "total_cents")), big.toString());
        assertEquals(Sensitivity.FINANCIAL, big.fields().stream().filter(f -> f.name().equals("card_number")).findFirst()
                .orElseThrow().sensitivity());
    }

    @Test
    void queriesDeclaredOnRepositoryMethodsAreTheirDataAccessReachedThroughTheInterface() throws Exception {
        Fixture.edit(project, "shop/jpa/OrderRepository.java", """
                package shop.jpa;

                import java.util.List;
                import org.springframework.data.jpa.repository.Query;

                public interface OrderRepository {
                    @Query("SELECT o.id, o.card FROM Order o WHERE o.total > :min")
                    List<Order> large(long min);

                    @Query(value = "DELETE FROM orders WHERE card_number IS NULL", nativeQuery = true)
                    void purge();

                    @Query("SELECT o.id FROM Order o WHERE o.card LIKE :prefix%")
                    List<Long> byCardPrefix(String prefix);
                }
                """);
        Fixture.edit(project, "shop/jpa/Reports.java", """
                package shop.jpa;

                public class Reports {
                    private final OrderRepository orders;

                    public Reports(OrderRepository orders) {
                        this.orders = orders;
                    }

                    public int large() {
                        return orders.large(1000).size();
                    }
                }
                """);
        Fixture.edit(project, "shop/UserMapper.java", """
                package shop;

                import org.apache.ibatis.annotations.Select;

                public interface UserMapper {
                    @Select({"SELECT id, email", "FROM users WHERE id = #{id}"})
                    shop.web.UserDto find(long id);
                }
                """);
        Fixture.compile(project);
        JvmScan.Result r = scan(JvmScan.Dispatch.CHA);
        // Spring Data's JPQL, mapped through the entity, and reached from a caller through the interface the framework implements
        Reachability fromReports = cg.getReachableDataFrom("shop.jpa.Reports#large()I", new ReachOptions(5, null, false)).orElseThrow();
        assertEquals(1, fromReports.access().size(), fromReports.toString());
        ReachedAccess large = fromReports.access().get(0);
        assertEquals("orders", large.table());
        assertEquals(Operation.READ, large.operation());
        assertEquals(List.of("card_number", "id", "total_cents"), large.fields().stream().map(FieldInfo::name).sorted().toList());
        assertEquals("shop.jpa.OrderRepository#large(J)Ljava/util/List;", large.functionId());
        // native SQL as written
        ReachedAccess purge = only("shop.jpa.OrderRepository#purge()V");
        assertEquals("orders", purge.table());
        assertEquals(Operation.DELETE, purge.operation());
        // Spring Data's LIKE shorthand is no JPQL: parsed as the parameter it stands for
        assertEquals(List.of("card_number", "id"), only("shop.jpa.OrderRepository#byCardPrefix(Ljava/lang/String;)Ljava/util/List;").fields()
                .stream().map(FieldInfo::name).sorted().toList());
        // MyBatis: the statement's strings joined, its #{parameters} as parameters
        ReachedAccess find = only("shop.UserMapper#find(J)Lshop/web/UserDto;");
        assertEquals("users", find.table());
        assertEquals(List.of("email", "id"), find.fields().stream().map(FieldInfo::name).sorted().toList());
        assertEquals(0L, r.summary().get("sql_unparsed"), r.summary().toString());
    }

    @Test
    void aSpringDataRepositorysDerivedQueriesAndInheritedMethodsAreDataAccessOfItsEntitysTable() throws Exception {
        Fixture.edit(project, "shop/jpa/OrderStore.java", """
                package shop.jpa;

                import java.util.List;
                import org.springframework.data.jpa.repository.JpaRepository;

                public interface OrderStore extends JpaRepository<Order, Long> {
                    List<Order> findByCardAndTotalGreaterThanOrderByIdDesc(String card, long total);

                    long countByCardIsNull();

                    void deleteByTotalLessThan(long total);

                    List<Order> recentOnes();

                    default int all() {
                        return findAll().size();
                    }
                }
                """);
        Fixture.edit(project, "shop/jpa/Checkout.java", """
                package shop.jpa;

                public class Checkout {
                    private final OrderStore orders;

                    public Checkout(OrderStore orders) {
                        this.orders = orders;
                    }

                    public void place(Order o) {
                        orders.save(o);
                    }

                    public long big(String card) {
                        return orders.findByCardAndTotalGreaterThanOrderByIdDesc(card, 1000).size() + orders.countByCardIsNull();
                    }

                    public void forget(long id) {
                        orders.deleteById(id);
                    }

                    public void drop(Order o) {
                        java.util.Optional.of(o).ifPresent(orders::delete);
                    }
                }
                """);
        Fixture.compile(project);
        scan(JvmScan.Dispatch.CHA);
        String store = "shop.jpa.OrderStore#";
        // derived queries: the entity's table, and the columns their names name, mapped through the entity
        ReachedAccess find = only(store + "findByCardAndTotalGreaterThanOrderByIdDesc(Ljava/lang/String;J)Ljava/util/List;");
        assertEquals("orders", find.table());
        assertEquals(Operation.READ, find.operation());
        assertEquals(List.of("card_number", "total_cents", "id"), find.fields().stream().map(FieldInfo::name).toList());
        ReachedAccess count = only(store + "countByCardIsNull()J");
        assertEquals(Operation.READ, count.operation());
        assertEquals(List.of("card_number"), count.fields().stream().map(FieldInfo::name).toList());
        ReachedAccess delete = only(store + "deleteByTotalLessThan(J)V");
        assertEquals(Operation.DELETE, delete.operation());
        assertEquals(List.of("total_cents"), delete.fields().stream().map(FieldInfo::name).toList());
        // a name that is no query is none
        assertTrue(cg.getReachableDataFrom(store + "recentOnes()Ljava/util/List;", new ReachOptions(0, null, false)).orElseThrow()
                .access().isEmpty());
        // the methods Spring Data implements are data access of their callers, even in the repository's own default method
        ReachedAccess save = only("shop.jpa.Checkout#place(Lshop/jpa/Order;)V");
        assertEquals("orders", save.table());
        assertEquals(Operation.WRITE, save.operation());
        assertEquals(11, save.line());
        assertEquals(Operation.DELETE, only("shop.jpa.Checkout#forget(J)V").operation());
        // a bound method reference: its handle names CrudRepository, its captured receiver the repository
        assertEquals(Operation.DELETE, only("shop.jpa.Checkout#drop(Lshop/jpa/Order;)V").operation());
        assertEquals(Operation.READ, only(store + "all()I").operation());
        Reachability big = cg.getReachableDataFrom("shop.jpa.Checkout#big(Ljava/lang/String;)J", new ReachOptions(5, null, false)).orElseThrow();
        assertEquals(Set.of(store + "findByCardAndTotalGreaterThanOrderByIdDesc(Ljava/lang/String;J)Ljava/util/List;", store + "countByCardIsNull()J"),
                big.access().stream().map(ReachedAccess::functionId).collect(Collectors.toSet()));
        // a call named save on anything else is no data access
        assertTrue(cg.getReachableDataFrom("shop.Main#main([Ljava/lang/String;)V", new ReachOptions(0, null, false)).orElseThrow()
                .access().isEmpty());
    }

    @Test
    void methodsAFrameworkCallsOnItsOwnAreEntryPoints() throws Exception {
        String retention = "@java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)\n";
        Fixture.edit(project, "org/springframework/scheduling/annotation/Scheduled.java", "package org.springframework.scheduling.annotation;\n\n"
                + retention + "public @interface Scheduled {\n    String cron() default \"\";\n}\n");
        Fixture.edit(project, "org/springframework/kafka/annotation/KafkaListener.java", "package org.springframework.kafka.annotation;\n\n"
                + retention + "public @interface KafkaListener {\n    String[] topics() default {};\n}\n");
        Fixture.edit(project, "org/springframework/boot/CommandLineRunner.java", "package org.springframework.boot;\n\n"
                + "public interface CommandLineRunner {\n    void run(String... args) throws Exception;\n}\n");
        Fixture.edit(project, "shop/Jobs.java", """
                package shop;

                import org.springframework.kafka.annotation.KafkaListener;
                import org.springframework.scheduling.annotation.Scheduled;

                public class Jobs implements org.springframework.boot.CommandLineRunner {
                    private final UserService users;

                    public Jobs(UserService users) {
                        this.users = users;
                    }

                    @Scheduled(cron = "0 0 3 * * *")
                    public void nightly() throws Exception {
                        users.find(1L);
                    }

                    @KafkaListener(topics = "users")
                    public void onMessage(String message) {
                    }

                    @Override
                    public void run(String... args) {
                    }

                    public void helper() {
                    }
                }
                """);
        Fixture.compile(project);
        scan(JvmScan.Dispatch.CHA);
        for (String id : List.of("shop.Jobs#nightly()V", "shop.Jobs#onMessage(Ljava/lang/String;)V", "shop.Jobs#run([Ljava/lang/String;)V")) {
            assertTrue(cg.getFunction(id).orElseThrow().entryPoint(), id);
        }
        assertFalse(cg.getFunction("shop.Jobs#helper()V").orElseThrow().entryPoint());
        // the nightly job is among the entry points that reach the users table
        assertTrue(cg.whoReaches("users", null).stream().anyMatch(e -> e.entryPoint().id().equals("shop.Jobs#nightly()V")));
    }

    @Test
    void anHttpClientsInterfaceServesNoEndpoint() throws Exception {
        Fixture.edit(project, "org/springframework/cloud/openfeign/FeignClient.java", "package org.springframework.cloud.openfeign;\n\n"
                + "@java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)\n"
                + "public @interface FeignClient {\n    String name() default \"\";\n}\n");
        Fixture.edit(project, "shop/web/BillingClient.java", """
                package shop.web;

                import org.springframework.cloud.openfeign.FeignClient;
                import org.springframework.web.bind.annotation.GetMapping;
                import org.springframework.web.bind.annotation.PathVariable;

                @FeignClient(name = "billing")
                public interface BillingClient {
                    @GetMapping("/api/invoices/{id}")
                    UserDto invoice(@PathVariable("id") long id);
                }
                """);
        Fixture.compile(project);
        scan(JvmScan.Dispatch.CHA);
        // the same mapping annotations: a call this service makes to another, not an endpoint of its own
        assertFalse(cg.getFunction("shop.web.BillingClient#invoice(J)Lshop/web/UserDto;").orElseThrow().entryPoint());
        assertTrue(ContractStore.of(db).getContract("jvm:GET /api/invoices/{id}").isEmpty());
        assertTrue(ContractStore.of(db).getContract("jvm:GET /api/users/{id}").isPresent());
    }

    @Test
    void aSpringBootApplicationNamesItsTablesAndColumnsInSnakeCase() throws Exception {
        Fixture.edit(project, "shop/jpa/LineItem.java", """
                package shop.jpa;

                @javax.persistence.Entity
                public class LineItem {
                    private long id;
                    private long unitPrice;
                    @javax.persistence.Column(name = "orderRef")
                    private long order;
                }
                """);
        Fixture.edit(project, "shop/jpa/LineItems.java", """
                package shop.jpa;

                import javax.persistence.EntityManager;

                public class LineItems {
                    public static Object expensive(EntityManager em) {
                        return em.createQuery("SELECT i.order FROM LineItem i WHERE i.unitPrice > 100").getResultList();
                    }
                }
                """);
        Fixture.compile(project);
        String expensive = "shop.jpa.LineItems#expensive(Ljavax/persistence/EntityManager;)Ljava/lang/Object;";
        JvmScan.Result plain = scan(JvmScan.Dispatch.CHA);
        // plain JPA: the names as written
        assertEquals("lineitem", only(expensive).table());
        assertEquals(List.of("orderref", "unitprice"), only(expensive).fields().stream().map(FieldInfo::name).sorted().toList());
        Fixture.edit(project, "org/springframework/boot/autoconfigure/SpringBootApplication.java",
                "package org.springframework.boot.autoconfigure;\n\n@java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)\n"
                        + "public @interface SpringBootApplication {\n}\n");
        Fixture.edit(project, "shop/App.java", "package shop;\n\n@org.springframework.boot.autoconfigure.SpringBootApplication\n"
                + "public class App {\n}\n");
        Fixture.compile(project);
        JvmScan.Result boot = scan(JvmScan.Dispatch.CHA);
        // Spring Boot's default naming, explicit names too; the orders table of Order is named so already
        assertEquals("line_item", only(expensive).table());
        assertEquals(List.of("order_ref", "unit_price"), only(expensive).fields().stream().map(FieldInfo::name).sorted().toList());
        assertEquals("orders", only("shop.jpa.Orders#big()Ljava/util/List;").table());
        // the naming moves every file's data access: the rescan writes every file
        assertEquals(boot.summary().get("files_written"), (long) plain.scan().files().added() + 1, boot.summary().toString());
    }

    private ReachedAccess only(String function) {
        Reachability r = cg.getReachableDataFrom(function, new ReachOptions(0, null, false)).orElseThrow();
        assertEquals(1, r.access().size(), r.toString());
        return r.access().get(0);
    }

    @Test
    void endpointsAreEntryPointsAndContractsWithTheirDtosFields() {
        scan(JvmScan.Dispatch.CHA);
        assertTrue(cg.getFunction(GET).orElseThrow().entryPoint());
        assertTrue(cg.getFunction("shop.rs.Health#ping()Ljava/lang/String;").orElseThrow().entryPoint());
        assertFalse(cg.getFunction(FIND_ID).orElseThrow().entryPoint());
        ContractStore contracts = ContractStore.of(db);
        Contract get = contracts.getContract("jvm:GET /api/users/{id}").orElseThrow();
        assertEquals("shop/web/UserController.java", get.row().backend().file());
        assertEquals("spring", get.row().backend().framework());
        assertEquals(List.of(new ResponseField("id", "number", false, false), new ResponseField("email", "string", true, true),
                new ResponseField("roles", "array", true, true)), get.row().backend().responseFields());
        assertEquals(List.of(), get.row().backend().requestFields());
        // a request body: Spring's @RequestBody parameter, JAX-RS's entity parameter (not the query parameter)
        List<ResponseField> body = List.of(new ResponseField("email", "string", true, true), new ResponseField("notify", "boolean", false, false));
        assertEquals(body, contracts.getContract("jvm:POST /api/users/{id}/email").orElseThrow().row().backend().requestFields());
        assertEquals(body, contracts.getContract("jvm:POST /health/probe").orElseThrow().row().backend().requestFields());
        assertTrue(contracts.getContract("jvm:GET /health").isPresent());
        assertEquals("jax-rs", contracts.getContract("jvm:GET /health").orElseThrow().row().backend().framework());
        // Spring's TRACE is no contract method: the mapping is skipped, the scan goes on
        assertTrue(contracts.getContract("jvm:TRACE /api/users/trace").isEmpty());
    }

    @Test
    void whoReachesASensitiveColumnAnswersWithTheEntryPointsAndTheirPaths() {
        scan(JvmScan.Dispatch.CHA);
        Map<String, List<String>> who = cg.whoReaches("users", "password_hash").stream()
                .collect(Collectors.toMap(e -> e.entryPoint().id(), EntryPath::path));
        assertEquals(Set.of(MAIN, GET), who.keySet(), who.toString());
        assertEquals(List.of(GET, FIND_ID, BY_ID), who.get(GET));
        assertEquals(List.of(MAIN, FIND_ID, BY_ID), who.get(MAIN));
        // the endpoint that renames reaches the table, not the password
        assertTrue(cg.whoReaches("users", null).stream().anyMatch(e -> e.entryPoint().id().equals("shop.web.UserController#rename(JLshop/web/RenameRequest;)V")));
        Reachability fromGet = cg.getReachableDataFrom(GET, new ReachOptions(100, null, true)).orElseThrow();
        assertEquals(List.of("users"), fromGet.access().stream().map(ReachedAccess::table).distinct().toList());
    }

    @Test
    void anUnchangedRescanWritesNothingAndAChangedClassRewritesOnlyWhatDependsOnIt() throws Exception {
        JvmScan.Result first = scan(JvmScan.Dispatch.CHA);
        long files = (long) first.summary().get("files_written");
        assertEquals(15L, files, "one per source file: " + first.summary());
        JvmScan.Result again = scan(JvmScan.Dispatch.CHA);
        assertEquals(0L, again.summary().get("files_written"), again.summary().toString());
        assertEquals(files, again.summary().get("files_unchanged"));
        assertEquals(0L, again.scan().totalRows(), "nothing written: " + again.scan());
        // the same bytes with new file times: the classes are read again (the inputs' fingerprint moved), and
        // their content hashes still say nothing changed
        try (java.util.stream.Stream<java.nio.file.Path> all = java.nio.file.Files.walk(project.resolve("classes"))) {
            for (java.nio.file.Path f : all.filter(java.nio.file.Files::isRegularFile).toList()) {
                java.nio.file.Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5_000));
            }
        }
        JvmScan.Result touched = scan(JvmScan.Dispatch.CHA);
        assertEquals(0L, touched.summary().get("files_written"), touched.summary().toString());
        assertEquals(files, touched.summary().get("files_unchanged"));
        assertTrue(((java.util.Map<?, ?>) touched.summary().get("phases_ms")).containsKey("plan"), "read, not skipped: " + touched.summary());
        assertEquals(0L, touched.scan().totalRows(), "nothing written: " + touched.scan());

        // a body change in one class: that file only (nothing calls a method it alone declares)
        Fixture.edit(project, "shop/Audit.java", """
                package shop;

                public final class Audit {
                    private Audit() {
                    }

                    public static void log(String line) {
                        System.err.println("audit: " + line);
                    }
                }
                """);
        Fixture.compile(project);
        JvmScan.Result edited = scan(JvmScan.Dispatch.CHA);
        assertEquals(1L, edited.summary().get("files_written"), edited.summary().toString());
        assertEquals("java.io.PrintStream#println(Ljava/lang/String;)V", cg.getCallees("shop.Audit#log(Ljava/lang/String;)V").stream()
                .filter(s -> s.target().equals("println")).findFirst().orElseThrow().calleeId());
        // the callers of Audit.log, not rewritten, still reach it
        assertTrue(ids(cg.getCallers("shop.Audit#log(Ljava/lang/String;)V"), EdgeKind.STATIC).contains("shop.EmailNotifier#" + SEND));

        // a new implementation of an interface: the file, and the callers of the interface's method
        Fixture.edit(project, "shop/PushNotifier.java", """
                package shop;

                public class PushNotifier implements Notifier {
                    @Override
                    public void send(String message) {
                    }
                }
                """);
        Fixture.compile(project);
        JvmScan.Result added = scan(JvmScan.Dispatch.CHA);
        assertTrue(ids(cg.getCallees(MAIN), EdgeKind.CHA).contains("shop.PushNotifier#" + SEND));
        long written = (long) added.summary().get("files_written");
        assertTrue(written >= 2 && written < files, added.summary().toString());

        // removed again: its function and the edges to it go
        Fixture.edit(project, "shop/PushNotifier.java", null);
        Fixture.compile(project);
        scan(JvmScan.Dispatch.CHA);
        assertTrue(cg.getFunction("shop.PushNotifier#" + SEND).isEmpty());
        assertFalse(ids(cg.getCallees(MAIN), EdgeKind.CHA).contains("shop.PushNotifier#" + SEND));
    }

    @Test
    void badInputIsAClearErrorAndStoresNothing() throws Exception {
        scan(JvmScan.Dispatch.CHA);
        long functions = cg.findByName("find").size();
        StorageException missing = assertThrows(StorageException.class, () -> JvmScan.scan(db, ScanRequest.snapshot("/x"),
                List.of(dir.resolve("nope").toString()), JvmScan.Dispatch.CHA));
        assertEquals(StorageErrorCode.NOT_FOUND, missing.code());
        assertTrue(missing.getMessage().contains("nope"), missing.getMessage());
        // a class file that is not one: the error names it, the previous scan stays whole
        java.nio.file.Files.write(project.resolve("classes/shop/Broken.class"), new byte[] {(byte) 0xca, (byte) 0xfe, 1, 2, 3});
        StorageException broken = assertThrows(StorageException.class, () -> scan(JvmScan.Dispatch.CHA));
        assertTrue(broken.getMessage().contains("Broken.class"), broken.getMessage());
        assertEquals(StorageErrorCode.BAD_INPUT, broken.code());
        assertEquals(functions, cg.findByName("find").size());
        assertTrue(cg.getFunction(MAIN).isPresent());
    }

    @Test
    void aScanThatFindsNoClassIsRefusedUnlessAllowedBecauseItWouldEmptyTheStore() throws Exception {
        JvmScan.Result first = scan(JvmScan.Dispatch.CHA);
        Path empty = java.nio.file.Files.createDirectories(dir.resolve("target-not-built"));
        StorageException e = assertThrows(StorageException.class, () -> JvmScan.scan(db, ScanRequest.snapshot(project.toString()),
                List.of(empty.toString()), JvmScan.Dispatch.CHA));
        assertEquals(StorageErrorCode.NOT_FOUND, e.code());
        assertTrue(e.getMessage().contains("no class file in " + empty) && e.getMessage().contains("would remove the "
                + first.scan().files().added() + " files"), e.getMessage());
        assertTrue(cg.getFunction(MAIN).isPresent(), "nothing removed");
        assertEquals(first.scan().id(), db.lastScan().orElseThrow().id(), "the refused scan is not the last one");
        // a merge of nothing removes nothing: not refused
        JvmScan.scan(db, ScanRequest.merge(project.toString()), List.of(empty.toString()), JvmScan.Dispatch.CHA);
        assertTrue(cg.getFunction(MAIN).isPresent());
        // asked for, it empties the store (the same inputs as the merge just before: that merge kept the files, so this
        // snapshot is not "nothing changed since the last scan")
        JvmScan.Result emptied = JvmScan.scan(db, ScanRequest.snapshot(project.toString()), List.of(empty.toString()), JvmScan.Dispatch.CHA, true);
        assertEquals(first.scan().files().added(), emptied.scan().files().removed());
        assertTrue(cg.getFunction(MAIN).isEmpty());
        // an empty store is not emptied, but a scan of nothing is still a mistake unless asked for; jars below the
        // folder's top level, which are not read, are named
        Path other = java.nio.file.Files.createDirectories(dir.resolve("deps"));
        Path nested = java.nio.file.Files.createDirectories(other.resolve("2.17.0"));
        java.nio.file.Files.write(nested.resolve("dep.jar"), zipOf("a/A.class", new byte[] {1}));
        StorageException none = assertThrows(StorageException.class, () -> JvmScan.scan(db, ScanRequest.snapshot(project.toString()),
                List.of(other.toString()), JvmScan.Dispatch.CHA));
        assertTrue(none.getMessage().contains("(1 jar in its subfolders, such as " + nested.resolve("dep.jar") + ", are not read")
                && none.getMessage().contains(": nothing stored"), none.getMessage());
        JvmScan.scan(db, ScanRequest.snapshot(project.toString()), List.of(other.toString()), JvmScan.Dispatch.CHA, true);
    }

    @Test
    void aDamagedJarOrAFileThatIsNoClassIsNamedAndStoresNothing() throws Exception {
        scan(JvmScan.Dispatch.CHA);
        Path lib = java.nio.file.Files.createDirectories(dir.resolve("lib"));
        // a jar cut short (a download interrupted): named, not the folder holding it
        Path jar = lib.resolve("cut.jar");
        java.nio.file.Files.write(jar, java.util.Arrays.copyOf(zipOf("a/A.class", new byte[] {(byte) 0xca, (byte) 0xfe, (byte) 0xba,
                (byte) 0xbe, 0, 0, 0, 52, 0, 0}), 30));
        StorageException cut = assertThrows(StorageException.class, () -> JvmScan.scan(db, ScanRequest.snapshot(project.toString()),
                List.of(project.resolve("classes").toString(), lib.toString()), JvmScan.Dispatch.CHA));
        assertEquals(StorageErrorCode.BAD_INPUT, cut.code());
        assertTrue(cut.getMessage().contains("cannot read the jar " + jar.toAbsolutePath()), cut.getMessage());
        java.nio.file.Files.delete(jar);
        // a file named .class that holds text
        Path text = project.resolve("classes/shop/Notes.class");
        java.nio.file.Files.writeString(text, "not bytecode at all");
        StorageException notClass = assertThrows(StorageException.class, () -> scan(JvmScan.Dispatch.CHA));
        assertEquals(StorageErrorCode.BAD_INPUT, notClass.code());
        assertTrue(notClass.getMessage().contains("Notes.class: not a class file (19 bytes, not beginning with 0xCAFEBABE"),
                notClass.getMessage());
        assertTrue(cg.getFunction(MAIN).isPresent());
    }

    @Test
    void aSnapshotOfTheInputsOfTheMergeBeforeItStillRemovesWhatThatMergeKept() {
        String root = project.toString();
        List<String> both = List.of(project.resolve("classes").toString(), project.resolve("lib").toString());
        List<String> classes = List.of(project.resolve("classes").toString());
        JvmScan.Result all = JvmScan.scan(db, ScanRequest.snapshot(root), both, JvmScan.Dispatch.CHA);
        JvmScan.Result merge = JvmScan.scan(db, ScanRequest.merge(root), classes, JvmScan.Dispatch.CHA);
        assertEquals(0, merge.scan().files().removed());
        // the same inputs, unchanged, as the last scan: but that scan was a merge, which kept the lib's files
        JvmScan.Result snapshot = JvmScan.scan(db, ScanRequest.snapshot(root), classes, JvmScan.Dispatch.CHA);
        long libFiles = all.scan().files().added() - merge.scan().files().unchanged();
        assertTrue(libFiles > 0, all + " / " + merge);
        assertEquals(libFiles, snapshot.scan().files().removed(), snapshot.scan().toString());
        // and a snapshot of them again is "nothing changed"
        JvmScan.Result again = JvmScan.scan(db, ScanRequest.snapshot(root), classes, JvmScan.Dispatch.CHA);
        assertEquals(0, again.scan().files().removed());
        assertEquals(merge.scan().files().unchanged(), again.scan().files().unchanged());
    }

    @Test
    void aPackagedApplicationIsReadAsItsOwnClassesAndItsLibrariesWhenAsked() throws Exception {
        // the reference: the application's classes and its library, given as they are
        DatabaseManager plain = DatabaseManager.open(DatabaseConfig.defaults(dir.resolve("plain.db")));
        JvmScan.Result reference;
        Map<String, Map<String, Object>> referenceStatus;
        try (plain) {
            reference = JvmScan.scan(plain, ScanRequest.snapshot(project.toString()), List.of(project.resolve("classes").toString(),
                    project.resolve("lib").toString()), JvmScan.Dispatch.CHA);
            referenceStatus = plain.status().sections();
        }
        java.util.Map<String, byte[]> framework = entries(project.resolve("lib"), "");
        byte[] libJar = archiveOf(framework);
        // a Spring Boot jar: BOOT-INF/classes and BOOT-INF/lib
        java.util.Map<String, byte[]> boot = entries(project.resolve("classes"), "BOOT-INF/classes/");
        boot.put("BOOT-INF/lib/framework.jar", libJar);
        Path app = dir.resolve("app.jar");
        java.nio.file.Files.write(app, archiveOf(boot));
        Set<String> tempBefore = scanTemps();

        JvmScan.Result own = JvmScan.scan(db, ScanRequest.snapshot(project.toString()), List.of(app.toString()), JvmScan.Options.defaults());
        assertTrue(cg.getFunction(MAIN).isPresent());
        assertEquals(1L, own.summary().get("nested_archives_not_read"));
        assertEquals(List.of("1 archive inside the inputs was not read (such as jar:" + app.toAbsolutePath() + "!/BOOT-INF/lib/framework.jar): "
                + "a packaged application's libraries and modules are read with `drift scan --nested` (the scan option nested)"),
                own.summary().get(drift.storage.api.spi.Scanner.NOTES));
        assertTrue(own.scan().files().added() < reference.scan().files().added(), "the library's files are not read");
        // nothing changed: the note again, from the last scan's record
        JvmScan.Result again = JvmScan.scan(db, ScanRequest.snapshot(project.toString()), List.of(app.toString()), JvmScan.Options.defaults());
        assertEquals(own.scan().files().added(), again.scan().files().unchanged());
        assertEquals(own.summary().get(drift.storage.api.spi.Scanner.NOTES), again.summary().get(drift.storage.api.spi.Scanner.NOTES));

        // asked for, the library too: the store as for the two inputs given apart
        JvmScan.Options nested = JvmScan.Options.defaults().readingNestedArchives();
        JvmScan.Result all = JvmScan.scan(db, ScanRequest.snapshot(project.toString()), List.of(app.toString()), nested);
        assertNull(all.summary().get("nested_archives_not_read"));
        assertEquals(reference.scan().files().added(), all.scan().files().added() + all.scan().files().changed() + all.scan().files().unchanged());
        assertEquals(referenceStatus, db.status().sections(), "functions, calls by kind and resolution, data access, contracts");

        // an ear holding a war holding the library: three archives deep; the copies of nested archives are gone after
        java.util.Map<String, byte[]> web = entries(project.resolve("classes"), "WEB-INF/classes/");
        web.put("WEB-INF/lib/framework.jar", libJar);
        Path ear = dir.resolve("shop.ear");
        java.nio.file.Files.write(ear, archiveOf(new java.util.TreeMap<>(java.util.Map.of("shop.war", archiveOf(web)))));
        JvmScan.Result deep = JvmScan.scan(db, ScanRequest.snapshot(project.toString()), List.of(ear.toString()), nested);
        assertEquals(referenceStatus, db.status().sections());
        assertEquals(tempBefore, scanTemps(), "the nested archives' copies are deleted");
        // one level more, and the library is too deep even when asked: said, not followed (a zip may hold itself)
        Path outer = dir.resolve("outer.ear");
        java.nio.file.Files.write(outer, archiveOf(new java.util.TreeMap<>(java.util.Map.of("shop.ear", java.nio.file.Files.readAllBytes(ear)))));
        JvmScan.Result tooDeep = JvmScan.scan(db, ScanRequest.snapshot(project.toString()), List.of(outer.toString()), nested);
        assertEquals(List.of("1 archive was not read for being nested more than 3 deep (such as jar:" + outer.toAbsolutePath()
                + "!/shop.ear!/shop.war!/WEB-INF/lib/framework.jar): pass it apart"), tooDeep.summary().get(drift.storage.api.spi.Scanner.NOTES));
        assertTrue(cg.getFunction(MAIN).isPresent(), "the war's own classes, three deep, are read");
        // without --nested an ear has no class of its own: refused, saying why and how
        StorageException refused = assertThrows(StorageException.class, () -> JvmScan.scan(db, ScanRequest.snapshot(project.toString()),
                List.of(ear.toString()), JvmScan.Options.defaults()));
        assertTrue(refused.getMessage().contains("no class file in " + ear) && refused.getMessage().contains("1 archive inside the inputs was not read "
                + "(such as jar:" + ear.toAbsolutePath() + "!/shop.war)"), refused.getMessage());

        // a damaged library inside: named by its place in the archive; nothing stored
        boot.put("BOOT-INF/lib/framework.jar", java.util.Arrays.copyOf(libJar, 40));
        java.nio.file.Files.write(app, archiveOf(boot));
        StorageException damaged = assertThrows(StorageException.class, () -> JvmScan.scan(db, ScanRequest.snapshot(project.toString()),
                List.of(app.toString()), nested));
        assertEquals(StorageErrorCode.BAD_INPUT, damaged.code());
        assertTrue(damaged.getMessage().contains("jar:" + app.toAbsolutePath() + "!/BOOT-INF/lib/framework.jar"), damaged.getMessage());
        assertEquals(tooDeep.scan().id(), db.lastScan().orElseThrow().id());
        assertEquals(tempBefore, scanTemps());
    }

    @Test
    void aMultiModuleBuildIsReadAsTheMainClassesOfItsModules() throws Exception {
        DatabaseManager plain = DatabaseManager.open(DatabaseConfig.defaults(dir.resolve("plain.db")));
        Map<String, Map<String, Object>> reference;
        try (plain) {
            JvmScan.scan(plain, ScanRequest.snapshot(project.toString()), List.of(project.resolve("classes").toString(),
                    project.resolve("lib").toString()), JvmScan.Dispatch.CHA);
            reference = plain.status().sections();
        }
        // a Maven parent with a Maven module and a Gradle module, neither built yet
        Path root = java.nio.file.Files.createDirectories(dir.resolve("build-root"));
        java.nio.file.Files.writeString(root.resolve("pom.xml"), "<project/>");
        Path shop = java.nio.file.Files.createDirectories(root.resolve("shop"));
        java.nio.file.Files.writeString(shop.resolve("pom.xml"), "<project/>");
        Path framework = java.nio.file.Files.createDirectories(root.resolve("framework"));
        java.nio.file.Files.writeString(framework.resolve("build.gradle.kts"), "");
        StorageException unbuilt = assertThrows(StorageException.class, () -> JvmScan.scan(db, ScanRequest.snapshot(root.toString()),
                List.of(root.toString()), JvmScan.Dispatch.CHA));
        assertEquals(StorageErrorCode.NOT_FOUND, unbuilt.code());
        assertTrue(unbuilt.getMessage().contains("Maven project " + root + " has no built classes (target/classes in it or any of its 2 "
                + "modules): build it first"), unbuilt.getMessage());
        // built: their main classes are read, not their tests', nor what sits in build output or in node_modules
        copyTree(project.resolve("classes"), shop.resolve("target/classes"));
        copyTree(project.resolve("lib"), framework.resolve("build/classes/java/main"));
        copyTree(project.resolve("classes"), shop.resolve("target/test-classes/extra"));
        copyTree(project.resolve("lib"), framework.resolve("build/classes/java/test/extra"));
        Path ignored = java.nio.file.Files.createDirectories(root.resolve("node_modules/pkg"));
        java.nio.file.Files.writeString(ignored.resolve("pom.xml"), "<project/>");
        copyTree(project.resolve("classes"), ignored.resolve("target/classes/extra"));
        JvmScan.Result scanned = JvmScan.scan(db, ScanRequest.snapshot(root.toString()), List.of(root.toString()), JvmScan.Dispatch.CHA);
        assertEquals(0L, scanned.summary().get("duplicate_classes"));
        assertEquals(reference, db.status().sections());
        // and a rescan of the unchanged build reads nothing
        JvmScan.Result again = JvmScan.scan(db, ScanRequest.snapshot(root.toString()), List.of(root.toString()), JvmScan.Dispatch.CHA);
        assertEquals(scanned.scan().files().added(), again.scan().files().unchanged());
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (var files = java.nio.file.Files.walk(from)) {
            for (Path f : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                java.nio.file.Files.createDirectories(target.getParent());
                java.nio.file.Files.copy(f, target);
            }
        }
    }

    /** The files under {@code root}, as archive entries under {@code prefix}. */
    private static java.util.Map<String, byte[]> entries(Path root, String prefix) throws Exception {
        java.util.Map<String, byte[]> out = new java.util.TreeMap<>();
        try (var files = java.nio.file.Files.walk(root)) {
            for (Path f : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                out.put(prefix + root.relativize(f).toString().replace('\\', '/'), java.nio.file.Files.readAllBytes(f));
            }
        }
        return out;
    }

    private static byte[] archiveOf(java.util.Map<String, byte[]> entries) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(out)) {
            for (var e : entries.entrySet()) {
                z.putNextEntry(new java.util.zip.ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private static Set<String> scanTemps() throws Exception {
        try (var s = java.nio.file.Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("drift-scan-")).collect(Collectors.toSet());
        }
    }

    private static byte[] zipOf(String entry, byte[] content) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(out)) {
            z.putNextEntry(new java.util.zip.ZipEntry(entry));
            z.write(content);
            z.closeEntry();
        }
        return out.toByteArray();
    }
}
