/**
 * The JVM bytecode scanner's library entry point, {@link drift.scan.jvm.JvmScan}; {@code drift scan} finds the
 * same scanner through {@link drift.storage.api.spi.Scanner}.
 */
package drift.scan.jvm;
