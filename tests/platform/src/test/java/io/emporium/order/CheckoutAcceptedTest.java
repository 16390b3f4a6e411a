package io.emporium.order;

import static io.emporium.testing.Shopping.addToCart;
import static io.emporium.testing.Shopping.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.emporium.order.application.OrderJobs;
import io.emporium.kernel.CheckoutId;
import io.emporium.kernel.CustomerId;
import io.emporium.kernel.PostalAddress;
import io.emporium.order.saga.CheckoutData;
import io.emporium.order.saga.CheckoutSagaRow;
import io.emporium.order.saga.CheckoutState;
import io.emporium.order.saga.CheckoutStore;
import io.emporium.testing.Api;
import io.emporium.testing.Fixtures;
import io.emporium.testing.PlatformTest;
import io.emporium.testing.Shopping;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import javax.sql.DataSource;
import tools.jackson.databind.JsonNode;

/**
 * A checkout whose steps do not finish within the request's bound (inventory is slow: the test holds
 * the SKU's stock row locked past the bound) is answered 202 and finishes without the request once
 * inventory answers; a checkout a crash left in flight is finished by the resume job from its row.
 */
@PlatformTest
class CheckoutAcceptedTest {

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    CheckoutStore sagas;
    @Autowired
    OrderJobs jobs;
    @Autowired
    DataSource dataSource;

    @Test
    void a_slow_checkout_is_accepted_and_followed_to_its_orders() throws Exception {
        Api api = new Api(port);
        Api customer = fixtures.customer(api);
        String sku = Fixtures.stockedSku(fixtures.merchant(api), 5);
        addToCart(customer, sku, 2);

        Api.Response accepted;
        try (var slowInventory = dataSource.getConnection()) {
            slowInventory.setAutoCommit(false);
            try (var lock = slowInventory.prepareStatement("SELECT 1 FROM inventory.stock_item WHERE sku_id = ? FOR UPDATE")) {
                lock.setString(1, sku);
                lock.executeQuery().close();
            }
            accepted = Shopping.checkout(customer, "slow-checkout-0001");
            slowInventory.rollback(); // inventory answers again
        }
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        assertThat(accepted.body()).isEmpty();
        String checkoutId = sagas.findByKey(new CustomerId(customer.get("/api/cart").json().get("customerId").asString()),
                "slow-checkout-0001").orElseThrow().id().value();

        await("the checkout has its orders").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> customer.get("/api/orders/checkouts/" + checkoutId).json().get("state").asString()
                        .equals("AWAITING_PAYMENT"));
        JsonNode progress = customer.get("/api/orders/checkouts/" + checkoutId).json();
        JsonNode placed = progress.get("checkout");
        assertThat(placed.get("orders")).hasSize(1);
        assertThat(customer.get("/api/cart").json().get("lines")).as("the bought lines left the cart").isEmpty();

        Api.Response replay = Shopping.checkout(customer, "slow-checkout-0001");
        assertThat(replay.status()).as("the same request again, now that the orders exist").isEqualTo(201);
        assertThat(replay.json().get("checkoutId").asString()).isEqualTo(checkoutId);

        Shopping.approve(customer, placed);
        awaitStatus(customer, placed.at("/orders/0/id").asString(), "PAID");
        assertThat(customer.get("/api/orders/checkouts/" + checkoutId).json().get("state").asString()).isEqualTo("PAID");

        assertThat(fixtures.customer(api).get("/api/orders/checkouts/" + checkoutId).status())
                .as("another customer's checkout").isEqualTo(404);
        assertThat(customer.get("/api/orders/checkouts/chk_unknown").status()).isEqualTo(404);
        assertThat(customer.get("/api/orders/checkouts/" + "x".repeat(65)).status()).isEqualTo(400);
    }

    @Test
    void a_checkout_left_in_flight_by_a_crash_is_resumed_from_its_row() {
        Api api = new Api(port);
        Api customer = fixtures.customer(api);
        addToCart(customer, Fixtures.stockedSku(fixtures.merchant(api), 5), 1);
        CustomerId customerId = new CustomerId(customer.get("/api/cart").json().get("customerId").asString());
        // what a process that died right after inserting the saga leaves: the row, its driver's lease run out
        Instant longAgo = Instant.now().minus(Duration.ofMinutes(5));
        CheckoutId checkoutId = CheckoutId.newId();
        assertThat(sagas.insert(new CheckoutSagaRow(checkoutId, customerId, "crashed-checkout-1", "hash", CheckoutState.PRICING,
                CheckoutData.cart(new PostalAddress("Ada", "+86 138 0000 1234", "1 Road", null, "Shanghai", null, "200120",
                        "CN"), List.of()), null, 0, null, longAgo, 1, longAgo))).isEqualTo(CheckoutStore.Insert.INSERTED);

        await("the resume job finishes it").atMost(Duration.ofSeconds(30)).until(() -> {
            jobs.resumeSagas();
            return sagas.find(checkoutId).orElseThrow().state() == CheckoutState.AWAITING_PAYMENT;
        });
        JsonNode orders = customer.get("/api/orders").json().get("items");
        assertThat(orders).hasSize(1);
        assertThat(orders.get(0).get("checkoutId").asString()).isEqualTo(checkoutId.value());
    }
}
