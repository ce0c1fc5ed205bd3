package drift.domain.patterns;

import java.util.List;
import java.util.Optional;

/**
 * One page of patterns.
 *
 * @param patterns the patterns, in the requested order
 * @param nextCursor pass it as {@link PatternQuery#cursor()} for the next page (keyset paging); empty on
 *        the last page
 */
public record PatternPage(List<Pattern> patterns, Optional<String> nextCursor) {
    /** Copies the list. */
    public PatternPage {
        patterns = List.copyOf(patterns);
    }
}
