/**
 * The test kit for domain authors: {@link drift.storage.testkit.DriftStore}, a JUnit 5 extension that gives each
 * test a fresh database in a temp folder (or a fresh schema of a PostgreSQL server the kit starts, with
 * {@code -Ddrift.test.engine=postgresql}), and {@link drift.storage.testkit.DomainContract}, the suite of rules
 * every domain keeps. Built on the public API only; the engine comes at run time.
 */
module drift.storage.testkit {
    requires transitive drift.storage.api;
    requires transitive org.junit.jupiter.api;
    // the PostgreSQL server of -Ddrift.test.engine=postgresql (an automatic module)
    requires embedded.postgres;

    exports drift.storage.testkit;
}
