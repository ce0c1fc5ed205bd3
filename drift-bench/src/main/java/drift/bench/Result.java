package drift.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * One workload's figures.
 *
 * @param workload e.g. W2
 * @param runs timed runs
 * @param medianMs median
 * @param minMs fastest
 * @param maxMs slowest
 * @param notes the answer figures, so results can be checked against other implementations
 */
record Result(String workload, int runs, double medianMs, double minMs, double maxMs, String notes) {
    static Result of(String workload, double[] millis, String notes) {
        double[] s = millis.clone();
        Arrays.sort(s);
        double median = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        return new Result(workload, s.length, median, s[0], s[s.length - 1], notes);
    }

    String json() {
        return String.format(Locale.ROOT, "{\"workload\":\"%s\",\"runs\":%d,\"median_ms\":%.3f,\"min_ms\":%.3f,\"max_ms\":%.3f,\"notes\":\"%s\"}",
                workload, runs, medianMs, minMs, maxMs, notes.replace("\\", "\\\\").replace("\"", "\\\""));
    }

    String text() {
        return String.format(Locale.ROOT, "%-5s median %9.3f ms  min %9.3f  max %9.3f  (%d runs)  %s", workload, medianMs, minMs,
                maxMs, runs, notes);
    }
}
