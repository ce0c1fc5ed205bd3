package drift.storage.sqlite.internal;

import drift.storage.api.DatabaseConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Moves WAL checkpoints off the writer's commit path. SQLite's automatic checkpoint runs inside the
 * commit that crosses the threshold, copying pages and syncing files while every later batch waits; here
 * the writer only nudges after a commit, and this thread runs a PASSIVE checkpoint on its own connection
 * (which never blocks the writer or the readers) once the WAL is past the configured size. The writer keeps
 * SQLite's own automatic checkpoint at a larger size as a safety net.
 */
final class Checkpointer implements AutoCloseable {
    private final DatabaseConfig config;
    private final Path wal;
    private final long thresholdBytes;
    private final Thread thread;
    private boolean requested;
    private boolean stopped;
    private volatile long checkpoints;

    Checkpointer(DatabaseConfig config, long pageSize) {
        this.config = config;
        this.wal = Path.of(config.path() + "-wal");
        this.thresholdBytes = config.walAutoCheckpointPages() * pageSize;
        this.thread = new Thread(this::run, "drift-checkpointer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Called by the writer after a commit: cheap (one file-size check). */
    void nudge() {
        long size;
        try {
            size = Files.size(wal);
        } catch (IOException e) {
            return;
        }
        if (size >= thresholdBytes) {
            synchronized (this) {
                requested = true;
                notifyAll();
            }
        }
    }

    long checkpoints() {
        return checkpoints;
    }

    private void run() {
        Connection c = null;
        try {
            while (true) {
                synchronized (this) {
                    while (!requested && !stopped) {
                        wait();
                    }
                    if (stopped) {
                        return;
                    }
                    requested = false;
                }
                if (c == null) {
                    c = SqliteConnections.openCheckpointer(config);
                }
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
                    rs.next();
                    checkpoints++;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            // a failed background checkpoint loses nothing: the writer's automatic one still runs later
        } finally {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // closing a checkpoint connection: nothing to keep
                }
            }
        }
    }

    /** Stops the thread and closes its connection (before the writer closes, so the writer is the last). */
    @Override
    public void close() {
        synchronized (this) {
            stopped = true;
            notifyAll();
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
