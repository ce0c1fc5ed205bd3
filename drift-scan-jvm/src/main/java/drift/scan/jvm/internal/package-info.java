/**
 * How the bytecode scanner works: {@code ClassSource} reads class files, {@code Recorder} (an ASM visitor)
 * records each one's facts, {@code Hierarchy} resolves calls against every class, {@code SqlStrings} and
 * {@code SqlParse} find the SQL a method runs, {@code Web} and {@code Entities} the endpoints and JPA tables,
 * and {@code JvmScanner} writes the rows of the files that changed.
 */
package drift.scan.jvm.internal;
