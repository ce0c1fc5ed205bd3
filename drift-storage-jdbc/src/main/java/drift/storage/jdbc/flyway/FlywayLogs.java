package drift.storage.jdbc.flyway;

import org.flywaydb.core.api.logging.Log;
import org.flywaydb.core.api.logging.LogCreator;

/**
 * Flyway's log lines, through {@link System.Logger} ({@code drift.storage.flyway}): its chatter (info, notice)
 * at DEBUG, warnings and errors as such; never on a library user's stdout. Flyway instantiates it by name.
 */
public final class FlywayLogs implements LogCreator {
    private static final System.Logger LOG = System.getLogger("drift.storage.flyway");

    /** Used by Flyway. */
    public FlywayLogs() {
    }

    @Override
    public Log createLogger(Class<?> type) {
        return new Log() {
            @Override
            public boolean isDebugEnabled() {
                return LOG.isLoggable(System.Logger.Level.DEBUG);
            }

            @Override
            public void debug(String message) {
                LOG.log(System.Logger.Level.DEBUG, message);
            }

            @Override
            public void info(String message) {
                LOG.log(System.Logger.Level.DEBUG, message);
            }

            @Override
            public void notice(String message) {
                LOG.log(System.Logger.Level.DEBUG, message);
            }

            @Override
            public void warn(String message) {
                LOG.log(System.Logger.Level.WARNING, message);
            }

            @Override
            public void error(String message) {
                LOG.log(System.Logger.Level.ERROR, message);
            }

            @Override
            public void error(String message, Exception e) {
                LOG.log(System.Logger.Level.ERROR, message, e);
            }
        };
    }
}
