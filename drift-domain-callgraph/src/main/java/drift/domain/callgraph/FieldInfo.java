package drift.domain.callgraph;

/**
 * A data field with its sensitivity.
 *
 * @param name the column name
 * @param sensitivity its class, or null when it is not sensitive
 */
public record FieldInfo(String name, Sensitivity sensitivity) {
}
