package drift.cli.command;

import drift.cli.Client;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The store a command means: its client's (the resident drift answers for another folder than its own), found as git finds its repository. */
class DbOptionsTest {
    @TempDir
    Path dir;

    private String db(String option, Path folder) throws Exception {
        DbOptions o = new DbOptions();
        o.db = option;
        return Client.runFor(new Client(folder, null), o::db);
    }

    @Test
    void aRelativeStoreIsTheClientsAndAnAbsoluteOrServerOneStaysAsItIs() throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        assertEquals(project.resolve("x/drift.db").toString(), db("x/drift.db", project));
        assertEquals("/elsewhere/d.db", db("/elsewhere/d.db", project));
        assertEquals("jdbc:postgresql://h/db?user=u", db("jdbc:postgresql://h/db?user=u", project));
    }

    @Test
    void withoutTheOptionTheNearestStoreFromTheClientsFolderUpIsUsedElseOneInIt() throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        Path deep = Files.createDirectories(project.resolve("src/main/java"));
        assertEquals(deep.resolve(".drift/drift.db").toString(), db(null, deep), "none yet: one in the folder itself");
        Files.createDirectories(project.resolve(".drift"));
        Files.writeString(project.resolve(".drift/drift.db"), "");
        assertEquals(project.resolve(".drift/drift.db").toString(), db(null, deep), "the project's, from below it");
        assertEquals(project.resolve(".drift/drift.db").toString(), db(null, project));
        // a nearer one wins; an explicit option is never searched for
        Files.createDirectories(deep.resolve(".drift"));
        Files.writeString(deep.resolve(".drift/drift.db"), "");
        assertEquals(deep.resolve(".drift/drift.db").toString(), db(null, deep));
        assertEquals(project.resolve("src/.drift/drift.db").toString(), db(".drift/drift.db", project.resolve("src")));
    }
}
