/**
 * What a domain author's tests use: {@link drift.storage.testkit.DriftStore} (a database per test, closed and
 * deleted after) and {@link drift.storage.testkit.DomainContract} (extend it, name the domain and give it sample
 * rows: the platform's rules run as tests).
 */
package drift.storage.testkit;
