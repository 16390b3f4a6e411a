package io.emporium.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.emporium.catalog.api.CatalogApi;
import io.emporium.catalog.api.ProductOwner;
import io.emporium.catalog.api.ProductQuery;
import io.emporium.catalog.api.SkuQuery;
import io.emporium.catalog.api.SkuSnapshot;
import io.emporium.inventory.api.InventoryApi;
import io.emporium.inventory.api.ReservationView;
import io.emporium.inventory.api.ReserveStock;
import io.emporium.kernel.Identifiers;
import io.emporium.kernel.MerchantId;
import io.emporium.kernel.Money;
import io.emporium.platform.problem.ProblemException;
import io.emporium.platform.security.Role;
import io.emporium.testing.component.TestTokens;
import io.emporium.promotion.api.PriceQuote;
import io.emporium.promotion.api.PricingRequest;
import io.emporium.promotion.api.PromotionApi;
import io.emporium.testing.component.ComponentTest;
import io.emporium.testing.component.Http;
import io.emporium.testing.component.Stub;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Promotion alone, on its schema, with the catalog and inventory stubbed: a merchant's coupon is claimed,
 * held by one checkout at a time, released and redeemed through the API the order center calls; a flash
 * sale sets its stock aside in inventory when it is created (and nothing when it is refused), admits a
 * purchase once per key and within the customer's limit, and publishes the admission for the order center.
 */
@ComponentTest
class PromotionComponentTest {

    @LocalServerPort
    int port;
    @Autowired
    TestTokens tokens;
    @Autowired
    Neighbours neighbours;
    @Autowired
    PromotionApi promotions;
    @Autowired
    JdbcClient jdbc;

    @Test
    void a_coupon_is_held_by_one_checkout_at_a_time_and_redeemed_once() {
        Http http = new Http(port);
        String merchant = Identifiers.newId("mer");
        String merchantToken = tokens.issue(Identifiers.newId("acc"), Role.MERCHANT, Optional.of(new MerchantId(merchant))).value();
        String customer = Identifiers.newId("cus");
        String customerToken = token(customer, Role.CUSTOMER);
        Instant now = Instant.now();
        Http.Response template = http.post("/api/promotions/coupon-templates", """
                {"name": "Five off", "kind": "FIXED", "amount": {"amount": "5.00", "currency": "CNY"},
                 "minSpend": {"amount": "20.00", "currency": "CNY"}, "validFrom": "%s", "validUntil": "%s",
                 "totalCap": 100, "perCustomerLimit": 1}""".formatted(now.minusSeconds(60), now.plus(Duration.ofDays(1))),
                merchantToken);
        assertThat(template.status()).as(template.body()).isEqualTo(201);
        String templateId = template.json().get("id").asString();
        Http.Response claimed = http.post("/api/promotions/coupon-templates/" + templateId + "/claims", null, customerToken);
        assertThat(claimed.status()).as(claimed.body()).isEqualTo(201);
        String code = claimed.json().get("code").asString();
        Http.Response again = http.post("/api/promotions/coupon-templates/" + templateId + "/claims", null, customerToken);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.problemType()).isEqualTo("coupon-limit-reached");

        PricingRequest cart = new PricingRequest(customer, List.of(new PricingRequest.Item(Identifiers.newId("sku"), "prd_1",
                merchant, List.of(), 2, Money.of("12.50", "CNY"))), List.of(code));
        String first = Identifiers.newId("chk");
        PriceQuote held = promotions.hold(first, cart);
        assertThat(held.discount()).isEqualTo(Money.of("5.00", "CNY"));
        assertThat(held.total()).isEqualTo(Money.of("20.00", "CNY").plus(held.shipping()));
        assertThat(promotions.hold(first, cart).total()).as("the same checkout again: the same quote").isEqualTo(held.total());
        assertThat(coupon(http, customerToken, code).get("status").asString()).isEqualTo("HELD");
        assertThat(coupon(http, customerToken, code).get("heldBy").asString()).isEqualTo(first);

