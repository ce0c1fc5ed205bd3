package drift.storage.jdbc;

import drift.storage.api.KeyCache;
import drift.storage.api.SqlWriter;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;
import drift.storage.api.spi.Removal;
import drift.storage.api.spi.TableScope;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The domains' {@link TableScope} declarations, checked once at open, and the removals the engine runs from
 * them: a file's rows in every covered domain (children first, each table by one {@code DELETE} whose
 * condition follows the declarations to the file), or the rows a snapshot did not write.
 */
final class TableScopes {
    /** The files being removed, a temporary table of the writer connection. */
    private final String removalTable;
    private final drift.storage.api.SqlDialect dialect;

    /** Which rows a removal takes. */
    enum Mode {
        /** The rows of the files in the removal table. */
        FILES,
        /**
         * In a domain that keeps rows a scan writes again, what goes as a file is declared: the rows that no kept
         * row decides, such as a kept function's calls, which come again with it.
         */
        FILES_BEFORE_ROWS,
        /** At the end of such a scan: the rows of the files that the scan did not keep, and what goes with them. */
        FILES_NOT_KEPT,
        /** The rows of scan-scoped tables that the scan did not write. */
        NOT_WRITTEN_BY
    }

    /** What is removed, and for which scan (the modes that need one). */
    record Target(Mode mode, long scanId) {
        static final Target FILES = new Target(Mode.FILES, 0);
        static final Target FILES_BEFORE_ROWS = new Target(Mode.FILES_BEFORE_ROWS, 0);

        static Target filesNotKeptBy(long scanId) {
            return new Target(Mode.FILES_NOT_KEPT, scanId);
        }

        static Target notWrittenBy(long scanId) {
            return new Target(Mode.NOT_WRITTEN_BY, scanId);
        }
    }

    private final Map<String, String> domainOfTable = new LinkedHashMap<>();
    private final Map<String, List<TableScope>> scopes = new LinkedHashMap<>();
    /** Per domain, its scoped tables with every child before its parents. */
    private final Map<String, List<String>> deleteOrder = new LinkedHashMap<>();
    private final Map<String, List<BiConsumer<SqlWriter, Removal>>> hooks = new LinkedHashMap<>();
    /** The tables some of whose rows a scan can keep (a kept column, or a parent's), and the domains that have one. */
    private final Set<String> keepable = new java.util.HashSet<>();
    private final Set<String> keeping = new java.util.HashSet<>();

    TableScopes(List<DomainContribution> domains, drift.storage.api.SqlDialect dialect) {
        this.dialect = dialect;
        this.removalTable = dialect.temp("drift_removal");
        for (DomainContribution d : domains) {
            for (TableScope s : d.scopes) {
                String owner = domainOfTable.putIfAbsent(s.table(), d.id);
                if (owner != null && !owner.equals(d.id)) {
                    throw bad(d, "declares a scope of " + s.table() + ", a table domain '" + owner + "' declared");
                }
                scopes.computeIfAbsent(s.table(), t -> new ArrayList<>()).add(s);
            }
            hooks.put(d.id, List.copyOf(d.removalHooks));
        }
        for (DomainContribution d : domains) {
            for (TableScope s : d.scopes) {
                if (s.kind() == TableScope.Kind.PARENT || s.kind() == TableScope.Kind.FILE_OF_PARENT) {
                    if (!d.id.equals(domainOfTable.get(s.parentTable()))) {
                        throw bad(d, "scope of " + s.table() + " names parent " + s.parentTable()
                                + ", which has no scope of its own in this domain");
                    }
                    if (s.parentTable().equals(s.table())) {
                        throw bad(d, "scope of " + s.table() + " names the table itself as its parent");
                    }
                }
                if (s.kind() == TableScope.Kind.KEPT && scopes.get(s.table()).stream()
                        .noneMatch(o -> o.kind() == TableScope.Kind.FILE || o.kind() == TableScope.Kind.PARENT
                                || o.kind() == TableScope.Kind.FILE_OF_PARENT)) {
                    throw bad(d, "kept scope of " + s.table() + " needs a file or parent scope of the table too");
                }
            }
            deleteOrder.put(d.id, childrenFirst(d));
            for (String t : deleteOrder.get(d.id)) {
                if (kept(t, 0) != null) {
                    keepable.add(t);
                    keeping.add(d.id);
                }
            }
        }
    }

