package drift.dataset;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The commit a git work tree has checked out, read from its {@code .git} files (no git process): the
 * revision a scan of that tree records. Handles branches (loose and packed refs), a detached HEAD, and
 * linked work trees ({@code .git} as a file naming the real git folder).
 */
public final class GitRevision {
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}([0-9a-f]{24})?");

    private GitRevision() {
    }

    /** The commit checked out in the work tree containing {@code path}, if it is in one and the commit can be read. */
    public static Optional<String> of(Path path) {
        try {
            for (Path dir = path.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
                Path dotGit = dir.resolve(".git");
                if (Files.isDirectory(dotGit)) {
                    return head(dotGit);
                }
                if (Files.isRegularFile(dotGit)) {
                    String text = Files.readString(dotGit, StandardCharsets.UTF_8).strip();
                    if (text.startsWith("gitdir:")) {
                        return head(dir.resolve(text.substring("gitdir:".length()).strip()).normalize());
                    }
                    return Optional.empty();
                }
            }
        } catch (IOException | RuntimeException e) {
            // unreadable git metadata: the scan simply records no revision
        }
        return Optional.empty();
    }

    private static Optional<String> head(Path gitDir) throws IOException {
        Path headFile = gitDir.resolve("HEAD");
        if (!Files.isRegularFile(headFile)) {
            return Optional.empty();
        }
        String head = Files.readString(headFile, StandardCharsets.UTF_8).strip();
        if (SHA.matcher(head).matches()) {
            return Optional.of(head);
        }
        if (!head.startsWith("ref:")) {
            return Optional.empty();
        }
        String ref = head.substring("ref:".length()).strip();
        // a linked work tree keeps its refs in the common git folder
        Path common = gitDir;
        Path commonFile = gitDir.resolve("commondir");
        if (Files.isRegularFile(commonFile)) {
            common = gitDir.resolve(Files.readString(commonFile, StandardCharsets.UTF_8).strip()).normalize();
        }
        for (Path dir : List.of(gitDir, common)) {
            Path loose = dir.resolve(ref);
            if (Files.isRegularFile(loose)) {
                String sha = Files.readString(loose, StandardCharsets.UTF_8).strip();
                if (SHA.matcher(sha).matches()) {
                    return Optional.of(sha);
                }
            }
        }
        Path packed = common.resolve("packed-refs");
        if (Files.isRegularFile(packed)) {
            for (String line : Files.readAllLines(packed, StandardCharsets.UTF_8)) {
                int space = line.indexOf(' ');
                if (space == 40 || space == 64) {
                    if (line.substring(space + 1).strip().equals(ref) && SHA.matcher(line.substring(0, space)).matches()) {
                        return Optional.of(line.substring(0, space));
                    }
                }
            }
        }
        return Optional.empty();
    }
}
