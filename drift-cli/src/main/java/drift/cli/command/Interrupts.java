package drift.cli.command;

import drift.cli.Client;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C (SIGINT) during a write: the first one runs {@code onInterrupt} (a scan is abandoned, so the command
 * rolls back and exits 130 with one line), a second one ends the process at once. Either way SQLite leaves
 * the store as it was before the scan: an uncommitted transaction never reaches readers. A command run for a
 * {@link Client} (the resident drift's) takes the client's Ctrl-C instead, and leaves the process's signals alone.
 */
final class Interrupts implements AutoCloseable {
    private final SignalHandler previous;
    private final AtomicBoolean interrupted = new AtomicBoolean();
    private final Client client = Client.current();

    private Interrupts(Runnable onInterrupt) {
        if (client != null) {
            previous = null;
            client.onCancel(() -> {
                interrupted.set(true);
                onInterrupt.run();
            });
            return;
        }
        SignalHandler before;
        try {
            before = Signal.handle(new Signal("INT"), sig -> {
                if (!interrupted.compareAndSet(false, true)) {
                    Runtime.getRuntime().halt(130);
                }
                onInterrupt.run();
            });
        } catch (IllegalArgumentException e) {
            before = null; // no SIGINT here (or the JVM was told to ignore it): nothing to handle
        }
        this.previous = before;
    }

    /** Handles Ctrl-C with {@code onInterrupt} until closed. */
    static Interrupts handle(Runnable onInterrupt) {
        return new Interrupts(onInterrupt);
    }

    /** Whether Ctrl-C was pressed. */
    boolean interrupted() {
        return interrupted.get();
    }

    @Override
    public void close() {
        if (client != null) {
            client.onCancel(null);
        } else if (previous != null) {
            Signal.handle(new Signal("INT"), previous);
        }
    }
}
