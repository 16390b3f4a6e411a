package io.emporium.order;

import static io.emporium.testing.Shopping.addToCart;
import static io.emporium.testing.Shopping.approve;
import static io.emporium.testing.Shopping.awaitStatus;
import static io.emporium.testing.Shopping.checkout;
import static io.emporium.testing.Shopping.orderId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.emporium.payment.application.GatewayRequestSender;
import io.emporium.testing.Api;
import io.emporium.testing.Fixtures;
import io.emporium.testing.PlatformTest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Requests to the gateway are recorded with the change that calls for them and sent until the
 * gateway answers: one committed but never sent (the process died in between) is sent by the
 * leader's job, and one sent again after it was answered takes effect once. (The real crash is
 * {@code GatewayRequestCrashTest} in tests/system.)
 */
@PlatformTest
class GatewayRequestRetryTest {

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    GatewayRequestSender sender;
    @Autowired
    io.emporium.coordination.LeadershipGates gates;
    Api customer;
    JsonNode placed;
    String paymentId;

    @BeforeEach
    void setUp() {
        Api api = new Api(port);
        customer = fixtures.customer(api);
        addToCart(customer, Fixtures.stockedSku(fixtures.merchant(api), 10), 1);
        placed = checkout(customer);
        paymentId = placed.at("/payment/id").asString();
    }

    long applied() {
        return jdbc.sql("SELECT count(*) FROM payment.gateway_event WHERE payment_id = :p AND outcome = 'APPLIED'")
                .param("p", paymentId).query(Long.class).single();
    }

    long captureEvents() {
        return jdbc.sql("SELECT count(*) FROM payment.outbox WHERE payload->>'paymentId' = :p AND event_type LIKE '%PaymentCaptured'")
                .param("p", paymentId).query(Long.class).single();
    }

    boolean answered(String requestId) {
        return jdbc.sql("SELECT answered_at IS NOT NULL FROM payment.gateway_request WHERE id = :id").param("id", requestId)
                .query(Boolean.class).single();
    }

    @Test
    void an_approval_committed_but_never_sent_is_sent_by_the_leader_job_and_captured_once() {
        // what a crash between commit and send leaves: the approval and its request, and nothing sent
        String requestId = "gwr_crashed_" + paymentId.substring(4, 20);
        jdbc.sql("UPDATE payment.payment_intent SET capture_requested_at = now() WHERE id = :p").param("p", paymentId).update();
        jdbc.sql("""
                INSERT INTO payment.gateway_request (id, kind, payment_id, amount, currency, next_attempt_at, created_at)
                SELECT :id, 'CAPTURE', id, amount, currency, :due, now() FROM payment.payment_intent WHERE id = :p""")
                .param("id", requestId).param("p", paymentId)
                .param("due", Instant.now().minusSeconds(1).atOffset(ZoneOffset.UTC)).update();
        assertThat(customer.post("/api/payments/" + paymentId + "/sandbox/approve", null).status())
                .as("a second approval sends nothing itself").isEqualTo(202);

        // the leader's job would send it within seconds; this is that job's pass, run now
        gates.gate("payment").drain(100, token -> sender.resendDue(token, 100));
        awaitStatus(customer, orderId(placed), "PAID");
        await().atMost(Duration.ofSeconds(10)).until(() -> answered(requestId));
        assertThat(applied()).isEqualTo(1);
        assertThat(captureEvents()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM payment.gateway_request WHERE payment_id = :p").param("p", paymentId)
                .query(Long.class).single()).as("one request per answer at the gateway").isEqualTo(1);
    }

    @Test
    void a_capture_request_sent_again_under_its_key_captures_once() {
        approve(customer, placed);
        awaitStatus(customer, orderId(placed), "PAID");
        String requestId = jdbc.sql("SELECT id FROM payment.gateway_request WHERE payment_id = :p AND kind = 'CAPTURE'")
                .param("p", paymentId).query(String.class).single();
        await().atMost(Duration.ofSeconds(10)).until(() -> answered(requestId));

        // as if its answer had been lost: due again, unanswered
        jdbc.sql("UPDATE payment.gateway_request SET answered_at = NULL, next_attempt_at = :due WHERE id = :id")
                .param("due", Instant.now().minusSeconds(1).atOffset(ZoneOffset.UTC)).param("id", requestId).update();
        gates.gate("payment").drain(100, token -> sender.resendDue(token, 100));
        await("the repeated callback").atMost(Duration.ofSeconds(10)).until(() -> answered(requestId));

        assertThat(applied()).as("one capture").isEqualTo(1);
        assertThat(captureEvents()).isEqualTo(1);
        assertThat(customer.get("/api/orders/" + orderId(placed)).json().get("timeline").valueStream()
                .filter(s -> s.get("status").asString().equals("PAID")).count()).isEqualTo(1);
    }

    @Test
    void an_answered_request_is_not_sent_again() {
        approve(customer, placed);
        awaitStatus(customer, orderId(placed), "PAID");
        String requestId = jdbc.sql("SELECT id FROM payment.gateway_request WHERE payment_id = :p").param("p", paymentId)
                .query(String.class).single();
        await().atMost(Duration.ofSeconds(10)).until(() -> answered(requestId));
        jdbc.sql("UPDATE payment.gateway_request SET next_attempt_at = :due WHERE id = :id")
                .param("due", Instant.now().minusSeconds(1).atOffset(ZoneOffset.UTC)).param("id", requestId).update();
        int attempts = jdbc.sql("SELECT attempts FROM payment.gateway_request WHERE id = :id").param("id", requestId)
                .query(Integer.class).single();
        gates.gate("payment").drain(100, token -> sender.resendDue(token, 100));
        assertThat(jdbc.sql("SELECT attempts FROM payment.gateway_request WHERE id = :id").param("id", requestId)
                .query(Integer.class).single()).isEqualTo(attempts);
    }
}
