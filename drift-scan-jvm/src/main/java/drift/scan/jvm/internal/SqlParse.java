package drift.scan.jvm.internal;

import drift.domain.callgraph.Operation;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns an SQL (or JPQL) string into the tables it touches, each with its operation and the columns named
 * for it, with JSqlParser: a real parser, so joins, aliases, subquery-free WHERE clauses and quoted names
 * come out right. Columns qualified by an alias go to that alias's table; unqualified ones to the statement's
 * first table. A string that does not parse gives nothing.
 */
final class SqlParse {
    /** One table a statement touches. */
    record Access(String table, Operation operation, List<String> fields) {
    }

    private SqlParse() {
    }

    static List<Access> parse(String sql) {
        Statement st;
        try {
            // JPQL's named parameters (":email") and SQL's ("?") both parse
            st = CCJSqlParserUtil.parse(sql.strip());
        } catch (JSQLParserException | RuntimeException e) {
            return List.of();
        }
        Map<String, String> aliases = new LinkedHashMap<>();
        Map<String, Set<String>> fields = new LinkedHashMap<>();
        Operation op;
        if (st instanceof Select select && select.getPlainSelect() != null) {
            op = Operation.READ;
            PlainSelect ps = select.getPlainSelect();
            table(ps.getFromItem(), aliases, fields);
            if (ps.getJoins() != null) {
                for (Join j : ps.getJoins()) {
                    table(j.getFromItem(), aliases, fields);
                }
            }
            List<Expression> exprs = new ArrayList<>();
            for (SelectItem<?> item : ps.getSelectItems()) {
                exprs.add(item.getExpression());
            }
            exprs.add(ps.getWhere());
            if (ps.getJoins() != null) {
                ps.getJoins().forEach(j -> exprs.addAll(j.getOnExpressions()));
            }
            if (ps.getGroupBy() != null && ps.getGroupBy().getGroupByExpressionList() != null) {
                exprs.addAll(ps.getGroupBy().getGroupByExpressionList());
            }
            exprs.add(ps.getHaving());
            columns(exprs, aliases, fields);
        } else if (st instanceof Insert insert) {
            op = Operation.WRITE;
            String t = table(insert.getTable(), aliases, fields);
            if (insert.getColumns() != null) {
                insert.getColumns().forEach(c -> fields.get(t).add(name(c.getColumnName())));
            }
        } else if (st instanceof Update update) {
            op = Operation.WRITE;
            String t = table(update.getTable(), aliases, fields);
            for (UpdateSet set : update.getUpdateSets()) {
                set.getColumns().forEach(c -> fields.get(t).add(name(c.getColumnName())));
            }
            columns(List.of(update.getWhere()), aliases, fields);
        } else if (st instanceof Delete delete) {
            op = Operation.DELETE;
            table(delete.getTable(), aliases, fields);
            columns(List.of(delete.getWhere()), aliases, fields);
        } else {
            return List.of();
        }
        List<Access> out = new ArrayList<>();
        fields.forEach((t, f) -> out.add(new Access(t, op, List.copyOf(f))));
        return out;
    }

    private static String table(FromItem item, Map<String, String> aliases, Map<String, Set<String>> fields) {
        if (item instanceof Table t) {
            String name = name(t.getName());
            fields.computeIfAbsent(name, k -> new LinkedHashSet<>());
            aliases.put(name, name);
            if (t.getAlias() != null) {
                aliases.put(name(t.getAlias().getName()), name);
            }
            return name;
        }
        return null;
    }

    private static void columns(List<Expression> exprs, Map<String, String> aliases, Map<String, Set<String>> fields) {
        if (fields.isEmpty()) {
            return;
        }
        String first = fields.keySet().iterator().next();
        ExpressionVisitorAdapter<Void> visitor = new ExpressionVisitorAdapter<>() {
            @Override
            public <S> Void visit(Column column, S context) {
                String qualifier = column.getTable() == null || column.getTable().getName() == null ? null
                        : name(column.getTable().getName());
                String table = qualifier == null ? first : aliases.get(qualifier);
                String col = name(column.getColumnName());
                // "SELECT u FROM User u" (JPQL) names the alias itself, not a column
                if (table != null && !col.equals("*") && !(qualifier == null && aliases.containsKey(col))) {
                    fields.get(table).add(col);
                }
                return null;
            }
        };
        for (Expression e : exprs) {
            if (e != null) {
                e.accept(visitor, null);
            }
        }
    }

    /** A name without its quotes, in lower case (SQL folds unquoted names). */
    static String name(String s) {
        String n = s.strip();
        if (n.length() > 1 && (n.startsWith("\"") || n.startsWith("`") || n.startsWith("["))) {
            n = n.substring(1, n.length() - 1);
        }
        return n.toLowerCase(Locale.ROOT);
    }
}
