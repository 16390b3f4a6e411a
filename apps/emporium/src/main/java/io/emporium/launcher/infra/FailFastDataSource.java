package io.emporium.launcher.infra;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;

/**
 * The Hikari pool, but a request never waits for a connection while the database is known to be
 * away: it is refused at once (Spring turns that into 503 {@code database-unavailable}). While the
 * database is up, a request still waits up to {@code maxWait} for a free connection, as before,
 * but in slices of the pool's own short connection timeout, so that one waiting when the database
 * goes away is refused within a slice rather than after the whole wait.
 *
 * <p>Still a {@link HikariDataSource}: code that reads the pool's size from it keeps working.
 */
public final class FailFastDataSource extends HikariDataSource {

    /**
     * The pool's connection timeout, i.e. the slice: Hikari's floor, 250 ms, so that a request waiting when the
     * database goes away is refused within a quarter of a second of the probe noticing.
     */
    static final Duration SLICE = Duration.ofMillis(250);

    private final DatabaseAvailability availability;
    private final long maxWaitNanos;

    public FailFastDataSource(HikariConfig config, DatabaseAvailability availability, Duration maxWait) {
        super(sliced(config));
        this.availability = availability;
        this.maxWaitNanos = maxWait.toNanos();
    }

    private static HikariConfig sliced(HikariConfig config) {
        config.setConnectionTimeout(SLICE.toMillis());
        return config;
    }

    @Override
    public Connection getConnection() throws SQLException {
        long deadline = System.nanoTime() + maxWaitNanos;
        while (true) {
            availability.refuseIfDown();
            try {
                return super.getConnection();
            } catch (SQLTransientConnectionException timedOut) {
                // the pool was busy for a slice, or the database is going away: the probe decides
                if (System.nanoTime() - deadline >= 0 || isClosed()) {
                    throw timedOut;
                }
            }
        }
    }
}
