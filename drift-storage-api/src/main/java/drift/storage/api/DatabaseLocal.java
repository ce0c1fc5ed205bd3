package drift.storage.api;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A key for state a domain's read side keeps for as long as a database is open, one instance per database
 * ({@link SqlReader#local}), shared by every reader thread: what a domain derives from the data and reuses
 * across queries, such as an in-memory index keyed by {@link SqlReader#dataVersion()}. Keep the key in a
 * constant; the state is created on first use and must be safe for concurrent readers.
 *
 * @param <T> the state's type
 */
public final class DatabaseLocal<T> {
    private final String name;
    private final Supplier<? extends T> initial;

    private DatabaseLocal(String name, Supplier<? extends T> initial) {
        this.name = Objects.requireNonNull(name, "name");
        this.initial = Objects.requireNonNull(initial, "initial");
    }

    /** A key named {@code name} (for messages) whose state {@code initial} creates. */
    public static <T> DatabaseLocal<T> of(String name, Supplier<? extends T> initial) {
        return new DatabaseLocal<>(name, initial);
    }

    /** Creates the state of one database; called by the engine on first use. */
    public T create() {
        return Objects.requireNonNull(initial.get(), () -> "database state " + name + " created null");
    }

    @Override
    public String toString() {
        return "DatabaseLocal[" + name + "]";
    }
}
