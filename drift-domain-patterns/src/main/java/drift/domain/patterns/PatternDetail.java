package drift.domain.patterns;

import java.util.List;

/**
 * One pattern with where it occurs.
 *
 * @param pattern the pattern
 * @param locations occurrences that follow it
 * @param outliers occurrences that deviate from it
 * @param files the distinct files it occurs in, sorted
 */
public record PatternDetail(Pattern pattern, List<LocationRow> locations, List<LocationRow> outliers, List<String> files) {
    /** Copies the lists. */
    public PatternDetail {
        locations = List.copyOf(locations);
        outliers = List.copyOf(outliers);
        files = List.copyOf(files);
    }
}
