/** The resident drift that answers {@code bin/drift}'s read-only questions without a JVM start each. */
package drift.cli.daemon;
