/**
 * The JVM bytecode scanner: reads jars, wars and ears, class folders, a JDK runtime image ({@code jrt:/}) and Maven
 * projects with ASM and writes functions with their exact identities, call edges (static, special,
 * virtual, lambda, and the overrides a virtual call may reach), entry points, SQL data access and HTTP
 * endpoints as contracts, through the call graph and contracts domains' public row types. Found by
 * {@code drift scan} through {@link drift.storage.api.spi.Scanner}.
 */
module drift.scan.jvm {
    requires drift.storage.api;
    requires drift.domain.callgraph;
    requires static drift.domain.contracts; // optional: without it, endpoints are entry points but no contracts
    requires org.objectweb.asm;
    requires org.objectweb.asm.tree;
    requires org.objectweb.asm.tree.analysis;
    requires net.sf.jsqlparser;

    exports drift.scan.jvm;

    provides drift.storage.api.spi.Scanner with drift.scan.jvm.internal.JvmScanner;
}
