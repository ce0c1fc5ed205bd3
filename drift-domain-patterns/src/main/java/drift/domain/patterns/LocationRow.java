package drift.domain.patterns;

import drift.storage.api.RowRejectedException;

/**
 * One occurrence of a pattern (FORMAT.md, locations.ndjson); an outlier deviates from it.
 *
 * @param patternId the pattern (must exist when the row is written)
 * @param file the file
 * @param line 1-based line
 * @param column column
 * @param endLine last line (null when unknown)
 * @param endColumn last column (null when unknown)
 * @param outlier whether this occurrence deviates from the pattern
 * @param reason why it deviates (outliers), or null
 * @param deviationScore 0 to 1, or null
 */
public record LocationRow(String patternId, String file, long line, long column, Long endLine, Long endColumn,
                          boolean outlier, String reason, Double deviationScore) {
    /** Validates every field; errors name the field. */
    public LocationRow {
        if (patternId == null || patternId.isBlank()) {
            throw new RowRejectedException(-1, "pattern_id", "must not be empty");
        }
        if (file == null || file.isBlank()) {
            throw new RowRejectedException(-1, "file", "must not be empty");
        }
        if (line < 0) {
            throw new RowRejectedException(-1, "line", "must not be negative, was " + line);
        }
        if (column < 0) {
            throw new RowRejectedException(-1, "column", "must not be negative, was " + column);
        }
        if (endLine != null && endLine < line) {
            throw new RowRejectedException(-1, "end_line", "must not be before line " + line + ", was " + endLine);
        }
        if (deviationScore != null && (deviationScore.isNaN() || deviationScore < 0 || deviationScore > 1)) {
            throw new RowRejectedException(-1, "deviation_score", "must be between 0 and 1, was " + deviationScore);
        }
    }
}
