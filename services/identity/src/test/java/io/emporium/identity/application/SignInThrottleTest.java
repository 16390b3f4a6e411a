package io.emporium.identity.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emporium.platform.problem.TooManyRequestsException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The limits with their own small settings; time moves only when the test moves the clock. */
class SignInThrottleTest {

    private final MovableClock clock = new MovableClock();
    private final SignInThrottle throttle = new SignInThrottle(new SignInThrottle.Settings(3, Duration.ofSeconds(10),
            Duration.ofSeconds(60), 10, Duration.ofMinutes(5), 2, Duration.ofMinutes(10)), clock);

    @Test
    void failures_in_a_row_lock_the_account_for_a_growing_capped_time_and_the_lock_refuses_the_right_password_too() {
        failTimes("alice", "10.0.0.1", 3);
        assertRefused("alice", "10.0.0.1", 10);
        // another address does not help: the lock is the account's
        assertRefused("alice", "10.0.0.2", 10);

        clock.advance(Duration.ofSeconds(11));
        throttle.begin("alice", "10.0.0.1").failed(); // the one guess after a lock-out, wrong again
        assertRefused("alice", "10.0.0.1", 20);
        clock.advance(Duration.ofSeconds(21));
        throttle.begin("alice", "10.0.0.1").failed();
        assertRefused("alice", "10.0.0.1", 40);
        clock.advance(Duration.ofSeconds(41));
        throttle.begin("alice", "10.0.0.1").failed();
        assertRefused("alice", "10.0.0.1", 60); // 80 s would be next, the cap is 60 s
        clock.advance(Duration.ofSeconds(61));
        throttle.begin("alice", "10.0.0.1").failed();
        assertRefused("alice", "10.0.0.1", 60);

        // the real user (from their own address), once the lock has run out: signed in, failures forgotten
        clock.advance(Duration.ofSeconds(61));
        throttle.begin("alice", "10.0.0.3").succeeded();
        failTimes("alice", "10.0.0.3", 2);
        throttle.begin("alice", "10.0.0.3").succeeded();
        failTimes("alice", "10.0.0.3", 2);
        throttle.begin("alice", "10.0.0.3").succeeded();
    }

    @Test
    void one_account_locked_leaves_the_others_alone() {
        failTimes("alice", "10.0.0.1", 3);
        assertRefused("alice", "10.0.0.1", 10);
        throttle.begin("bob", "10.0.0.1").succeeded();
    }

    @Test
    void an_attempt_that_neither_failed_nor_succeeded_counts_for_nothing() {
        for (int i = 0; i < 10; i++) {
            throttle.begin("carol", "10.0.0.1").abandoned();
        }
        failTimes("carol", "10.0.0.1", 2);
        throttle.begin("carol", "10.0.0.1").succeeded();
    }

    @Test
    void one_address_spraying_many_accounts_is_refused_until_its_period_renews() {
        for (int i = 0; i < 10; i++) {
            throttle.begin("user-" + i, "192.0.2.7").failed();
        }
        assertThatThrownBy(() -> throttle.begin("user-99", "192.0.2.7"))
                .isInstanceOfSatisfying(TooManyRequestsException.class, e -> {
                    assertThat(e.type()).isEqualTo("too-many-sign-in-attempts");
                    assertThat((int) e.properties().get("retryAfterSeconds")).isBetween(1, 300);
                });
        // successes from the address were never the problem, and other addresses are not affected
        throttle.begin("user-99", "192.0.2.8").succeeded();

        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        throttle.begin("user-99", "192.0.2.7").succeeded();
    }

    @Test
    void sign_ups_are_limited_per_address() {
        throttle.signUp("192.0.2.9");
        throttle.signUp("192.0.2.9");
        assertThatThrownBy(() -> throttle.signUp("192.0.2.9"))
                .isInstanceOfSatisfying(TooManyRequestsException.class, e -> {
                    assertThat(e.type()).isEqualTo("too-many-sign-ups");
                    assertThat((int) e.properties().get("retryAfterSeconds")).isBetween(1, 600);
                });
        throttle.signUp("192.0.2.10");
        clock.advance(Duration.ofMinutes(10).plusSeconds(1));
        throttle.signUp("192.0.2.9");
    }

    private void failTimes(String account, String address, int times) {
        for (int i = 0; i < times; i++) {
            throttle.begin(account, address).failed();
        }
    }

    private void assertRefused(String account, String address, int retryAfterSeconds) {
        assertThatThrownBy(() -> throttle.begin(account, address))
                .isInstanceOfSatisfying(TooManyRequestsException.class, e -> {
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.type()).isEqualTo("too-many-sign-in-attempts");
                    assertThat(e.properties().get("retryAfterSeconds")).isEqualTo(retryAfterSeconds);
                });
    }

    private static final class MovableClock extends Clock {

        private volatile Instant now = Instant.parse("2026-12-01T10:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
