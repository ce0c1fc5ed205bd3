package drift.scan.jvm.internal;

import drift.scan.jvm.internal.ClassFacts.Annotation;
import drift.scan.jvm.internal.ClassFacts.Call;
import drift.scan.jvm.internal.ClassFacts.FieldFacts;
import drift.scan.jvm.internal.ClassFacts.MethodFacts;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The ASM visitor that records a class file's facts and nothing else: no lookups, no resolution (that is the
 * hierarchy's job, once every class is known). {@link #header} skips the code; {@link #full} records it too,
 * and the SQL strings handed to database APIs ({@link SqlStrings}).
 */
final class Recorder extends ClassVisitor {
    private static final int API = Opcodes.ASM9;
    private final boolean code;
    /** One copy of each name and descriptor the headers of a scan hold (a JDK has 225k methods, few distinct descriptors). */
    private final Map<String, String> strings;
    private ClassFacts facts;

    private Recorder(boolean code, Map<String, String> strings) {
        super(API);
        this.code = code;
        this.strings = strings;
    }

    private String one(String s) {
        return s == null || strings == null ? s : strings.computeIfAbsent(s, k -> k);
    }

    /** Names, supertypes, members and annotations; no code. Names and descriptors are shared through {@code strings}. */
    static ClassFacts header(byte[] bytes, Map<String, String> strings) {
        Recorder r = new Recorder(false, strings);
        new ClassReader(bytes).accept(r, ClassReader.SKIP_CODE | ClassReader.SKIP_FRAMES);
        return r.facts;
    }

    /** The header and the code: lines, calls, lambdas, instantiated types, SQL strings. */
    static ClassFacts full(byte[] bytes) {
        return full(bytes, null);
    }

    /** {@link #full(byte[])}, sharing names and descriptors through {@code strings} (null: none). */
    static ClassFacts full(byte[] bytes, Map<String, String> strings) {
        Recorder r = new Recorder(true, strings);
        ClassReader reader = new ClassReader(bytes);
        reader.accept(r, ClassReader.SKIP_FRAMES);
        r.facts.code = true;
        if (r.facts.methods.stream().anyMatch(m -> m.callsSql)) {
            SqlStrings.record(reader, r.facts);
        }
        return r.facts;
    }

    /**
     * What a class's code refers to, read from its constant pool only, each hashed as {@link JvmScanner#hash} hashes
     * its text (sorted, distinct): the methods as {@code name(descriptor)} and as {@code owner.name(descriptor)}
     * (the owner: the class the call names), the classes by internal name (with those an {@code invokedynamic} captures:
     * a bound method reference's receiver is named nowhere else); and whether its data access may follow the
     * entities: it calls a method named as one of {@link #FOLLOWING_ENTITIES} ({@code createQuery}, {@code save}…).
     * Hashed from the class file's bytes, without a string per reference (a rescan reads every
     * class's references; most are ASCII, hashed byte by byte). {@code moreClasses} join the classes (those its
     * methods' descriptors name: a handler's DTO is there, not among its constant pool's classes).
     */
    record References(long[] methods, long[] ownedMethods, long[] classes, boolean createsQueries) {
    }

