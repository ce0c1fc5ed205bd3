package drift.domain.callgraph;

import java.util.List;

/**
 * One page of the entry points that reach some data ({@link CallGraphStore#whoReaches(String, String, int, int)}).
 *
 * @param total how many entry points reach it in all
 * @param entries this page's, by id, one shortest path each
 */
public record EntryPage(int total, List<EntryPath> entries) {
    /** Copies the list. */
    public EntryPage {
        entries = List.copyOf(entries);
    }
}
