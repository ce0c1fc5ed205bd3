package drift.storage.api;

/**
 * The sink for one row's column values in a bulk write, in column order. Typed methods avoid boxing on
 * the hot path.
 */
public interface Values {
    /** Text (or NULL when {@code value} is null). */
    Values text(String value);

    /** An integer. */
    Values integer(long value);

    /** An integer or NULL. */
    Values integer(Long value);

    /** A real. */
    Values real(double value);

    /** A real or NULL. */
    Values real(Double value);

    /** A boolean stored as 0/1. */
    Values bool(boolean value);

    /** A blob or NULL. */
    Values blob(byte[] value);

    /** SQL NULL. */
    Values nul();
}