    private static StorageException bad(DomainContribution d, String message) {
        return new StorageException(StorageErrorCode.INTERNAL, "domain '" + d.id + "' (" + d.module + "): " + message);
    }

    private List<String> childrenFirst(DomainContribution d) {
        Set<String> tables = new LinkedHashSet<>();
        d.scopes.forEach(s -> tables.add(s.table()));
        List<String> order = new ArrayList<>();
        Set<String> left = new LinkedHashSet<>(tables);
        while (!left.isEmpty()) {
            String next = null;
            for (String t : left) {
                boolean hasChildLeft = left.stream().anyMatch(c -> !c.equals(t)
                        && scopes.get(c).stream().anyMatch(s -> t.equals(s.parentTable())));
                if (!hasChildLeft) {
                    next = t;
                    break;
                }
            }
            if (next == null) {
                throw bad(d, "the parent scopes of " + left + " form a cycle");
            }
            order.add(next);
            left.remove(next);
        }
        return List.copyOf(order);
    }

    /** Whether the domain declared any scope. */
    boolean scoped(String domain) {
        return !deleteOrder.getOrDefault(domain, List.of()).isEmpty();
    }

    /** The domain's scoped tables, children first. */
    List<String> tables(String domain) {
        return deleteOrder.getOrDefault(domain, List.of());
    }

    /** Whether the domain has a table whose rows belong to scans rather than files. */
    boolean hasScanScope(String domain) {
        return tables(domain).stream().anyMatch(t -> scopes.get(t).stream().anyMatch(s -> s.kind() == TableScope.Kind.SCAN));
    }

    /**
     * Whether a rescan keeps some of the domain's rows that it writes again ({@link TableScope.Kind#KEPT}): its
     * files' rows are then removed at the end of the scan, not before their new rows come.
     */
    boolean keeps(String domain) {
        return keeping.contains(domain);
    }

    /**
     * The condition under which a row of {@code table} is kept by scan {@code scanId}: its own kept column names
     * the scan, or a parent row it goes with is kept ({@link TableScope.Kind#FILE_OF_PARENT} rows are not: they come
     * again with their parent); null when nothing of the table is ever kept.
     */
    private String kept(String table, long scanId) {
        List<String> terms = new ArrayList<>();
        for (TableScope s : scopes.get(table)) {
            if (s.kind() == TableScope.Kind.KEPT) {
                terms.add(table + "." + s.columns().get(0) + " IS NOT DISTINCT FROM " + scanId);
            } else if (s.kind() == TableScope.Kind.PARENT) {
                String parent = kept(s.parentTable(), scanId);
                if (parent != null) {
                    List<String> on = new ArrayList<>();
                    for (int i = 0; i < s.columns().size(); i++) {
                        on.add(s.parentTable() + "." + s.parentColumns().get(i) + " = " + table + "." + s.columns().get(i));
                    }
                    terms.add("EXISTS (SELECT 1 FROM " + s.parentTable() + " WHERE " + String.join(" AND ", on) + " AND " + parent + ")");
                }
            }
        }
        return terms.isEmpty() ? null : terms.size() == 1 ? terms.get(0) : "(" + String.join(" OR ", terms) + ")";
    }

