package drift.it;

import drift.scan.jvm.Fixture;
import drift.scan.jvm.JvmScan;
import drift.storage.api.DatabaseConfig;
import drift.storage.api.DatabaseManager;
import drift.storage.api.ScanRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rescans of real bytecode are incremental and exact: after each edit of the fixture project (code only,
 * a new override, a changed supertype, a removed class, a DTO field, an entity's column, a class or a method
 * turned abstract, an override removed), a rescan of the store that saw every previous version answers exactly
 * what a first scan of the new version answers ({@link StoreDump}), writing at most the files the edit can move
 * (a method added to one class rewrites the calls of owners above it, not every call of its signature).
 */
class JvmRescanTest {
    @TempDir
    Path dir;

    /** One edit of the project, and the files its rescan must write at most. */
    private record Edit(String what, Step step, long maxFiles) {
    }

    private interface Step {
        void apply(Path project) throws Exception;
    }

    private static final List<Edit> EDITS = List.of(
            new Edit("code only", p -> Fixture.replace(p, "shop/Audit.java", "System.out.println(line)", "System.err.println(\"> \" + line)"), 1),
            new Edit("a new override of a class method", p -> Fixture.edit(p, "shop/CachedUserService.java", """
                    package shop;

                    import shop.web.UserDto;

                    public class CachedUserService extends UserService {
                        public CachedUserService(UserRepository repository) {
                            super(repository);
                        }

                        @Override
                        public UserDto find(long id) throws Exception {
                            return super.find(id);
                        }
                    }
                    """), 4),
            new Edit("supertypes and a call resolved through them", p -> {
                Fixture.edit(p, "shop/Base.java", "package shop;\n\npublic class Base {\n    public String describe() {\n        return \"base\";\n    }\n}\n");
                Fixture.edit(p, "shop/Other.java", "package shop;\n\npublic class Other {\n    public String describe() {\n        return \"other\";\n    }\n}\n");
                Fixture.edit(p, "shop/Sub.java", "package shop;\n\npublic class Sub extends Base {\n}\n");
                Fixture.edit(p, "shop/Describer.java", "package shop;\n\npublic class Describer {\n    public static String of(Sub s) {\n"
                        + "        return s.describe();\n    }\n}\n");
            }, 20),
            new Edit("a class moves under another superclass", p -> Fixture.replace(p, "shop/Sub.java", "extends Base", "extends Other"), 3),
            new Edit("an interface loses an implementation", p -> {
                Fixture.replace(p, "shop/PagerNotifier.java", "implements Notifier", "");
                Fixture.replace(p, "shop/PagerNotifier.java", "@Override", "");
            }, 3),
            new Edit("a class is removed", p -> {
                Fixture.edit(p, "shop/SmsNotifier.java", null);
                Fixture.replace(p, "shop/Main.java", "new SmsNotifier()", "new EmailNotifier()");
            }, 3),
            new Edit("a DTO gains a field", p -> Fixture.replace(p, "shop/web/UserDto.java", "private final String email;",
                    "private final String email;\n    private String displayName;"), 6),
            new Edit("a repository declares its JPQL in an annotation", p -> Fixture.edit(p, "shop/jpa/OrderRepository.java", """
                    package shop.jpa;

                    import org.springframework.data.jpa.repository.Query;

                    public interface OrderRepository {
                        // (it names the entity in its JPQL only)
                        @Query("SELECT o.id FROM Order o WHERE o.total > :min")
                        java.util.List<Long> largeIds(long min);
                    }
                    """), 1),
            new Edit("a Spring Data repository, its derived query and a caller of a method it inherits", p -> {
                Fixture.edit(p, "shop/jpa/OrderStore.java", """
                        package shop.jpa;

                        public interface OrderStore extends org.springframework.data.jpa.repository.JpaRepository<Order, Long> {
                            long countByTotalGreaterThan(long total);
                        }
                        """);
                // (it names no entity: what it accesses follows the repository's type argument)
                Fixture.edit(p, "shop/jpa/Cleanup.java", """
                        package shop.jpa;

                        public class Cleanup {
                            public static void forget(OrderStore orders, long id) {
                                orders.deleteById(id);
                            }
                        }
                        """);
                // (it names the repository only as its field's type and as the receiver its method reference captures)
                Fixture.edit(p, "shop/jpa/Dropper.java", """
                        package shop.jpa;

                        public class Dropper {
                            OrderStore orders;

                            public void drop(java.util.List<Long> gone) {
                                gone.forEach(orders::deleteById);
                            }
                        }
                        """);
            }, 3),
            // the JPQL of Orders (createQuery) and of OrderRepository (@Query), and OrderStore's derived query, name the
            // column through the entity (Cleanup and Dropper are rewritten too: they call a method named as a repository's)
            new Edit("an entity's column is renamed", p -> Fixture.replace(p, "shop/jpa/Order.java", "total_cents", "amount_cents"), 7),
            new Edit("a repository's entity changes", p -> {
                Fixture.edit(p, "shop/jpa/Item.java", """
                        package shop.jpa;

                        @javax.persistence.Entity
                        @javax.persistence.Table(name = "items")
                        public class Item {
                            private long id;
                            private long total;
                        }
                        """);
                Fixture.replace(p, "shop/jpa/OrderStore.java", "JpaRepository<Order, Long>", "JpaRepository<Item, Long>");
                // a new entity: every file whose JPQL or repository calls follow the entities is written again
            }, 6),
            // no entity changes: Cleanup's call and Dropper's reference move to the other table with the repository's type argument
            new Edit("a repository manages another entity", p -> Fixture.replace(p, "shop/jpa/OrderStore.java", "JpaRepository<Item, Long>",
                    "JpaRepository<Order, Long>"), 3),
            new Edit("a hierarchy for dispatch", p -> {
                Fixture.edit(p, "shop/geo/Shape.java", "package shop.geo;\n\npublic interface Shape {\n    double area();\n}\n");
                Fixture.edit(p, "shop/geo/Circle.java", "package shop.geo;\n\npublic class Circle implements Shape {\n"
                        + "    public double area() {\n        return 3.14;\n    }\n}\n");
                Fixture.edit(p, "shop/geo/SmallCircle.java", "package shop.geo;\n\npublic class SmallCircle extends Circle {\n"
                        + "    public double area() {\n        return 0.5;\n    }\n}\n");
                Fixture.edit(p, "shop/geo/Square.java", "package shop.geo;\n\npublic class Square implements Shape {\n"
                        + "    public double area() {\n        return 1;\n    }\n}\n");
                Fixture.edit(p, "shop/geo/Geometry.java", "package shop.geo;\n\npublic class Geometry {\n"
                        + "    public static String describe(Shape s) {\n        return s.toString() + s.area();\n    }\n}\n");
                // a call of the same signature on an unrelated owner: String.toString()
                Fixture.edit(p, "shop/geo/Labels.java", "package shop.geo;\n\npublic class Labels {\n"
                        + "    public static String of(String s) {\n        return s.toString();\n    }\n}\n");
                // a method reference that dispatches as s.area() does: its edges move with every later edit of area
                Fixture.edit(p, "shop/geo/Totals.java", "package shop.geo;\n\npublic class Totals {\n"
                        + "    public static double of(java.util.List<Shape> shapes) {\n"
                        + "        return shapes.stream().mapToDouble(Shape::area).sum();\n    }\n}\n");
            }, 7),
            // the new toString is a target of Shape.toString() (Geometry), not of String.toString() (Labels)
            new Edit("an implementation gains a method other owners' calls name too", p -> Fixture.replace(p, "shop/geo/Square.java",
                    "    public double area() {", "    @Override\n    public String toString() {\n        return \"square\";\n    }\n\n"
                            + "    public double area() {"), 2),
            // an abstract class is no receiver: Circle.area leaves Shape.area()'s targets (SmallCircle's stays)
            new Edit("a class becomes abstract", p -> Fixture.replace(p, "shop/geo/Circle.java", "public class Circle", "public abstract class Circle"),
                    4),
            // SmallCircle now runs the area it inherits: the target moves up to Circle.area
            new Edit("an override is removed, the inherited method runs instead", p -> Fixture.replace(p, "shop/geo/SmallCircle.java",
                    "    public double area() {\n        return 0.5;\n    }\n", ""), 4),
            // Circle.area turns abstract and SmallCircle overrides it again: the target moves back down
            new Edit("a method becomes abstract", p -> {
                Fixture.replace(p, "shop/geo/Circle.java", "    public double area() {\n        return 3.14;\n    }\n",
                        "    public abstract double area();\n");
                Fixture.replace(p, "shop/geo/SmallCircle.java", "public class SmallCircle extends Circle {\n",
                        "public class SmallCircle extends Circle {\n    public double area() {\n        return 0.25;\n    }\n");
            }, 4),
            // only a method's kind moves (a native method has no body to reach): Square.area leaves Shape.area()'s targets
            new Edit("a method loses its body", p -> Fixture.replace(p, "shop/geo/Square.java", "    public double area() {\n        return 1;\n    }\n",
                    "    public native double area();\n"), 3));

