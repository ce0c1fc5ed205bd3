package drift.domain.patterns;

import drift.storage.api.RowRejectedException;

import java.util.Objects;

/**
 * A detected pattern as a scanner reports it (FORMAT.md, patterns.ndjson).
 *
 * @param id unique, non-empty
 * @param name display name
 * @param category what it is about
 * @param status review status (kept when an existing pattern is written again)
 * @param confidence 0 to 1
 * @param severity how much a deviation matters
 * @param description free text, searchable
 * @param detector the detector that found it, searchable
 * @param firstSeen ISO-8601 UTC, or null
 * @param lastSeen ISO-8601 UTC, or null
 */
public record PatternRow(String id, String name, Category category, PatternStatus status, double confidence,
                         Severity severity, String description, String detector, String firstSeen, String lastSeen) {
    /** Validates every field; errors name the field. */
    public PatternRow {
        if (id == null || id.isBlank()) {
            throw new RowRejectedException(-1, "id", "must not be empty");
        }
        if (name == null || name.isBlank()) {
            throw new RowRejectedException(-1, "name", "must not be empty");
        }
        require(category, "category");
        require(status, "status");
        require(severity, "severity");
        if (Double.isNaN(confidence) || confidence < 0 || confidence > 1) {
            throw new RowRejectedException(-1, "confidence", "must be between 0 and 1, was " + confidence);
        }
        description = Objects.requireNonNullElse(description, "");
        detector = Objects.requireNonNullElse(detector, "");
        time(firstSeen, "first_seen");
        time(lastSeen, "last_seen");
        if (firstSeen != null && lastSeen != null && before(lastSeen, firstSeen)) {
            throw new RowRejectedException(-1, "last_seen", "is before first_seen (" + lastSeen + " < " + firstSeen + ")");
        }
    }

    /** A time is ISO-8601 with its offset (UTC: {@code 2026-01-31T12:00:00Z}), or absent. */
    private static void time(String value, String field) {
        if (value == null || plainUtc(value)) {
            return;
        }
        try {
            java.time.OffsetDateTime.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            throw new RowRejectedException(-1, field, "must be an ISO-8601 time such as 2026-01-31T12:00:00Z, was '"
                    + (value.length() > 40 ? value.substring(0, 40) + "…" : value) + "'");
        }
    }

    private static boolean before(String a, String b) {
        // two plain UTC times with the same number of fraction digits order as their text does
        if (a.length() == b.length() && plainUtc(a) && plainUtc(b)) {
            return a.compareTo(b) < 0;
        }
        return java.time.OffsetDateTime.parse(a).isBefore(java.time.OffsetDateTime.parse(b));
    }

    /**
     * Whether {@code s} is a valid {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z}, the form every scan writes, checked
     * without the general parser (four of those parses were most of what reading a pattern back cost); any other
     * form is left to {@link java.time.OffsetDateTime#parse}.
     */
    static boolean plainUtc(String s) {
        int n = s.length();
        if (n < 20 || n > 30 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':' || s.charAt(n - 1) != 'Z' || (n > 20 && (s.charAt(19) != '.' || n == 21))) {
            return false;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
                || second > 59) {
            return false;
        }
        if (n > 20 && digits(s, 20, n - 1) < 0) { // a fraction of 1 to 9 digits
            return false;
        }
        boolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        int days = month == 2 ? (leap ? 29 : 28) : month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
        return day <= days;
    }

    /** The number the digits from {@code from} to {@code to} write (at most 9 of them), -1 if any is not a digit. */
    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static void require(Object v, String field) {
        if (v == null) {
            throw new RowRejectedException(-1, field, "is required");
        }
    }
}
