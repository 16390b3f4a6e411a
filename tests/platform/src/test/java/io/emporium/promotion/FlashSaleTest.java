package io.emporium.promotion;

import static io.emporium.promotion.PricingCheckoutTest.assertProblem;
import static io.emporium.promotion.Promotions.flashSale;
import static io.emporium.promotion.Promotions.purchase;
import static io.emporium.testing.Shopping.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.emporium.promotion.application.FlashSettlementJob;
import io.emporium.testing.Api;
import io.emporium.testing.Fixtures;
import io.emporium.testing.PlatformTest;
import io.emporium.testing.Race;
import io.emporium.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** A flash sale's life: set-aside stock, its window, limits, orders at the flash price, returns, settlement, and refusals. */
@PlatformTest
class FlashSaleTest {

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    TestClock clock;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    FlashSettlementJob settlement;
    Api api;
    Api admin;
    Fixtures.Merchant merchant;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        admin = fixtures.admin(api);
        merchant = fixtures.merchant(api);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void a_flash_sale_from_creation_to_settlement() {
        String sku = Fixtures.stockedSku(merchant, 50);
        Instant now = Instant.now();
        Instant from = now.plus(Duration.ofMinutes(10));
        Instant until = now.plus(Duration.ofMinutes(30));
        Api.Response created = admin.post("/api/promotions/flash-sales", flashSale(sku, "29.90", 10, 2, from, until));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String sale = created.json().get("id").asString();
        assertThat(created.json().get("state").asString()).isEqualTo("UPCOMING");
        assertThat(stock(sku)).as("available, reserved, sold: 10 set aside").containsExactly(40L, 10L, 0L);

        assertProblem(admin.post("/api/promotions/flash-sales", flashSale(sku, "19.90", 5, 1, from.plusSeconds(600),
                until.plusSeconds(600))), 409, "flash-sale-overlap");
        assertThat(stock(sku)).as("a refused sale sets nothing aside").containsExactly(40L, 10L, 0L);
        JsonNode listed = api.anonymous().get("/api/promotions/flash-sales").json();
        assertThat(listed.valueStream().anyMatch(s -> s.get("id").asString().equals(sale))).as("public listing").isTrue();

        Api alice = fixtures.customer(api);
        assertProblem(alice.post("/api/promotions/flash-sales/" + sale + "/purchases", purchase(1)), 409,
                "flash-sale-not-started");

        clock.advance(Duration.ofMinutes(10).plusSeconds(1));
        assertThat(api.get("/api/promotions/flash-sales/" + sale).json().get("state").asString()).isEqualTo("ACTIVE");
        assertProblem(alice.post("/api/promotions/flash-sales/" + sale + "/purchases", purchase(3)), 422, "flash-limit-exceeded");
        Api.Response bought = alice.postWithHeader("/api/promotions/flash-sales/" + sale + "/purchases", purchase(2),
                "Idempotency-Key", "flash-key-0001");
        assertThat(bought.status()).as(bought.toString()).isEqualTo(202);
        String purchaseId = bought.json().get("id").asString();
        Api.Response repeated = alice.postWithHeader("/api/promotions/flash-sales/" + sale + "/purchases", purchase(2),
                "Idempotency-Key", "flash-key-0001");
        assertThat(repeated.status()).isEqualTo(202);
        assertThat(repeated.json().get("id").asString()).as("the same purchase").isEqualTo(purchaseId);
        assertProblem(alice.post("/api/promotions/flash-sales/" + sale + "/purchases", purchase(1)), 422, "flash-limit-exceeded");

        JsonNode order = awaitOrder(alice, purchaseId);
        assertThat(order.at("/lines/0/priceSource").asString()).isEqualTo("FLASH");
        assertThat(order.at("/lines/0/unitPrice/amount").asString()).isEqualTo("29.90");
        assertThat(order.at("/total/amount").asString()).as("2 × 29.90 + 10.00 shipping").isEqualTo("69.80");
        assertThat(alice.post("/api/payments/" + order.get("paymentId").asString() + "/sandbox/approve", null).status())
                .isEqualTo(202);
        awaitStatus(alice, order.get("id").asString(), "PAID");
        assertThat(alice.get("/api/promotions/flash-purchases/" + purchaseId).json().get("status").asString()).isEqualTo("PAID");
        assertThat(fixtures.customer(api).get("/api/promotions/flash-purchases/" + purchaseId).status())
                .as("someone else's purchase").isEqualTo(404);

        Api bob = fixtures.customer(api);
        Api.Response bobs = bob.post("/api/promotions/flash-sales/" + sale + "/purchases", purchase(1));
        assertThat(bobs.status()).as(bobs.toString()).isEqualTo(202);
        JsonNode bobsOrder = awaitOrder(bob, bobs.json().get("id").asString());
        assertThat(remaining(sale)).isEqualTo(7);
        assertThat(bob.post("/api/orders/" + bobsOrder.get("id").asString() + "/cancellation", null).status()).isEqualTo(200);
        assertThat(remaining(sale)).as("a cancelled order's unit goes back to the sale").isEqualTo(8);
        assertThat(poolLeft(sale)).as("and to the inventory pool").isEqualTo(8);
        assertThat(bob.get("/api/promotions/flash-purchases/" + bobs.json().get("id").asString()).json().get("status")
                .asString()).isEqualTo("RELEASED");
        Api.Response again = bob.post("/api/promotions/flash-sales/" + sale + "/purchases", purchase(1));
        assertThat(again.status()).as("bob's limit was given back too").isEqualTo(202);
        String bobsSecond = awaitOrder(bob, again.json().get("id").asString()).get("id").asString();

        clock.advance(Duration.ofMinutes(20));
        assertProblem(fixtures.customer(api).post("/api/promotions/flash-sales/" + sale + "/purchases", purchase(1)), 409,
                "flash-sale-ended");
        assertThat(settlement.sweep()).as("this sale and any other test's that ended by now").isPositive();
        assertThat(api.get("/api/promotions/flash-sales/" + sale).json().get("status").asString()).isEqualTo("SETTLED");
        // alice's 2 are sold; bob's second unit is still held by his unpaid order; the 7 unsold went back
        assertThat(stock(sku)).containsExactly(47L, 1L, 2L);
        assertThat(bob.post("/api/orders/" + bobsSecond + "/cancellation", null).status()).isEqualTo(200);
        assertThat(stock(sku)).as("after the pool closed, a returned unit is normal stock").containsExactly(48L, 0L, 2L);
    }

