package io.emporium.order;

import static io.emporium.testing.Shopping.addToCart;
import static io.emporium.testing.Shopping.awaitPayment;
import static io.emporium.testing.Shopping.awaitStatus;
import static io.emporium.testing.Shopping.checkout;
import static io.emporium.testing.Shopping.orderId;
import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.kernel.Money;
import io.emporium.order.application.OrderJobs;
import io.emporium.payment.application.CallbackSignature;
import io.emporium.payment.application.GatewayCallback;
import io.emporium.payment.infrastructure.SandboxGateway;
import io.emporium.testing.Api;
import io.emporium.testing.Fixtures;
import io.emporium.testing.PlatformTest;
import io.emporium.testing.Race;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The gateway's callbacks, as an attacker, a flaky network or a confused gateway might send them. */
@PlatformTest
class PaymentCallbackTest {

    static final String PATH = "/api/payments/sandbox/callbacks";

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    SandboxGateway sandbox;
    @Autowired
    CallbackSignature signature;
    @Autowired
    JsonMapper json;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    OrderJobs jobs;
    Api api;
    Api customer;
    JsonNode placed;
    String paymentId;
    Money amount;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        customer = fixtures.customer(api);
        Fixtures.Merchant merchant = fixtures.merchant(api);
        addToCart(customer, Fixtures.stockedSku(merchant, 10), 1);
        placed = checkout(customer);
        paymentId = placed.at("/payment/id").asString();
        // 59.90 of goods plus 10.00 shipping (free only from 99.00)
        amount = Money.of(placed.at("/payment/amount/amount").asString(), "CNY");
        assertThat(amount).isEqualTo(Money.of("69.90", "CNY"));
    }

    Api.Response send(Map<String, Object> callback) {
        String body = json.writeValueAsString(callback);
        return api.raw("POST", PATH, body, Map.of(CallbackSignature.HEADER, signature.sign(body)));
    }

    long captures() {
        return jdbc.sql("SELECT count(*) FROM payment.gateway_event WHERE payment_id = :p AND outcome = 'APPLIED'")
                .param("p", paymentId).query(Long.class).single();
    }

    @Test
    void a_duplicated_capture_has_one_effect_and_a_second_capture_is_ignored() {
        Map<String, Object> captured = sandbox.callback(paymentId, GatewayCallback.CAPTURED, amount, null);
        assertThat(send(captured).json().get("outcome").asString()).isEqualTo("APPLIED");
        assertThat(send(captured).json().get("outcome").asString()).isEqualTo("DUPLICATE");
        assertThat(send(sandbox.callback(paymentId, GatewayCallback.CAPTURED, amount, null)).json().get("outcome").asString())
                .isEqualTo("IGNORED");
        JsonNode order = awaitStatus(customer, orderId(placed), "PAID");
        assertThat(order.get("timeline").valueStream().filter(s -> s.get("status").asString().equals("PAID")).count())
                .isEqualTo(1);
        assertThat(captures()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM payment.outbox WHERE payload->>'paymentId' = :p")
                .param("p", paymentId).query(Long.class).single()).as("one PaymentCaptured").isEqualTo(1);
    }

    @Test
    void concurrent_captures_take_effect_once() throws Exception {
        List<Api.Response> responses = Race.run(16,
                i -> send(sandbox.callback(paymentId, GatewayCallback.CAPTURED, amount, null)));
        assertThat(responses).allMatch(r -> r.status() == 200);
        assertThat(responses.stream().filter(r -> r.json().get("outcome").asString().equals("APPLIED"))).hasSize(1);
        assertThat(captures()).isEqualTo(1);
        JsonNode order = awaitStatus(customer, orderId(placed), "PAID");
        assertThat(order.get("timeline").valueStream().filter(s -> s.get("status").asString().equals("PAID")).count())
                .isEqualTo(1);
        assertThat(jdbc.sql("SELECT token FROM payment.fence WHERE resource = :r").param("r", "payment-" + paymentId)
                .query(Long.class).single()).as("the callbacks went through the payment's fenced lock").isPositive();
    }

    @Test
    void approving_twice_sends_one_capture_to_the_gateway() {
        assertThat(customer.post("/api/payments/" + paymentId + "/sandbox/approve", null).status()).isEqualTo(202);
        assertThat(customer.post("/api/payments/" + paymentId + "/sandbox/approve", null).status()).isEqualTo(202);
        awaitStatus(customer, orderId(placed), "PAID");
        org.awaitility.Awaitility.await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                "SELECT count(*) FROM payment.gateway_event WHERE payment_id = :p").param("p", paymentId)
                .query(Long.class).single() == 1);
    }

    @Test
    void a_failure_arriving_after_the_capture_changes_nothing() {
        send(sandbox.callback(paymentId, GatewayCallback.CAPTURED, amount, null));
        assertThat(send(sandbox.callback(paymentId, GatewayCallback.FAILED, amount, null)).json().get("outcome").asString())
                .isEqualTo("IGNORED");
        awaitStatus(customer, orderId(placed), "PAID");
        assertThat(customer.get("/api/payments/" + paymentId).json().get("status").asString()).isEqualTo("CAPTURED");
    }

    @Test
    void bad_signatures_are_401_and_change_nothing() {
        String body = json.writeValueAsString(sandbox.callback(paymentId, GatewayCallback.CAPTURED, amount, null));
        assertThat(api.raw("POST", PATH, body, Map.of()).status()).isEqualTo(401);
        assertThat(api.raw("POST", PATH, body, Map.of(CallbackSignature.HEADER, "t=1,v1=00")).status()).isEqualTo(401);
        String signed = signature.sign(body);
        assertThat(api.raw("POST", PATH, body.replace("69.90", "0.01"), Map.of(CallbackSignature.HEADER, signed)).status())
                .as("a body changed after signing").isEqualTo(401);
        long old = Instant.now().minus(Duration.ofMinutes(10)).getEpochSecond();
        assertThat(api.raw("POST", PATH, body, Map.of(CallbackSignature.HEADER, "t=" + old + "," + signed.split(",")[1]))
                .status()).as("a replay outside the tolerance").isEqualTo(401);
        assertThat(customer.get("/api/payments/" + paymentId).json().get("status").asString()).isEqualTo("PENDING");
    }

    @Test
    void a_wrong_amount_or_currency_is_refused_and_recorded() {
        Api.Response wrongAmount = send(sandbox.callback(paymentId, GatewayCallback.CAPTURED, Money.of("5.99", "CNY"), null));
        assertThat(wrongAmount.status()).isEqualTo(422);
        assertThat(wrongAmount.problemType()).isEqualTo("amount-mismatch");
        Api.Response wrongCurrency = send(sandbox.callback(paymentId, GatewayCallback.CAPTURED, Money.of("69.90", "USD"), null));
        assertThat(wrongCurrency.status()).isEqualTo(422);
        assertThat(jdbc.sql("SELECT count(*) FROM payment.gateway_event_refusal WHERE payment_id = :p AND outcome = 'REJECTED_AMOUNT'")
                .param("p", paymentId).query(Long.class).single()).isEqualTo(2);
        assertThat(jdbc.sql("SELECT count(*) FROM payment.gateway_event WHERE payment_id = :p").param("p", paymentId)
                .query(Long.class).single()).as("a refusal takes no event id").isZero();
        assertThat(customer.get("/api/payments/" + paymentId).json().get("status").asString()).isEqualTo("PENDING");
        assertThat(send(sandbox.callback("pay_unknown", GatewayCallback.CAPTURED, amount, null)).status()).isEqualTo(422);
        String malformed = "{\"eventId\": 5}";
        assertThat(api.raw("POST", PATH, malformed, Map.of(CallbackSignature.HEADER, signature.sign(malformed))).status())
                .isEqualTo(400);
    }

    @Test
    void a_corrected_callback_under_the_event_id_of_a_refused_one_is_applied() {
        Map<String, Object> wrong = new java.util.LinkedHashMap<>(
                sandbox.callback(paymentId, GatewayCallback.CAPTURED, Money.of("5.99", "CNY"), null));
        assertThat(send(wrong).status()).isEqualTo(422);
        Map<String, Object> corrected = new java.util.LinkedHashMap<>(sandbox.callback(paymentId, GatewayCallback.CAPTURED, amount, null));
        corrected.put("eventId", wrong.get("eventId"));
        assertThat(send(corrected).json().get("outcome").asString()).isEqualTo("APPLIED");
        assertThat(send(corrected).json().get("outcome").asString()).isEqualTo("DUPLICATE");
        assertThat(send(wrong).json().get("outcome").asString()).as("the id is taken now; a repeat of the wrong one is a duplicate")
                .isEqualTo("DUPLICATE");
        awaitStatus(customer, orderId(placed), "PAID");
        assertThat(captures()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM payment.gateway_event_refusal WHERE event_id = :e")
                .param("e", wrong.get("eventId")).query(Long.class).single()).as("the refusal stays on record").isEqualTo(1);
    }

    @Test
    void a_capture_after_the_timeout_cancelled_the_payment_is_given_back() {
        jobs.cancelUnpaid(Instant.now().plus(Duration.ofMinutes(31)));
        assertThat(customer.get("/api/orders/" + orderId(placed)).json().get("status").asString()).isEqualTo("CANCELLED");
        assertThat(send(sandbox.callback(paymentId, GatewayCallback.CAPTURED, amount, null)).status()).isEqualTo(200);
        awaitPayment(customer, paymentId, "REVERSED");
        assertThat(customer.get("/api/orders/" + orderId(placed)).json().get("status").asString()).isEqualTo("CANCELLED");
    }

    @Test
    void only_the_customer_sees_and_approves_their_payment() {
        Api stranger = fixtures.customer(api);
        assertThat(stranger.get("/api/payments/" + paymentId).status()).isEqualTo(403);
        assertThat(stranger.post("/api/payments/" + paymentId + "/sandbox/approve", null).status()).isEqualTo(403);
        assertThat(api.post("/api/payments/" + paymentId + "/sandbox/approve", null).status()).isEqualTo(401);
        assertThat(customer.get("/api/payments/pay_nope").status()).isEqualTo(404);
    }
}
