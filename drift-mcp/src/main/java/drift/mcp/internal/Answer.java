package drift.mcp.internal;

import java.util.Map;

/**
 * What a tool answers: the structured result (plain maps, lists, strings, numbers, booleans) and a short text
 * rendering of it for clients that show text only.
 *
 * @param structured the structured content
 * @param text the text rendering
 */
public record Answer(Map<String, Object> structured, String text) {
}