    @Test
    void flash_sales_are_refused_when_malformed_or_not_the_callers_to_make() {
        String sku = Fixtures.stockedSku(merchant, 5);
        Instant from = Instant.now();
        Instant until = from.plus(Duration.ofMinutes(30));
        assertProblem(admin.post("/api/promotions/flash-sales", flashSale(sku, "59.90", 5, 1, from, until)), 422, "invalid-price");
        assertProblem(admin.post("/api/promotions/flash-sales", flashSale(sku, "9.90", 2, 3, from, until)), 422, "invalid-limit");
        assertProblem(admin.post("/api/promotions/flash-sales", flashSale(sku, "9.90", 5, 1, until, from)), 422, "invalid-window");
        assertProblem(admin.post("/api/promotions/flash-sales", flashSale(sku, "9.90", 6, 1, from, until)), 409,
                "insufficient-stock");
        assertProblem(admin.post("/api/promotions/flash-sales", flashSale("sku_nope", "9.90", 1, 1, from, until)), 404,
                "unknown-sku");
        assertProblem(fixtures.customer(api).post("/api/promotions/flash-sales", flashSale(sku, "9.90", 1, 1, from, until)),
                403, "merchants-or-admins-only");
        assertThat(fixtures.merchant(api).api().post("/api/promotions/flash-sales", flashSale(sku, "9.90", 1, 1, from, until))
                .status()).as("another merchant's SKU").isEqualTo(403);
        assertThat(merchant.api().post("/api/promotions/flash-sales", flashSale(sku, "9.90", 1, 1, from, until)).status())
                .as("its own").isEqualTo(201);
        assertProblem(fixtures.customer(api).post("/api/promotions/flash-sales/fls_nope/purchases", purchase(1)), 404,
                "unknown-flash-sale");
        assertThat(api.anonymous().post("/api/promotions/flash-sales/fls_nope/purchases", purchase(1)).status()).isEqualTo(401);
    }

