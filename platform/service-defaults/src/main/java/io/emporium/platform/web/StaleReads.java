package io.emporium.platform.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.emporium.platform.problem.ProblemHandler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.springframework.http.ResponseEntity;

/**
 * What an AP read answers while its database cannot be reached: the last answer this process gave to the same
 * read, marked stale, instead of 503. Each {@link StaleCache} is bounded (at most {@code maxEntries} answers,
 * each kept at most {@code maxAge} after it was read from the database) and belongs to one process; nothing is
 * served from it while the database answers. A stale answer is 200 with {@code Age} (seconds since it was read
 * from the database, RFC 9111) and {@code Cache-Status: emporium; hit; ttl=-<age>; detail=database-unavailable}
 * (RFC 9211: a negative ttl is a stale answer). A read with no remembered answer still fails as before (503).
 */
public final class StaleReads {

    /** A stale answer hides a failure from its caller: it is still logged, at most twice a second. */
    private static final ThrottledLog STALE = new ThrottledLog(org.slf4j.LoggerFactory.getLogger(StaleReads.class), 2);

    /** The header that marks a stale answer (with {@code Age}). */
    public static final String CACHE_STATUS = "Cache-Status";

    private final int maxEntries;
    private final Duration maxAge;
    private final Clock clock;
    private final MeterRegistry meters;

    public StaleReads(int maxEntries, Duration maxAge, Clock clock, MeterRegistry meters) {
        if (maxEntries < 0 || maxAge.isNegative()) {
            throw new IllegalArgumentException("emporium.stale-reads.max-entries and max-age must not be negative");
        }
        this.maxEntries = maxEntries;
        this.maxAge = maxAge;
        this.clock = clock;
        this.meters = meters;
    }

    /** A cache of one kind of read ({@code name} tags its metric {@code emporium.stale.answers}). */
    public <K, V> StaleCache<K, V> cache(String name) {
        return new StaleCache<>(name, Caffeine.newBuilder().maximumSize(maxEntries).expireAfterWrite(maxAge)
                // evictions on the caller's thread: the bound holds when put returns, not some time later
                .executor(Runnable::run).build(), clock,
                Counter.builder("emporium.stale.answers").tag("cache", name)
                        .description("answers served from the last known value while the database was unreachable")
                        .register(meters));
    }

    /** An answer: fresh from the database ({@code age} null), or remembered and {@code age} old. */
    public record Answer<V>(V value, Duration age) {

        public boolean stale() {
            return age != null;
        }

        /** 200 with the value; a stale one with {@code Age} and {@code Cache-Status}. */
        public ResponseEntity<V> response() {
            if (age == null) {
                return ResponseEntity.ok(value);
            }
            long seconds = Math.max(0, age.toSeconds());
            return ResponseEntity.ok().header("Age", Long.toString(seconds))
                    .header(CACHE_STATUS, "emporium; hit; ttl=-" + seconds + "; detail=database-unavailable").body(value);
        }
    }

    public static final class StaleCache<K, V> {

        private record Remembered<V>(V value, Instant readAt) {
        }

        private final String name;
        private final Cache<K, Remembered<V>> answers;
        private final Clock clock;
        private final Counter served;

        private StaleCache(String name, Cache<K, Remembered<V>> answers, Clock clock, Counter served) {
            this.name = name;
            this.answers = answers;
            this.clock = clock;
            this.served = served;
        }

        /**
         * Reads through: the value {@code read} gives is remembered under {@code key} and answered fresh; if
         * {@code read} fails because the database cannot be reached and a value is remembered, that value
         * answers, stale. Any other failure, or one with nothing remembered, is thrown as it was.
         */
        public Answer<V> read(K key, Supplier<V> read) {
            return read(key, read, value -> true);
        }

        /** As {@link #read(Object, Supplier)}, remembering only a value that {@code everyone} may be answered with. */
        public Answer<V> read(K key, Supplier<V> read, Predicate<V> everyone) {
            V value;
            try {
                value = read.get();
            } catch (RuntimeException e) {
                Remembered<V> remembered = ProblemHandler.databaseUnreachable(e) ? answers.getIfPresent(key) : null;
                if (remembered == null) {
                    throw e;
                }
                served.increment();
                STALE.warn("answered {} stale, the database cannot be reached: {}", name, e.toString());
                return new Answer<>(remembered.value(), Duration.between(remembered.readAt(), clock.instant()));
            }
            if (everyone.test(value)) {
                remember(key, value);
            } else {
                forget(key);
            }
            return new Answer<>(value, null);
        }

        /** A value just written or read elsewhere, now the one to answer with. */
        public void remember(K key, V value) {
            answers.put(key, new Remembered<>(value, clock.instant()));
        }

        /** The remembered answer to {@code key} is no longer true (a write changed it). */
        public void forget(K key) {
            answers.invalidate(key);
        }

        /** Every remembered answer is no longer true. */
        public void forgetAll() {
            answers.invalidateAll();
        }
    }
}
