package drift.storage.jdbc;

import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;

import java.util.Locale;
import java.util.Set;

/**
 * Decides whether a raw query may run: exactly one statement, and it must read. This is the first of
 * three fences; the read pool's connections are also read-only with {@code query_only} on and ATTACH
 * limited to zero databases, so a statement that slips past the text check still cannot write.
 */
public final class RawQueryGuard {
    private static final Set<String> READ_VERBS = Set.of("SELECT", "WITH", "VALUES", "EXPLAIN");
    /** PRAGMAs that only report; assigning any pragma is refused. */
    private static final Set<String> READ_PRAGMAS = Set.of("table_info", "table_xinfo", "table_list", "index_list",
            "index_info", "index_xinfo", "foreign_key_list", "foreign_key_check", "integrity_check", "quick_check",
            "page_count", "page_size", "freelist_count", "user_version", "application_id", "schema_version",
            "journal_mode", "compile_options", "encoding", "function_list", "collation_list", "database_list");
    /** Reporting PRAGMAs whose argument names what to report on (a table, an index, a row limit), never a new value. */
    private static final Set<String> PRAGMAS_WITH_ARGUMENT = Set.of("table_info", "table_xinfo", "table_list", "index_list",
            "index_info", "index_xinfo", "foreign_key_list", "foreign_key_check", "integrity_check", "quick_check");
    /** Words that start a statement: after a WITH clause, the first of them outside parentheses is the main verb. */
    private static final Set<String> STATEMENT_VERBS = Set.of("SELECT", "VALUES", "INSERT", "UPDATE", "DELETE", "REPLACE");

    private RawQueryGuard() {
    }

    /** Returns the statement without a trailing semicolon, or throws QUERY_REJECTED saying why. */
    public static String check(String sql) {
        if (sql == null || sql.isBlank()) {
            throw reject("the query is empty");
        }
        String body = singleStatement(sql);
        checkStatement(stripComments(body).strip(), true);
        return body;
    }

    private static void checkStatement(String code, boolean explainAllowed) {
        String verb = firstWord(code).toUpperCase(Locale.ROOT);
        if (verb.equals("EXPLAIN") && explainAllowed) {
            // some statements act while they are compiled (PRAGMA query_only = 0 does), and EXPLAIN compiles
            // its statement: what is explained must itself pass
            String rest = code.substring(verb.length()).strip();
            if (firstWord(rest).equalsIgnoreCase("QUERY")) {
                rest = rest.substring("QUERY".length()).strip();
                if (firstWord(rest).equalsIgnoreCase("PLAN")) {
                    rest = rest.substring("PLAN".length()).strip();
                }
            }
            checkStatement(rest, false);
            return;
        }
        if (verb.equals("PRAGMA")) {
            checkPragma(code);
            return;
        }
        if (!READ_VERBS.contains(verb) || verb.equals("EXPLAIN")) {
            throw reject("only read-only statements are allowed (SELECT, WITH, VALUES, EXPLAIN or a reporting PRAGMA); got "
                    + (verb.isEmpty() ? "nothing" : verb));
        }
        if (verb.equals("WITH")) {
            String main = mainVerbAfterWith(code);
            if (!main.equals("SELECT") && !main.equals("VALUES")) {
                throw reject("a WITH clause may only lead to a SELECT; got " + (main.isEmpty() ? "nothing" : main));
            }
        }
    }

    /**
     * The verb of the statement a WITH clause leads to. Every common table expression's body is inside
     * parentheses, so the first statement keyword outside them is the main statement's (a DELETE, INSERT,
     * UPDATE or REPLACE ... RETURNING would otherwise return rows and pass as a query).
     */
    static String mainVerbAfterWith(String code) {
        int depth = 0;
        int i = "WITH".length();
        int n = code.length();
        while (i < n) {
            char c = code.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                i = skipQuoted(code, i, c);
            } else if (c == '[') {
                int end = code.indexOf(']', i + 1);
                i = end < 0 ? n : end + 1;
            } else if (c == '(') {
                depth++;
                i++;
            } else if (c == ')') {
                depth--;
                i++;
            } else if (Character.isLetterOrDigit(c) || c == '_' || c == '$') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(code.charAt(i)) || code.charAt(i) == '_' || code.charAt(i) == '$')) {
                    i++;
                }
                String word = code.substring(start, i).toUpperCase(Locale.ROOT);
                if (depth == 0 && STATEMENT_VERBS.contains(word)) {
                    return word;
                }
            } else {
                i++;
            }
        }
        return "";
    }

    private static void checkPragma(String code) {
        String rest = code.substring("PRAGMA".length()).strip();
        if (rest.contains("=")) {
            throw reject("changing a PRAGMA is not allowed in a read-only query");
        }
        String[] parts = rest.replaceFirst("^[\\w]+\\.", "").split("(?=[\\s(;])", 2);
        String name = parts[0].toLowerCase(Locale.ROOT);
        if (!READ_PRAGMAS.contains(name)) {
            throw reject("PRAGMA " + name + " is not allowed in a read-only query (allowed: " + String.join(", ",
                    new java.util.TreeSet<>(READ_PRAGMAS)) + ")");
        }
        // PRAGMA user_version(5) sets as PRAGMA user_version = 5 does; only the listing pragmas take an argument
        if (parts.length > 1 && !parts[1].isBlank() && !PRAGMAS_WITH_ARGUMENT.contains(name)) {
            throw reject("PRAGMA " + name + " with an argument changes a setting, which is not allowed in a read-only query;"
                    + " write PRAGMA " + name + " alone to read it");
        }
    }

    private static String firstWord(String s) {
        int i = 0;
        while (i < s.length() && (Character.isLetter(s.charAt(i)))) {
            i++;
        }
        return s.substring(0, i);
    }

    /**
     * Finds the end of the first statement, skipping string literals, quoted identifiers and comments;
     * anything but whitespace or comments after it means several statements.
     */
    static String singleStatement(String sql) {
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                i = skipQuoted(sql, i, c);
            } else if (c == '[') {
                int end = sql.indexOf(']', i + 1);
                i = end < 0 ? n : end + 1;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (c == ';') {
                String rest = stripComments(sql.substring(i + 1)).strip();
                if (!rest.isEmpty() && !rest.chars().allMatch(ch -> ch == ';' || Character.isWhitespace(ch))) {
                    throw reject("only one statement is allowed; found more after the ';' at character " + (i + 1));
                }
                return sql.substring(0, i);
            } else {
                i++;
            }
        }
        return sql;
    }

    private static int skipQuoted(String sql, int start, char quote) {
        int i = start + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        throw reject("unterminated quote " + quote + " starting at character " + (start + 1));
    }

    private static String stripComments(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '-' && i + 1 < n && s.charAt(i + 1) == '-') {
                int end = s.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
                out.append(' ');
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                int end = s.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                out.append(' ');
            } else if (c == '\'' || c == '"' || c == '`') {
                int end = skipQuoted(s, i, c);
                out.append(s, i, end);
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static StorageException reject(String why) {
        return new StorageException(StorageErrorCode.QUERY_REJECTED, why);
    }
}
