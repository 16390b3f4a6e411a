package io.emporium.platform.web;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * A logger for lines a client can cause (a failing request, a refused one): at most {@code perSecond}
 * lines a second; the rest are dropped and counted, and the next line that is written says how many
 * were. So a client sending bad requests as fast as it can cannot grow the log by more than a few lines
 * a second.
 */
public final class ThrottledLog {

    private final Logger log;
    private final RateLimiter limiter;
    private final AtomicLong suppressed = new AtomicLong();

    public ThrottledLog(Logger log, int perSecond) {
        this.log = log;
        this.limiter = RateLimiter.of(log.getName(), RateLimiterConfig.custom().limitForPeriod(perSecond)
                .limitRefreshPeriod(Duration.ofSeconds(1)).timeoutDuration(Duration.ZERO).build());
    }

    public void error(String message, Throwable failure) {
        if (limiter.acquirePermission()) {
            long dropped = suppressed.getAndSet(0);
            log.error(dropped == 0 ? message : message + " (" + dropped + " similar lines suppressed)", failure);
        } else {
            suppressed.incrementAndGet();
        }
    }

    public void warn(String message, Object... arguments) {
        if (limiter.acquirePermission()) {
            long dropped = suppressed.getAndSet(0);
            log.warn(dropped == 0 ? message : message + " (" + dropped + " similar lines suppressed)", arguments);
        } else {
            suppressed.incrementAndGet();
        }
    }
}
