package drift.storage.api;

/**
 * One result row, valid only inside the mapper or callback it was passed to. Column indexes are
 * 1-based, as in SQL. Getters for primitives return 0 / false for SQL NULL; use the {@code OrNull}
 * variants where NULL matters.
 */
public interface Row {
    /** Number of columns. */
    int columnCount();

    /** Name (or alias) of a column, 1-based. */
    String columnName(int index);

    /** Text value or {@code null}. */
    String getString(String column);

    /** Text value or {@code null}, 1-based. */
    String getString(int index);

    /** Integer value (0 for NULL). */
    long getLong(String column);

    /** Integer value (0 for NULL), 1-based. */
    long getLong(int index);

    /** Integer value or {@code null}. */
    Long getLongOrNull(String column);

    /** Real value (0 for NULL). */
    double getDouble(String column);

    /** Real value (0 for NULL), 1-based. */
    double getDouble(int index);

    /** Real value or {@code null}. */
    Double getDoubleOrNull(String column);

    /** Integer value read as a boolean: non-zero is true. */
    boolean getBoolean(String column);

    /** Blob value or {@code null}. */
    byte[] getBytes(String column);

    /** The value as a plain Java object: {@code Long}, {@code Double}, {@code String}, {@code byte[]} or null. */
    Object getObject(int index);

    /** The value as a plain Java object, by name. */
    Object getObject(String column);
}
