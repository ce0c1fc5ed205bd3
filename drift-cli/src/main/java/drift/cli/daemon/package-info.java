/** The resident drift that answers {@code bin/drift}'s read-only questions and runs its scans without a JVM start each. */
package drift.cli.daemon;
