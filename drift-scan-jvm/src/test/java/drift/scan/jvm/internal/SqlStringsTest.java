package drift.scan.jvm.internal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Which calls take SQL or JPQL as their first argument, by the owner and method a call site names. */
class SqlStringsTest {
    private static final String STRING_ARG = "(Ljava/lang/String;)Ljava/lang/Object;";

    @Test
    void theDatabaseApisTakeSqlOrJpql() {
        assertEquals(SqlStrings.JDBC, SqlStrings.api("java/sql/Connection", "prepareStatement", "(Ljava/lang/String;)Ljava/sql/PreparedStatement;"));
        assertEquals(SqlStrings.JDBC, SqlStrings.api("org/springframework/jdbc/core/JdbcTemplate", "queryForList", STRING_ARG));
        assertEquals(SqlStrings.JDBC, SqlStrings.api("org/springframework/jdbc/core/simple/JdbcClient", "sql",
                "(Ljava/lang/String;)Lorg/springframework/jdbc/core/simple/JdbcClient$StatementSpec;"));
        assertEquals(SqlStrings.JDBC, SqlStrings.api("org/springframework/r2dbc/core/DatabaseClient", "sql",
                "(Ljava/lang/String;)Lorg/springframework/r2dbc/core/DatabaseClient$GenericExecuteSpec;"));
        assertEquals(SqlStrings.JPQL, SqlStrings.api("jakarta/persistence/EntityManager", "createQuery", STRING_ARG));
        assertEquals(SqlStrings.JDBC, SqlStrings.api("jakarta/persistence/EntityManager", "createNativeQuery", STRING_ARG));
        assertEquals(SqlStrings.JPQL, SqlStrings.api("org/hibernate/Session", "createSelectionQuery",
                "(Ljava/lang/String;Ljava/lang/Class;)Lorg/hibernate/query/SelectionQuery;"));
        assertEquals(SqlStrings.JPQL, SqlStrings.api("org/hibernate/StatelessSession", "createMutationQuery", STRING_ARG));
        assertEquals(SqlStrings.JDBC, SqlStrings.api("org/hibernate/Session", "createNativeQuery", STRING_ARG));
    }

    @Test
    void otherCallsTakeNone() {
        // a name of the APIs' on another owner, a method of theirs that takes no SQL, SQL not as the first argument
        assertNull(SqlStrings.api("com/acme/Client", "sql", STRING_ARG));
        assertNull(SqlStrings.api("org/springframework/jdbc/core/simple/JdbcClient", "create", STRING_ARG));
        assertNull(SqlStrings.api("org/hibernate/Session", "createNamedQuery", STRING_ARG));
        assertNull(SqlStrings.api("org/springframework/r2dbc/core/DatabaseClient", "sql", "(Ljava/util/function/Supplier;)Ljava/lang/Object;"));
    }
}
