package drift.storage.postgres.internal;

import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;

import java.util.ArrayList;
import java.util.List;

/**
 * SQLite's numbered parameters ({@code ?1}, {@code ?2}, the form {@code drift sql} documents) for the PostgreSQL
 * driver, which knows only {@code ?}: each {@code ?N} becomes {@code ?} and takes the N-th value, so one value may
 * be used twice. Text inside quotes, quoted names, dollar quotes and comments is left alone.
 */
final class NumberedParameters {
    /** The statement with plain placeholders, and the values in their order. */
    record Positional(String sql, List<Object> params) {
    }

    private NumberedParameters() {
    }

    static Positional toPositional(String sql, List<?> params) {
        StringBuilder out = new StringBuilder(sql.length());
        List<Object> ordered = new ArrayList<>();
        boolean numbered = false;
        boolean plain = false;
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            int end = skipQuoted(sql, i);
            if (end > i) {
                out.append(sql, i, end);
                i = end;
                continue;
            }
            if (c == '?') {
                int j = i + 1;
                while (j < sql.length() && Character.isDigit(sql.charAt(j))) {
                    j++;
                }
                if (j > i + 1) {
                    numbered = true;
                    int n = Integer.parseInt(sql.substring(i + 1, j));
                    if (n < 1 || n > params.size()) {
                        throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, "parameter ?" + n + " has no value ("
                                + params.size() + " given)");
                    }
                    ordered.add(params.get(n - 1));
                } else {
                    plain = true;
                    ordered.add(ordered.size() < params.size() ? params.get(ordered.size()) : null);
                }
                out.append('?');
                i = j;
                continue;
            }
            out.append(c);
            i++;
        }
        if (!numbered) {
            return new Positional(sql, new ArrayList<>(params));
        }
        if (plain) {
            throw new StorageException(StorageErrorCode.INVALID_ARGUMENT, "the statement mixes ?N and ? parameters: use one form");
        }
        return new Positional(out.toString(), ordered);
    }

    /** The index just past the quoted text or comment starting at {@code i}, or {@code i} when none starts there. */
    private static int skipQuoted(String sql, int i) {
        char c = sql.charAt(i);
        if (c == '\'' || c == '"') {
            int j = i + 1;
            while (j < sql.length()) {
                if (sql.charAt(j) == c) {
                    if (j + 1 < sql.length() && sql.charAt(j + 1) == c) {
                        j += 2; // a doubled quote inside
                        continue;
                    }
                    return j + 1;
                }
                j++;
            }
            return sql.length();
        }
        if (sql.startsWith("--", i)) {
            int nl = sql.indexOf('\n', i);
            return nl < 0 ? sql.length() : nl + 1;
        }
        if (sql.startsWith("/*", i)) {
            int close = sql.indexOf("*/", i + 2);
            return close < 0 ? sql.length() : close + 2;
        }
        if (c == '$') {
            int j = i + 1;
            while (j < sql.length() && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
                j++;
            }
            if (j < sql.length() && sql.charAt(j) == '$' && (j == i + 1 || !Character.isDigit(sql.charAt(i + 1)))) {
                String tag = sql.substring(i, j + 1);
                int close = sql.indexOf(tag, j + 1);
                return close < 0 ? sql.length() : close + tag.length();
            }
        }
        return i;
    }
}
