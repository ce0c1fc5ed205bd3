package drift.domain.patterns;

import drift.storage.api.RowRejectedException;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PatternRowTest {
    private static final java.util.regex.Pattern PLAIN = java.util.regex.Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z");
    private static boolean parses(String s) {
        try {
            OffsetDateTime.parse(s);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    @Test
    void theFastCheckAcceptsOnlyWhatTheParserAcceptsAndEveryPlainUtcTime() {
        SplittableRandom random = new SplittableRandom(42);
        String digitsAndMore = "0123456789-:TZ.+x";
        int accepted = 0;
        for (int i = 0; i < 200_000; i++) {
            // a valid time, then a few characters changed (or a fraction of random length)
            StringBuilder s = new StringBuilder(String.format("%04d-%02d-%02dT%02d:%02d:%02d", random.nextInt(1, 10_000), random.nextInt(0, 14),
                    random.nextInt(0, 33), random.nextInt(0, 25), random.nextInt(0, 61), random.nextInt(0, 61)));
            int fraction = random.nextInt(-1, 11);
            if (fraction >= 0) {
                s.append('.');
                for (int f = 0; f < fraction; f++) {
                    s.append((char) ('0' + random.nextInt(10)));
                }
            }
            s.append('Z');
            for (int m = random.nextInt(3); m > 0; m--) {
                s.setCharAt(random.nextInt(s.length()), digitsAndMore.charAt(random.nextInt(digitsAndMore.length())));
            }
            String t = s.toString();
            boolean fast = PatternRow.plainUtc(t);
            if (PLAIN.matcher(t).matches()) {
                assertEquals(parses(t), fast, t); // the plain form: exactly the parser's answer
            } else {
                assertTrue(!fast, "only the plain form is accepted without the parser: " + t);
            }
            if (fast) {
                accepted++;
            }
        }
        assertTrue(accepted > 10_000, "the sample holds valid times: " + accepted);
    }

    @Test
    void timesAreCheckedAndOrdered() {
        PatternRow ok = row("2026-02-28T23:59:59Z", "2026-03-01T00:00:00.5Z");
        assertEquals("2026-03-01T00:00:00.5Z", ok.lastSeen());
        assertEquals("first_seen", assertThrows(RowRejectedException.class, () -> row("2026-02-29T00:00:00Z", null)).field());
        assertEquals("last_seen", assertThrows(RowRejectedException.class, () -> row(null, "2026-01-01")).field());
        assertEquals("last_seen", assertThrows(RowRejectedException.class,
                () -> row("2026-01-02T00:00:00Z", "2026-01-01T00:00:00Z")).field());
        // other forms still go through the parser, offsets included
        assertEquals("last_seen", assertThrows(RowRejectedException.class,
                () -> row("2026-01-01T10:00:00+02:00", "2026-01-01T07:00:00Z")).field());
        row("2026-01-01T10:00:00+02:00", "2026-01-01T08:00:00Z");
        row("2024-02-29T00:00:00Z", "2024-02-29T00:00:00.000000001Z");
    }

    private static PatternRow row(String firstSeen, String lastSeen) {
        return new PatternRow("p1", "name", Category.API, PatternStatus.DISCOVERED, 0.5, Severity.INFO, "", "", firstSeen, lastSeen);
    }
}
