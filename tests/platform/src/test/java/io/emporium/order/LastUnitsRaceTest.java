package io.emporium.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.emporium.testing.Api;
import io.emporium.testing.Fixtures;
import io.emporium.testing.PlatformTest;
import io.emporium.testing.Race;
import io.emporium.testing.Shopping;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * 100 customers race for the last 20 units and pay for what they got. Afterwards: exactly 20 paid
 * orders, one captured payment each, the others refused cleanly, and the stock adds up (§5.1, §5.2).
 */
@PlatformTest
class LastUnitsRaceTest {

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    JdbcClient jdbc;

    record Attempt(Api customer, Api.Response response) {
    }

    @Test
    void a_hundred_customers_for_the_last_twenty_units() throws Exception {
        Api api = new Api(port);
        Fixtures.Merchant merchant = fixtures.merchant(api);
        String sku = Fixtures.stockedSku(merchant, 20);
        List<Api> customers = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Api customer = fixtures.customer(api);
            Shopping.addToCart(customer, sku, 1);
            customers.add(customer);
        }
        List<Api> buyers = customers;
        List<Attempt> attempts = Race.run(100,
                i -> new Attempt(buyers.get(i), Shopping.checkout(buyers.get(i), "race-" + UUID.randomUUID())));

        List<Attempt> placed = attempts.stream().filter(a -> a.response().status() == 201).toList();
        assertThat(placed).hasSize(20);
        assertThat(attempts.stream().filter(a -> a.response().status() != 201))
                .allMatch(a -> a.response().status() == 409 && a.response().problemType().equals("insufficient-stock"));

        placed.forEach(a -> Shopping.approve(a.customer(), a.response().json()));
        String checkouts = String.join("','", placed.stream().map(a -> a.response().json().get("checkoutId").asString()).toList());
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                "SELECT count(*) FROM orders.customer_order WHERE status = 'PAID' AND checkout_id IN ('" + checkouts + "')")
                .query(Long.class).single() == 20);

        assertThat(jdbc.sql("SELECT count(*) FROM payment.payment_intent WHERE status = 'CAPTURED' AND checkout_id IN ('"
                + checkouts + "')").query(Long.class).single()).isEqualTo(20);
        var level = merchant.api().get("/api/inventory/skus/" + sku).json();
        assertThat(level.get("sold").asLong()).isEqualTo(20);
        assertThat(level.get("available").asLong()).isZero();
        assertThat(level.get("reserved").asLong()).isZero();
        assertThat(level.get("received").asLong()).isEqualTo(20);
        assertThat(jdbc.sql("SELECT count(*) FROM inventory.stock_item WHERE available < 0 OR available + reserved + sold <> received")
                .query(Long.class).single()).isZero();
    }
}
