package io.emporium.order;

import static io.emporium.testing.Shopping.addToCart;
import static io.emporium.testing.Shopping.checkoutBody;
import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.testing.Api;
import io.emporium.testing.Fixtures;
import io.emporium.testing.PlatformTest;
import io.emporium.testing.Race;
import io.emporium.testing.Shopping;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

@PlatformTest
class CheckoutIdempotencyTest {

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    JdbcClient jdbc;
    Api api;
    Api customer;
    Fixtures.Merchant merchant;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        customer = fixtures.customer(api);
        merchant = fixtures.merchant(api);
    }


    long checkoutsOf(Api who) {
        String id = who.get("/api/identity/accounts/me").json().get("id").asString();
        return jdbc.sql("SELECT count(*) FROM orders.checkout WHERE customer_id = :c").param("c", id).query(Long.class).single();
    }

    @Test
    void the_same_key_and_body_return_the_first_result_and_another_body_is_refused() {
        String sku = Fixtures.stockedSku(merchant, 10);
        addToCart(customer, sku, 2);
        Api.Response first = Shopping.checkout(customer, "order-key-0001");
        Api.Response again = Shopping.checkout(customer, "order-key-0001");
        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json().get("checkoutId")).isEqualTo(first.json().get("checkoutId"));
        assertThat(again.json().get("orders")).isEqualTo(first.json().get("orders"));

        Map<String, Object> otherBody = new HashMap<>(checkoutBody());
        otherBody.put("shippingAddress", Map.of("name", "Someone Else", "phone", "+86 139 0000 0000", "line1", "2 Nanjing Road",
                "city", "Shanghai", "postalCode", "200001", "country", "CN"));
        Api.Response reused = customer.postWithHeader("/api/orders/checkouts", otherBody, "Idempotency-Key", "order-key-0001");
        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.problemType()).isEqualTo("idempotency-key-reused");
        assertThat(checkoutsOf(customer)).isEqualTo(1);
        assertThat(merchant.api().get("/api/inventory/skus/" + sku).json().get("reserved").asLong()).isEqualTo(2);
    }

    @Test
    void concurrent_requests_with_one_key_make_one_checkout() throws Exception {
        addToCart(customer, Fixtures.stockedSku(merchant, 10), 1);
        List<Api.Response> responses = Race.run(12, i -> Shopping.checkout(customer, "concurrent-key-42"));
        assertThat(responses).allMatch(r -> r.status() == 201);
        assertThat(responses.stream().map(r -> r.json().get("checkoutId").asString()).distinct()).hasSize(1);
        assertThat(checkoutsOf(customer)).isEqualTo(1);
    }

    @Test
    void concurrent_checkouts_of_one_cart_with_different_keys_make_one_checkout() throws Exception {
        String sku = Fixtures.stockedSku(merchant, 10);
        addToCart(customer, sku, 3);
        List<Api.Response> responses = Race.run(8, i -> Shopping.checkout(customer, "cart-key-" + i + "-xyz"));
        assertThat(responses.stream().filter(r -> r.status() == 201)).hasSize(1);
        assertThat(responses.stream().filter(r -> r.status() != 201)).allMatch(r -> r.status() == 422
                && r.problemType().equals("empty-cart"));
        assertThat(merchant.api().get("/api/inventory/skus/" + sku).json().get("reserved").asLong()).isEqualTo(3);
    }

    @Test
    void bad_checkouts_are_refused_clearly() {
        Api.Response empty = Shopping.checkout(customer, "empty-cart-key-1");
        assertThat(empty.status()).isEqualTo(422);
        assertThat(empty.problemType()).isEqualTo("empty-cart");

        addToCart(customer, Fixtures.stockedSku(merchant, 5), 1);
        Api.Response noKey = customer.post("/api/orders/checkouts", checkoutBody());
        assertThat(noKey.status()).isEqualTo(400);
        assertThat(noKey.problemType()).isEqualTo("idempotency-key-required");
        assertThat(Shopping.checkout(customer, "short").status()).isEqualTo(400);

        for (Map<String, Object> address : List.<Map<String, Object>>of(
                Map.of("phone", "+86 138 0000 1234", "line1", "1 Road", "city", "Shanghai", "postalCode", "200120", "country", "CN"),
                Map.of("name", "A", "phone", "call me", "line1", "1 Road", "city", "Shanghai", "postalCode", "200120", "country", "CN"),
                Map.of("name", "A", "phone", "+86 138 0000 1234", "line1", "1 Road", "city", "Shanghai", "postalCode", "200120",
                        "country", "XX"),
                Map.of("name", "A", "phone", "+86 138 0000 1234", "line1", "1 Road", "city", "Shanghai", "postalCode", "200120",
                        "country", "china"))) {
            Api.Response r = customer.postWithHeader("/api/orders/checkouts", Map.of("shippingAddress", address),
                    "Idempotency-Key", "bad-address-" + address.hashCode());
            assertThat(r.status()).as(address.toString()).isEqualTo(400);
            assertThat(r.problemType()).as(address.toString()).isEqualTo("invalid-request");
        }
        // every broken field of the address is named from the body's root, as bean validation names the others
        Api.Response broken = customer.postWithHeader("/api/orders/checkouts", Map.of("shippingAddress", Map.of(
                "phone", "call me", "line1", "1 Road", "city", "Shanghai", "postalCode", "200120", "country", "cn")),
                "Idempotency-Key", "bad-address-fields");
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.json().has("errors")).as(broken.json().toString()).isTrue();
        assertThat(broken.problemType()).isEqualTo("invalid-request");
        assertThat(broken.json().get("errors").valueStream().map(e -> e.get("field").asString() + " " + e.get("message").asString()))
                .containsExactlyInAnyOrder("shippingAddress.name must not be blank",
                        "shippingAddress.phone must be a phone number of 5 to 20 digits",
                        "shippingAddress.country must be an ISO 3166 two-letter country code");
        assertThat(customer.postWithHeader("/api/orders/checkouts", Map.of(), "Idempotency-Key", "no-address-1").status())
                .isEqualTo(400);
        assertThat(merchant.api().postWithHeader("/api/orders/checkouts", checkoutBody(), "Idempotency-Key", "merchant-key-1")
                .status()).isEqualTo(403);
        assertThat(checkoutsOf(customer)).isZero();
        assertThat(customer.get("/api/cart").json().get("lines").size()).as("a refused checkout leaves the cart").isEqualTo(1);
        assertThat(customer.get("/api/orders?status=SHIPPING").status()).isEqualTo(400);
    }

    @Test
    void client_sent_prices_are_ignored() {
        addToCart(customer, Fixtures.stockedSku(merchant, 5), 2);
        Map<String, Object> body = new HashMap<>(checkoutBody());
        body.put("total", Map.of("amount", "0.01", "currency", "CNY"));
        body.put("lines", List.of(Map.of("unitPrice", Map.of("amount", "0.01", "currency", "CNY"))));
        Api.Response r = customer.postWithHeader("/api/orders/checkouts", body, "Idempotency-Key", "price-trick-1");
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().at("/total/amount").asString()).isEqualTo("119.80");
    }
}
