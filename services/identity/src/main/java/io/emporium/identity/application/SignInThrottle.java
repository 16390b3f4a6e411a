package io.emporium.identity.application;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.emporium.platform.problem.TooManyRequestsException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Slows down password guessing, in memory of this identity process.
 *
 * <ul>
 * <li><b>Per account</b>, failures only: after {@code failuresPerAccount} wrong passwords in a row
 * the account refuses sign-in attempts (429, {@code Retry-After}) for {@code firstLockout}; each
 * further failure after a lock-out doubles it, up to {@code maxLockout}. A successful sign-in
 * forgets the account's failures. So a guesser gets a few tries per few minutes, and a real user
 * whom an attacker keeps locked out waits at most {@code maxLockout}, never longer. This is a
 * Resilience4j circuit breaker per account: failures open it, the open state's wait grows with
 * an exponential {@link IntervalFunction}, one attempt is let through half-open, and a success
 * closes it.</li>
 * <li><b>Per client address</b>, failures only: {@code failuresPerAddress} failed sign-ins per
 * {@code addressPeriod}, whatever the accounts, stop one client spraying a password over many
 * accounts (a Resilience4j rate limiter per address).</li>
 * <li><b>Sign-ups per client address</b>: {@code signUpsPerAddress} per {@code signUpPeriod}.</li>
 * </ul>
 *
 * Every limit reads time from the injected {@link Clock}, so tests move the clock instead of
 * waiting. A locked account is refused before its password is checked: the answer tells an
 * attacker nothing about the password, and costs no hash.
 */
public class SignInThrottle {

    /** The limits ({@code emporium.identity.sign-in.*}); see the class comment. */
    public record Settings(int failuresPerAccount, Duration firstLockout, Duration maxLockout, int failuresPerAddress,
            Duration addressPeriod, int signUpsPerAddress, Duration signUpPeriod) {

        public Settings {
            if (failuresPerAccount < 1 || failuresPerAddress < 1 || signUpsPerAddress < 1) {
                throw new IllegalArgumentException("sign-in limits must allow at least one attempt");
            }
            if (firstLockout.isNegative() || firstLockout.isZero() || maxLockout.compareTo(firstLockout) < 0) {
                throw new IllegalArgumentException("lock-outs must be positive and max-lockout >= first-lockout");
            }
        }
    }

    /** What an account's failed sign-in records (a circuit breaker counts exceptions). */
    private static final Exception WRONG_PASSWORD = new Exception("wrong password", null, false, false) {
    };

    private final Clock clock;
    private final java.util.concurrent.atomic.AtomicLong lastNanos = new java.util.concurrent.atomic.AtomicLong(Long.MIN_VALUE);
    private final IntervalFunction lockouts;
    private final CircuitBreakerConfig accountConfig;
    private final RateLimiterConfig addressConfig;
    private final RateLimiterConfig signUpConfig;
    private final Cache<String, AccountGuard> accounts;
    private final Cache<String, AtomicRateLimiter> addressFailures;
    private final Cache<String, AtomicRateLimiter> signUps;

    public SignInThrottle(Settings settings, Clock clock) {
        this.clock = clock;
        this.lockouts = IntervalFunction.ofExponentialBackoff(settings.firstLockout(), 2, settings.maxLockout());
        int window = settings.failuresPerAccount();
        this.accountConfig = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(window)
                .minimumNumberOfCalls(window)
                // every call in the window failed: that many wrong passwords in a row
                .failureRateThreshold(100)
                .permittedNumberOfCallsInHalfOpenState(1)
                .clock(clock)
                .writableStackTraceEnabled(false)
                .build();
        this.addressConfig = limiter(settings.failuresPerAddress(), settings.addressPeriod());
        this.signUpConfig = limiter(settings.signUpsPerAddress(), settings.signUpPeriod());
        // an idle account's guard may be forgotten once no lock-out could still be running
        Duration keep = settings.maxLockout().multipliedBy(2).plus(Duration.ofMinutes(10));
        this.accounts = Caffeine.newBuilder().maximumSize(200_000).expireAfterAccess(keep).build();
        this.addressFailures = Caffeine.newBuilder().maximumSize(200_000)
                .expireAfterAccess(settings.addressPeriod().plus(Duration.ofMinutes(1))).build();
        this.signUps = Caffeine.newBuilder().maximumSize(200_000)
                .expireAfterAccess(settings.signUpPeriod().plus(Duration.ofMinutes(1))).build();
    }

