/**
 * The benchmarks ({@link drift.jmh.BindingBenchmark}, {@link drift.jmh.KeyOrderBenchmark},
 * {@link drift.jmh.KeyCacheBenchmark}) and what they share: a throw-away store in a temp folder, a
 * benchmark-only domain whose one migration creates the tables, generated rows with fixed seeds, and a
 * JSONB encoder.
 *
 * <p>Every benchmark checks what it wrote (in its trial setup and after every iteration), so a variant
 * that silently stores nothing, or the wrong rows, fails instead of looking fast.
 */
package drift.jmh;
