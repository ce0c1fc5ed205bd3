package drift.scan.jvm.internal;

import drift.domain.callgraph.CallGraphStore;
import drift.domain.callgraph.CallRow;
import drift.domain.callgraph.DataAccessRow;
import drift.domain.callgraph.EdgeKind;
import drift.domain.callgraph.FunctionRow;
import drift.domain.callgraph.TypeRow;
import drift.domain.contracts.ContractRow;
import drift.domain.contracts.ContractStore;
import drift.scan.jvm.internal.ClassFacts.Call;
import drift.scan.jvm.internal.ClassFacts.MethodFacts;
import drift.storage.api.RowType;
import drift.storage.api.ScanMode;
import drift.storage.api.ScanSession;
import drift.storage.api.SourceFile;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;
import drift.storage.api.spi.Scanner;
import org.objectweb.asm.Opcodes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The JVM bytecode scanner ({@code drift scan}): jars, wars, ears, class folders, Maven and Gradle builds and {@code jrt:/}.
 *
 * <p>Two passes. The first reads every class's header (names, supertypes, members, annotations), its
 * content hash and the methods and types its constant pool refers to; classes group into their source files
 * ({@code com/acme/Foo.java}: a class and its nested and anonymous classes), each declared to the scan with
 * the hash of its classes. The second reads the code of the files to write and writes their functions,
 * call edges, data access and contracts, resolved against the hierarchy of every class.
 *
 * <p>A file is written when its classes changed, and also when an unchanged file's rows can have changed
 * with them. Each file has two hashes: of its classes, and of their interface ({@link ClassFacts#shape}:
 * supertypes, flags, annotations, fields, non-private members). A change that keeps the interface (code
 * only, the common edit) rewrites that file alone: an edge into it names its target by id and finds the new
 * function. A change to the interface, an added or a removed file also rewrites the unchanged files whose
 * rows can move with it ({@link ChangeReach}): those that name one of its classes or their subtypes, make a
 * virtual call whose targets can move (its owner is above a class whose methods or place in the hierarchy
 * changed: the store's types say what they were), are its subtypes (entry points follow supertypes), or
 * access data through the entities while one changed (JPQL, Spring Data repositories). So a rescan equals a full
 * scan of the same code. Every class written is stored as a type ({@link TypeRow}) for the next scan to compare with.
 */
public final class JvmScanner implements Scanner {
    /** More possible targets than this for one virtual call: none are written, beyond the one it names. */
    static final int MAX_TARGETS = 64;
    private static final int BATCH = 5_000;
    /**
     * The share of the code (its classes' bytes) beyond which a rescan rewrites everything as a first scan does
     * ({@link drift.storage.api.ScanSession#rewriteAll}): on real dependency bumps, writing file by file into the
     * stored scan cost more than a first scan from about 55% of the rows on. {@code -Ddrift.scan.jvm.load-whole-share}
     * sets another (0: every rescan that writes something).
     */
    static double loadWholeShare() {
        return Double.parseDouble(System.getProperty("drift.scan.jvm.load-whole-share", "0.5"));
    }

    /** Changes when the rows written for the same classes change: files scanned by an older version are rewritten. */
    private static final String VERSION = "jvm-scanner 11";

    @Override
    public String id() {
        return "jvm";
    }

    @Override
    public String description() {
        return "JVM bytecode (jars, wars, ears, class folders, Maven and Gradle builds, jrt:/): exact call edges, entry points, SQL, endpoints";
    }

    @Override
    public boolean accepts(String input) {
        return ClassSource.accepts(input);
    }

    @Override
    public Set<String> domains() {
        // the contracts module is optional: without it the scan writes the call graph alone
        return Contracts.available() ? Set.of(CallGraphStore.DOMAIN, ContractStore.DOMAIN) : Set.of(CallGraphStore.DOMAIN);
    }

    /** What the scan did, for its caller and its record. */
    public record Summary(long classes, long duplicates, long methods, Map<String, Long> edges, long dataAccess, long contracts,
                          long filesWritten, long filesUnchanged, boolean loadedWhole, long sqlStrings, long sqlUnparsed,
                          long nestedArchivesNotRead, List<String> notes, Map<String, Long> phasesMs) {
    }

    @Override
    public Map<String, Object> scan(Job job) {
        Summary s = run(job);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("classes", s.classes());
        out.put("duplicate_classes", s.duplicates());
        out.put("methods", s.methods());
        out.put("edges", s.edges());
        out.put("data_access", s.dataAccess());
        out.put("contracts", s.contracts());
        out.put("files_written", s.filesWritten());
        out.put("files_unchanged", s.filesUnchanged());
        if (s.loadedWhole()) {
            out.put("loaded_whole", true);
        }
        out.put("sql_strings", s.sqlStrings());
        out.put("sql_unparsed", s.sqlUnparsed());
        if (s.nestedArchivesNotRead() > 0) {
            out.put("nested_archives_not_read", s.nestedArchivesNotRead());
        }
        if (!s.notes().isEmpty()) {
            out.put(Scanner.NOTES, s.notes());
        }
        out.put("phases_ms", s.phasesMs());
        return out;
    }

    /** One class as the first pass saw it. */
    static final class Seen {
        final ClassFacts header;
        final String origin;
        final byte[] digest;
        final byte[] shape;
        /** The methods its code refers to, hashed as {@code name(desc)} and as {@code owner.name(desc)}. */
        final long[] methodRefs;
        final long[] ownedMethodRefs;
        final long[] classRefs;
        /**
         * Its data access may follow the entities: it runs JPQL ({@code createQuery}, a query annotation), is a Spring
         * Data repository, or calls a method named as one a repository inherits ({@code save}…).
         */
        final boolean createsQueries;
        final int size;

        Seen(ClassFacts header, String origin, byte[] digest, byte[] shape, long[] methodRefs, long[] ownedMethodRefs, long[] classRefs,
             boolean createsQueries, int size) {
            this.header = header;
            this.origin = origin;
            this.digest = digest;
            this.shape = shape;
            this.methodRefs = methodRefs;
            this.ownedMethodRefs = ownedMethodRefs;
            this.classRefs = classRefs;
            this.createsQueries = createsQueries;
            this.size = size;
        }
    }

    Summary run(Job job) {
        try (Archives archives = new Archives()) {
            return run(job, archives);
        }
    }

    private Summary run(Job job, Archives archives) {
        boolean rta = switch (job.options().getOrDefault("dispatch", "cha").toLowerCase(Locale.ROOT)) {
            case "cha" -> false;
            case "rta" -> true;
            default -> throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, "dispatch must be cha or rta, was '"
                    + job.options().get("dispatch") + "'");
        };
        for (String k : job.options().keySet()) {
            if (!k.equals("dispatch") && !k.equals(ALLOW_EMPTY) && !k.equals(NESTED)) {
                throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, "the jvm scanner has no option '" + k + "' (options: dispatch, "
                        + ALLOW_EMPTY + ", " + NESTED + ")");
            }
        }
        boolean allowEmpty = Boolean.parseBoolean(job.options().getOrDefault(ALLOW_EMPTY, "false"));
        boolean nested = Boolean.parseBoolean(job.options().getOrDefault(NESTED, "false"));
        ScanSession session = job.session();
        Phases phases = new Phases();
        Set<String> domains = session.request().domains();
        boolean contracts = Contracts.available() && job.db().hasDomain(ContractStore.DOMAIN)
                && (domains.isEmpty() || domains.contains(ContractStore.DOMAIN));
        // inputs whose files are as the last scan saw them: nothing to read
        String fingerprint = fingerprint(job.inputs(), rta, contracts, nested);
        session.attribute(FINGERPRINT, fingerprint);
        Summary unchanged = upToDate(job, fingerprint, phases);
        if (unchanged != null) {
            return unchanged;
        }
        // pass 1: headers, hashes, constant-pool references; classes are parsed in parallel, a chunk at a time,
        // and taken in their order on the inputs (the first of a name wins)
        Map<String, Seen> classes = new LinkedHashMap<>();
        long[] duplicates = {0};
        Set<String> instantiated = rta ? new HashSet<>() : null;
        MessageDigest sha = sha256();
        Map<String, String> strings = new java.util.concurrent.ConcurrentHashMap<>();
        // which classes refer to which: needed only to find the unchanged files a change reaches, so not on a
        // first scan (nothing stored to compare with), where it would be most of the memory the scan keeps
        boolean refs = !session.storedFiles().isEmpty();
        List<ClassSource.ClassFile> chunk = new ArrayList<>();
        java.util.function.Consumer<List<ClassSource.ClassFile>> take = files -> {
            for (Seen seen : files.parallelStream().map(cf -> firstPass(cf, rta, strings, refs)).toList()) {
                ClassFacts h = seen.header;
                if (classes.containsKey(h.name)) {
                    duplicates[0]++; // the first on the inputs' path wins, as on a class path
                    continue;
                }
                if (rta) {
                    instantiated.addAll(h.instantiates);
                }
                classes.put(h.name, seen);
                if (classes.size() % 1000 == 0) {
                    job.progress().update("reading classes", classes.size(), -1);
                }
            }
            files.clear();
        };
        for (String input : job.inputs()) {
            ClassSource.of(input).forEach(archives, nested, cf -> {
                chunk.add(cf);
                if (chunk.size() == 256) {
                    take.accept(chunk);
                }
            });
        }
        take.accept(chunk);
        List<String> notes = archives.notes();
        if (classes.isEmpty() && !allowEmpty && session.request().mode() != ScanMode.MERGE) {
            // an unbuilt project or a wrong path: as a snapshot it would silently remove everything the store holds
            int stored = session.storedFiles().size();
            throw new StorageException(StorageErrorCode.NOT_FOUND, "no class file in " + String.join(", ", job.inputs())
                    + ClassSource.nestedJars(job.inputs()) + (stored > 0 ? ": this snapshot would remove the " + stored
                    + " files the store holds, so it stored nothing" : ": nothing stored") + "; build the code or check the paths "
                    + "(to store an empty scan on purpose: the scan option " + ALLOW_EMPTY + ", `drift scan --allow-empty`)"
                    + notes.stream().map(n -> ". " + n).collect(java.util.stream.Collectors.joining()));
        }
        strings.clear(); // the headers keep their one copy of each; the index is no longer needed
        Map<String, ClassFacts> headers = new HashMap<>();
        classes.forEach((n, s) -> headers.put(n, s.header));
        Hierarchy h = new Hierarchy(headers, instantiated, MAX_TARGETS);
        phases.end("read");

        // the source files and their hashes; which of them the scan writes
        Map<String, List<Seen>> files = new TreeMap<>();
        classes.values().forEach(s -> files.computeIfAbsent(s.header.file(), f -> new ArrayList<>()).add(s));
        Map<String, SourceFile> manifest = new LinkedHashMap<>();
        Set<String> write = new LinkedHashSet<>();
        // a Spring Boot application names its tables in snake case: every file's JPA data access follows that
        boolean springBootNaming = Entities.springBootNaming(headers.values());
        byte[] salt = salt(rta ? instantiated : null, springBootNaming, sha);
        for (Map.Entry<String, List<Seen>> e : files.entrySet()) {
            SourceFile f = source(e.getKey(), e.getValue(), sha, salt);
            manifest.put(e.getKey(), f);
            if (session.file(f).mustWrite()) {
                write.add(e.getKey());
            }
        }
        Set<String> vanished = new HashSet<>();
        if (session.request().mode() == ScanMode.SNAPSHOT) {
            vanished.addAll(session.storedFiles());
            vanished.removeAll(files.keySet());
        }
        // most of the code to write again (a dependency bumped): loaded whole, as a first scan, it is faster than file by
        // file; decided on the changed files first (then what they reach need not be worked out), and again with it
        boolean loadedWhole = loadWhole(session, files, manifest, write);
        if (!loadedWhole && write.size() < files.size() && (!write.isEmpty() || !vanished.isEmpty())) {
            // a file whose interface is as stored changed inside its code only: no other file's rows move
            Set<String> reshaped = new HashSet<>();
            for (String f : write) {
                String before = session.stored(f).map(SourceFile::interfaceSha256).orElse(null);
                if (before == null || !before.equals(manifest.get(f).interfaceSha256())) {
                    reshaped.add(f);
                }
            }
            for (String f : ChangeReach.affected(job.db(), h, files, reshaped, vanished)) {
                if (write.add(f)) {
                    session.rewrite(manifest.get(f));
                }
            }
            loadedWhole = loadWhole(session, files, manifest, write);
        }
        phases.end("plan");
        // pass 2: the code of the files to write, class by class, twice: every function first, so that each
        // call finds its target written (and is stored resolved), then the calls, data access and contracts
        Entities entities = new Entities(headers.values(), springBootNaming);
        Writer w = new Writer(session, h, entities, new Repositories(headers.values(), entities), contracts);
        try {
            for (boolean functions : new boolean[] {true, false}) {
                int done = 0;
                for (String f : write) {
                    for (Seen s : files.get(f)) {
                        ClassFacts c;
                        try {
                            c = Recorder.full(ClassSource.read(s.origin, archives));
                        } catch (RuntimeException e) {
                            throw unreadable(s.origin, e);
                        }
                        if (functions) {
                            w.functions(c);
                        } else {
                            w.rest(c);
                        }
                    }
                    if (++done % 200 == 0) {
                        job.progress().update(functions ? "writing functions" : "writing calls", done, write.size());
                    }
                }
                w.flush();
                phases.end(functions ? "functions" : "calls");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a class again: " + e.getMessage(), e);
        }
        w.flush();
        session.attribute(CLASSES, Long.toString(classes.size()));
        session.attribute(METHODS, Long.toString(methodCount(headers.values())));
        session.attribute(NESTED_NOT_READ, archives.notRead());
        return new Summary(classes.size(), duplicates[0], w.methods, w.edges, w.dataAccess, w.contracts, write.size(),
                files.size() - write.size(), loadedWhole, w.sqlStrings, w.sqlUnparsed, Archives.count(archives.notRead()), notes, phases.ms);
    }

    /**
     * Loads the scan whole ({@link ScanSession#rewriteAll}, every file in {@code write}) when a snapshot rescan is to
     * write more than {@link #loadWholeShare} of the code's bytes.
     */
    private static boolean loadWhole(ScanSession session, Map<String, List<Seen>> files, Map<String, SourceFile> manifest, Set<String> write) {
        if (write.isEmpty() || session.storedFiles().isEmpty() || session.request().mode() != ScanMode.SNAPSHOT) {
            return false;
        }
        long all = manifest.values().stream().mapToLong(SourceFile::size).sum();
        long again = write.stream().mapToLong(f -> manifest.get(f).size()).sum();
        if (again <= all * loadWholeShare()) {
            return false;
        }
        session.rewriteAll();
        write.clear();
        write.addAll(files.keySet());
        return true;
    }

    /** One class of pass 1: its header (with its code under RTA), hashes and constant-pool references. */
    private static Seen firstPass(ClassSource.ClassFile cf, boolean rta, Map<String, String> strings, boolean refs) {
        notAClassFile(cf.origin(), cf.bytes());
        try {
            ClassFacts h = rta ? Recorder.full(cf.bytes(), strings) : Recorder.header(cf.bytes(), strings);
            // what it refers to, and the types its methods declare: needed only to find the unchanged files a change
            // reaches (a rescan)
            Recorder.References references = null;
            if (refs) {
                List<String> declared = new ArrayList<>();
                for (MethodFacts m : h.methods) {
                    typesIn(m.desc, declared);
                    typesIn(m.signature, declared);
                }
                references = Recorder.references(cf.bytes(), declared);
            }
            if (rta) {
                // the code was read for the types it creates; the header keeps none of it
                h.methods.forEach(m -> {
                    m.calls = List.of();
                    m.sql = List.of();
                });
            }
            h.compact();
            return new Seen(h, cf.origin(), checksum(cf.bytes()), checksum(h.shape().getBytes(StandardCharsets.UTF_8)),
                    refs ? references.methods() : NONE, refs ? references.ownedMethods() : NONE, refs ? references.classes() : NONE,
                    refs && (references.createsQueries() || SqlStrings.declaresJpql(h) || Repositories.isRepository(h)), cf.bytes().length);
        } catch (RuntimeException e) {
            throw unreadable(cf.origin(), e);
        }
    }

    private static final long[] NONE = new long[0];

    private static long methodCount(java.util.Collection<ClassFacts> classes) {
        return classes.stream().mapToLong(c -> c.methods.size()).sum();
    }

    /** The scan attribute holding what the inputs were ({@link ClassSource#fingerprint}), with the scanner's version and options. */
    static final String FINGERPRINT = "jvm.inputs_fingerprint";
    private static final String CLASSES = "jvm.classes";
    private static final String METHODS = "jvm.methods";
    /** How many archives inside the inputs were not read, and the first: "N jar:/a.jar!/lib/b.jar", or "". */
    private static final String NESTED_NOT_READ = "jvm.nested_not_read";

    private static String fingerprint(List<String> inputs, boolean rta, boolean contracts, boolean nested) {
        MessageDigest sha = sha256();
        sha.update((VERSION + (rta ? " rta" : " cha") + (contracts ? " contracts" : "") + (nested ? " nested" : ""))
                .getBytes(StandardCharsets.UTF_8));
        for (String input : inputs) {
            sha.update((byte) 0);
            sha.update(ClassSource.of(input).fingerprint().getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /**
     * When this snapshot scans the same inputs, unchanged by their files' metadata, as the store's last scan
     * (same root, nothing committed since): every stored file is declared unchanged and no class is read.
     * Null otherwise.
     */
    private static Summary upToDate(Job job, String fingerprint, Phases phases) {
        ScanSession session = job.session();
        if (session.request().mode() != ScanMode.SNAPSHOT) {
            return null;
        }
        drift.storage.api.ScanInfo last = job.db().lastScan().orElse(null);
        // (after a merge the store holds more than that scan's inputs: a snapshot of them must still remove the rest)
        if (last == null || last.mode() == ScanMode.MERGE || !last.root().equals(session.request().root())
                || !fingerprint.equals(last.attributes().get(FINGERPRINT))) {
            return null;
        }
        List<SourceFile> files = new ArrayList<>();
        for (String path : session.storedFiles()) {
            SourceFile f = session.stored(path).orElse(null);
            if (f == null) {
                return null; // held by the covered domains at different hashes: read it all
            }
            files.add(f);
        }
        for (SourceFile f : files) {
            if (session.file(f).mustWrite()) {
                throw new IllegalStateException("a stored file declared again is not unchanged: " + f.path());
            }
        }
        String classes = last.attributes().getOrDefault(CLASSES, "0");
        String methods = last.attributes().getOrDefault(METHODS, "0");
        String notRead = last.attributes().getOrDefault(NESTED_NOT_READ, "");
        session.attribute(CLASSES, classes);
        session.attribute(METHODS, methods);
        session.attribute(NESTED_NOT_READ, notRead);
        phases.end("read");
        // the last scan's note again: nothing changed, so the same archives are passed over
        String note = Archives.notReadNote(notRead);
        return new Summary(Long.parseLong(classes), 0, 0, Map.of(), 0, 0, 0, files.size(), false, 0, 0, Archives.count(notRead),
                note == null ? List.of() : List.of(note), phases.ms);
    }

    /** How long each phase took on the scanning thread (the writer's end-of-scan work is the scan's own duration). */
    private static final class Phases {
        final Map<String, Long> ms = new LinkedHashMap<>();
        private long last = System.nanoTime();

        void end(String phase) {
            long now = System.nanoTime();
            ms.put(phase, (now - last) / 1_000_000);
            last = now;
        }
    }

    /** The scanner option that lets a scan without any class file remove what the store holds. */
    public static final String ALLOW_EMPTY = "allow-empty";
    /** The option that reads the archives inside archives (a packaged application's libraries). */
    public static final String NESTED = "nested";


    /** A file named .class that is not one (ASM's own error would be an index out of bounds): named, with what it holds. */
    private static void notAClassFile(String origin, byte[] b) {
        if (b.length < 10 || (b[0] & 0xff) != 0xca || (b[1] & 0xff) != 0xfe || (b[2] & 0xff) != 0xba || (b[3] & 0xff) != 0xbe) {
            throw new StorageException(StorageErrorCode.BAD_INPUT, "cannot read the class file " + origin + ": not a class file ("
                    + b.length + " bytes, " + (b.length >= 4 ? "not beginning with 0xCAFEBABE" : "too short for a class") + "; the scan stored nothing)");
        }
    }

    /** A class file ASM cannot read (truncated, not a class, a version newer than ASM knows): named, with ASM's reason. */
    private static StorageException unreadable(String origin, RuntimeException e) {
        return new StorageException(StorageErrorCode.BAD_INPUT, "cannot read the class file " + origin + ": "
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + " (the scan stored nothing)", e);
    }

    private static final java.util.regex.Pattern TYPE = java.util.regex.Pattern.compile("L([^;<>:]+)[;<]");

    /** The class names in a descriptor or generic signature ({@code Ljava/util/List<Lshop/Dto;>;}). */
    private static void typesIn(String descriptor, List<String> into) {
        if (descriptor != null) {
            java.util.regex.Matcher m = TYPE.matcher(descriptor);
            while (m.find()) {
                into.add(m.group(1));
            }
        }
    }

    /** FNV-1a over a text's chars: the hashes the references and the changes are compared by. */
    static long hash(String s) {
        long h = HASH_START;
        for (int i = 0; i < s.length(); i++) {
            h = hash(h, s.charAt(i));
        }
        return h;
    }

    static final long HASH_START = 0xcbf29ce484222325L;

    /** {@link #hash} one char further. */
    static long hash(long h, char c) {
        return (h ^ c) * 0x100000001b3L;
    }

    /**
     * What every file's rows also follow from: the scanner's version and the dispatch, whether JPA names follow Spring
     * Boot's naming ({@link Entities#springBootNaming}), and under RTA the types the scanned code instantiates (a virtual
     * call's targets are among them). A scan with the other dispatch, by a scanner that writes other rows, once the code
     * becomes or stops being a Spring Boot application, or under RTA once the code creates another set of types, so
     * rewrites every file.
     */
    private static byte[] salt(Set<String> instantiated, boolean springBootNaming, MessageDigest sha) {
        sha.update(VERSION.getBytes(StandardCharsets.UTF_8));
        if (springBootNaming) {
            sha.update(" spring-boot-naming".getBytes(StandardCharsets.UTF_8));
        }
        if (instantiated == null) {
            sha.update(" cha".getBytes(StandardCharsets.UTF_8));
        } else {
            sha.update(" rta".getBytes(StandardCharsets.UTF_8));
            for (String t : new java.util.TreeSet<>(instantiated)) {
                sha.update((byte) 0);
                sha.update(t.getBytes(StandardCharsets.UTF_8));
            }
        }
        return sha.digest();
    }

    /**
     * A source file as the manifest lists it: the SHA-256 of the {@link #salt} and its classes by name with their
     * {@link #checksum checksums}, the size of its classes, and as its interface hash the SHA-256 of the salt and the
     * checksums of their {@link ClassFacts#shape shapes}.
     */
    private static SourceFile source(String path, List<Seen> classes, MessageDigest sha, byte[] salt) {
        List<Seen> sorted = new ArrayList<>(classes);
        sorted.sort((a, b) -> a.header.name.compareTo(b.header.name));
        String[] hashes = new String[2];
        for (int i = 0; i < 2; i++) {
            sha.update(salt);
            for (Seen s : sorted) {
                sha.update(s.header.name.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(i == 0 ? s.digest : s.shape);
            }
            hashes[i] = HexFormat.of().formatHex(sha.digest());
        }
        long size = sorted.stream().mapToLong(s -> s.size).sum();
        return new SourceFile(path, hashes[0], size, sorted.get(0).header.language(), hashes[1]);
    }

    /**
     * A class's checksum, to tell a changed class from an unchanged one: its CRC-32C and CRC-32 (two different
     * polynomials: a change both miss is a multiple of their product, a 64-bit code) and its length. The file's hash
     * is then the SHA-256 of its classes' checksums ({@link #source}). Both CRCs are intrinsics of either JIT compiler,
     * where SHA-256's is the server compiler's alone: under the client compiler that {@code bin/drift} and its
     * resident drift run, hashing every class with SHA-256 took ~10x as long (60 ms for guava's classes against 1 ms).
     */
    static byte[] checksum(byte[] bytes) {
        java.util.zip.CRC32C c = new java.util.zip.CRC32C();
        c.update(bytes, 0, bytes.length);
        java.util.zip.CRC32 d = new java.util.zip.CRC32();
        d.update(bytes, 0, bytes.length);
        return java.nio.ByteBuffer.allocate(16).putInt((int) c.getValue()).putInt((int) d.getValue()).putLong(bytes.length).array();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Turns full class facts into rows, resolved against the hierarchy, and submits them in batches. */
    private static final class Writer {
        private final ScanSession session;
        private final Hierarchy h;
        private final Entities entities;
        private final Repositories repositories;
        private final List<FunctionRow> functions = new ArrayList<>();
        private final List<CallRow> calls = new ArrayList<>();
        private final List<DataAccessRow> access = new ArrayList<>();
        private final List<ContractRow> contractRows = new ArrayList<>();
        private final List<TypeRow> types = new ArrayList<>();
        long methods;
        final Map<String, Long> edges = new TreeMap<>();
        long dataAccess;
        long contracts;
        long sqlStrings;
        long sqlUnparsed;

        private final boolean writeContracts;

        Writer(ScanSession session, Hierarchy h, Entities entities, Repositories repositories, boolean writeContracts) {
            this.session = session;
            this.writeContracts = writeContracts;
            this.h = h;
            this.entities = entities;
            this.repositories = repositories;
        }

        /** The functions of a class. */
        void functions(ClassFacts c) {
            String file = c.file();
            types.add(ChangeReach.type(c));
            for (MethodFacts m : c.methods) {
                int start = Math.max(0, m.firstLine);
                // the method's own id string: the writer's key cache, the calls into it and out of it share it
                functions.add(new FunctionRow(m.id(c), m.name, file, start, Math.max(start, m.lastLine),
                        c.language(), Web.entryPoint(h, c, m), m.isPublic(), false));
                methods++;
            }
            if (functions.size() >= BATCH) {
                flush();
            }
        }

        /** The call edges, data access and contracts of a class (its functions are written). */
        void rest(ClassFacts c) {
            for (MethodFacts m : c.methods) {
                String id = m.id(c);
                Set<String> seen = new HashSet<>();
                for (Call call : m.calls) {
                    edges(id, call, seen);
                    if (call.opcode() == Opcodes.INVOKEINTERFACE || call.dispatched()) {
                        // save, findById…: a repository's method Spring Data implements, outside the scan
                        String on = call.dispatched() ? call.receiver() : call.owner();
                        access(id, repositories.inheritedCall(h, on, call.name(), call.desc()), call.line());
                    }
                }
                List<ClassFacts.Sql> fromAnnotations = SqlStrings.annotated(m);
                List<ClassFacts.Sql> queries = m.sql;
                if (fromAnnotations.isEmpty()) {
                    access(id, repositories.derived(c, m), m.firstLine);
                } else {
                    queries = new ArrayList<>(m.sql);
                    queries.addAll(fromAnnotations);
                }
                for (ClassFacts.Sql sql : queries) {
                    sqlStrings++;
                    List<SqlParse.Access> parsed = SqlParse.parse(sql.text());
                    if (parsed.isEmpty()) {
                        sqlUnparsed++;
                        continue;
                    }
                    if (sql.api().equals(SqlStrings.JPQL)) {
                        parsed = entities.toTables(parsed);
                    }
                    for (SqlParse.Access a : parsed) {
                        access(id, a, sql.line());
                    }
                }
                if (writeContracts) {
                    for (Web.Endpoint e : Web.endpoints(c, m)) {
                        contractRows.add(Contracts.contract(h, c, m, e));
                        contracts++;
                    }
                }
            }
            if (calls.size() + access.size() >= BATCH) {
                flush();
            }
        }

        /** A data access row of function {@code id} at {@code line}, if there is one. */
        private void access(String id, SqlParse.Access a, int line) {
            if (a != null) {
                access.add(new DataAccessRow(id, a.table(), a.operation(), a.fields(), Math.max(0, line)));
                dataAccess++;
            }
        }

        /** The edges of one call: its named target, and for a virtual call the overrides it may reach. */
        private void edges(String caller, Call call, Set<String> seen) {
            switch (call.opcode()) {
                case Opcodes.INVOKESTATIC -> {
                    Hierarchy.Target t = h.resolveStatic(call.owner(), call.name(), call.desc());
                    edge(caller, call, t == null ? Ids.method(call.owner(), call.name(), call.desc()) : t.id(), EdgeKind.STATIC, seen);
                }
                case Opcodes.INVOKESPECIAL -> {
                    Hierarchy.Target t = call.name().equals("<init>") ? null : h.resolve(call.owner(), call.name(), call.desc());
                    edge(caller, call, t == null ? Ids.method(call.owner(), call.name(), call.desc()) : t.id(), EdgeKind.SPECIAL, seen);
                }
                case Opcodes.INVOKEDYNAMIC -> {
                    Hierarchy.Target t = call.name().equals("<init>") ? null : h.resolve(call.owner(), call.name(), call.desc());
                    if (t == null) {
                        t = h.resolveStatic(call.owner(), call.name(), call.desc());
                    }
                    String declared = t == null ? Ids.method(call.owner(), call.name(), call.desc()) : t.id();
                    edge(caller, call, declared, EdgeKind.LAMBDA, seen);
                    if (call.dispatched()) {
                        // a method reference such as Shape::area runs the receiver's override, as s.area() would
                        overrides(caller, call, call.receiver(), declared, seen);
                    }
                }
                default -> {
                    Hierarchy.Target t = h.resolve(call.owner(), call.name(), call.desc());
                    String declared = t == null ? Ids.method(call.owner(), call.name(), call.desc()) : t.id();
                    edge(caller, call, declared, EdgeKind.VIRTUAL, seen);
                    overrides(caller, call, call.owner(), declared, seen);
                }
            }
        }

        /**
         * The overrides a call dispatched on a receiver of static type {@code receiver} may run besides {@code declared}:
         * CHA or RTA edges.
         */
        private void overrides(String caller, Call call, String receiver, String declared, Set<String> seen) {
            Set<String> overrides = h.overrides(receiver, call.name(), call.desc(), declared);
            if (overrides != null) {
                EdgeKind kind = h.rta() ? EdgeKind.RTA : EdgeKind.CHA;
                for (String o : overrides) {
                    edge(caller, call, o, kind, seen);
                }
            }
        }

        private void edge(String caller, Call call, String callee, EdgeKind kind, Set<String> seen) {
            // one edge per target, kind and line: the same call twice on one line says nothing more
            if (seen.add(call.line() + " " + kind + " " + callee)) {
                calls.add(new CallRow(caller, call.name(), Math.max(0, call.line()), callee, kind));
                edges.merge(kind.wire(), 1L, Long::sum);
            }
        }

        void flush() {
            add(CallGraphStore.TYPE, types);
            add(CallGraphStore.FUNCTION, functions);
            add(CallGraphStore.CALL, calls);
            add(CallGraphStore.DATA_ACCESS, access);
            if (writeContracts) {
                add(ContractStore.CONTRACT, contractRows);
            }
        }

        private <R> void add(RowType<R> type, List<R> rows) {
            if (!rows.isEmpty()) {
                session.add(type, List.copyOf(rows));
                rows.clear();
            }
        }
    }
}