    private static DatabaseManager open(Path db) {
        return DatabaseManager.open(DatabaseConfig.defaults(db));
    }

    private static JvmScan.Result scan(Path db, Path project, JvmScan.Dispatch dispatch) {
        try (DatabaseManager m = open(db)) {
            return JvmScan.scan(m, ScanRequest.snapshot(project.toString()), List.of(project.resolve("classes").toString()), dispatch);
        }
    }

    @Test
    void everyRescanUnderChaEqualsAFirstScanOfTheSameCode() throws Exception {
        rescans(JvmScan.Dispatch.CHA);
    }

    @Test
    void everyRescanUnderRtaEqualsAFirstScanOfTheSameCode() throws Exception {
        rescans(JvmScan.Dispatch.RTA);
    }

    /** Every rescan loaded whole (as a rescan that rewrites most of the code is): the same answers as a first scan. */
    @Test
    void everyRescanLoadedWholeEqualsAFirstScanOfTheSameCode() throws Exception {
        System.setProperty("drift.scan.jvm.load-whole-share", "0");
        try {
            Path project = Fixture.copy(dir.resolve("project"));
            Path store = dir.resolve("rescanned.db");
            scan(store, project, JvmScan.Dispatch.CHA);
            int round = 0;
            for (Edit e : EDITS) {
                round++;
                e.step().apply(project);
                Fixture.compile(project);
                JvmScan.Result r = scan(store, project, JvmScan.Dispatch.CHA);
                assertEquals(true, r.summary().get("loaded_whole"), e.what() + ": " + r.summary());
                Path fresh = dir.resolve("fresh-" + round + ".db");
                scan(fresh, project, JvmScan.Dispatch.CHA);
                String diff = StoreDump.difference(StoreDump.of(fresh), StoreDump.of(store));
                assertNull(diff, "after '" + e.what() + "': a first scan (first) and the rescan (second) differ in " + diff);
            }
        } finally {
            System.clearProperty("drift.scan.jvm.load-whole-share");
        }
    }

