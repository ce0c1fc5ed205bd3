package drift.storage.api.spi;

import drift.storage.api.RowType;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Which file a dataset row belongs to ({@link DatasetImporter#files()}), so that an importer can replace a
 * file's rows, skip the rows of files a snapshot left unchanged and refuse rows of files it does not know.
 *
 * @param <R> the row type
 */
public final class RowFiles<R> {
    /** How a row names its file. */
    public enum Kind {
        /** It belongs to no file (a pattern): every scan that carries it writes it. */
        NONE,
        /** It names its file. */
        FILE,
        /** It names several files (a contract: its backend's and its frontend calls'); always written. */
        FILES,
        /** It belongs to the file of a parent row of another type (a call: its caller's). */
        PARENT
    }

    private final Kind kind;
    private final String fileField;
    private final Function<R, String> file;
    private final Function<R, ? extends Collection<String>> files;
    private final RowType<?> parent;
    private final String parentField;
    private final Function<R, String> parentId;
    private final String idField;
    private final Function<R, String> id;

    private RowFiles(Kind kind, String fileField, Function<R, String> file, Function<R, ? extends Collection<String>> files, RowType<?> parent,
                     String parentField, Function<R, String> parentId, String idField, Function<R, String> id) {
        this.kind = kind;
        this.fileField = fileField;
        this.file = file;
        this.files = files;
        this.parent = parent;
        this.parentField = parentField;
        this.parentId = parentId;
        this.idField = idField;
        this.id = id;
    }

    /** Rows that belong to no file. */
    public static <R> RowFiles<R> none() {
        return new RowFiles<>(Kind.NONE, null, null, null, null, null, null, null, null);
    }

    /**
     * Rows that name their file, in the record's top-level string field {@code field} (so an importer can
     * tell a row of an unchanged file from its line without parsing it) and in the row as {@code file} gives.
     */
    public static <R> RowFiles<R> file(String field, Function<R, String> file) {
        return new RowFiles<>(Kind.FILE, Objects.requireNonNull(field, "field"), Objects.requireNonNull(file, "file"), null, null,
                null, null, null, null);
    }

    /** Rows that name several files. */
    public static <R> RowFiles<R> files(Function<R, ? extends Collection<String>> files) {
        return new RowFiles<>(Kind.FILES, null, null, Objects.requireNonNull(files, "files"), null, null, null, null, null);
    }

    /**
     * Rows that belong to the file of the {@code parent} row whose id {@code parentId} gives (read from the
     * record's {@code field}, which errors name).
     */
    public static <R> RowFiles<R> parent(RowType<?> parent, String field, Function<R, String> parentId) {
        return new RowFiles<>(Kind.PARENT, null, null, null, Objects.requireNonNull(parent, "parent"),
                Objects.requireNonNull(field, "field"), Objects.requireNonNull(parentId, "parentId"), null, null);
    }

    /**
     * These file rows as parents: child rows name them by the id in the top-level string field {@code field},
     * which {@code id} gives from the row.
     */
    public RowFiles<R> withId(String field, Function<R, String> id) {
        if (kind != Kind.FILE) {
            throw new IllegalStateException("only rows that name their file can be parents");
        }
        return new RowFiles<>(kind, fileField, file, null, null, null, null, Objects.requireNonNull(field, "field"),
                Objects.requireNonNull(id, "id"));
    }

    /** The record field that names the file, for {@link Kind#FILE}. */
    public String fileField() {
        return fileField;
    }

    /** The record field holding the id child rows name, or null. */
    public String idField() {
        return idField;
    }

    /** How the rows name their file. */
    public Kind kind() {
        return kind;
    }

    /** The files of one row: none, one, several, or (for {@link Kind#PARENT}) none here: see {@link #parentId}. */
    public Collection<String> filesOf(R row) {
        return switch (kind) {
            case NONE, PARENT -> List.of();
            case FILE -> List.of(file.apply(row));
            case FILES -> files.apply(row);
        };
    }

    /** The parent row type, for {@link Kind#PARENT}. */
    public RowType<?> parent() {
        return parent;
    }

    /** The record field that names the parent, for {@link Kind#PARENT}. */
    public String parentField() {
        return parentField;
    }

    /** The id of the row's parent, for {@link Kind#PARENT}. */
    public String parentId(R row) {
        return parentId.apply(row);
    }

    /** The id child rows name this row by, or {@code null} when the rows are no one's parents. */
    public String idOf(R row) {
        return id == null ? null : id.apply(row);
    }

    /** Whether child rows name these rows by id. */
    public boolean isParent() {
        return id != null;
    }
}
