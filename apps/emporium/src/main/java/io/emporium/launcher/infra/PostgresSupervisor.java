package io.emporium.launcher.infra;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the embedded PostgreSQL and starts it again when it dies (killed, crashed, out of
 * memory). An outage gets at most {@code maxAttempts} restarts, {@code firstBackoff} apart and
 * doubling (capped at 30 s); a server that dies again within a minute of a restart continues the
 * count of its outage, so a crash loop ends too. When every attempt has failed it gives up and
 * calls {@code onGiveUp} (the launcher then reports liveness BROKEN: only a restart of the whole
 * platform can help). Every step is logged.
 *
 * <p>Runs on one daemon thread; {@link #close()} stops it and waits for a restart in progress,
 * so that no server is started after the platform began stopping its own.
 */
public final class PostgresSupervisor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger("emporium");
    private static final Duration STABLE = Duration.ofMinutes(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final EmbeddedPostgres postgres;
    private final int maxAttempts;
    private final Duration firstBackoff;
    private final Runnable onGiveUp;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "postgres-supervisor");
        t.setDaemon(true);
        return t;
    });

    // touched by the supervisor thread only
    private boolean down;
    private boolean gaveUp;
    private int attempts;
    private long downSince;
    private long nextAttemptAt;
    private long lastRestartAt;
    private long lastPid;

    public PostgresSupervisor(EmbeddedPostgres postgres, Duration checkInterval, int maxAttempts, Duration firstBackoff,
            Runnable onGiveUp) {
        this.postgres = postgres;
        this.maxAttempts = maxAttempts;
        this.firstBackoff = firstBackoff;
        this.onGiveUp = onGiveUp;
        this.lastRestartAt = System.nanoTime() - STABLE.toNanos();
        thread.scheduleWithFixedDelay(this::check, checkInterval.toMillis(), checkInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void check() {
        try {
            if (gaveUp || postgres.isRunning()) {
                return;
            }
            long now = System.nanoTime();
            if (!down) {
                down = true;
                downSince = now;
                nextAttemptAt = now;
                lastPid = postgres.pid();
                if (now - lastRestartAt >= STABLE.toNanos()) {
                    attempts = 0;
                }
                log.warn("PostgreSQL (pid {}) stopped unexpectedly; restarting it", lastPid);
            }
            if (now - nextAttemptAt < 0) {
                return;
            }
            attempts++;
            log.warn("Restarting PostgreSQL (attempt {} of {})", attempts, maxAttempts);
            try {
                postgres.restart();
                down = false;
                lastRestartAt = System.nanoTime();
                log.warn("PostgreSQL is running again on port {} (pid {}), {} ms after it stopped", postgres.port(),
                        postgres.pid(), TimeUnit.NANOSECONDS.toMillis(lastRestartAt - downSince));
            } catch (Exception e) {
                if (attempts >= maxAttempts) {
                    gaveUp = true;
                    log.error("PostgreSQL could not be restarted ({} attempts, last: {}); the platform cannot serve "
                            + "requests until it is restarted, and reports liveness DOWN", attempts, e.getMessage());
                    onGiveUp.run();
                    return;
                }
                Duration backoff = firstBackoff.multipliedBy(1L << Math.min(attempts - 1, 16));
                backoff = backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff;
                log.warn("Restarting PostgreSQL failed ({}); next attempt in {} ms", e.getMessage(), backoff.toMillis());
                nextAttemptAt = System.nanoTime() + backoff.toNanos();
            }
        } catch (RuntimeException e) {
            // a periodic task that throws is never run again: log and keep watching
            log.warn("PostgreSQL supervisor check failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(90, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
