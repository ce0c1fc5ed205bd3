package drift.scan.jvm.internal;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The references hashed from a class file's bytes are the hashes of their text, ASCII or not. */
class RecorderReferencesTest {
    /** The references as text, read the plain way (ASM's strings), hashed. */
    private static long[][] expected(byte[] bytes) {
        ClassReader reader = new ClassReader(bytes);
        char[] buf = new char[reader.getMaxStringLength()];
        List<String> methods = new ArrayList<>();
        List<String> owned = new ArrayList<>();
        List<String> classes = new ArrayList<>();
        for (int i = 1; i < reader.getItemCount(); i++) {
            int offset = reader.getItem(i);
            if (offset == 0) {
                continue;
            }
            int tag = bytes[offset - 1];
            int member = tag == 10 || tag == 11 ? offset : -1;
            if (tag == 15) {
                int ref = reader.getItem(reader.readUnsignedShort(offset + 1));
                member = bytes[ref - 1] == 10 || bytes[ref - 1] == 11 ? ref : -1;
            }
            if (member > 0) {
                String owner = reader.readUTF8(reader.getItem(reader.readUnsignedShort(member)), buf);
                int nat = reader.getItem(reader.readUnsignedShort(member + 2));
                String sig = reader.readUTF8(nat, buf) + reader.readUTF8(nat + 2, buf);
                methods.add(sig);
                owned.add(owner + '.' + sig);
            } else if (tag == 7) {
                classes.add(reader.readUTF8(offset, buf));
            } else if (tag == 18) {
                // the types an invokedynamic captures
                String desc = reader.readUTF8(reader.getItem(reader.readUnsignedShort(offset + 2)) + 2, buf);
                for (Type t : Type.getArgumentTypes(desc)) {
                    if (t.getSort() == Type.OBJECT) {
                        classes.add(t.getInternalName());
                    }
                }
            }
        }
        return new long[][] {hashed(methods), hashed(owned), hashed(classes)};
    }

    private static long[] hashed(List<String> texts) {
        return texts.stream().mapToLong(JvmScanner::hash).distinct().sorted().toArray();
    }

    private static void same(byte[] bytes) {
        long[][] want = expected(bytes);
        Recorder.References got = Recorder.references(bytes, List.of());
        assertArrayEquals(want[0], got.methods());
        assertArrayEquals(want[1], got.ownedMethods());
        assertArrayEquals(want[2], got.classes());
    }

    @Test
    void jdkClassesHashAsTheirText() throws Exception {
        for (String c : List.of("java/lang/String", "java/util/HashMap", "java/util/stream/Collectors", "java/lang/invoke/MethodHandles")) {
            try (InputStream in = ClassLoader.getSystemResourceAsStream(c + ".class")) {
                same(in.readAllBytes());
            }
        }
    }

    /** A class {@code name} with one public static method, whose code {@code code} writes (its maxs given). */
    private static byte[] classWith(String name, String method, String desc, int maxStack, int maxLocals,
                                    java.util.function.Consumer<MethodVisitor> code) {
        ClassWriter cw = new ClassWriter(0);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, name, null, "java/lang/Object", null);
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, method, desc, null, null);
        mv.visitCode();
        code.accept(mv);
        mv.visitMaxs(maxStack, maxLocals);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    @Test
    void nonAsciiNamesAndMethodHandlesHashAsTheirText() {
        byte[] bytes = classWith("p/Größe", "maß", "()V", 2, 0, mv -> {
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, "q/Ünïcode", "straße", "(Ljava/lang/String;)Lq/Ünïcode;", false);
            mv.visitMethodInsn(Opcodes.INVOKEINTERFACE, "javax/persistence/EntityManager", "createQuery", "(Ljava/lang/String;)V", true);
            mv.visitLdcInsn(new Handle(Opcodes.H_INVOKESTATIC, "p/Größe", "lambda$0\u0000x", "()V", false));
            mv.visitInsn(Opcodes.POP);
            mv.visitInsn(Opcodes.RETURN);
        });
        same(bytes);
        Recorder.References r = Recorder.references(bytes, List.of());
        assertTrue(r.createsQueries());
        assertTrue(Arrays.stream(r.ownedMethods()).anyMatch(h -> h == JvmScanner.hash("q/Ünïcode.straße(Ljava/lang/String;)Lq/Ünïcode;")));
        assertFalse(Recorder.references(new ClassWriter(0) {{
            visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "p/Plain", null, "java/lang/Object", null);
            visitEnd();
        }}.toByteArray(), List.of()).createsQueries());
    }

    @Test
    void aBoundMethodReferencesReceiverIsAmongTheClasses() {
        // store::delete with a field of type q/Store: the handle names the supertype q/Base, the call site captures q/Store
        Type erased = Type.getType("(Ljava/lang/Object;)V");
        byte[] bytes = classWith("p/User", "drop", "(Lq/Store;)Ljava/util/function/Consumer;", 1, 1, mv -> {
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitInvokeDynamicInsn("accept", "(Lq/Store;)Ljava/util/function/Consumer;", new Handle(Opcodes.H_INVOKESTATIC,
                    "java/lang/invoke/LambdaMetafactory", "metafactory", "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;"
                            + "Ljava/lang/invoke/MethodType;Ljava/lang/invoke/MethodType;Ljava/lang/invoke/MethodHandle;Ljava/lang/invoke/MethodType;)"
                            + "Ljava/lang/invoke/CallSite;", false),
                    erased, new Handle(Opcodes.H_INVOKEINTERFACE, "q/Base", "delete", "(Ljava/lang/Object;)V", true), erased);
            mv.visitInsn(Opcodes.ARETURN);
        });
        same(bytes);
        // (its own descriptor does not name q/Store to the references: only the call site's does)
        assertTrue(Arrays.stream(Recorder.references(bytes, List.of()).classes()).anyMatch(h -> h == JvmScanner.hash("q/Store")));
    }
}
