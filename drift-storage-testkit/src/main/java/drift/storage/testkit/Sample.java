package drift.storage.testkit;

import drift.storage.api.RowType;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Sample rows of a domain, by the file they belong to, in the order they are to be written (parents before
 * children). The contract writes them in scans of all the files or of some, so every row put under a file
 * must belong to that file (a row of no file, such as a pattern, goes under the first file that reports it).
 */
public final class Sample {
    /** Rows of one type under one file. */
    record Part(String file, RowType<?> type, List<?> rows) {
    }

    private final List<Part> parts = new ArrayList<>();

    Sample() {
    }

    /** Adds rows of {@code type} that belong to {@code file}. */
    public <R> Sample rows(String file, RowType<R> type, Collection<? extends R> rows) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(type, "type");
        parts.add(new Part(file, type, List.copyOf(rows)));
        return this;
    }

    /** Adds one row of {@code type} that belongs to {@code file}. */
    public <R> Sample row(String file, RowType<R> type, R row) {
        return rows(file, type, List.of(row));
    }

    /** The files, in the order they first appear. */
    Set<String> files() {
        Set<String> out = new LinkedHashSet<>();
        parts.forEach(p -> out.add(p.file()));
        return out;
    }

    List<Part> parts() {
        return parts;
    }
}
