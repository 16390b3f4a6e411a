package io.emporium.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.emporium.testing.Api;
import io.emporium.testing.Fixtures;
import io.emporium.testing.ParkedDeliveries;
import io.emporium.testing.PlatformTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin API over parked event deliveries: a delivery parked by hand (as the relay parks one after
 * emporium.messaging.max-attempts failures) is listed, resubmitted and then delivered; other roles are refused.
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

    private UUID parkedDelivery() {
        return ParkedDeliveries.park(jdbc, json, "poisoned by the test");
    }

    private String stateOf(UUID delivery) {
        return ParkedDeliveries.state(jdbc, delivery);
    }
}
