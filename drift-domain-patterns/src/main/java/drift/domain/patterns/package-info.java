/** The patterns domain's public API: row records, query options and {@link drift.domain.patterns.PatternStore}. */
package drift.domain.patterns;
