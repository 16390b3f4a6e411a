package io.emporium.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.emporium.kernel.Identifiers;
import io.emporium.kernel.Money;
import io.emporium.payment.api.NewPayment;
import io.emporium.payment.api.PaymentApi;
import io.emporium.payment.api.PaymentView;
import io.emporium.platform.security.Role;
import io.emporium.testing.component.TestTokens;
import io.emporium.testing.component.ComponentTest;
import io.emporium.testing.component.Http;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Payment alone, on its schema, with its sandbox gateway: a payment opened for a checkout is approved
 * by its customer, captured once by the gateway's signed callback, and its capture is in the outbox
 * for whoever subscribes (no order center runs here).
 */
@ComponentTest
class PaymentComponentTest {

    @LocalServerPort
    int port;
    @Autowired
    PaymentApi payments;
    @Autowired
    TestTokens tokens;
    @Autowired
    JdbcClient jdbc;

    @Test
    void an_approved_payment_is_captured_once_and_its_capture_is_published() {
        String customer = Identifiers.newId("cus");
        String checkout = Identifiers.newId("chk");
        PaymentView opened = payments.open(checkout, new NewPayment(customer, Money.of("25.00", "CNY")));
        assertThat(payments.open(checkout, new NewPayment(customer, Money.of("25.00", "CNY"))).id())
                .as("one payment per checkout").isEqualTo(opened.id());
        String token = tokens.issue(customer, Role.CUSTOMER, Optional.empty()).value();
        Http http = new Http(port);

        assertThat(http.post("/api/payments/" + opened.id() + "/sandbox/approve", null, token).status()).isEqualTo(202);
        assertThat(http.post("/api/payments/" + opened.id() + "/sandbox/approve", null, token).status()).isEqualTo(202);
        await("the gateway's capture").atMost(Duration.ofSeconds(20))
                .until(() -> payments.payment(opened.id()).status().equals("CAPTURED"));
        assertThat(jdbc.sql("SELECT count(*) FROM payment.outbox WHERE aggregate_id = :p AND event_type LIKE '%PaymentCaptured'")
                .param("p", opened.id()).query(Long.class).single()).as("one capture published").isEqualTo(1);
    }

    @Test
    void another_customer_cannot_see_or_approve_it_and_a_malformed_id_is_a_bad_request() {
        String customer = Identifiers.newId("cus");
        PaymentView opened = payments.open(Identifiers.newId("chk"), new NewPayment(customer, Money.of("9.90", "CNY")));
        String stranger = tokens.issue(Identifiers.newId("cus"), Role.CUSTOMER, Optional.empty()).value();
        Http http = new Http(port);
        assertThat(http.get("/api/payments/" + opened.id(), stranger).status()).isEqualTo(403);
        assertThat(http.post("/api/payments/" + opened.id() + "/sandbox/approve", null, stranger).status()).isEqualTo(403);
        assertThat(http.get("/api/payments/pay_unknown", stranger).status()).isEqualTo(404);
        Http.Response malformed = http.get("/api/payments/" + "x".repeat(65), stranger);
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.isProblem()).isTrue();
        assertThat(payments.payment(opened.id()).status()).isEqualTo("PENDING");
    }
}
