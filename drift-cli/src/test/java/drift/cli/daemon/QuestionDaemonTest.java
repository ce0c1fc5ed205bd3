package drift.cli.daemon;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The store a question names is the one the client meant: paths relative to the client's folder, not the daemon's. */
class QuestionDaemonTest {
    private static final Path CWD = Path.of("/home/user/project");

    @Test
    void aRelativeStoreIsTheClientsAndAnAbsoluteOrServerOneStaysAsItIs() {
        assertEquals(List.of("status", "--db", "/home/user/project/x/drift.db"),
                QuestionDaemon.inFolder(List.of("status", "--db", "x/drift.db"), CWD));
        assertEquals(List.of("callers", "f", "--db=/home/user/project/d.db", "--json"),
                QuestionDaemon.inFolder(List.of("callers", "f", "--db=d.db", "--json"), CWD));
        assertEquals(List.of("status", "--db", "/elsewhere/d.db"), QuestionDaemon.inFolder(List.of("status", "--db", "/elsewhere/d.db"), CWD));
        assertEquals(List.of("scans", "--db", "jdbc:postgresql://h/db?user=u"),
                QuestionDaemon.inFolder(List.of("scans", "--db", "jdbc:postgresql://h/db?user=u"), CWD));
    }

    @Test
    void withoutADatabaseOptionTheDefaultIsInTheClientsFolder() {
        assertEquals(List.of("status", "--db", "/home/user/project/.drift/drift.db", "--json"),
                QuestionDaemon.inFolder(List.of("status", "--json"), CWD));
        // after "--" an argument is a value, never the option
        assertEquals(List.of("callers", "--db", "/home/user/project/.drift/drift.db", "--", "--db"),
                QuestionDaemon.inFolder(List.of("callers", "--", "--db"), CWD));
    }
}
