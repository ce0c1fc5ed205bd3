package drift.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Who a command runs for when it is not its own process's: the resident drift runs {@code bin/drift}'s commands for
 * a client in another process, whose working folder, terminal and Ctrl-C are not the daemon's. A command asks here
 * for the folder that relative paths mean, whether progress may be shown and where it goes, and registers its
 * Ctrl-C (the commands' {@code Interrupts}). Outside {@link #runFor} (a command of the process's own) the answers are the
 * process's: its working folder, its console, its SIGINT.
 */
public final class Client {
    private static final ThreadLocal<Client> CURRENT = new ThreadLocal<>();

    private final Path folder;
    private final Consumer<String> progress;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private volatile Runnable onCancel;

    /**
     * @param folder the client's working folder (absolute)
     * @param progress where a progress line goes as it happens, or null when the client's standard error is not a
     *        terminal (no progress then, as for a command whose output is redirected)
     */
    public Client(Path folder, Consumer<String> progress) {
        if (!folder.isAbsolute()) {
            throw new IllegalArgumentException("a client's folder is absolute, was " + folder);
        }
        this.folder = folder;
        this.progress = progress;
    }

    /** Runs {@code work} on this thread as the command of {@code client}. */
    public static <T> T runFor(Client client, Callable<T> work) throws Exception {
        Client before = CURRENT.get();
        CURRENT.set(client);
        try {
            return work.call();
        } finally {
            CURRENT.set(before);
        }
    }

    /** The client pressed Ctrl-C, or went away: the command stops as on SIGINT (a scan rolls back). */
    public void cancel() {
        if (cancelled.compareAndSet(false, true)) {
            Runnable r = onCancel;
            if (r != null) {
                r.run();
            }
        }
    }

    /** Whether {@link #cancel} was called. */
    public boolean cancelled() {
        return cancelled.get();
    }

    /** The client of the command running on this thread, or null for a command of the process's own. */
    public static Client current() {
        return CURRENT.get();
    }

    /** The folder a relative path on the command line means: the client's, else this process's. */
    public static Path folder() {
        Client c = CURRENT.get();
        return c != null ? c.folder : Path.of("").toAbsolutePath();
    }

    /** {@code path} as the user meant it: relative to {@link #folder()}. */
    public static Path resolve(String path) {
        return folder().resolve(path).normalize();
    }

    /** Whether progress may be shown: the client's terminal, else this process's console. */
    public static boolean terminal() {
        Client c = CURRENT.get();
        return c != null ? c.progress != null : System.console() != null;
    }

    /** Shows one progress line to the client (only for a client with a terminal). */
    public void progress(String line) {
        if (progress != null) {
            progress.accept(line);
        }
    }

    /** Registers the command's Ctrl-C; run at once when the client already cancelled. */
    public void onCancel(Runnable r) {
        onCancel = r;
        if (r != null && cancelled.get()) {
            r.run();
        }
    }
}