    private static RateLimiterConfig limiter(int limit, Duration period) {
        return RateLimiterConfig.custom().limitForPeriod(limit).limitRefreshPeriod(period).timeoutDuration(Duration.ZERO)
                .build();
    }

    /** Permission for one sign-in attempt; the caller must then report {@link Attempt#succeeded()} or {@link Attempt#failed()}. */
    public Attempt begin(String account, String address) {
        AtomicRateLimiter failures = addressFailures.get(address, this::newAddressLimiter);
        AtomicRateLimiter.AtomicRateLimiterMetrics metrics = failures.getDetailedMetrics();
        if (metrics.getAvailablePermissions() < 1) {
            throw new TooManyRequestsException("too-many-sign-in-attempts",
                    "too many failed sign-ins from this address; try again later", seconds(metrics.getNanosToWait()));
        }
        AccountGuard guard = accounts.get(account, a -> new AccountGuard(a));
        if (!guard.breaker.tryAcquirePermission()) {
            Duration wait = Duration.between(clock.instant(), guard.lockedUntil);
            throw new TooManyRequestsException("too-many-sign-in-attempts",
                    "too many failed sign-ins for this account; try again later", seconds(wait.toNanos()));
        }
        return new Attempt(account, guard, failures);
    }

    /** Counts a sign-up from this address; 429 once the address has signed up its share. */
    public void signUp(String address) {
        AtomicRateLimiter limiter = signUps.get(address, a -> new AtomicRateLimiter("sign-ups-" + a, signUpConfig, this::nanos));
        if (!limiter.acquirePermission()) {
            throw new TooManyRequestsException("too-many-sign-ups", "too many new accounts from this address; try again later",
                    seconds(limiter.getDetailedMetrics().getNanosToWait()));
        }
    }

    /** One permitted sign-in attempt. */
    public final class Attempt {

        private final String account;
        private final AccountGuard guard;
        private final AtomicRateLimiter addressFailures;

        private Attempt(String account, AccountGuard guard, AtomicRateLimiter addressFailures) {
            this.account = account;
            this.guard = guard;
            this.addressFailures = addressFailures;
        }

        public void succeeded() {
            guard.breaker.onSuccess(0, TimeUnit.NANOSECONDS);
            accounts.invalidate(account);
        }

        public void failed() {
            guard.breaker.onError(0, TimeUnit.NANOSECONDS, WRONG_PASSWORD);
            addressFailures.acquirePermission();
        }

        /** The attempt neither succeeded nor failed (e.g. the database was down): it counts for nothing. */
        public void abandoned() {
            guard.breaker.releasePermission();
        }
    }

    /** An account's breaker and, while it is open, until when. */
    private final class AccountGuard {

        private final CircuitBreaker breaker;
        private volatile Instant lockedUntil = Instant.MIN;

        AccountGuard(String account) {
            // the breaker asks this function for every lock-out's length; it also notes the end, for Retry-After
            IntervalFunction noted = attempt -> {
                long millis = lockouts.apply(attempt);
                lockedUntil = clock.instant().plusMillis(millis);
                return millis;
            };
            this.breaker = CircuitBreaker.of("sign-in-" + account,
                    CircuitBreakerConfig.from(accountConfig).waitIntervalFunctionInOpenState(noted).build());
        }
    }

    private AtomicRateLimiter newAddressLimiter(String address) {
        return new AtomicRateLimiter("sign-in-failures-" + address, addressConfig, this::nanos);
    }

    /**
     * The rate limiters' time, never going backwards: a rate limiter whose time falls behind its
     * start refuses everything (a clock set back, by NTP or by a test, would otherwise block sign-ups).
     */
    private long nanos() {
        return lastNanos.accumulateAndGet(TimeUnit.MILLISECONDS.toNanos(clock.millis()), Math::max);
    }

    private static int seconds(long nanos) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (nanos + 999_999_999L) / 1_000_000_000L));
    }
}
