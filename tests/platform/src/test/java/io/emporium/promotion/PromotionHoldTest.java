package io.emporium.promotion;

import static io.emporium.promotion.PricingCheckoutTest.assertProblem;
import static io.emporium.promotion.Promotions.claim;
import static io.emporium.promotion.Promotions.coupon;
import static io.emporium.promotion.Promotions.template;
import static io.emporium.testing.Shopping.addToCart;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.emporium.kernel.CheckoutId;
import io.emporium.kernel.CustomerId;
import io.emporium.kernel.Money;
import io.emporium.kernel.PostalAddress;
import io.emporium.order.application.OrderJobs;
import io.emporium.order.saga.CheckoutData;
import io.emporium.order.saga.CheckoutSagaRow;
import io.emporium.order.saga.CheckoutState;
import io.emporium.order.saga.CheckoutStore;
import io.emporium.platform.problem.ConflictException;
import io.emporium.promotion.api.PricingRequest;
import io.emporium.promotion.api.PromotionApi;
import io.emporium.testing.Api;
import io.emporium.testing.Fixtures;
import io.emporium.testing.PlatformTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A hold is released once and never reused; a checkout a crash left in flight gives its hold back through its
 * saga; a coupon code that is null is a bad request.
 */
@PlatformTest
class PromotionHoldTest {

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    PromotionApi promotions;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    CheckoutStore sagas;
    @Autowired
    OrderJobs jobs;

    @Test
    void a_released_hold_gives_the_coupon_back_once_and_stays_released() {
        Api api = new Api(port);
        Api customer = fixtures.customer(api);
        String customerId = customer.get("/api/identity/accounts/me").json().get("id").asString();
        Instant now = Instant.now();
        String code = claim(customer, template(fixtures.admin(api), coupon("FIXED", "5.00", null, null, null,
                now.minusSeconds(1), now.plus(Duration.ofDays(1)), 10, 1)));
        PricingRequest request = new PricingRequest(customerId, List.of(new PricingRequest.Item("sku_x", "prd_x", "mer_x",
                List.of(), 1, Money.of("50.00", "CNY"))), List.of(code));
        String ref = "chk_released_" + code.substring(4);

        var first = promotions.hold(ref, request);
        assertThat(first.discount()).isEqualTo(Money.of("5.00", "CNY"));
        assertThat(status(code)).isEqualTo("HELD");
        assertThat(promotions.hold(ref, request)).as("the same request again: the first quote").isEqualTo(first);
        promotions.release(ref);
        assertThat(status(code)).isEqualTo("AVAILABLE");
        promotions.release(ref);
        assertThat(status(code)).as("a repeated release changes nothing").isEqualTo("AVAILABLE");

        ConflictException again = catchThrowableOfType(ConflictException.class, () -> promotions.hold(ref, request));
        assertThat(again.type()).as("its price no longer stands").isEqualTo("hold-released");
        assertThat(status(code)).isEqualTo("AVAILABLE");
    }

    /**
     * What the 2-hour abandoned-hold and abandoned-payment timers were for: a checkout the process left
     * in flight after its row was written. The leader's resume job takes the saga on from its row
     * (holding the coupon, opening the payment, once each), and its ending gives everything back.
     */
    @Test
    void a_checkout_a_crash_left_in_flight_holds_its_coupon_once_and_gives_it_and_its_payment_back_when_cancelled() {
        Api api = new Api(port);
        Api customer = fixtures.customer(api);
        addToCart(customer, Fixtures.stockedSku(fixtures.merchant(api), 5), 1);
        CustomerId customerId = new CustomerId(customer.get("/api/cart").json().get("customerId").asString());
        Instant now = Instant.now();
        String code = claim(customer, template(fixtures.admin(api), coupon("FIXED", "5.00", null, null, null,
                now.minusSeconds(1), now.plus(Duration.ofDays(1)), 10, 1)));
        Instant longAgo = now.minus(Duration.ofMinutes(5));
        CheckoutId checkoutId = CheckoutId.newId();
        assertThat(sagas.insert(new CheckoutSagaRow(checkoutId, customerId, "crashed-with-coupon", "hash", CheckoutState.PRICING,
                CheckoutData.cart(new PostalAddress("Ada", "+86 138 0000 1234", "1 Road", null, "Shanghai", null, "200120", "CN"),
                        List.of(code)), null, 0, null, longAgo, 1, longAgo))).isEqualTo(CheckoutStore.Insert.INSERTED);

        await("the resume job takes it on").atMost(Duration.ofSeconds(30)).until(() -> {
            jobs.resumeSagas();
            return sagas.find(checkoutId).orElseThrow().state() == CheckoutState.AWAITING_PAYMENT;
        });
        assertThat(status(code)).isEqualTo("HELD");
        JsonNode order = customer.get("/api/orders").json().get("items").get(0);
        assertThat(order.get("checkoutId").asString()).isEqualTo(checkoutId.value());
        String paymentId = order.get("paymentId").asString();
        assertThat(jdbc.sql("SELECT count(*) FROM payment.payment_intent WHERE checkout_id = :c").param("c", checkoutId.value())
                .query(Long.class).single()).as("one payment").isEqualTo(1);

        assertThat(customer.post("/api/orders/" + order.get("id").asString() + "/cancellation", null).status()).isEqualTo(200);
        await("the saga's compensations").atMost(Duration.ofSeconds(30)).until(() -> "AVAILABLE".equals(status(code))
                && "CANCELLED".equals(customer.get("/api/payments/" + paymentId).json().get("status").asString()));
        assertThat(sagas.find(checkoutId).orElseThrow().state()).isEqualTo(CheckoutState.CANCELLED);
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
