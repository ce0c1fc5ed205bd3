package drift.example.todos;

import drift.example.todos.internal.TodoReads;
import drift.storage.api.DatabaseManager;
import drift.storage.api.RowType;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Typed access to the todos domain of an open drift database: markers go in through the batch writer
 * (commit with {@code db.batch().flushAndWait()}), reads run on the read pool.
 */
public final class TodoStore {
    /** The domain id. */
    public static final String DOMAIN = "todos";
    /** Rows of todos.ndjson. */
    public static final RowType<Todo> MARKER = RowType.of(DOMAIN, "marker", Todo.class);

    private final DatabaseManager db;

    private TodoStore(DatabaseManager db) {
        this.db = db;
    }

    /**
     * The todos domain of {@code db}.
     *
     * @throws StorageException NOT_FOUND when the domain is not installed (its jar is not in {@code mods/})
     */
    public static TodoStore of(DatabaseManager db) {
        Objects.requireNonNull(db, "db");
        if (!db.hasDomain(DOMAIN)) {
            throw new StorageException(StorageErrorCode.NOT_FOUND,
                    "the todos domain is not installed (put drift-domain-example's jar in mods/)");
        }
        return new TodoStore(db);
    }

    /**
     * Submits markers as one atomic batch. A marker at a file and line already stored replaces it; within
     * a batch the later one wins.
     */
    public void insert(Collection<Todo> markers) {
        db.batch().addAll(MARKER, markers);
    }

    /** Markers by file and line, optionally only of one kind and/or one file (null = any). */
    public List<Todo> list(TodoKind kind, String file) {
        return db.read(r -> TodoReads.list(r, kind, file));
    }

    /** Deletes every marker and resets the counters. */
    public void clear() {
        db.clearDomain(DOMAIN);
    }
}