        String second = Identifiers.newId("chk");
        assertThatThrownBy(() -> promotions.hold(second, cart)).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.status()).isEqualTo(409));
        promotions.release(first);
        assertThat(coupon(http, customerToken, code).get("status").asString()).as("released").isEqualTo("AVAILABLE");

        promotions.hold(second, cart);
        promotions.redeem(second);
        promotions.redeem(second);
        promotions.release(second);
        assertThat(coupon(http, customerToken, code).get("status").asString()).as("redeemed stays redeemed")
                .isEqualTo("REDEEMED");
        String third = Identifiers.newId("chk");
        assertThatThrownBy(() -> promotions.hold(third, cart)).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.status()).isEqualTo(409));
    }

    @Test
    void a_flash_sale_sets_its_stock_aside_and_admits_a_purchase_once_within_the_limit() {
        Http http = new Http(port);
        String admin = token(Identifiers.newId("acc"), Role.ADMIN);
        String sku = neighbours.sku(Money.of("59.90", "CNY"));
        Instant now = Instant.now();
        Instant until = now.plus(Duration.ofMinutes(30));

        Http.Response cheap = http.post("/api/promotions/flash-sales", sale(sku, "59.90", 10, now.minusSeconds(5), until), admin);
        assertThat(cheap.status()).as("not below the list price").isEqualTo(422);
        assertThat(cheap.problemType()).isEqualTo("invalid-price");
        assertThat(neighbours.pools).as("a refused sale sets nothing aside").isEmpty();

        Http.Response created = http.post("/api/promotions/flash-sales", sale(sku, "29.90", 10, now.minusSeconds(5), until), admin);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String saleId = created.json().get("id").asString();
        assertThat(created.json().get("state").asString()).isEqualTo("ACTIVE");
        assertThat(neighbours.pools).hasSize(1);
        ReserveStock pool = neighbours.pools.values().iterator().next();
        assertThat(pool.pool()).isTrue();
        assertThat(pool.lines()).singleElement().satisfies(l -> {
            assertThat(l.skuId()).isEqualTo(sku);
            assertThat(l.quantity()).isEqualTo(10);
        });
        Http.Response overlapping = http.post("/api/promotions/flash-sales", sale(sku, "19.90", 5, now, until), admin);
        assertThat(overlapping.status()).isEqualTo(409);
        assertThat(overlapping.problemType()).isEqualTo("flash-sale-overlap");
        assertThat(neighbours.pools).as("the overlapping sale set nothing aside").hasSize(1);

        String customer = Identifiers.newId("cus");
        String customerToken = token(customer, Role.CUSTOMER);
        Map<String, String> key = Map.of("Idempotency-Key", "flash-" + Identifiers.newId("k"));
        Http.Response tooMany = http.send("POST", "/api/promotions/flash-sales/" + saleId + "/purchases", purchase(3),
                customerToken, Map.of());
        assertThat(tooMany.status()).isEqualTo(422);
        assertThat(tooMany.problemType()).isEqualTo("flash-limit-exceeded");
        Http.Response bought = http.send("POST", "/api/promotions/flash-sales/" + saleId + "/purchases", purchase(2),
                customerToken, key);
        assertThat(bought.status()).as(bought.body()).isEqualTo(202);
        String purchaseId = bought.json().get("id").asString();
        Http.Response repeated = http.send("POST", "/api/promotions/flash-sales/" + saleId + "/purchases", purchase(2),
                customerToken, key);
        assertThat(repeated.status()).isEqualTo(202);
        assertThat(repeated.json().get("id").asString()).as("the same purchase").isEqualTo(purchaseId);
        Http.Response overLimit = http.send("POST", "/api/promotions/flash-sales/" + saleId + "/purchases", purchase(1),
                customerToken, Map.of());
        assertThat(overLimit.status()).as("the limit counts what was bought").isEqualTo(422);

        await("the admission is published").atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql(
                "SELECT count(*) FROM promotion.outbox WHERE aggregate_id = :p AND event_type LIKE '%FlashPurchaseAdmitted'")
                .param("p", purchaseId).query(Long.class).single() == 1);
        assertThat(http.get("/api/promotions/flash-purchases/" + purchaseId, customerToken).json().get("status").asString())
                .isEqualTo("HELD");
        assertThat(http.get("/api/promotions/flash-purchases/" + purchaseId, token(Identifiers.newId("cus"), Role.CUSTOMER))
                .status()).as("another customer's purchase").isEqualTo(404);
        await("the sale counts the units sold").atMost(Duration.ofSeconds(20))
                .until(() -> http.get("/api/promotions/flash-sales/" + saleId, null).json().get("remaining").asInt() == 8);
        assertThat(neighbours.pools).as("admission asks inventory nothing more").hasSize(1);
    }

    private String token(String account, Role role) {
        return tokens.issue(account, role, Optional.empty()).value();
    }

    private static JsonNode coupon(Http http, String token, String code) {
        for (JsonNode c : http.get("/api/promotions/coupons", token).json()) {
            if (c.get("code").asString().equals(code)) {
                return c;
            }
        }
        throw new AssertionError("no coupon " + code);
    }

    private static String sale(String sku, String price, int stock, Instant from, Instant until) {
        return """
                {"skuId": "%s", "price": {"amount": "%s", "currency": "CNY"}, "stock": %d, "perCustomerLimit": 2,
                 "startsAt": "%s", "endsAt": "%s"}""".formatted(sku, price, stock, from, until);
    }

    private static String purchase(int quantity) {
        return """
                {"quantity": %d, "shippingAddress": {"name": "Ada Lovelace", "phone": "+86 138 0000 1234",
                 "line1": "1 Century Avenue", "city": "Shanghai", "postalCode": "200120", "country": "CN"}}"""
                .formatted(quantity);
    }

    /** What promotion asks of the catalog (SKUs, product owners) and of inventory (flash pools), and nothing else. */
    public static class Neighbours {

        final Map<String, SkuSnapshot> skus = new ConcurrentHashMap<>();
        final Map<String, ReserveStock> pools = new ConcurrentHashMap<>();
        final Map<String, String> poolStatus = new ConcurrentHashMap<>();

        String sku(Money price) {
            String id = Identifiers.newId("sku");
            skus.put(id, new SkuSnapshot(id, Identifiers.newId("prd"), "Tea pot", Identifiers.newId("mer"), "POT-1", Map.of(),
                    price, true, List.of("cat_kitchen")));
            return id;
        }

        public List<SkuSnapshot> skus(SkuQuery query) {
            return query.skuIds().stream().map(skus::get).filter(java.util.Objects::nonNull).toList();
        }

        public List<ProductOwner> productOwners(ProductQuery query) {
            return List.of();
        }

        public ReservationView reserve(String reservationId, ReserveStock request) {
            pools.putIfAbsent(reservationId, request);
            poolStatus.putIfAbsent(reservationId, "RESERVED");
            return view(reservationId);
        }

        public ReservationView release(String reservationId) {
            poolStatus.computeIfPresent(reservationId, (k, v) -> "RELEASED");
            return view(reservationId);
        }

        private ReservationView view(String id) {
            ReserveStock request = pools.get(id);
            return new ReservationView(id, request.orderRef(), poolStatus.get(id), request.lines().stream()
                    .map(l -> new ReservationView.Line(l.skuId(), l.quantity(), null)).toList(), request.expiresAt(),
                    Instant.now(), true);
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Stubs {

        @Bean
        Neighbours neighbours() {
            return new Neighbours();
        }

        @Bean
        CatalogApi catalog(Neighbours neighbours) {
            return Stub.of(CatalogApi.class, neighbours);
        }

        @Bean
        InventoryApi inventory(Neighbours neighbours) {
            return Stub.of(InventoryApi.class, neighbours);
        }
    }
}
