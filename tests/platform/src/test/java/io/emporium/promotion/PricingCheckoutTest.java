package io.emporium.promotion;

import static io.emporium.promotion.Promotions.checkout;
import static io.emporium.promotion.Promotions.claim;
import static io.emporium.promotion.Promotions.coupon;
import static io.emporium.promotion.Promotions.template;
import static io.emporium.testing.Shopping.addToCart;
import static io.emporium.testing.Shopping.approve;
import static io.emporium.testing.Shopping.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.testing.Api;
import io.emporium.testing.Fixtures;
import io.emporium.testing.PlatformTest;
import io.emporium.testing.TestClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Checkout priced by the promotion service: thresholds, coupons, time-limited prices, shipping, and the refusals. */
@PlatformTest
class PricingCheckoutTest {

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    TestClock clock;
    @Autowired
    JdbcClient jdbc;
    Api api;
    Api customer;
    Fixtures.Merchant merchant;
    Api admin;
    Instant now;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        customer = fixtures.customer(api);
        merchant = fixtures.merchant(api);
        admin = fixtures.admin(api);
        now = Instant.now();
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void a_threshold_discount_and_a_coupon_are_apportioned_to_lines_and_the_coupon_is_redeemed_when_paid() {
        String a = Fixtures.stockedSku(merchant, 10);
        String b = Fixtures.stockedSku(merchant, 10);
        // the merchant's "spend 150, save 20; spend 300, save 50" covers only its own goods
        Api.Response t = merchant.api().post("/api/promotions/threshold-discounts", Map.of("name", "Lantern week",
                "tiers", List.of(Map.of("threshold", Fixtures.money("150.00"), "discount", Fixtures.money("20.00")),
                        Map.of("threshold", Fixtures.money("300.00"), "discount", Fixtures.money("50.00"))),
                "scope", Map.of("kind", "MERCHANT", "ids", List.of(merchant.merchantId())),
                "startsAt", now.minusSeconds(60).toString(), "endsAt", now.plus(Duration.ofDays(1)).toString()));
        assertThat(t.status()).as(t.toString()).isEqualTo(201);
        String code = claim(customer, template(admin, coupon("FIXED", "10.00", null, null, null, now.minusSeconds(60),
                now.plus(Duration.ofDays(1)), 100, 1)));
        addToCart(customer, a, 2); // 119.80
        addToCart(customer, b, 1); // 59.90 → 179.70 reaches the 150 tier

        JsonNode quote = customer.post("/api/orders/checkout-quotes", Map.of("couponCodes", List.of(code))).json();
        assertThat(quote.at("/discount/amount").asString()).isEqualTo("30.00");

        Api.Response placed = checkout(customer, List.of(code));
        assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
        JsonNode order = placed.json().at("/orders/0");
        assertThat(order.at("/subtotal/amount").asString()).isEqualTo("179.70");
        assertThat(order.at("/discount/amount").asString()).isEqualTo("30.00");
        assertThat(order.at("/shipping/amount").asString()).as("149.70 of goods ships free from 99").isEqualTo("0.00");
        assertThat(order.at("/total/amount").asString()).isEqualTo("149.70");
        assertThat(placed.json().at("/payment/amount/amount").asString()).isEqualTo("149.70");
        BigDecimal lineDiscounts = BigDecimal.ZERO;
        for (JsonNode line : order.get("lines")) {
            lineDiscounts = lineDiscounts.add(new BigDecimal(line.at("/discount/amount").asString()));
            BigDecimal parts = BigDecimal.ZERO;
            for (JsonNode p : line.get("promotions")) {
                parts = parts.add(new BigDecimal(p.at("/amount/amount").asString()));
            }
            assertThat(parts).as("a line's promotions make up its discount").isEqualByComparingTo(line.at("/discount/amount").asString());
        }
        assertThat(lineDiscounts).as("apportioned parts sum to the whole").isEqualByComparingTo("30.00");
        assertThat(Promotions.coupon(customer, code).get("status").asString()).isEqualTo("HELD");

        approve(customer, placed.json());
        awaitStatus(customer, order.get("id").asString(), "PAID");
        assertThat(Promotions.coupon(customer, code).get("status").asString()).isEqualTo("REDEEMED");
        assertThat(Promotions.coupon(customer, code).at("/template/redeemed").asInt()).isEqualTo(1);
    }

