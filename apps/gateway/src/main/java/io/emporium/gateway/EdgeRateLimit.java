package io.emporium.gateway;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import java.time.Clock;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's rate limit per client: {@code limit} requests per {@code period} from one client address, whatever
 * the path or the account (a Resilience4j rate limiter per address, forgotten a minute after the address's last
 * request). It is the edge's protection of the platform's capacity against one client, not a business rule: the
 * services keep their own limits (sign-in attempts, sign-ups, flash purchases) in their own processes.
 *
 * <p>The client is the address of the connection, unless the gateway runs behind {@code trustedProxies} proxies of
 * its own that each append the address they saw to {@code X-Forwarded-For}: then it is the entry that the outermost
 * trusted proxy appended. Entries to the left of it come from the client and are not believed (a client could
 * otherwise claim a new address per request).
 */
final class EdgeRateLimit {

    /** {@code emporium.gateway.rate-limit.*}. */
    record Settings(int limit, Duration period, int trustedProxies) {

        Settings {
            if (limit < 1) {
                throw new IllegalArgumentException("emporium.gateway.rate-limit.limit must be at least 1");
            }
            if (period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("emporium.gateway.rate-limit.period must be positive");
            }
            if (trustedProxies < 0) {
                throw new IllegalArgumentException("emporium.gateway.rate-limit.trusted-proxies must not be negative");
            }
        }
    }

    private final Settings settings;
    private final Clock clock;
    private final RateLimiterConfig config;
    private final AtomicLong lastNanos = new AtomicLong(Long.MIN_VALUE);
    private final Cache<String, AtomicRateLimiter> clients;

    EdgeRateLimit(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.config = RateLimiterConfig.custom().limitForPeriod(settings.limit()).limitRefreshPeriod(settings.period())
                .timeoutDuration(Duration.ZERO).build();
        this.clients = Caffeine.newBuilder().maximumSize(500_000)
                .expireAfterAccess(settings.period().plus(Duration.ofMinutes(1))).build();
    }

    /**
     * Takes one request's permission for the client; empty when it may pass, else the whole seconds until the
     * client's next permission (at least 1), for {@code Retry-After}.
     */
    OptionalInt take(String client) {
        AtomicRateLimiter limiter = clients.get(client, c -> new AtomicRateLimiter("edge-" + c, config, this::nanos));
        if (limiter.acquirePermission()) {
            return OptionalInt.empty();
        }
        long nanos = limiter.getDetailedMetrics().getNanosToWait();
        return OptionalInt.of((int) Math.max(1, Math.min(Integer.MAX_VALUE, (nanos + 999_999_999L) / 1_000_000_000L)));
    }

    /** The client of a request that came from {@code remoteAddress} with this {@code X-Forwarded-For} (or null). */
    String client(String remoteAddress, String forwardedFor) {
        if (settings.trustedProxies() == 0 || forwardedFor == null || forwardedFor.isBlank()) {
            return remoteAddress;
        }
        String[] hops = forwardedFor.split(",");
        // the last entry was appended by the proxy next to the gateway, the one before by the proxy before it...
        int index = hops.length - settings.trustedProxies();
        String hop = hops[Math.max(0, index)].strip();
        return hop.isEmpty() ? remoteAddress : hop;
    }

    Settings settings() {
        return settings;
    }

    /** The limiters' time, never going backwards (a limiter whose time falls behind its start refuses everything). */
    private long nanos() {
        return lastNanos.accumulateAndGet(TimeUnit.MILLISECONDS.toNanos(clock.millis()), Math::max);
    }
}
