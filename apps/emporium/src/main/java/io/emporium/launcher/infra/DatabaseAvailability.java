package io.emporium.launcher.infra;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Whether the database can be reached, known at any moment without waiting: a probe keeps one
 * connection of its own (outside the pool) and checks it every {@code interval}. When that
 * connection breaks and a new one cannot be opened, the database is DOWN: the pool then refuses
 * work at once ({@link #refuseIfDown()}) instead of letting every request wait for a connection,
 * and readiness reports DOWN. When a connection can be opened again it is UP, and the recovery
 * listeners run (the pool drops the connections it had before the outage).
 *
 * <p>Slow is not down: a probe that times out on a working connection opens a new one, and only a
 * failure to connect counts. Broken is down: when the probe's connection fails at once (the server
 * closed it or died), the state is DOWN until a new connection opens, without waiting for that
 * attempt, which can hang for the login timeout when something holds the port without answering.
 * Started and stopped with the application context.
 */
public final class DatabaseAvailability implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger("emporium");

    /** UP or DOWN since an instant, with the reason of the last failure when DOWN. */
    public record State(boolean up, Instant since, String reason) {
    }

    private static final int VALIDATION_TIMEOUT_SECONDS = 2;

    /** A validation that fails sooner than this did not time out: the connection is broken. */
    private static final long BROKEN_WITHIN_NANOS = TimeUnit.MILLISECONDS.toNanos(1500);

    private final String url;
    private final Properties connectionProperties;
    private final Duration interval;
    private final Clock clock;
    private final List<Runnable> recoveryListeners = new CopyOnWriteArrayList<>();
    private volatile State state;
    private ScheduledExecutorService thread;
    private ScheduledFuture<?> probe;
    private Connection connection; // the probe thread's only

    public DatabaseAvailability(String url, String user, String password, Duration interval, Clock clock) {
        this.url = url;
        this.interval = interval;
        this.clock = clock;
        this.connectionProperties = new Properties();
        if (user != null) {
            connectionProperties.setProperty("user", user);
        }
        if (password != null) {
            connectionProperties.setProperty("password", password);
        }
        // PostgreSQL driver settings, in seconds: a dead host must not hold the probe for long
        connectionProperties.setProperty("connectTimeout", "2");
        connectionProperties.setProperty("loginTimeout", "5");
        connectionProperties.setProperty("socketTimeout", "5");
        connectionProperties.setProperty("ApplicationName", "emporium-availability-probe");
        this.state = new State(true, clock.instant(), null);
    }

    public State state() {
        return state;
    }

    public boolean isUp() {
        return state.up();
    }

    /** Throws at once while the database is DOWN (the caller then answers 503). */
    public void refuseIfDown() throws SQLTransientConnectionException {
        State now = state;
        if (!now.up()) {
            throw new SQLTransientConnectionException("the database is unavailable since " + now.since() + ": "
                    + now.reason(), "08001");
        }
    }

    /** Runs {@code listener} (on the probe's thread) each time the database is back after an outage. */
    public void onRecovery(Runnable listener) {
        recoveryListeners.add(listener);
    }

    /** One probe: keeps the state up to date. Called by the probe's thread (and by tests). */
    synchronized void check() {
        if (connection != null) {
            long started = System.nanoTime();
            boolean valid;
            try {
                valid = connection.isValid(VALIDATION_TIMEOUT_SECONDS);
            } catch (SQLException e) {
                valid = false;
            }
            if (valid) {
                up();
                return;
            }
            if (System.nanoTime() - started < BROKEN_WITHIN_NANOS) {
                // not slow but broken (the server closed it or died): the pool's connections are most likely gone
                // too, so refuse at once rather than after a connection attempt that may hang for the login timeout;
                // a database that is fine is UP again after the reconnect below, a few milliseconds later
                down("the connection to the database was lost");
            }
        }
        closeConnection();
        try {
            connection = DriverManager.getConnection(url, connectionProperties);
            up();
        } catch (SQLException e) {
            down(e.getMessage());
        }
    }

    private void up() {
        State was = state;
        if (!was.up()) {
            state = new State(true, clock.instant(), null);
            log.warn("database reachable again after {} ms; serving requests", Duration.between(was.since(),
                    state.since()).toMillis());
            for (Runnable listener : recoveryListeners) {
                try {
                    listener.run();
                } catch (RuntimeException e) {
                    log.warn("after the database came back: {}", e.toString());
                }
            }
        }
    }

    private void down(String reason) {
        if (state.up()) {
            state = new State(false, clock.instant(), reason);
            log.warn("database unreachable ({}); requests are answered 503 until it is back", reason);
        } else {
            state = new State(false, state.since(), reason);
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // it is broken already; nothing to release
            }
            connection = null;
        }
    }

    @Override
    public synchronized void start() {
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "database-availability");
            t.setDaemon(true);
            return t;
        });
        probe = thread.scheduleWithFixedDelay(this::safeCheck, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void safeCheck() {
        try {
            check();
        } catch (RuntimeException e) {
            // a periodic task that throws is never run again: log and keep probing
            log.warn("database availability probe failed: {}", e.toString());
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService running;
        synchronized (this) {
            running = thread;
            thread = null;
            if (probe != null) {
                probe.cancel(false);
            }
        }
        if (running != null) {
            running.shutdown();
            try {
                running.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            closeConnection();
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return thread != null;
    }
}
