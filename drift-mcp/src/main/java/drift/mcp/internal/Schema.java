package drift.mcp.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds a tool's JSON input schema: an object of named, described properties. */
public final class Schema {
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private final List<String> required = new ArrayList<>();

    private Schema() {
    }

    /** An object schema with no properties yet. */
    public static Schema object() {
        return new Schema();
    }

    /** A string property. */
    public Schema string(String name, String description, boolean isRequired) {
        return add(name, prop("string", description), isRequired);
    }

    /** A string property taking one of {@code values}. */
    public Schema choice(String name, String description, List<String> values, boolean isRequired) {
        Map<String, Object> p = prop("string", description);
        p.put("enum", List.copyOf(values));
        return add(name, p, isRequired);
    }

    /** An integer property between {@code min} and {@code max}, with its default. */
    public Schema integer(String name, String description, long min, long max, Long defaultValue) {
        Map<String, Object> p = prop("integer", description);
        p.put("minimum", min);
        p.put("maximum", max);
        if (defaultValue != null) {
            p.put("default", defaultValue);
        }
        return add(name, p, false);
    }

    /** A required integer property of at least {@code min}. */
    public Schema requiredInteger(String name, String description, long min) {
        Map<String, Object> p = prop("integer", description);
        p.put("minimum", min);
        return add(name, p, true);
    }

    /** A number property between {@code min} and {@code max}. */
    public Schema number(String name, String description, double min, double max) {
        Map<String, Object> p = prop("number", description);
        p.put("minimum", min);
        p.put("maximum", max);
        return add(name, p, false);
    }

    /** A boolean property. */
    public Schema bool(String name, String description) {
        return add(name, prop("boolean", description), false);
    }

    /** An array of scalar values (strings, numbers, booleans or null). */
    public Schema values(String name, String description) {
        Map<String, Object> p = prop("array", description);
        p.put("items", Map.of("type", List.of("string", "number", "integer", "boolean", "null")));
        return add(name, p, false);
    }

    /** An object of string values. */
    public Schema stringMap(String name, String description) {
        Map<String, Object> p = prop("object", description);
        p.put("additionalProperties", Map.of("type", "string"));
        return add(name, p, false);
    }

    /** The {@code line} that goes with {@code file}. */
    public Schema requiredIntegerIfFile() {
        Map<String, Object> p = prop("integer", "A line number in file (1-based); the function containing it is used.");
        p.put("minimum", 0);
        return add("line", p, false);
    }

    /** The paging arguments every list takes: limit (with its default), cursor and max_tokens. */
    public Schema paged(int defaultLimit) {
        integer("limit", "Items per page (default " + defaultLimit + ").", 1, Pager.MAX_LIMIT, (long) defaultLimit);
        string("cursor", "The next_cursor of the previous page, unchanged, for the next one (same arguments).", false);
        integer("max_tokens", "An optional budget: the page is filled only as far as fits about this many tokens "
                + "(about 4 bytes of JSON each); the answer reports its estimated_tokens.", Pager.MIN_TOKENS, Pager.MAX_TOKENS, null);
        return this;
    }

    private static Map<String, Object> prop(String type, String description) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", type);
        p.put("description", description);
        return p;
    }

    private Schema add(String name, Map<String, Object> p, boolean isRequired) {
        properties.put(name, p);
        if (isRequired) {
            required.add(name);
        }
        return this;
    }

    /** The property names, in order. */
    List<String> names() {
        return List.copyOf(properties.keySet());
    }

    /** The schema as JSON values. */
    public Map<String, Object> toMap() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("type", "object");
        s.put("properties", properties);
        if (!required.isEmpty()) {
            s.put("required", required);
        }
        s.put("additionalProperties", false);
        return s;
    }
}
