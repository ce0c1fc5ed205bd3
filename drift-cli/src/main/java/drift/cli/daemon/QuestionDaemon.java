package drift.cli.daemon;

import drift.cli.Main;
import drift.cli.Client;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A resident drift that answers the CLI's read-only questions and runs its scans for {@code bin/drift}, so a
 * question costs a local connection instead of a JVM's start (~0.6 s), and a rescan runs in a JVM that has already
 * compiled the scanner (a rescan of 15,000 classes with two changed: ~0.7 s instead of ~1.7 s, whole processes).
 * Each command runs exactly as {@code java -p mods -m drift.cli} would run it ({@link Main#run}): the same parsing,
 * the store opened and closed for it (so it sees the store as it is now, even one replaced since), paths relative
 * to the client's folder ({@link Client}), its output and exit code handed back whole.
 *
 * <p>It listens on the loopback interface only, on a port of the system's choosing, and answers only a client that
 * presents the token of its state file, which only the user can read ({@code port token pid}, mode 600, in the
 * user's cache folder, named after the Java and the jars it runs, so a rebuild starts a new one). It answers one
 * question at a time and stops after {@code idle} without one, or as soon as its state file is gone or names
 * another daemon (two started at once: the last one stays).
 *
 * <p>Protocol: the client sends NUL-terminated fields — token, working folder (absolute), {@code t} when its standard
 * error is a terminal (else empty), argument count, the arguments — and reads one line {@code drift-daemon-2 EXIT
 * OUT_BYTES ERR_BYTES}, then the standard output's bytes, then the standard error's. A scan ({@link #WRITES}) may
 * first send progress lines, {@code drift-daemon-2 progress TEXT}, to a terminal; while it runs, any byte from the
 * client (its Ctrl-C) or the connection closing (the client killed) cancels it: it rolls back and answers 130 as the
 * plain command would. A command that is neither a question nor a write is answered {@code drift-daemon-2 refused 0
 * 0}: the client runs it itself.
 */
public final class QuestionDaemon {
    /** The commands a daemon answers: questions that only read the store (bin/drift sends it these, by name). */
    public static final Set<String> QUESTIONS = Set.of("status", "scans", "callers", "callees", "reachable", "who-reaches",
            "domains");
    /** The writes it runs: scans, whose Ctrl-C the client forwards. */
    public static final Set<String> WRITES = Set.of("scan");
    private static final String MAGIC = "drift-daemon-2";
    private static final int MAX_FIELD = 1 << 16;
    private static final int MAX_ARGS = 1_000;
    private static final int WORKERS = 4;

    private final Path state;
    private final Duration idle;
    private final PrintWriter log;
    private final String token;
    private final long pid = ProcessHandle.current().pid();

    private QuestionDaemon(Path state, Duration idle, PrintWriter log) {
        this.state = state;
        this.idle = idle;
        this.log = log;
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        this.token = HexFormat.of().formatHex(secret);
    }

    /** Serves questions until idle for {@code idle} or replaced; returns when it stops (its state file removed). */
    public static void serve(Path state, Duration idle, PrintWriter log) throws IOException {
        new QuestionDaemon(state, idle, log).run();
    }

    private void run() throws IOException {
        // a few questions at once: a long one (a reachability walk over a large store) does not hold the others
        ExecutorService workers = Executors.newFixedThreadPool(WORKERS, r -> {
            Thread t = new Thread(r, "drift-daemon-question");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger busy = new AtomicInteger();
        AtomicLong last = new AtomicLong(System.nanoTime());
        try (ServerSocket server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress())) {
            writeState(server.getLocalPort());
            log.printf("%s drift daemon %d listening on 127.0.0.1:%d (state %s, idle %ds)%n", Instant.now(), pid, server.getLocalPort(),
                    state, idle.toSeconds());
            log.flush();
            server.setSoTimeout(1_000);
            while (true) {
                Socket s;
                try {
                    s = server.accept();
                } catch (SocketTimeoutException tick) {
                    if (busy.get() == 0 && System.nanoTime() - last.get() > idle.toNanos()) {
                        log.printf("%s idle for %ds: stopping%n", Instant.now(), idle.toSeconds());
                        break;
                    }
                    if (!ours()) {
                        log.printf("%s the state file is gone or names another daemon: stopping%n", Instant.now());
                        return;
                    }
                    continue;
                }
                busy.incrementAndGet();
                workers.execute(() -> {
                    try (s) {
                        answer(s);
                    } catch (IOException | RuntimeException e) {
                        log.printf("%s a question failed: %s%n", Instant.now(), e);
                        log.flush();
                    } finally {
                        last.set(System.nanoTime());
                        busy.decrementAndGet();
                    }
                });
            }
        } finally {
            workers.shutdown();
            log.flush();
        }
        if (ours()) {
            Files.deleteIfExists(state);
        }
    }

    /** Writes {@code port token pid} where only the user can read it, in one step (a reader never sees half of it). */
    private void writeState(int port) throws IOException {
        Path dir = state.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, state.getFileName() + ".", ".tmp", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(tmp, port + " " + token + " " + pid + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, state, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Whether the state file still names this daemon. */
    private boolean ours() {
        try {
            String[] f = Files.readString(state, StandardCharsets.US_ASCII).trim().split(" ");
            return f.length == 3 && f[1].equals(token) && f[2].equals(Long.toString(pid));
        } catch (IOException e) {
            return false;
        }
    }

    private void answer(Socket s) throws IOException {
        s.setSoTimeout(10_000); // a client that connects and says nothing does not hold the daemon
        InputStream in = new BufferedInputStream(s.getInputStream());
        String presented = field(in);
        if (!MessageDigest.isEqual(presented.getBytes(StandardCharsets.US_ASCII), token.getBytes(StandardCharsets.US_ASCII))) {
            log.printf("%s refused a client without the token%n", Instant.now());
            return;
        }
        Path cwd = Path.of(field(in));
        boolean terminal = field(in).equals("t");
        int argc = Integer.parseInt(field(in));
        if (!cwd.isAbsolute() || argc < 0 || argc > MAX_ARGS) {
            throw new IOException("bad request: working folder " + cwd + ", " + argc + " arguments");
        }
        List<String> args = new ArrayList<>(argc);
        for (int i = 0; i < argc; i++) {
            args.add(field(in));
        }
        OutputStream out = s.getOutputStream();
        boolean write = !args.isEmpty() && WRITES.contains(args.get(0));
        if (args.isEmpty() || !QUESTIONS.contains(args.get(0)) && !write) {
            out.write((MAGIC + " refused 0 0\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return;
        }
        long t0 = System.nanoTime();
        // what the plain command would print to its streams: the JVM's own encoding, as for System.out
        Charset cs = Charset.defaultCharset();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        Client client = new Client(cwd, terminal ? line -> frame(out, "progress " + line.replace('\n', ' ')) : null);
        if (write) {
            log.printf("%s %s: started%n", Instant.now(), args.get(0));
            log.flush();
            // the client's Ctrl-C is a byte; a killed client closes the connection: either cancels the scan
            s.setSoTimeout(0);
            Thread watch = new Thread(() -> {
                try {
                    in.read();
                } catch (IOException closed) {
                    // the same as the client going away
                }
                client.cancel();
            }, "drift-daemon-cancel");
            watch.setDaemon(true);
            watch.start();
        }
        int code;
        try (PrintWriter o = new PrintWriter(new OutputStreamWriter(stdout, cs), true);
             PrintWriter e = new PrintWriter(new OutputStreamWriter(stderr, cs), true)) {
            code = Client.runFor(client, () -> Main.run(args.toArray(String[]::new), o, e));
        } catch (Exception e) {
            throw new IOException("the command failed: " + e, e);
        }
        log.printf("%s %s: exit %d in %.1f ms%s%n", Instant.now(), args.get(0), code, (System.nanoTime() - t0) / 1e6,
                client.cancelled() ? " (cancelled by the client)" : "");
        log.flush();
        try {
            synchronized (out) {
                out.write((MAGIC + " " + code + " " + stdout.size() + " " + stderr.size() + "\n").getBytes(StandardCharsets.US_ASCII));
                stdout.writeTo(out);
                stderr.writeTo(out);
                out.flush();
            }
        } catch (IOException gone) {
            log.printf("%s the client was gone before the answer (killed?): %s%n", Instant.now(), gone.getMessage());
            log.flush();
        }
        if (write) {
            // a scan's working set is garbage now: collected and the heap given back, so an idle daemon stays small (the
            // serial collector shrinks the heap a step per full collection: a few, ~10 ms each with nothing live)
            for (int i = 0; i < 4; i++) {
                System.gc();
            }
        }
    }

    /** One progress line to the client, between the request and the answer (a client gone is the watcher's to notice). */
    private static void frame(OutputStream out, String text) {
        try {
            synchronized (out) {
                out.write((MAGIC + " " + text + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException gone) {
            // the client went away: the cancel watcher ends the scan
        }
    }

    /** One NUL-terminated UTF-8 field. */
    private static String field(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != 0) {
            if (c < 0) {
                throw new IOException("the client closed the connection mid-request");
            }
            if (b.size() >= MAX_FIELD) {
                throw new IOException("a request field longer than " + MAX_FIELD + " bytes");
            }
            b.write(c);
        }
        return b.toString(StandardCharsets.UTF_8);
    }
}