    /** The condition for the rows of {@code table} that {@code target} removes, or null when none are. */
    String where(String table, Target target) {
        List<TableScope> own = scopes.get(table);
        if (own == null) {
            return null;
        }
        List<String> terms = new ArrayList<>();
        for (TableScope s : own) {
            String term = switch (s.kind()) {
                case FILE -> {
                    String inFiles = table + "." + s.columns().get(0) + " IN (SELECT path FROM " + removalTable + ")";
                    yield switch (target.mode()) {
                        case FILES -> inFiles;
                        // a table some of whose rows a scan keeps loses them at the end, the others before the new rows
                        case FILES_BEFORE_ROWS -> keepable.contains(table) ? null : inFiles;
                        case FILES_NOT_KEPT -> {
                            String kept = kept(table, target.scanId());
                            yield kept == null ? null : "(" + inFiles + " AND NOT " + kept + ")";
                        }
                        case NOT_WRITTEN_BY -> null;
                    };
                }
                case SCAN -> target.mode() == Mode.NOT_WRITTEN_BY ? table + "." + s.columns().get(0) + " IS DISTINCT FROM " + target.scanId()
                        : null;
                case KEPT -> null;
                case PARENT, FILE_OF_PARENT -> {
                    // before the rows, a row of a parent's file goes even when the parent may be kept
                    String parent = s.kind() == TableScope.Kind.FILE_OF_PARENT && target.mode() == Mode.FILES_BEFORE_ROWS
                            ? where(s.parentTable(), Target.FILES) : where(s.parentTable(), target);
                    yield parent == null ? null : columns(table, s.columns()) + " IN (SELECT "
                            + String.join(", ", s.parentColumns().stream().map(c -> s.parentTable() + "." + c).toList())
                            + " FROM " + s.parentTable() + " WHERE " + parent + ")";
                }
            };
            if (term != null) {
                terms.add(term);
            }
        }
        if (terms.isEmpty()) {
            return null;
        }
        return terms.size() == 1 ? terms.get(0) : "(" + String.join(" OR ", terms) + ")";
    }

    private static String columns(String table, List<String> columns) {
        List<String> qualified = columns.stream().map(c -> table + "." + c).toList();
        return qualified.size() == 1 ? qualified.get(0) : "(" + String.join(", ", qualified) + ")";
    }

    /**
     * Removes, in the writer's transaction, what {@code target} names from the scoped tables of {@code domains}:
     * the domains' hooks first (their counters), writer-side key caches of those tables forgotten, then one
     * delete per table, children first.
     *
     * @return rows removed
     */
    long remove(JdbcWriter w, Collection<String> domains, Target target) {
        Removal removal = new Removal() {
            @Override
            public boolean affects(String table) {
                return domains.contains(domainOfTable.get(table)) && TableScopes.this.where(table, target) != null;
            }

            @Override
            public String where(String table) {
                String c = affects(table) ? TableScopes.this.where(table, target) : null;
                return c == null ? "0" : c;
            }
        };
        Set<String> affected = new LinkedHashSet<>();
        for (String d : domains) {
            for (String t : tables(d)) {
                if (removal.affects(t)) {
                    affected.add(t);
                }
            }
        }
        if (affected.isEmpty()) {
            return 0;
        }
        for (String d : domains) {
            hooks.getOrDefault(d, List.of()).forEach(h -> h.accept(w, removal));
        }
        w.forEachLocal(state -> {
            if (state instanceof KeyCache k && affected.contains(k.table())) {
                k.clear();
            }
        });
        long removed = 0;
        for (String d : domains) {
            for (String t : tables(d)) {
                if (affected.contains(t)) {
                    removed += w.update("DELETE FROM " + t + " WHERE " + where(t, target));
                }
            }
        }
        return removed;
    }

    /** Fills the removal table with {@code paths} (emptying it first). */
    void stage(SqlWriter w, Collection<String> paths) {
        w.script("CREATE TEMP TABLE IF NOT EXISTS drift_removal (path TEXT PRIMARY KEY)" + dialect.withoutRowid() + "; DELETE FROM "
                + removalTable + ";");
        if (!paths.isEmpty()) {
            w.insertAll(drift.storage.api.BulkInsert.into(removalTable, "path").suffix("ON CONFLICT DO NOTHING"), paths,
                    (p, v) -> v.text(p));
        }
    }

    /** Whether every scoped table of {@code domain} is empty. */
    boolean empty(SqlWriter w, String domain) {
        for (String t : tables(domain)) {
            if (!DeferredIndexes.isEmpty(w, t)) {
                return false;
            }
        }
        return true;
    }
}