    static References references(byte[] bytes, Collection<String> moreClasses) {
        ClassReader reader = new ClassReader(bytes);
        Hashes methods = new Hashes();
        Hashes owned = new Hashes();
        Hashes classes = new Hashes();
        boolean createsQueries = false;
        char[] buf = null;
        moreClasses.forEach(c -> classes.add(JvmScanner.hash(c)));
        for (int i = 1; i < reader.getItemCount(); i++) {
            int offset = reader.getItem(i);
            if (offset == 0) {
                continue; // the second slot of a long or double
            }
            int tag = bytes[offset - 1];
            int member = tag == 10 || tag == 11 ? offset : -1; // Methodref, InterfaceMethodref
            if (tag == 15) { // MethodHandle: a lambda's or method reference's target
                int ref = reader.getItem(reader.readUnsignedShort(offset + 1));
                member = bytes[ref - 1] == 10 || bytes[ref - 1] == 11 ? ref : -1;
            }
            if (member > 0) {
                int owner = utf8(reader, reader.getItem(reader.readUnsignedShort(member)));
                int nameAndType = reader.getItem(reader.readUnsignedShort(member + 2));
                int name = utf8(reader, nameAndType);
                int desc = utf8(reader, nameAndType + 2);
                methods.add(feed(feed(JvmScanner.HASH_START, bytes, name), bytes, desc));
                owned.add(feed(feed(JvmScanner.hash(feed(JvmScanner.HASH_START, bytes, owner), '.'), bytes, name), bytes, desc));
                createsQueries |= followsEntities(bytes, name);
            } else if (tag == 7) { // Class
                classes.add(feed(JvmScanner.HASH_START, bytes, utf8(reader, offset)));
            } else if (tag == 18) { // InvokeDynamic: what a lambda or bound method reference captures, such as its receiver
                if (buf == null) {
                    buf = new char[reader.getMaxStringLength()];
                }
                int nameAndType = reader.getItem(reader.readUnsignedShort(offset + 2));
                for (Type t : Type.getArgumentTypes(reader.readUTF8(nameAndType + 2, buf))) {
                    if (t.getSort() == Type.OBJECT) {
                        classes.add(JvmScanner.hash(t.getInternalName()));
                    }
                }
            }
        }
        return new References(methods.sorted(), owned.sorted(), classes.sorted(), createsQueries);
    }

    /** The methods whose callers' data access follows the entities: JPQL's, and those a Spring Data repository inherits. */
    private static final List<String> FOLLOWING_ENTITIES = Stream.concat(SqlStrings.HQL_METHODS.stream(),
            Repositories.INHERITED_NAMES.stream()).toList();

    /** Whether the CONSTANT_Utf8 at {@code utf8} names one of {@link #FOLLOWING_ENTITIES}. */
    private static boolean followsEntities(byte[] bytes, int utf8) {
        for (String m : FOLLOWING_ENTITIES) {
            if (is(bytes, utf8, m)) {
                return true;
            }
        }
        return false;
    }

    /** The offset of the CONSTANT_Utf8 entry whose index is at {@code offset}. */
    private static int utf8(ClassReader reader, int offset) {
        return reader.getItem(reader.readUnsignedShort(offset));
    }

    /** {@code h} fed with the text of the CONSTANT_Utf8 at {@code utf8}: its bytes when ASCII (a char each), else its decoded chars. */
    private static long feed(long h, byte[] bytes, int utf8) {
        int length = ((bytes[utf8] & 0xff) << 8) | (bytes[utf8 + 1] & 0xff);
        for (int k = utf8 + 2; k < utf8 + 2 + length; k++) {
            if (bytes[k] < 0) {
                return feedDecoded(h, bytes, utf8, length);
            }
        }
        for (int k = utf8 + 2; k < utf8 + 2 + length; k++) {
            h = JvmScanner.hash(h, (char) bytes[k]);
        }
        return h;
    }

