package io.emporium.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.emporium.kernel.Money;
import io.emporium.payment.api.PaymentCaptured;
import io.emporium.testing.Api;
import io.emporium.testing.Fixtures;
import io.emporium.testing.PlatformTest;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin API over parked event deliveries: a delivery made to fail (parked by hand, as the relay
 * parks it after emporium.messaging.max-attempts failures) is listed, resubmitted and then delivered.
 */
@PlatformTest
class EventDeliveryAdminTest {

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    JsonMapper json;

    @Test
    void admins_list_parked_deliveries_and_resubmit_them_and_nobody_else_may() {
        Api api = new Api(port);
        Api admin = fixtures.admin(api);
        UUID delivery = parkedDelivery();

        JsonNode parked = admin.get("/api/admin/event-deliveries?state=PARKED&size=100").json();
        JsonNode listed = parked.get("items").valueStream().filter(d -> d.get("id").asString().equals(delivery.toString()))
                .findFirst().orElseThrow();
        assertThat(listed.get("state").asString()).isEqualTo("PARKED");
        assertThat(listed.get("subscription").asString()).isEqualTo("order.payment-captured");
        assertThat(listed.get("lastError").asString()).isEqualTo("poisoned by the test");
        assertThat(listed.get("source").asString()).isEqualTo("payment");
        assertThat(parked.get("total").asLong()).isPositive();

        Api customer = fixtures.customer(api);
        assertThat(customer.get("/api/admin/event-deliveries").status()).isEqualTo(403);
        assertThat(customer.post("/api/admin/event-deliveries/" + delivery + "/resubmit", null).status()).isEqualTo(403);
        assertThat(api.get("/api/admin/event-deliveries").status()).isEqualTo(401);
        assertThat(stateOf(delivery)).as("a refused request changes nothing").isEqualTo("PARKED");

        var bad = admin.get("/api/admin/event-deliveries?state=LOST");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.isProblem()).isTrue();
        var missing = admin.post("/api/admin/event-deliveries/" + UUID.randomUUID() + "/resubmit", null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.problemType()).isEqualTo("event-delivery-not-found");
        assertThat(admin.post("/api/admin/event-deliveries/not-a-uuid/resubmit", null).status()).isEqualTo(404);

        var resubmitted = admin.post("/api/admin/event-deliveries/" + delivery + "/resubmit", null);
        assertThat(resubmitted.status()).isEqualTo(200);
        assertThat(resubmitted.json().get("state").asString()).isIn("PENDING", "COMPLETED");
        await().atMost(Duration.ofSeconds(30)).until(() -> stateOf(delivery).equals("COMPLETED"));

        var again = admin.post("/api/admin/event-deliveries/" + delivery + "/resubmit", null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.problemType()).isEqualTo("event-delivery-not-parked");
        assertThat(stateOf(delivery)).isEqualTo("COMPLETED");
    }

    /**
     * A PaymentCaptured in payment's outbox, fanned out, whose delivery to the order center is parked
     * (as the relay leaves a delivery whose handler kept failing). It names a checkout no order
     * belongs to, so the handler accepts it without effect once it is resubmitted.
     */
    private UUID parkedDelivery() {
        UUID event = UUID.randomUUID();
        String payload = json.writeValueAsString(new PaymentCaptured("admin-test-" + event, "no-such-checkout-" + event,
                Money.of("1.00", "CNY"), Instant.parse("2026-12-01T10:00:00Z")));
        jdbc.sql("INSERT INTO payment.outbox (id, aggregate_id, event_type, payload, occurred_at, published_at)"
                        + " VALUES (:id, :aggregate, :type, CAST(:payload AS jsonb), now(), now())")
                .param("id", event).param("aggregate", "admin-test-" + event).param("type", PaymentCaptured.class.getName())
                .param("payload", payload).update();
        UUID delivery = UUID.randomUUID();
        jdbc.sql("INSERT INTO payment.event_delivery (id, event_id, subscription, aggregate_id, position, state, attempts, last_error,"
                        + " created_at, parked_at) SELECT :d, o.id, 'order.payment-captured', o.aggregate_id, o.position, 'PARKED', 10,"
                        + " 'poisoned by the test', now(), now() FROM payment.outbox o WHERE o.id = :id")
                .param("d", delivery).param("id", event).update();
        return delivery;
    }

    private String stateOf(UUID delivery) {
        return jdbc.sql("SELECT state FROM payment.event_delivery WHERE id = :id").param("id", delivery).query(String.class).single();
    }
}
