package drift.storage.sqlite.internal;

import drift.storage.api.DatabaseConfig;
import drift.storage.api.StorageErrorCode;
import drift.storage.api.StorageException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Looks at the database file before SQLite does, so that a file which is not ours is refused and left
 * byte-for-byte untouched, and holds the write lock that keeps a second writing process out.
 */
final class DatabaseFile {
    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    /** What the file looked like before we opened it. */
    enum State {
        /** No file, or an empty one: a new store may be created. */
        NEW,
        /** A SQLite file marked as a drift database. */
        DRIFT,
        /** A SQLite file whose header cannot tell (unmarked, or a WAL holds newer pages): ask SQLite. */
        UNKNOWN
    }

    private DatabaseFile() {
    }

    static State inspect(DatabaseConfig config) {
        Path path = config.path();
        if (Files.isDirectory(path)) {
            throw new StorageException(StorageErrorCode.NOT_A_DRIFT_DATABASE, path + " is a folder, not a drift database");
        }
        if (!Files.exists(path)) {
            if (!config.createIfMissing() || config.readOnly()) {
                throw new StorageException(StorageErrorCode.NOT_FOUND, "no drift database at " + path);
            }
            return State.NEW;
        }
        byte[] header = new byte[100];
        int read;
        try (InputStream in = Files.newInputStream(path)) {
            read = in.readNBytes(header, 0, header.length);
        } catch (AccessDeniedException e) {
            throw new StorageException(StorageErrorCode.READ_ONLY, "cannot read " + path + ": permission denied", e);
        } catch (IOException e) {
            throw new StorageException(StorageErrorCode.IO, "cannot read " + path + ": " + e.getMessage(), e);
        }
        if (read == 0) {
            if (!config.createIfMissing() || config.readOnly()) {
                throw new StorageException(StorageErrorCode.NOT_A_DRIFT_DATABASE, path + " is an empty file, not a drift database");
            }
            return State.NEW;
        }
        if (read < header.length || !startsWith(header, SQLITE_MAGIC)) {
            throw new StorageException(StorageErrorCode.NOT_A_DRIFT_DATABASE, path
                    + " is not a drift database (not a SQLite file: its header is wrong" + (read < 100 ? " or truncated" : "")
                    + "); it was left untouched");
        }
        refuseTruncated(path, header);
        int applicationId = ByteBuffer.wrap(header, 68, 4).getInt();
        return applicationId == SqliteConnections.APPLICATION_ID ? State.DRIFT : State.UNKNOWN;
    }

    /**
     * Refuses a file shorter than its header says. SQLite notices a file cut at a page boundary, but one cut
     * inside its last page opens and reads the missing bytes as zeros. Only checked without a WAL: pages
     * not yet copied back from a WAL may legitimately lie beyond the end of the file.
     */
    private static void refuseTruncated(Path path, byte[] header) {
        ByteBuffer h = ByteBuffer.wrap(header);
        int pageSize = Short.toUnsignedInt(h.getShort(16));
        pageSize = pageSize == 1 ? 65536 : pageSize;
        long pages = Integer.toUnsignedLong(h.getInt(28));
        // the size field is valid only when the change counter matches "version valid for"
        if (pages == 0 || h.getInt(24) != h.getInt(92)) {
            return;
        }
        try {
            Path wal = Path.of(path + "-wal");
            if (Files.exists(wal) && Files.size(wal) > 0) {
                return;
            }
            long size = Files.size(path);
            if (size < pages * pageSize) {
                throw new StorageException(StorageErrorCode.IO, path + " is damaged: it holds " + size + " bytes but its header"
                        + " says " + pages + " pages of " + pageSize + " bytes (a truncated copy?); it was left untouched");
            }
        } catch (IOException e) {
            throw new StorageException(StorageErrorCode.IO, "cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    private static boolean startsWith(byte[] a, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (a[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Creates the folders of a new database. */
    static void createParents(Path path) {
        Path parent = path.getParent();
        if (parent == null) {
            return;
        }
        try {
            Files.createDirectories(parent);
        } catch (FileSystemException e) {
            throw new StorageException(StorageErrorCode.READ_ONLY, "cannot create folder " + parent + ": "
                    + (e.getReason() == null ? e.getClass().getSimpleName() : e.getReason()), e);
        } catch (IOException e) {
            throw new StorageException(StorageErrorCode.IO, "cannot create folder " + parent + ": " + e.getMessage(), e);
        }
        if (!Files.isWritable(parent)) {
            throw new StorageException(StorageErrorCode.READ_ONLY, "cannot write in " + parent + " (read-only location)");
        }
    }

    /** Where the write lock of {@code path} is kept. */
    static Path lockPath(Path path) {
        return path.resolveSibling(path.getFileName() + ".lock");
    }

    /**
     * Refuses to open for writing a file that cannot be written: on read-only media (its folder cannot be written:
     * a read-only mount, say) or itself read-only or immutable. Reading it works; the message says so.
     */
    static void refuseUnwritable(Path path) {
        if (SqliteConnections.readOnlyMedia(path)) {
            throw new StorageException(StorageErrorCode.READ_ONLY, path + " is on read-only media (its folder cannot be written): "
                    + "it can be read (read commands open it read-only) but not written; nothing was changed");
        }
        if (!Files.isWritable(path)) {
            throw new StorageException(StorageErrorCode.READ_ONLY, path + " cannot be written (read-only or immutable file): "
                    + "it can be read but not written; nothing was changed");
        }
    }

    /** After a refused open: the lock file goes too, when this open created it. */
    static void removeLockFile(Path lockPath, boolean existedBefore) {
        if (!existedBefore) {
            try {
                Files.deleteIfExists(lockPath);
            } catch (IOException ignored) {
                // best effort: an empty lock file is harmless
            }
        }
    }

    /**
     * Takes the process-level write lock ({@code <db>.lock} beside the database). A separate file, since
     * POSIX locks on the database file itself would be released when any descriptor of it closes.
     */
    static WriteLock lock(Path path) {
        Path lockPath = lockPath(path);
        FileChannel ch;
        try {
            ch = FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (AccessDeniedException e) {
            throw new StorageException(StorageErrorCode.READ_ONLY, "cannot write in " + lockPath.getParent()
                    + " (read-only location); open the database read-only instead", e);
        } catch (IOException e) {
            throw new StorageException(StorageErrorCode.IO, "cannot create lock file " + lockPath + ": " + e.getMessage(), e);
        }
        try {
            FileLock lock = ch.tryLock();
            if (lock == null) {
                closeQuietly(ch);
                throw new StorageException(StorageErrorCode.LOCKED, path + " is already open for writing by another process"
                        + " (lock " + lockPath + "); close it or open this one read-only");
            }
            return new WriteLock(ch, lock);
        } catch (OverlappingFileLockException e) {
            closeQuietly(ch);
            // (in the resident drift: another command it runs for a client, e.g. a second scan of the same store)
            throw new StorageException(StorageErrorCode.LOCKED, path + " is already open for writing by another writer of this "
                    + "process (a scan or import still running); wait for it, or open this one read-only", e);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new StorageException(StorageErrorCode.IO, "cannot lock " + lockPath + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
    }

    /** The held write lock; closing releases it (the lock file stays, empty, for the next writer). */
    record WriteLock(FileChannel channel, FileLock lock) implements AutoCloseable {
        @Override
        public void close() {
            try {
                lock.release();
            } catch (IOException ignored) {
                // released with the channel anyway
            }
            closeQuietly(channel);
        }
    }
}