    private static long feedDecoded(long h, byte[] bytes, int utf8, int length) {
        String text;
        try {
            text = new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes, utf8, length + 2)).readUTF();
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("a malformed constant at offset " + utf8, e);
        }
        for (int k = 0; k < text.length(); k++) {
            h = JvmScanner.hash(h, text.charAt(k));
        }
        return h;
    }

    private static boolean is(byte[] bytes, int utf8, String ascii) {
        int length = ((bytes[utf8] & 0xff) << 8) | (bytes[utf8 + 1] & 0xff);
        if (length != ascii.length()) {
            return false;
        }
        for (int k = 0; k < length; k++) {
            if (bytes[utf8 + 2 + k] != ascii.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** A growing list of hashes, handed out sorted and distinct. */
    private static final class Hashes {
        private long[] values = new long[16];
        private int size;

        void add(long h) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = h;
        }

        long[] sorted() {
            long[] v = java.util.Arrays.copyOf(values, size);
            java.util.Arrays.sort(v);
            int n = 0;
            for (int k = 0; k < v.length; k++) {
                if (n == 0 || v[k] != v[n - 1]) {
                    v[n++] = v[k];
                }
            }
            return java.util.Arrays.copyOf(v, n);
        }
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
        List<String> supertypes = new ArrayList<>();
        if (interfaces != null) {
            for (String i : interfaces) {
                supertypes.add(one(i));
            }
        }
        facts = new ClassFacts(name, one(superName), supertypes, access, signature);
    }

    @Override
    public void visitSource(String source, String debug) {
        facts.sourceFile = source;
    }

    @Override
    public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
        return annotation(descriptor, facts.annotations);
    }

    @Override
    public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
        List<Annotation> annotations = new ArrayList<>();
        facts.fields.add(new FieldFacts(one(name), one(descriptor), one(signature), access, annotations));
        return new FieldVisitor(API) {
            @Override
            public AnnotationVisitor visitAnnotation(String desc, boolean visible) {
                return annotation(desc, annotations);
            }
        };
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
        MethodFacts m = new MethodFacts(one(name), one(descriptor), access, one(signature));
        facts.methods.add(m);
        return new MethodVisitor(API) {
            private int line;

            @Override
            public AnnotationVisitor visitAnnotation(String desc, boolean visible) {
                return annotation(desc, m.annotations);
            }

            @Override
            public AnnotationVisitor visitParameterAnnotation(int parameter, String desc, boolean visible) {
                if (m.parameterAnnotations == null) {
                    m.parameterAnnotations = new java.util.TreeMap<>();
                }
                return annotation(desc, m.parameterAnnotations.computeIfAbsent(parameter, p -> new ArrayList<>()));
            }

            @Override
            public void visitLineNumber(int l, Label start) {
                line = l;
                m.line(l);
            }

            @Override
            public void visitMethodInsn(int opcode, String owner, String n, String desc, boolean itf) {
                if (!code) {
                    return;
                }
                if (owner.startsWith("[")) {
                    owner = "java/lang/Object"; // a method of an array: clone(), say
                }
                m.calls.add(new Call(opcode, owner, n, desc, itf, line, null));
                if (SqlStrings.api(owner, n, desc) != null) {
                    m.callsSql = true;
                }
            }

            @Override
            public void visitTypeInsn(int opcode, String type) {
                if (code && opcode == Opcodes.NEW) {
                    facts.instantiates.add(type);
                }
            }

            @Override
            public void visitInvokeDynamicInsn(String n, String desc, Handle bsm, Object... args) {
                if (!code || !bsm.getOwner().equals("java/lang/invoke/LambdaMetafactory")) {
                    return; // string concatenation, records' toString...: no call edge
                }
                // metafactory(caller, name, type, samType, implMethod, instantiatedType): the method the lambda runs
                if (args.length >= 2 && args[1] instanceof Handle h) {
                    String receiver = null;
                    if (h.getTag() == Opcodes.H_INVOKEVIRTUAL || h.getTag() == Opcodes.H_INVOKEINTERFACE) {
                        // a bound reference captures its receiver first: the call site's descriptor names its type
                        Type[] captured = Type.getArgumentTypes(desc);
                        receiver = captured.length > 0 && captured[0].getSort() == Type.OBJECT ? captured[0].getInternalName() : h.getOwner();
                    }
                    m.calls.add(new Call(Opcodes.INVOKEDYNAMIC, h.getOwner(), h.getName(), h.getDesc(), h.isInterface(), line, receiver));
                    if (h.getTag() == Opcodes.H_NEWINVOKESPECIAL) {
                        facts.instantiates.add(h.getOwner());
                    }
                }
            }
        };
    }

    /** Records an annotation's simple values (strings, string arrays, enum constants, booleans). */
    private static AnnotationVisitor annotation(String desc, List<Annotation> into) {
        Map<String, Object> values = new LinkedHashMap<>();
        into.add(new Annotation(desc, values));
        return new AnnotationVisitor(API) {
            @Override
            public void visit(String name, Object value) {
                if (value instanceof String || value instanceof Type || value instanceof Boolean) {
                    values.put(name, value instanceof Type t ? t.getDescriptor() : value);
                }
            }

            @Override
            public void visitEnum(String name, String descriptor, String value) {
                values.put(name, value);
            }

            @Override
            public AnnotationVisitor visitArray(String name) {
                List<Object> list = new ArrayList<>();
                values.put(name, list);
                return new AnnotationVisitor(API) {
                    @Override
                    public void visit(String n, Object value) {
                        if (value instanceof String) {
                            list.add(value);
                        }
                    }

                    @Override
                    public void visitEnum(String n, String descriptor, String value) {
                        list.add(value);
                    }
                };
            }
        };
    }
}
