package drift.storage.postgres.internal;

import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NumberedParametersTest {
    private static NumberedParameters.Positional p(String sql, Object... values) {
        return NumberedParameters.toPositional(sql, Arrays.asList(values));
    }

    @Test
    void numberedParametersBecomePositionalInTheirOrder() {
        NumberedParameters.Positional r = p("SELECT * FROM t WHERE a > ?2 AND b = ?1 OR c = ?2", "x", 5);
        assertEquals("SELECT * FROM t WHERE a > ? AND b = ? OR c = ?", r.sql());
        assertEquals(List.of(5, "x", 5), r.params());
    }

    @Test
    void quotesCommentsAndDollarQuotesAreLeftAlone() {
        NumberedParameters.Positional r = p("SELECT '?1', \"?2\", $$ ?1 $$, $t$?1$t$ -- ?1\n, /* ?2 */ ?1, 'it''s ?1'", "v");
        assertEquals("SELECT '?1', \"?2\", $$ ?1 $$, $t$?1$t$ -- ?1\n, /* ?2 */ ?, 'it''s ?1'", r.sql());
        assertEquals(List.of("v"), r.params());
    }

    @Test
    void plainPlaceholdersPassUnchangedAndMixturesOrMissingValuesAreRefused() {
        assertEquals("SELECT ? + ?", p("SELECT ? + ?", 1, 2).sql());
        assertEquals(StorageErrorCode.INVALID_ARGUMENT, assertThrows(StorageException.class, () -> p("SELECT ?1 + ?", 1, 2)).code());
        StorageException e = assertThrows(StorageException.class, () -> p("SELECT ?3", 1));
        assertEquals("parameter ?3 has no value (1 given)", e.getMessage());
    }
}
