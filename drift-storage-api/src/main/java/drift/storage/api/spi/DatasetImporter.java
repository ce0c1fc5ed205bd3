package drift.storage.api.spi;

import drift.storage.api.Fields;
import drift.storage.api.RowType;

import java.util.Objects;

/**
 * A dataset file a domain can import: each line one record, parsed into a row.
 *
 * @param fileName the file's name in a dataset folder, e.g. {@code patterns.ndjson}
 * @param order import order among all files (lower first), so that referenced rows come first
 * @param type the row type produced
 * @param parser turns one record into a row; throws {@link drift.storage.api.RowRejectedException}
 *        naming the field
 * @param files which file each row belongs to, so an import replaces files instead of adding to them
 * @param <R> the row type
 */
public record DatasetImporter<R>(String fileName, int order, RowType<R> type, Parser<R> parser, RowFiles<R> files) {
    /** Validates the fields. */
    public DatasetImporter {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(parser, "parser");
        Objects.requireNonNull(files, "files");
    }

    /** An importer of rows that belong to no file. */
    public DatasetImporter(String fileName, int order, RowType<R> type, Parser<R> parser) {
        this(fileName, order, type, parser, RowFiles.none());
    }

    /** Parses one record. */
    @FunctionalInterface
    public interface Parser<R> {
        /** The row for one record. */
        R parse(Fields record);
    }
}
