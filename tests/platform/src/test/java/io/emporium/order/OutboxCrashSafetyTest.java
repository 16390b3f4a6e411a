package io.emporium.order;

import static io.emporium.testing.Shopping.addToCart;
import static io.emporium.testing.Shopping.awaitStatus;
import static io.emporium.testing.Shopping.checkout;
import static io.emporium.testing.Shopping.orderId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.emporium.kernel.Money;
import io.emporium.messaging.OutboxRelay;
import io.emporium.payment.application.CallbackSignature;
import io.emporium.payment.application.GatewayCallback;
import io.emporium.payment.infrastructure.SandboxGateway;
import io.emporium.testing.Api;
import io.emporium.testing.Fixtures;
import io.emporium.testing.PlatformTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivery stops between the business commit and publication (the relay is stopped, as a crash
 * would stop it); when it comes back the event is delivered, and delivering it again (as after
 * a crash between the consumer's commit and the delivery's completion mark) has no second effect.
 */
@PlatformTest
class OutboxCrashSafetyTest {

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    OutboxRelay relay;
    @Autowired
    SandboxGateway sandbox;
    @Autowired
    CallbackSignature signature;
    @Autowired
    JsonMapper json;
    @Autowired
    JdbcClient jdbc;

    long paidEntries(Api customer, String orderId) {
        return customer.get("/api/orders/" + orderId).json().get("timeline").valueStream()
                .filter(s -> s.get("status").asString().equals("PAID")).count();
    }

    @Test
    void an_event_committed_while_delivery_is_down_is_delivered_once_when_it_returns() {
        Api api = new Api(port);
        Api customer = fixtures.customer(api);
        Fixtures.Merchant merchant = fixtures.merchant(api);
        String sku = Fixtures.stockedSku(merchant, 5);
        addToCart(customer, sku, 2);
        JsonNode placed = checkout(customer);
        String paymentId = placed.at("/payment/id").asString();

        relay.stop();
        try {
            String body = json.writeValueAsString(sandbox.callback(paymentId, GatewayCallback.CAPTURED, Money.of("119.80", "CNY"), null));
            assertThat(api.raw("POST", "/api/payments/sandbox/callbacks", body, Map.of(CallbackSignature.HEADER, signature.sign(body)))
                    .status()).isEqualTo(200);
            assertThat(customer.get("/api/payments/" + paymentId).json().get("status").asString()).isEqualTo("CAPTURED");
            await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(30))
                    .until(() -> customer.get("/api/orders/" + orderId(placed)).json().get("status").asString()
                            .equals("PENDING_PAYMENT"));
            assertThat(jdbc.sql("SELECT count(*) FROM payment.outbox WHERE published_at IS NULL AND payload->>'paymentId' = :p")
                    .param("p", paymentId).query(Long.class).single()).isEqualTo(1);
        } finally {
            relay.start();
        }
        awaitStatus(customer, orderId(placed), "PAID");
        assertThat(paidEntries(customer, orderId(placed))).isEqualTo(1);

        // as if the process died after the order's commit but before the delivery was marked completed
        String delivery = "SELECT count(*) FROM payment.event_delivery d JOIN payment.outbox o ON o.id = d.event_id"
                + " WHERE d.subscription = 'order.payment-captured' AND d.state = :state AND o.payload->>'paymentId' = :p";
        assertThat(jdbc.sql(delivery).param("state", "COMPLETED").param("p", paymentId).query(Long.class).single()).isEqualTo(1);
        jdbc.sql("UPDATE payment.event_delivery d SET state = 'PENDING', completed_at = NULL FROM payment.outbox o"
                        + " WHERE o.id = d.event_id AND d.subscription = 'order.payment-captured' AND o.payload->>'paymentId' = :p")
                .param("p", paymentId).update();
        relay.wakeUp();
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql(delivery).param("state", "COMPLETED").param("p", paymentId)
                .query(Long.class).single() == 1);
        assertThat(paidEntries(customer, orderId(placed))).isEqualTo(1);
        JsonNode level = merchant.api().get("/api/inventory/skus/" + sku).json();
        assertThat(level.get("sold").asLong()).isEqualTo(2);
        assertThat(level.get("reserved").asLong()).isZero();
    }
}