    /** A store written before types were (no types for its files): the coarser rule, and still a first scan's answers. */
    @Test
    void aStoreWithoutTypesIsRescannedByTheCoarserRuleAndStillEqualsAFirstScan() throws Exception {
        Path project = Fixture.copy(dir.resolve("project"));
        Path store = dir.resolve("rescanned.db");
        scan(store, project, JvmScan.Dispatch.CHA);
        try (DatabaseManager m = open(store)) {
            m.write(w -> w.update("DELETE FROM callgraph_type"));
        }
        int round = 0;
        for (Edit e : EDITS.subList(1, 5)) {
            round++;
            e.step().apply(project);
            Fixture.compile(project);
            scan(store, project, JvmScan.Dispatch.CHA);
            Path fresh = dir.resolve("fresh-" + round + ".db");
            scan(fresh, project, JvmScan.Dispatch.CHA);
            // (the rescan stores the types of the files it writes; the others stay without)
            java.util.Map<String, List<String>> first = StoreDump.of(fresh);
            java.util.Map<String, List<String>> second = StoreDump.of(store);
            first.remove("types");
            second.remove("types");
            String diff = StoreDump.difference(first, second);
            assertNull(diff, "after '" + e.what() + "': a first scan (first) and the rescan (second) differ in " + diff);
        }
    }

    private void rescans(JvmScan.Dispatch dispatch) throws Exception {
        Path project = Fixture.copy(dir.resolve("project"));
        Path store = dir.resolve("rescanned.db");
        scan(store, project, dispatch);
        List<String> written = new ArrayList<>();
        int round = 0;
        for (Edit e : EDITS) {
            round++;
            e.step().apply(project);
            Fixture.compile(project);
            JvmScan.Result r = scan(store, project, dispatch);
            Path fresh = dir.resolve("fresh-" + round + ".db");
            JvmScan.Result full = scan(fresh, project, dispatch);
            String diff = StoreDump.difference(StoreDump.of(fresh), StoreDump.of(store));
            assertNull(diff, "after '" + e.what() + "': a first scan (first) and the rescan (second) differ in " + diff);
            long files = (long) r.summary().get("files_written");
            written.add(e.what() + ": " + files + " of " + full.summary().get("files_written"));
            if (dispatch == JvmScan.Dispatch.CHA) {
                assertTrue(files <= e.maxFiles(), "after '" + e.what() + "' the rescan wrote " + r.summary());
            }
        }
        System.out.println(dispatch + " rescans, files written: " + written);
        // and nothing changed: nothing written
        assertEquals(0L, scan(store, project, dispatch).summary().get("files_written"));
    }
}
