package io.emporium.order;

import static io.emporium.testing.Shopping.addToCart;
import static io.emporium.testing.Shopping.approve;
import static io.emporium.testing.Shopping.awaitPayment;
import static io.emporium.testing.Shopping.awaitStatus;
import static io.emporium.testing.Shopping.checkout;
import static io.emporium.testing.Shopping.orderId;
import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.kernel.CheckoutId;
import io.emporium.order.application.OrderJobs;
import io.emporium.testing.Api;
import io.emporium.testing.Fixtures;
import io.emporium.testing.PlatformTest;
import io.emporium.testing.Shopping;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Every path of the checkout saga, through the HTTP API and the sandbox gateway's real callbacks. */
@PlatformTest
class CheckoutSagaTest {

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    OrderJobs jobs;
    @Autowired
    io.emporium.order.application.OrderService orders;
    @Autowired
    io.emporium.coordination.LeadershipGates gates;
    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;
    Api api;
    Api customer;
    Fixtures.Merchant merchant;
    Fixtures.Merchant otherMerchant;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        customer = fixtures.customer(api);
        merchant = fixtures.merchant(api);
        otherMerchant = fixtures.merchant(api);
    }

    JsonNode stock(Fixtures.Merchant owner, String sku) {
        return owner.api().get("/api/inventory/skus/" + sku).json();
    }

    List<String> timeline(JsonNode order) {
        return order.get("timeline").valueStream().map(s -> s.get("status").asString()).toList();
    }

    @Test
    void a_paid_checkout_goes_all_the_way_to_completed() {
        String a = Fixtures.stockedSku(merchant, 10);
        String b = Fixtures.stockedSku(otherMerchant, 10);
        addToCart(customer, a, 2);
        addToCart(customer, b, 1);

        JsonNode placed = checkout(customer);
        assertThat(placed.get("orders").size()).as("one order per merchant").isEqualTo(2);
        // 2 × 59.90 ships free (from 99.00); the other merchant's 59.90 pays 10.00 shipping
        assertThat(placed.at("/total/amount").asString()).isEqualTo("189.70");
        assertThat(placed.at("/payment/amount/amount").asString()).isEqualTo("189.70");
        assertThat(placed.at("/pricing/shipping/amount").asString()).isEqualTo("10.00");
        assertThat(placed.at("/orders/0/status").asString()).isEqualTo("PENDING_PAYMENT");
        // the answer comes once the orders exist; the bought lines leave the cart right after
        org.awaitility.Awaitility.await("the cart was taken").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> customer.get("/api/cart").json().get("lines").isEmpty());
        assertThat(stock(merchant, a).get("reserved").asLong()).isEqualTo(2);

        approve(customer, placed);
        String mine = placed.get("orders").valueStream().filter(o -> o.get("merchantId").asString().equals(merchant.merchantId()))
                .findFirst().orElseThrow().get("id").asString();
        JsonNode paid = awaitStatus(customer, mine, "PAID");
        awaitStatus(customer, placed.at("/orders/1/id").asString(), "PAID");
        assertThat(timeline(paid)).containsExactly("PENDING_PAYMENT", "PAID");
        assertThat(stock(merchant, a).get("sold").asLong()).isEqualTo(2);
        assertThat(stock(merchant, a).get("reserved").asLong()).isZero();
        assertThat(customer.get("/api/payments/" + placed.at("/payment/id").asString()).json().get("status").asString())
                .isEqualTo("CAPTURED");

        assertThat(otherMerchant.api().post("/api/orders/" + mine + "/shipment",
                Map.of("carrier", "SF Express", "trackingNumber", "SF1234567890")).status()).isEqualTo(404);
        JsonNode shipped = merchant.api().post("/api/orders/" + mine + "/shipment",
                Map.of("carrier", "SF Express", "trackingNumber", "SF1234567890")).json();
        assertThat(shipped.get("status").asString()).isEqualTo("SHIPPED");
        assertThat(customer.get("/api/orders/" + mine).json().at("/shipment/trackingNumber").asString()).isEqualTo("SF1234567890");

        assertThat(customer.post("/api/orders/" + mine + "/delivery-confirmation", null).json().get("status").asString())
                .isEqualTo("DELIVERED");
        assertThat(jobs.completeDelivered(Instant.now())).isZero();
        assertThat(jobs.completeDelivered(Instant.now().plus(Duration.ofDays(8)))).isGreaterThanOrEqualTo(1);
        assertThat(timeline(customer.get("/api/orders/" + mine).json()))
                .containsExactly("PENDING_PAYMENT", "PAID", "SHIPPED", "DELIVERED", "COMPLETED");
        assertThat(jdbc.sql("SELECT event_type FROM orders.outbox WHERE aggregate_id = :o ORDER BY position")
                .param("o", mine).query(String.class).list()).as("the order's events, in order, with the changes")
                .containsExactly("io.emporium.order.api.OrderPlaced", "io.emporium.order.api.OrderPaid",
                        "io.emporium.order.api.OrderShipped", "io.emporium.order.api.OrderDelivered",
                        "io.emporium.order.api.OrderCompleted");

        assertThat(merchant.api().get("/api/orders?status=COMPLETED").json().get("items").valueStream()
                .map(o -> o.get("id").asString())).contains(mine);
        assertThat(otherMerchant.api().get("/api/orders/" + mine).status()).isEqualTo(404);
        assertThat(fixtures.customer(api).get("/api/orders/" + mine).status()).isEqualTo(404);
    }

    /**
     * The answer comes before the bought lines leave the cart: customers who pay, are declined or cancel at once
     * race the cart step (their capture, decline or cancellation may find the saga still taking the lines off).
     * Whatever each race gives, every checkout ends paid or cancelled as asked, the stock adds up, every cart is empty.
     */
    @Test
    void payments_and_cancellations_right_after_the_answer_race_the_cart_step_and_every_checkout_ends_as_asked()
            throws Exception {
        String sku = Fixtures.stockedSku(merchant, 100);
        int customers = 4;
        int rounds = 3;
        List<Api> buyers = new java.util.ArrayList<>();
        for (int i = 0; i < customers; i++) {
            buyers.add(fixtures.customer(api));
        }
        record Outcome(Api buyer, String orderId, String expected) {
        }
        List<Outcome> outcomes = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(customers)) {
            List<java.util.concurrent.Future<?>> running = new java.util.ArrayList<>();
            for (int c = 0; c < customers; c++) {
                Api buyer = buyers.get(c);
                int which = c;
                running.add(pool.submit(() -> {
                    for (int r = 0; r < rounds; r++) {
                        addToCart(buyer, sku, 2);
                        JsonNode placed = checkout(buyer);
                        switch ((which + r) % 3) {
                            case 0 -> {
                                approve(buyer, placed);
                                outcomes.add(new Outcome(buyer, orderId(placed), "PAID"));
                            }
                            case 1 -> {
                                Shopping.decline(buyer, placed);
                                outcomes.add(new Outcome(buyer, orderId(placed), "CANCELLED"));
                            }
                            default -> {
                                Api.Response cancelled = buyer.post("/api/orders/" + orderId(placed) + "/cancellation", null);
                                assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
                                outcomes.add(new Outcome(buyer, orderId(placed), "CANCELLED"));
                            }
                        }
                        // the next checkout of this cart waits for this one's cart step
                    }
                    return null;
                }));
            }
            for (var f : running) {
                f.get(120, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
        assertThat(outcomes).hasSize(customers * rounds);
        for (Outcome o : outcomes) {
            awaitStatus(o.buyer(), o.orderId(), o.expected());
        }
        long paid = outcomes.stream().filter(o -> o.expected().equals("PAID")).count();
        JsonNode level = org.awaitility.Awaitility.await("the stock settles").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).until(() -> stock(merchant, sku), l -> l.get("reserved").asLong() == 0);
        assertThat(level.get("sold").asLong()).isEqualTo(2 * paid);
        assertThat(level.get("available").asLong()).isEqualTo(100 - 2 * paid);
        for (Api buyer : buyers) {
            assertThat(buyer.get("/api/cart").json().get("lines")).as("every cart was taken").isEmpty();
        }
    }

    @Test
    void a_declined_payment_cancels_the_orders_and_gives_the_stock_back() {
        String sku = Fixtures.stockedSku(merchant, 5);
        addToCart(customer, sku, 3);
        JsonNode placed = checkout(customer);
        Shopping.decline(customer, placed);
        JsonNode cancelled = awaitStatus(customer, orderId(placed), "CANCELLED");
        assertThat(cancelled.at("/timeline/1/note").asString()).contains("declined");
        assertThat(stock(merchant, sku).get("available").asLong()).isEqualTo(5);
        assertThat(customer.get("/api/payments/" + placed.at("/payment/id").asString()).json().get("status").asString())
                .isEqualTo("FAILED");
    }

    @Test
    void an_unpaid_checkout_is_cancelled_after_the_timeout_and_cannot_be_paid_later() {
        String sku = Fixtures.stockedSku(merchant, 4);
        addToCart(customer, sku, 4);
        JsonNode placed = checkout(customer);
        assertThat(jobs.cancelUnpaid(Instant.now())).as("not yet due").isZero();
        assertThat(jobs.cancelUnpaid(Instant.now().plus(Duration.ofMinutes(31)))).isGreaterThanOrEqualTo(1);

        JsonNode order = customer.get("/api/orders/" + orderId(placed)).json();
        assertThat(order.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(order.at("/timeline/1/note").asString()).contains("not paid within 30 minutes");
        assertThat(stock(merchant, sku).get("available").asLong()).isEqualTo(4);
        Api.Response late = customer.post("/api/payments/" + placed.at("/payment/id").asString() + "/sandbox/approve", null);
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.json().get("currentState").asString()).isEqualTo("CANCELLED");
    }

    @Test
    void a_deposed_leader_s_unpaid_timeout_cancels_nothing() {
        String sku = Fixtures.stockedSku(merchant, 2);
        addToCart(customer, sku, 2);
        JsonNode placed = checkout(customer);
        CheckoutId checkoutId = new CheckoutId(placed.get("checkoutId").asString());
        var current = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(gates.gate("orders")::fencingToken, java.util.Optional::isPresent).orElseThrow();
        assertThat(orders.cancelUnpaid(new CheckoutId("chk_" + "0".repeat(32)), "sets the fence", current)).as("no such checkout")
                .isFalse();

        var deposed = new io.emporium.coordination.LeaderToken(current.group(), current.value() - 1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> orders.cancelUnpaid(checkoutId, "late", deposed))
                .isInstanceOf(io.emporium.coordination.StaleFencingTokenException.class);
        assertThat(customer.get("/api/orders/" + orderId(placed)).json().get("status").asString()).isEqualTo("PENDING_PAYMENT");
        assertThat(customer.get("/api/orders/checkouts/" + checkoutId).json().get("state").asString())
                .isEqualTo("AWAITING_PAYMENT");
        assertThat(stock(merchant, sku).get("available").asLong()).as("still held").isZero();
    }

    @Test
    void a_customer_cancels_an_unpaid_checkout_but_not_a_paid_one() {
        String sku = Fixtures.stockedSku(merchant, 6);
        addToCart(customer, sku, 1);
        JsonNode unpaid = checkout(customer);
        JsonNode cancelled = customer.post("/api/orders/" + orderId(unpaid) + "/cancellation", null).json();
        assertThat(cancelled.get("status").asString()).isEqualTo("CANCELLED");
        Api.Response again = customer.post("/api/orders/" + orderId(unpaid) + "/cancellation", null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("currentState").asString()).isEqualTo("CANCELLED");
        assertThat(stock(merchant, sku).get("available").asLong()).isEqualTo(6);

        addToCart(customer, sku, 1);
        JsonNode paid = checkout(customer);
        approve(customer, paid);
        awaitStatus(customer, orderId(paid), "PAID");
        Api.Response tooLate = customer.post("/api/orders/" + orderId(paid) + "/cancellation", null);
        assertThat(tooLate.status()).isEqualTo(409);
        assertThat(tooLate.json().get("currentState").asString()).isEqualTo("PAID");
        assertThat(fixtures.customer(api).post("/api/orders/" + orderId(paid) + "/cancellation", null).status()).isEqualTo(404);
    }

    @Test
    void an_accepted_refund_returns_money_and_stock_and_a_rejected_one_returns_to_paid() {
        String sku = Fixtures.stockedSku(merchant, 10);
        addToCart(customer, sku, 3);
        JsonNode placed = checkout(customer);
        approve(customer, placed);
        String order = orderId(placed);
        awaitStatus(customer, order, "PAID");

        assertThat(customer.post("/api/orders/" + order + "/refund-request", Map.of("reason", "arrived too late")).json()
                .get("status").asString()).isEqualTo("REFUND_REQUESTED");
        JsonNode rejected = merchant.api().post("/api/orders/" + order + "/refund-decision",
                Map.of("approve", false, "note", "the parcel is on its way")).json();
        assertThat(rejected.get("status").asString()).isEqualTo("PAID");

        customer.post("/api/orders/" + order + "/refund-request", Map.of("reason", "changed my mind"));
        assertThat(otherMerchant.api().post("/api/orders/" + order + "/refund-decision", Map.of("approve", true)).status())
                .isEqualTo(404);
        assertThat(merchant.api().post("/api/orders/" + order + "/refund-decision", Map.of("approve", true)).status())
                .isEqualTo(200);
        JsonNode refunded = awaitStatus(customer, order, "REFUNDED");
        assertThat(timeline(refunded)).containsExactly("PENDING_PAYMENT", "PAID", "REFUND_REQUESTED", "PAID",
                "REFUND_REQUESTED", "REFUND_REQUESTED", "REFUNDED");
        // the units go back after the refund, delivered to inventory outside the order's transaction
        JsonNode level = org.awaitility.Awaitility.await("the units are back").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50)).until(() -> stock(merchant, sku), l -> l.get("available").asLong() == 10);
        assertThat(level.get("sold").asLong()).isZero();
        JsonNode payment = awaitPayment(customer, placed.at("/payment/id").asString(), "REFUNDED");
        assertThat(payment.at("/refunded/amount").asString()).isEqualTo("179.70");
        assertThat(merchant.api().post("/api/orders/" + order + "/refund-decision", Map.of("approve", true)).status())
                .isEqualTo(409);
    }

    @Test
    void wrong_transitions_are_409_naming_the_current_state() {
        String sku = Fixtures.stockedSku(merchant, 5);
        addToCart(customer, sku, 1);
        JsonNode placed = checkout(customer);
        String order = orderId(placed);
        Map<String, Object> shipment = Map.of("carrier", "SF Express", "trackingNumber", "SF0000001");
        for (Api.Response r : List.of(
                merchant.api().post("/api/orders/" + order + "/shipment", shipment),
                customer.post("/api/orders/" + order + "/delivery-confirmation", null),
                customer.post("/api/orders/" + order + "/refund-request", Map.of("reason", "x")),
                merchant.api().post("/api/orders/" + order + "/refund-decision", Map.of("approve", false)))) {
            assertThat(r.status()).as(r.toString()).isEqualTo(409);
            assertThat(r.json().get("currentState").asString()).isEqualTo("PENDING_PAYMENT");
        }
        approve(customer, placed);
        awaitStatus(customer, order, "PAID");
        Api.Response deliver = customer.post("/api/orders/" + order + "/delivery-confirmation", null);
        assertThat(deliver.json().get("currentState").asString()).isEqualTo("PAID");
        assertThat(customer.post("/api/orders/" + order + "/shipment", shipment).status()).isEqualTo(403);
        assertThat(merchant.api().post("/api/orders/" + order + "/shipment", Map.of("carrier", "", "trackingNumber", "x"))
                .status()).isEqualTo(400);
    }
}
