package io.emporium.promotion;

import static io.emporium.promotion.Promotions.flashSale;
import static io.emporium.promotion.Promotions.purchase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.emporium.testing.Api;
import io.emporium.testing.Fixtures;
import io.emporium.testing.PlatformTest;
import io.emporium.testing.Race;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * 1,200 purchase requests from 1,000 customers, released at once, for 100 flash units with a
 * limit of one per customer: exactly 100 admitted and 100 orders, nobody over the limit, no 5xx,
 * and the stock adds up in promotion and inventory alike.
 */
@PlatformTest
class FlashStampedeTest {

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    JdbcClient jdbc;

    @Test
    void a_thousand_buyers_for_a_hundred_units() throws Exception {
        Api api = new Api(port);
        Fixtures.Merchant merchant = fixtures.merchant(api);
        String sku = Fixtures.stockedSku(merchant, 500);
        Instant now = Instant.now();
        String sale = fixtures.admin(api).post("/api/promotions/flash-sales", flashSale(sku, "9.90", 100, 1,
                now.minusSeconds(1), now.plus(Duration.ofMinutes(30)))).json().get("id").asString();
        List<Api> buyers = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            buyers.add(fixtures.tokenCustomer(api));
        }

        // the first 200 customers ask twice
        List<Api.Response> answers = Race.run(1200,
                i -> buyers.get(i % 1000).post("/api/promotions/flash-sales/" + sale + "/purchases", purchase(1)));

        Map<Integer, Long> byStatus = new TreeMap<>();
        answers.forEach(r -> byStatus.merge(r.status(), 1L, Long::sum));
        assertThat(answers).as(byStatus.toString()).allSatisfy(r -> assertThat(r.status()).isIn(202, 409, 422, 429));
        assertThat(byStatus.get(202)).as(byStatus.toString()).isEqualTo(100);
        assertThat(answers).filteredOn(r -> r.status() != 202).allMatch(Api.Response::isProblem);

        await("100 orders").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> jdbc.sql("""
                SELECT count(*) FROM orders.customer_order o JOIN promotion.flash_claim c ON c.ref = o.checkout_id
                WHERE c.sale_id = :s""").param("s", sale).query(Long.class).single() == 100);
        assertThat(jdbc.sql("SELECT count(DISTINCT customer_id) FROM promotion.flash_claim WHERE sale_id = :s AND status = 'HELD'")
                .param("s", sale).query(Long.class).single()).as("one unit per customer").isEqualTo(100);
        assertThat(jdbc.sql("SELECT max(bought) FROM promotion.flash_customer WHERE sale_id = :s").param("s", sale)
                .query(Integer.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT sum(remaining) FROM promotion.flash_bucket WHERE sale_id = :s").param("s", sale)
                .query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM orders.order_line l JOIN orders.customer_order o ON o.id = l.order_id"
                + " JOIN promotion.flash_claim c ON c.ref = o.checkout_id WHERE c.sale_id = :s AND l.price_source = 'FLASH'"
                + " AND l.unit_price = 9.90").param("s", sale).query(Long.class).single()).as("all at the flash price").isEqualTo(100);
        assertThat(jdbc.sql("SELECT available, reserved, sold FROM inventory.stock_item WHERE sku_id = :s").param("s", sku)
                .query((rs, n) -> List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3))).single())
                .as("400 untouched, 100 held by the orders").containsExactly(400L, 100L, 0L);
        assertThat(jdbc.sql("SELECT l.quantity FROM inventory.reservation_line l JOIN promotion.flash_sale f"
                + " ON f.pool_id = l.reservation_id WHERE f.id = :s").param("s", sale).query(Long.class).single()).isZero();
    }
}
