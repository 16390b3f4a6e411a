package io.emporium.promotion;

import static io.emporium.promotion.PricingCheckoutTest.assertProblem;
import static io.emporium.promotion.Promotions.claim;
import static io.emporium.promotion.Promotions.coupon;
import static io.emporium.promotion.Promotions.template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.emporium.kernel.Money;
import io.emporium.platform.problem.ConflictException;
import io.emporium.promotion.api.PricingRequest;
import io.emporium.promotion.api.PromotionApi;
import io.emporium.promotion.application.AbandonedHoldJob;
import io.emporium.testing.Api;
import io.emporium.testing.Fixtures;
import io.emporium.testing.PlatformTest;
import io.emporium.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Holds the order center made and never settled are released; a released hold is never reused. */
@PlatformTest
class PromotionHoldTest {

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    PromotionApi promotions;
    @Autowired
    AbandonedHoldJob abandonedHolds;
    @Autowired
    io.emporium.promotion.application.PricingService pricing;
    @Autowired
    io.emporium.coordination.LeadershipGate leadership;
    @Autowired
    TestClock clock;
    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void a_hold_whose_checkout_never_committed_is_released_after_a_while_and_a_released_hold_stays_released() {
        Api api = new Api(port);
        Api customer = fixtures.customer(api);
        String customerId = customer.get("/api/identity/accounts/me").json().get("id").asString();
        Instant now = Instant.now();
        String code = claim(customer, template(fixtures.admin(api), coupon("FIXED", "5.00", null, null, null,
                now.minusSeconds(1), now.plus(Duration.ofDays(1)), 10, 1)));
        PricingRequest request = new PricingRequest(customerId, List.of(new PricingRequest.Item("sku_x", "prd_x", "mer_x",
                List.of(), 1, Money.of("50.00", "CNY"))), List.of(code));

        // an order center that held the coupon and then died before its order committed
        promotions.hold("chk_abandoned_" + code.substring(4), request);
        assertThat(status(code)).isEqualTo("HELD");
        clock.advance(Duration.ofMinutes(119));
        abandonedHolds.sweep();
        assertThat(status(code)).as("not yet: an unpaid order may still be waiting").isEqualTo("HELD");
        clock.advance(Duration.ofMinutes(2));
        assertThat(abandonedHolds.sweep()).isPositive();
        assertThat(status(code)).isEqualTo("AVAILABLE");

        ConflictException again = catchThrowableOfType(ConflictException.class,
                () -> promotions.hold("chk_abandoned_" + code.substring(4), request));
        assertThat(again.type()).as("its price no longer stands").isEqualTo("hold-released");
    }

    @Test
    void a_deposed_leader_releases_nothing() {
        Api api = new Api(port);
        Api customer = fixtures.customer(api);
        String customerId = customer.get("/api/identity/accounts/me").json().get("id").asString();
        Instant now = Instant.now();
        String code = claim(customer, template(fixtures.admin(api), coupon("FIXED", "5.00", null, null, null,
                now.minusSeconds(1), now.plus(Duration.ofDays(1)), 10, 1)));
        promotions.hold("chk_stale_" + code.substring(4), new PricingRequest(customerId, List.of(new PricingRequest.Item(
                "sku_x", "prd_x", "mer_x", List.of(), 1, Money.of("50.00", "CNY"))), List.of(code)));
        // leading first (the election runs in the background from start-up), so that the sweep does write
        var current = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .until(leadership::fencingToken, java.util.Optional::isPresent).orElseThrow();
        abandonedHolds.sweep(); // records the current leader's token in the fence
        var stale = new io.emporium.coordination.LeaderToken(current.group(), current.value() - 1);
        assertThat(catchThrowableOfType(io.emporium.coordination.StaleFencingTokenException.class,
                () -> pricing.releaseAbandoned(Instant.now().plus(Duration.ofDays(1)), 100, stale))).isNotNull();
        assertThat(status(code)).as("the stale pass changed nothing").isEqualTo("HELD");
        assertThat(pricing.releaseAbandoned(Instant.now().plus(Duration.ofDays(1)), 100, current)).isPositive();
        assertThat(status(code)).isEqualTo("AVAILABLE");
    }

    @Test
    void a_null_coupon_code_is_a_bad_request() {
        Api api = new Api(port);
        Api customer = fixtures.customer(api);
        java.util.ArrayList<Object> codes = new java.util.ArrayList<>();
        codes.add(null);
        assertProblem(customer.postWithHeader("/api/orders/checkouts", Map.of("shippingAddress",
                io.emporium.testing.Shopping.address(), "couponCodes", codes), "Idempotency-Key", "null-coupon-01"),
                400, "invalid-request");
    }

    private String status(String code) {
        return jdbc.sql("SELECT status FROM promotion.coupon WHERE code = :c").param("c", code).query(String.class).single();
    }
}