    @Test
    void a_cancelled_order_gives_its_coupon_back_and_a_held_coupon_cannot_be_used_twice() {
        String sku = Fixtures.stockedSku(merchant, 10);
        String code = claim(customer, template(admin, coupon("PERCENT", null, "10", "5.00", null, now.minusSeconds(60),
                now.plus(Duration.ofDays(1)), 100, 1)));
        addToCart(customer, sku, 1);
        Api.Response placed = checkout(customer, List.of(code));
        assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
        assertThat(placed.json().at("/pricing/discount/amount").asString()).as("10% of 59.90 capped at 5.00").isEqualTo("5.00");

        addToCart(customer, sku, 1);
        Api.Response again = checkout(customer, List.of(code));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.problemType()).isEqualTo("coupon-in-use");
        assertThat(jdbc.sql("SELECT reserved FROM inventory.stock_item WHERE sku_id = :s").param("s", sku)
                .query(Long.class).single()).as("the refused checkout reserved nothing").isEqualTo(1);

        String orderId = placed.json().at("/orders/0/id").asString();
        assertThat(customer.post("/api/orders/" + orderId + "/cancellation", null).status()).isEqualTo(200);
        assertThat(Promotions.coupon(customer, code).get("status").asString()).isEqualTo("AVAILABLE");
        Api.Response reused = checkout(customer, List.of(code));
        assertThat(reused.status()).as(reused.toString()).isEqualTo(201);
    }

    @Test
    void bad_coupons_are_refused_with_a_clear_problem_and_change_nothing() {
        String sku = Fixtures.stockedSku(merchant, 10);
        addToCart(customer, sku, 1);
        Api other = fixtures.customer(api);
        String template = template(admin, coupon("FIXED", "10.00", null, null, null, now.minusSeconds(60),
                now.plus(Duration.ofMinutes(10)), 100, 1));
        String othersCode = claim(other, template);
        String threshold = claim(customer, template(admin, coupon("THRESHOLD", "50.00", null, null, "300.00",
                now.minusSeconds(60), now.plus(Duration.ofDays(1)), 100, 1)));
        String expiring = claim(customer, template);

        assertProblem(checkout(customer, List.of("CPN-NOSUCHCODE0")), 422, "unknown-coupon");
        assertProblem(checkout(customer, List.of(othersCode)), 422, "coupon-not-yours");
        assertProblem(checkout(customer, List.of(threshold)), 422, "coupon-below-threshold");
        assertProblem(checkout(customer, List.of(expiring, expiring)), 422, "duplicate-coupon");
        clock.advance(Duration.ofMinutes(11));
        assertProblem(checkout(customer, List.of(expiring)), 422, "coupon-expired");
        assertProblem(customer.post("/api/promotions/coupon-templates/" + template + "/claims", null), 422, "coupon-expired");
        clock.reset();

        assertThat(customer.get("/api/cart").json().get("lines").size()).as("the cart is untouched").isEqualTo(1);
        assertThat(jdbc.sql("SELECT reserved FROM inventory.stock_item WHERE sku_id = :s").param("s", sku)
                .query(Long.class).single()).isZero();
        assertThat(Promotions.coupon(customer, expiring).get("status").asString()).isEqualTo("AVAILABLE");
        assertThat(jdbc.sql("SELECT count(*) FROM promotion.pricing_hold WHERE customer_id = (SELECT customer_id FROM"
                + " promotion.coupon WHERE code = :c)").param("c", expiring).query(Long.class).single()).isZero();
    }

    @Test
    void a_time_limited_price_applies_exactly_inside_its_window() {
        String sku = Fixtures.stockedSku(merchant, 10);
        Instant from = now.plus(Duration.ofMinutes(20));
        Instant until = now.plus(Duration.ofMinutes(40));
        Api.Response s = merchant.api().post("/api/promotions/price-schedules", Map.of("skuId", sku,
                "price", Fixtures.money("49.90"), "startsAt", from.toString(), "endsAt", until.toString()));
        assertThat(s.status()).as(s.toString()).isEqualTo(201);
        assertProblem(merchant.api().post("/api/promotions/price-schedules", Map.of("skuId", sku, "price",
                Fixtures.money("39.90"), "startsAt", from.plusSeconds(60).toString(), "endsAt", until.plusSeconds(60).toString())),
                409, "price-schedule-overlap");
        Fixtures.Merchant stranger = fixtures.merchant(api);
        assertThat(stranger.api().post("/api/promotions/price-schedules", Map.of("skuId", sku, "price",
                Fixtures.money("9.90"), "startsAt", until.toString(), "endsAt", until.plusSeconds(600).toString())).status())
                .as("another merchant's SKU").isEqualTo(403);
        addToCart(customer, sku, 1);

        assertThat(unitPrice()).isEqualTo("59.90 LIST");
        clock.advance(Duration.between(Instant.now(), from).minusSeconds(2));
        assertThat(unitPrice()).as("two seconds before the start").isEqualTo("59.90 LIST");
        clock.advance(Duration.ofSeconds(3));
        assertThat(unitPrice()).as("just after the start").isEqualTo("49.90 TIME_LIMITED");
        JsonNode shown = api.anonymous().get("/api/promotions/sku-prices?skuId=" + sku).json();
        assertThat(shown.size()).as("product pages show it too").isEqualTo(1);
        assertThat(shown.get(0).get("source").asString()).isEqualTo("TIME_LIMITED");
        assertThat(shown.get(0).at("/price/amount").asString()).isEqualTo("49.90");
        Api.Response placed = checkout(customer, List.of());
        assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
        assertThat(placed.json().at("/orders/0/lines/0/unitPrice/amount").asString()).isEqualTo("49.90");
        assertThat(placed.json().at("/orders/0/lines/0/listUnitPrice/amount").asString()).isEqualTo("59.90");
        assertThat(placed.json().at("/orders/0/lines/0/priceSource").asString()).isEqualTo("TIME_LIMITED");
        assertThat(placed.json().at("/orders/0/total/amount").asString()).as("49.90 + 10.00 shipping").isEqualTo("59.90");

        addToCart(customer, sku, 1);
        clock.reset();
        clock.advance(Duration.between(Instant.now(), until));
        assertThat(unitPrice()).as("the end is exclusive").isEqualTo("59.90 LIST");
    }

    @Test
    void promotions_are_refused_when_malformed_or_not_the_callers_to_make() {
        assertProblem(customer.post("/api/promotions/coupon-templates", coupon("FIXED", "10.00", null, null, null,
                now, now.plusSeconds(60), 10, 1)), 403, "merchants-or-admins-only");
        assertProblem(admin.post("/api/promotions/coupon-templates", coupon("PERCENT", null, "10", null, null,
                now, now.plusSeconds(60), 10, 1)), 422, "invalid-coupon");
        assertProblem(admin.post("/api/promotions/coupon-templates", coupon("FIXED", "10.00", null, null, null,
                now, now.minusSeconds(60), 10, 1)), 422, "invalid-window");
        assertProblem(admin.post("/api/promotions/coupon-templates", coupon("FIXED", "10.00", null, null, null,
                now, now.plusSeconds(60), 0, 1)), 400, "invalid-request");
        Map<String, Object> usd = coupon("FIXED", "10.00", null, null, null, now, now.plusSeconds(60), 10, 1);
        usd.put("minSpend", Map.of("amount", "100.00", "currency", "USD"));
        assertProblem(admin.post("/api/promotions/coupon-templates", usd), 422, "currency-mismatch");
        assertProblem(merchant.api().post("/api/promotions/threshold-discounts", Map.of("name", "x", "tiers",
                List.of(Map.of("threshold", Fixtures.money("10.00"), "discount", Fixtures.money("20.00"))),
                "startsAt", now.toString(), "endsAt", now.plusSeconds(60).toString())), 422, "invalid-tiers");
        assertProblem(merchant.api().post("/api/promotions/threshold-discounts", Map.of("name", "x", "tiers",
                List.of(Map.of("threshold", Fixtures.money("100.00"), "discount", Fixtures.money("20.00"))),
                "scope", Map.of("kind", "MERCHANT", "ids", List.of("mer_someone_else")),
                "startsAt", now.toString(), "endsAt", now.plusSeconds(60).toString())), 422, "invalid-scope");
        assertProblem(customer.post("/api/promotions/coupon-templates/cpt_nope/claims", null), 404, "unknown-coupon-template");
    }

    @Test
    void a_merchant_scopes_coupons_and_threshold_discounts_to_its_own_products_only() {
        String mine = Fixtures.product(merchant, List.of(Fixtures.sku(Fixtures.unique("M-"), Map.of("colour", "Red"), "59.90")),
                true).get("id").asString();
        Fixtures.Merchant other = fixtures.merchant(api);
        String theirs = Fixtures.product(other, List.of(Fixtures.sku(Fixtures.unique("T-"), Map.of("colour", "Red"), "59.90")),
                true).get("id").asString();
        Map<String, Object> coupon = coupon("FIXED", "10.00", null, null, null, now, now.plusSeconds(600), 10, 1);
        for (List<String> ids : List.of(List.of(theirs), List.of(mine, theirs), List.of("prd_no_such_product"))) {
            coupon.put("scope", Map.of("kind", "PRODUCT", "ids", ids));
            assertProblem(merchant.api().post("/api/promotions/coupon-templates", coupon), 422, "invalid-scope");
            assertProblem(merchant.api().post("/api/promotions/threshold-discounts", Map.of("name", "x", "tiers",
                    List.of(Map.of("threshold", Fixtures.money("100.00"), "discount", Fixtures.money("20.00"))),
                    "scope", Map.of("kind", "PRODUCT", "ids", ids),
                    "startsAt", now.toString(), "endsAt", now.plusSeconds(60).toString())), 422, "invalid-scope");
        }
        assertThat(jdbc.sql("SELECT count(*) FROM promotion.coupon_template WHERE merchant_id = :m")
                .param("m", merchant.merchantId()).query(Long.class).single()).as("nothing recorded").isZero();

        coupon.put("scope", Map.of("kind", "PRODUCT", "ids", List.of(mine)));
        assertThat(merchant.api().post("/api/promotions/coupon-templates", coupon).status()).isEqualTo(201);
        assertThat(merchant.api().post("/api/promotions/threshold-discounts", Map.of("name", "Own goods", "tiers",
                List.of(Map.of("threshold", Fixtures.money("100.00"), "discount", Fixtures.money("20.00"))),
                "scope", Map.of("kind", "PRODUCT", "ids", List.of(mine)),
                "startsAt", now.toString(), "endsAt", now.plusSeconds(60).toString())).status()).isEqualTo(201);
        coupon.put("scope", Map.of("kind", "PRODUCT", "ids", List.of(mine, theirs)));
        assertThat(admin.post("/api/promotions/coupon-templates", coupon).status()).as("the platform's own may cover any")
                .isEqualTo(201);
    }

    private String unitPrice() {
        JsonNode line = customer.post("/api/orders/checkout-quotes", Map.of()).json().at("/lines/0");
        return line.at("/unitPrice/amount").asString() + " " + line.get("priceSource").asString();
    }

    static void assertProblem(Api.Response r, int status, String type) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.isProblem()).as(r.toString()).isTrue();
        assertThat(r.problemType()).as(r.toString()).isEqualTo(type);
    }
}
