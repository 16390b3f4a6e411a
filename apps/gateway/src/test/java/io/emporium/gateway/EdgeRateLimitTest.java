package io.emporium.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The edge's limit per client, on a clock the test moves. */
class EdgeRateLimitTest {

    /** A clock that moves only when told. */
    static final class MovableClock extends Clock {

        private volatile Instant now = Instant.parse("2026-12-04T10:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final MovableClock clock = new MovableClock();

    @Test
    void a_client_gets_its_limit_per_period_then_429_seconds_until_the_next_period_and_others_are_not_affected() {
        EdgeRateLimit limit = new EdgeRateLimit(new EdgeRateLimit.Settings(3, Duration.ofSeconds(10), 0), clock);
        for (int i = 0; i < 3; i++) {
            assertThat(limit.take("10.0.0.1")).as("request %d", i + 1).isEmpty();
        }
        OptionalInt refused = limit.take("10.0.0.1");
        assertThat(refused).isPresent();
        assertThat(refused.getAsInt()).isBetween(1, 10);
        assertThat(limit.take("10.0.0.2")).as("another client").isEmpty();

        clock.advance(Duration.ofSeconds(10));
        assertThat(limit.take("10.0.0.1")).as("the next period").isEmpty();
    }

    @Test
    void refused_requests_do_not_use_up_the_next_period() {
        EdgeRateLimit limit = new EdgeRateLimit(new EdgeRateLimit.Settings(2, Duration.ofSeconds(1), 0), clock);
        limit.take("a");
        limit.take("a");
        for (int i = 0; i < 50; i++) {
            assertThat(limit.take("a")).isPresent();
        }
        clock.advance(Duration.ofSeconds(1));
        assertThat(limit.take("a")).isEmpty();
        assertThat(limit.take("a")).isEmpty();
        assertThat(limit.take("a")).isPresent();
    }

    @Test
    void without_trusted_proxies_the_client_is_the_connection_s_address_whatever_x_forwarded_for_claims() {
        EdgeRateLimit limit = new EdgeRateLimit(new EdgeRateLimit.Settings(1, Duration.ofSeconds(1), 0), clock);
        assertThat(limit.client("192.0.2.7", "203.0.113.1")).isEqualTo("192.0.2.7");
        assertThat(limit.client("192.0.2.7", null)).isEqualTo("192.0.2.7");
    }

    @Test
    void behind_trusted_proxies_the_client_is_the_entry_the_outermost_trusted_proxy_appended() {
        EdgeRateLimit one = new EdgeRateLimit(new EdgeRateLimit.Settings(1, Duration.ofSeconds(1), 1), clock);
        assertThat(one.client("10.0.0.9", "198.51.100.4, 203.0.113.1")).as("the left entry is the client's claim")
                .isEqualTo("203.0.113.1");
        assertThat(one.client("10.0.0.9", null)).isEqualTo("10.0.0.9");
        assertThat(one.client("10.0.0.9", " ")).isEqualTo("10.0.0.9");

        EdgeRateLimit two = new EdgeRateLimit(new EdgeRateLimit.Settings(1, Duration.ofSeconds(1), 2), clock);
        assertThat(two.client("10.0.0.9", "198.51.100.4, 203.0.113.1, 10.0.0.8")).isEqualTo("203.0.113.1");
        assertThat(two.client("10.0.0.9", "203.0.113.1")).as("came through one proxy only").isEqualTo("203.0.113.1");
    }

    @Test
    void settings_refuse_limits_that_would_let_nothing_through() {
        assertThatThrownBy(() -> new EdgeRateLimit.Settings(0, Duration.ofSeconds(1), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EdgeRateLimit.Settings(1, Duration.ZERO, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EdgeRateLimit.Settings(1, Duration.ofSeconds(1), -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
