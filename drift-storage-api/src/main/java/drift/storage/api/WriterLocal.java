package drift.storage.api;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A key for state that the writer keeps for as long as a database is open, one instance per database
 * ({@link SqlWriter#local}): what a domain's handlers remember between batches, such as a
 * {@link KeyCache}. Like a {@code ThreadLocal}, keep it in a constant; the instance is created on first
 * use and only ever touched from the writer thread.
 *
 * @param <T> the state's type
 */
public final class WriterLocal<T> {
    private final String name;
    private final Supplier<? extends T> initial;

    private WriterLocal(String name, Supplier<? extends T> initial) {
        this.name = Objects.requireNonNull(name, "name");
        this.initial = Objects.requireNonNull(initial, "initial");
    }

    /** A key named {@code name} (for messages) whose state {@code initial} creates. */
    public static <T> WriterLocal<T> of(String name, Supplier<? extends T> initial) {
        return new WriterLocal<>(name, initial);
    }

    /** Creates the state of one database; called by the engine on first use. */
    public T create() {
        return Objects.requireNonNull(initial.get(), () -> "writer state " + name + " created null");
    }

    @Override
    public String toString() {
        return "WriterLocal[" + name + "]";
    }
}
