package drift.dataset;

/**
 * One bad input line.
 *
 * @param file the dataset file name
 * @param line 1-based line number, or 0 when the problem is not tied to one line
 * @param message what is wrong, naming the field
 */
public record Problem(String file, long line, String message) {
    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line : "") + ": " + message;
    }
}
