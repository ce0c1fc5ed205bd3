package drift.dataset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The commit of a work tree, from its .git files: loose and packed branches, a detached HEAD, a linked work tree. */
class GitRevisionTest {
    private static final String A = "0123456789abcdef0123456789abcdef01234567";
    private static final String B = "fedcba9876543210fedcba9876543210fedcba98";

    @TempDir
    Path dir;

    @Test
    void readsBranchesDetachedHeadsAndLinkedWorkTrees() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Path git = Files.createDirectories(repo.resolve(".git/refs/heads"));
        Files.writeString(repo.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        Files.writeString(git.resolve("main"), A + "\n");
        Path sub = Files.createDirectories(repo.resolve("src/deep"));
        assertEquals(Optional.of(A), GitRevision.of(sub), "from a folder inside the work tree");

        Files.delete(git.resolve("main"));
        Files.writeString(repo.resolve(".git/packed-refs"), "# pack-refs with: peeled fully-peeled sorted\n" + B + " refs/heads/main\n");
        assertEquals(Optional.of(B), GitRevision.of(repo), "a packed branch");

        Files.writeString(repo.resolve(".git/HEAD"), A + "\n");
        assertEquals(Optional.of(A), GitRevision.of(repo), "a detached HEAD");

        Path linked = Files.createDirectories(dir.resolve("linked"));
        Path wt = Files.createDirectories(repo.resolve(".git/worktrees/linked"));
        Files.writeString(linked.resolve(".git"), "gitdir: " + wt + "\n");
        Files.writeString(wt.resolve("HEAD"), "ref: refs/heads/main\n");
        Files.writeString(wt.resolve("commondir"), "../..\n");
        assertEquals(Optional.of(B), GitRevision.of(linked), "a linked work tree reads the common refs");

        assertEquals(Optional.empty(), GitRevision.of(Files.createDirectories(dir.resolve("plain"))), "not a work tree");
    }
}
