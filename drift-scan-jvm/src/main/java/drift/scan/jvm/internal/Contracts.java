package drift.scan.jvm.internal;

import drift.domain.contracts.BackendEndpoint;
import drift.domain.contracts.ContractRow;
import drift.domain.contracts.ContractStatus;
import drift.domain.contracts.HttpMethod;
import drift.domain.contracts.ResponseField;
import drift.scan.jvm.internal.ClassFacts.Annotation;
import drift.scan.jvm.internal.ClassFacts.FieldFacts;
import drift.scan.jvm.internal.ClassFacts.MethodFacts;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.signature.SignatureReader;
import org.objectweb.asm.signature.SignatureVisitor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Endpoints as contracts: the only class that touches the contracts domain, which the scanner reads as
 * optional ({@code requires static}): without its module the scan writes the call graph alone.
 */
final class Contracts {
    private Contracts() {
    }

    /** Whether the contracts module is present (it is optional at run time). */
    static boolean available() {
        try {
            Class.forName("drift.domain.contracts.ContractStore", false, Contracts.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * The contract of one endpoint: its backend side, with the fields of the DTO the handler returns and of
     * the one it takes as its request body.
     */
    static ContractRow contract(Hierarchy h, ClassFacts c, MethodFacts m, Web.Endpoint e) {
        ClassFacts dto = returned(h, m);
        List<ResponseField> fields = dto == null ? List.of() : fields(h, dto);
        ClassFacts body = body(h, m, e.framework());
        List<ResponseField> request = body == null ? List.of() : fields(h, body);
        return new ContractRow("jvm:" + e.method() + " " + e.path(), HttpMethod.valueOf(e.method()), e.path(), ContractStatus.DISCOVERED, 1.0,
                new BackendEndpoint(c.file(), Math.max(0, m.firstLine), e.framework(), fields, request), List.of(), List.of());
    }

    /**
     * The scanned class a handler reads its request body into: Spring's {@code @RequestBody} parameter, or for
     * JAX-RS the entity parameter (the one with no JAX-RS annotation: not a path, query, header or context value).
     */
    private static ClassFacts body(Hierarchy h, MethodFacts m, String framework) {
        Type[] parameters = Type.getArgumentTypes(m.desc);
        for (int i = 0; i < parameters.length; i++) {
            List<Annotation> annotations = m.parameterAnnotations(i);
            boolean body = framework.equals("spring")
                    ? annotations.stream().anyMatch(a -> a.desc().equals("Lorg/springframework/web/bind/annotation/RequestBody;"))
                    : annotations.stream().noneMatch(a -> a.desc().startsWith("Ljavax/ws/rs/") || a.desc().startsWith("Ljakarta/ws/rs/"));
            if (body && parameters[i].getSort() == Type.OBJECT && h.get(parameters[i].getInternalName()) != null) {
                return h.get(parameters[i].getInternalName());
            }
        }
        return null;
    }

    /** The scanned class a handler returns: its return type, or the innermost scanned type argument (ResponseEntity&lt;UserDto&gt;). */
    private static ClassFacts returned(Hierarchy h, MethodFacts m) {
        ClassFacts[] found = {null};
        if (m.signature != null) {
            new SignatureReader(m.signature).accept(new SignatureVisitor(Opcodes.ASM9) {
                private boolean inReturn;

                @Override
                public SignatureVisitor visitReturnType() {
                    inReturn = true;
                    return this;
                }

                @Override
                public SignatureVisitor visitParameterType() {
                    inReturn = false;
                    return this;
                }

                @Override
                public SignatureVisitor visitExceptionType() {
                    inReturn = false;
                    return this;
                }

                @Override
                public void visitClassType(String name) {
                    if (inReturn && h.get(name) != null) {
                        found[0] = h.get(name);
                    }
                }
            });
        }
        if (found[0] == null) {
            Type t = Type.getReturnType(m.desc);
            if (t.getSort() == Type.OBJECT) {
                found[0] = h.get(t.getInternalName());
            }
        }
        return found[0];
    }

    /** A DTO's instance fields (its scanned superclasses' too), by their JSON names. */
    static List<ResponseField> fields(Hierarchy h, ClassFacts dto) {
        Map<String, ResponseField> out = new LinkedHashMap<>();
        for (ClassFacts c = dto; c != null && !c.name.equals("java/lang/Object"); c = c.superName == null ? null : h.get(c.superName)) {
            for (FieldFacts f : c.fields) {
                if (f.isStatic() || (f.access() & Opcodes.ACC_SYNTHETIC) != 0) {
                    continue;
                }
                String name = f.name();
                for (Annotation a : f.annotations()) {
                    if (a.desc().endsWith("/JsonProperty;") && a.string("value") != null && !a.string("value").isEmpty()) {
                        name = a.string("value");
                    }
                }
                boolean primitive = f.desc().length() == 1;
                out.putIfAbsent(name, new ResponseField(name, jsonType(f.desc()), !primitive, !primitive));
            }
        }
        return List.copyOf(out.values());
    }

    static String jsonType(String desc) {
        return switch (desc) {
            case "I", "J", "S", "B", "F", "D", "Ljava/lang/Integer;", "Ljava/lang/Long;", "Ljava/lang/Short;", "Ljava/lang/Byte;",
                    "Ljava/lang/Float;", "Ljava/lang/Double;", "Ljava/math/BigDecimal;", "Ljava/math/BigInteger;" -> "number";
            case "Z", "Ljava/lang/Boolean;" -> "boolean";
            case "C", "Ljava/lang/String;", "Ljava/lang/Character;", "Ljava/util/UUID;", "Ljava/time/Instant;", "Ljava/time/LocalDate;",
                    "Ljava/time/LocalDateTime;", "Ljava/time/OffsetDateTime;" -> "string";
            default -> desc.startsWith("[") || desc.equals("Ljava/util/List;") || desc.equals("Ljava/util/Set;")
                    || desc.equals("Ljava/util/Collection;") ? "array" : "object";
        };
    }
}
