package io.emporium.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** A customer's way through checkout and payment, for saga tests. */
public final class Shopping {

    private Shopping() {
    }

    public static Map<String, Object> address() {
        return Map.of("name", "Ada Lovelace", "phone", "+86 138 0000 1234", "line1", "1 Century Avenue",
                "city", "Shanghai", "postalCode", "200120", "country", "CN");
    }

    public static Map<String, Object> checkoutBody() {
        return Map.of("shippingAddress", address());
    }

    public static void addToCart(Api customer, String skuId, int quantity) {
        Api.Response r = customer.post("/api/cart/lines", Map.of("skuId", skuId, "quantity", quantity));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    public static Api.Response checkout(Api customer, String key) {
        return customer.postWithHeader("/api/orders/checkouts", checkoutBody(), "Idempotency-Key", key);
    }

    public static JsonNode checkout(Api customer) {
        Api.Response r = checkout(customer, "key-" + UUID.randomUUID());
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json();
    }

    public static void approve(Api customer, JsonNode checkout) {
        Api.Response r = customer.post("/api/payments/" + checkout.at("/payment/id").asString() + "/sandbox/approve", null);
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
    }

    public static void decline(Api customer, JsonNode checkout) {
        Api.Response r = customer.post("/api/payments/" + checkout.at("/payment/id").asString() + "/sandbox/decline", null);
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
    }

    public static String orderId(JsonNode checkout) {
        return checkout.at("/orders/0/id").asString();
    }

    public static JsonNode awaitStatus(Api caller, String orderId, String status) {
        await("order " + orderId + " " + status).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> caller.get("/api/orders/" + orderId).json().get("status").asString().equals(status));
        return caller.get("/api/orders/" + orderId).json();
    }

    public static JsonNode awaitPayment(Api caller, String paymentId, String status) {
        await("payment " + paymentId + " " + status).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> caller.get("/api/payments/" + paymentId).json().get("status").asString().equals(status));
        return caller.get("/api/payments/" + paymentId).json();
    }
}
