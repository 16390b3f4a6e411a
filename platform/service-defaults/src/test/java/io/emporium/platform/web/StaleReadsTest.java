package io.emporium.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emporium.platform.MovableClock;
import io.emporium.platform.web.StaleReads.StaleCache;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.CannotCreateTransactionException;

class StaleReadsTest {

    final MovableClock clock = new MovableClock(Instant.parse("2026-12-04T10:00:00Z"));
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    static String down() {
        throw new CannotCreateTransactionException("no connection",
                new DataAccessResourceFailureException("the database is unavailable"));
    }

    @Test
    void a_fresh_answer_is_remembered_and_answers_marked_stale_while_the_database_is_away() {
        StaleCache<String, String> cache = new StaleReads(100, Duration.ofHours(1), clock, meters).cache("test");

        StaleReads.Answer<String> fresh = cache.read("k", () -> "v1");
        assertThat(fresh.stale()).isFalse();
        ResponseEntity<String> freshResponse = fresh.response();
        assertThat(freshResponse.getHeaders().containsHeader("Age")).isFalse();
        assertThat(freshResponse.getHeaders().containsHeader(StaleReads.CACHE_STATUS)).isFalse();

        clock.advance(Duration.ofSeconds(42));
        StaleReads.Answer<String> stale = cache.read("k", StaleReadsTest::down);
        assertThat(stale.value()).isEqualTo("v1");
        assertThat(stale.age()).isEqualTo(Duration.ofSeconds(42));
        ResponseEntity<String> response = stale.response();
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        assertThat(response.getBody()).isEqualTo("v1");
        assertThat(response.getHeaders().getFirst("Age")).isEqualTo("42");
        assertThat(response.getHeaders().getFirst(StaleReads.CACHE_STATUS))
                .isEqualTo("emporium; hit; ttl=-42; detail=database-unavailable");
        assertThat(meters.get("emporium.stale.answers").tag("cache", "test").counter().count()).isEqualTo(1.0);

        assertThat(cache.read("k", () -> "v2").stale()).as("fresh again once the database answers").isFalse();
        assertThat(cache.read("k", StaleReadsTest::down).value()).isEqualTo("v2");
    }

    @Test
    void nothing_remembered_or_another_failure_is_thrown_as_it_was() {
        StaleCache<String, String> cache = new StaleReads(100, Duration.ofHours(1), clock, meters).cache("test");
        assertThatThrownBy(() -> cache.read("never-read", StaleReadsTest::down)).isInstanceOf(CannotCreateTransactionException.class);

        cache.read("k", () -> "v1");
        assertThatThrownBy(() -> cache.read("k", () -> {
            throw new DuplicateKeyException("not an outage");
        })).as("only an unreachable database is answered stale").isInstanceOf(DuplicateKeyException.class);
        assertThatThrownBy(() -> cache.read("k", () -> {
            throw new IllegalStateException("a bug");
        })).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void what_not_everyone_may_see_is_not_remembered_and_a_write_forgets() {
        StaleCache<String, String> cache = new StaleReads(100, Duration.ofHours(1), clock, meters).cache("test");
        cache.read("p", () -> "PUBLISHED");
        cache.read("p", () -> "DRAFT", "PUBLISHED"::equals);
        assertThatThrownBy(() -> cache.read("p", StaleReadsTest::down))
                .as("a private answer is not remembered, and the public one it replaced is no longer true")
                .isInstanceOf(CannotCreateTransactionException.class);

        cache.read("a", () -> "1");
        cache.read("b", () -> "2");
        cache.forget("a");
        assertThatThrownBy(() -> cache.read("a", StaleReadsTest::down)).isInstanceOf(CannotCreateTransactionException.class);
        assertThat(cache.read("b", StaleReadsTest::down).value()).isEqualTo("2");
        cache.forgetAll();
        assertThatThrownBy(() -> cache.read("b", StaleReadsTest::down)).isInstanceOf(CannotCreateTransactionException.class);
    }

    @Test
    void bounded_in_entries_and_in_age() {
        StaleCache<Integer, String> small = new StaleReads(10, Duration.ofHours(1), clock, meters).cache("small");
        for (int i = 0; i < 1000; i++) {
            int key = i;
            small.read(key, () -> "v" + key);
        }
        long kept = 0;
        for (int i = 0; i < 1000; i++) {
            try {
                small.read(i, StaleReadsTest::down);
                kept++;
            } catch (CannotCreateTransactionException notKept) {
                // evicted
            }
        }
        assertThat(kept).as("at most max-entries answers are kept").isLessThanOrEqualTo(10);

        StaleCache<String, String> none = new StaleReads(100, Duration.ZERO, clock, meters).cache("none");
        none.read("k", () -> "v");
        assertThatThrownBy(() -> none.read("k", StaleReadsTest::down)).as("max-age 0: nothing is served stale")
                .isInstanceOf(CannotCreateTransactionException.class);
    }
}
