/**
 * JMH microbenchmarks of the store's hot paths (see the module's README). They open real stores
 * through {@link drift.storage.api.DatabaseManager} with their own small domain and reach SQLite only
 * through the public API: the module does not read {@code java.sql}, so javac itself keeps JDBC out.
 *
 * <p>JMH's annotation processor writes its harness into {@code drift.jmh.jmh_generated}, a package of
 * this module like any other. Nothing is exported or opened: the benchmarks run from the shaded
 * {@code target/benchmarks.jar} on the class path, which is how JMH launches its forks ({@code -cp}).
 */
module drift.jmh {
    requires drift.storage.api;
    requires jmh.core;
}