    @Test
    void a_customer_hammering_the_purchase_endpoint_is_told_to_slow_down() throws Exception {
        String sku = Fixtures.stockedSku(merchant, 100);
        Instant now = Instant.now();
        String sale = admin.post("/api/promotions/flash-sales", flashSale(sku, "9.90", 100, 100, now.minusSeconds(1),
                now.plus(Duration.ofMinutes(30)))).json().get("id").asString();
        Api eager = fixtures.tokenCustomer(api);
        List<Api.Response> answers = Race.run(16,
                i -> eager.post("/api/promotions/flash-sales/" + sale + "/purchases", purchase(1)));
        List<Api.Response> limited = answers.stream().filter(r -> r.status() == 429).toList();
        assertThat(limited).as("5 per second per customer").isNotEmpty();
        assertThat(limited).allSatisfy(r -> {
            assertThat(r.retryAfter()).isEqualTo("1");
            assertThat(r.problemType()).isEqualTo("rate-limited");
        });
        assertThat(answers).allMatch(r -> r.status() == 202 || r.status() == 429);
        assertThat(answers.stream().filter(r -> r.status() == 202).count()).isBetween(1L, 10L);
    }

    @Test
    void racing_purchases_of_one_customer_hold_the_limit_and_one_key_buys_once() throws Exception {
        String sku = Fixtures.stockedSku(merchant, 100);
        Instant now = Instant.now();
        String sale = admin.post("/api/promotions/flash-sales", flashSale(sku, "9.90", 50, 2, now.minusSeconds(1),
                now.plus(Duration.ofMinutes(30)))).json().get("id").asString();
        Api racer = fixtures.tokenCustomer(api);
        List<Api.Response> answers = Race.run(5, i -> racer.post("/api/promotions/flash-sales/" + sale + "/purchases", purchase(1)));
        assertThat(answers.stream().filter(r -> r.status() == 202)).hasSize(2);
        assertThat(answers).filteredOn(r -> r.status() != 202)
                .allSatisfy(r -> assertThat(r.problemType()).isEqualTo("flash-limit-exceeded"));

        Api keyed = fixtures.tokenCustomer(api);
        List<Api.Response> sameKey = Race.run(5, i -> keyed.postWithHeader("/api/promotions/flash-sales/" + sale + "/purchases",
                purchase(1), "Idempotency-Key", "one-click-0001"));
        assertThat(sameKey).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(202));
        assertThat(sameKey.stream().map(r -> r.json().get("id").asString()).distinct()).as("one purchase").hasSize(1);
        assertThat(jdbc.sql("SELECT bought FROM promotion.flash_customer WHERE sale_id = :s AND bought = 1").param("s", sale)
                .query(Integer.class).list()).hasSize(1);
        // this customer has used up this second's 5 attempts; the next second's answer is the one that counts
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> keyed.postWithHeader(
                "/api/promotions/flash-sales/" + sale + "/purchases", purchase(2), "Idempotency-Key", "one-click-0001")
                .status() != 429);
        assertProblem(keyed.postWithHeader("/api/promotions/flash-sales/" + sale + "/purchases", purchase(2),
                "Idempotency-Key", "one-click-0001"), 422, "idempotency-key-reused");
    }

    private JsonNode awaitOrder(Api customer, String purchaseId) {
        await("order of " + purchaseId).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
                jdbc.sql("SELECT count(*) FROM orders.customer_order WHERE checkout_id = :p").param("p", purchaseId)
                        .query(Long.class).single() == 1);
        String id = jdbc.sql("SELECT id FROM orders.customer_order WHERE checkout_id = :p").param("p", purchaseId)
                .query(String.class).single();
        return customer.get("/api/orders/" + id).json();
    }

    private List<Long> stock(String sku) {
        return jdbc.sql("SELECT available, reserved, sold FROM inventory.stock_item WHERE sku_id = :s").param("s", sku)
                .query((rs, n) -> List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3))).single();
    }

    private int remaining(String sale) {
        return api.get("/api/promotions/flash-sales/" + sale).json().get("remaining").asInt();
    }

    private long poolLeft(String sale) {
        return jdbc.sql("SELECT l.quantity FROM inventory.reservation_line l JOIN promotion.flash_sale f ON f.pool_id = l.reservation_id"
                + " WHERE f.id = :s").param("s", sale).query(Long.class).single();
    }
}
