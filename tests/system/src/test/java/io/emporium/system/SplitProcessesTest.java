package io.emporium.system;

import static io.emporium.system.GatewayRequestCrashTest.first;
import static io.emporium.system.GatewayRequestCrashTest.skuInStock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The order center and payment in two processes, their events over Kafka: a checkout placed at one process opens
 * its payment at the other (found in ZooKeeper), the payment captured there reaches the order center through Kafka,
 * and the order becomes PAID, once. The first process runs every service but payment, on its embedded PostgreSQL
 * and ZooKeeper; the second runs payment on the same database and ZooKeeper; both use a KRaft broker in this JVM.
 * The customer talks to the gateway ({@code apps/gateway}) only, which finds both processes in ZooKeeper.
 */
class SplitProcessesTest {

    static EmbeddedKafkaKraftBroker kafka;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startKafka() {
        kafka = new EmbeddedKafkaKraftBroker(1, 1);
        kafka.afterPropertiesSet();
    }

    @AfterAll
    static void stopKafka() {
        kafka.destroy();
    }

    @Test
    void a_payment_captured_in_another_process_makes_the_order_paid_through_kafka() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        String secret = "--emporium.security.token-secret=base64:" + Base64.getEncoder().encodeToString(key);
        String[] kafkaMode = {"--emporium.messaging.transport=kafka", "--emporium.kafka.bootstrap-servers=" + kafka.getBrokersAsString()};
        try (PlatformProcess shop = PlatformProcess.start(tmp.resolve("shop"), secret, kafkaMode[0], kafkaMode[1],
                "--emporium.services=identity,catalog,inventory,cart,promotion,order")) {
            Properties runtime = shop.runtime();
            try (PlatformProcess payment = PlatformProcess.start(tmp.resolve("payment"), secret, kafkaMode[0], kafkaMode[1],
                    "--emporium.services=payment", "--emporium.demo.enabled=false",
                    "--spring.datasource.url=" + runtime.getProperty("jdbc.url"),
                    "--spring.datasource.username=" + runtime.getProperty("jdbc.user"),
                    "--spring.datasource.password=" + runtime.getProperty("jdbc.password"),
                    "--emporium.zookeeper.connect-string=" + runtime.getProperty("zookeeper.connect"))) {
                try (Gateway gateway = Gateway.start(tmp, runtime.getProperty("zookeeper.connect"))) {
                    String token = first("\"accessToken\"\\s*:\\s*\"([^\"]+)\"", gateway.send("POST", "/api/identity/tokens",
                            "{\"email\":\"alice@demo.emporium\",\"password\":\"demo-pass-1\"}", null).body());
                    String sku = skuInStock(shop);
                    HttpResponse<String> added = gateway.send("POST", "/api/cart/lines", "{\"skuId\":\"" + sku + "\",\"quantity\":1}",
                            token);
                    assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
                    String idempotencyKey = "split-" + UUID.randomUUID();
                    // the order center finds the payment service in ZooKeeper once the second process registered it
                    HttpResponse<String> placed = await("checkout placed").atMost(Duration.ofSeconds(60))
                            .pollInterval(Duration.ofMillis(500)).until(() -> gateway.send("POST", "/api/orders/checkouts", """
                                    {"shippingAddress": {"name": "Alice Demo", "phone": "+86 138 0000 1234", "line1": "1 Century Avenue",
                                     "city": "Shanghai", "postalCode": "200120", "country": "CN"}}""", token, idempotencyKey),
                                    r -> r.statusCode() == 201);
                    String paymentId = first("\"(pay_[0-9a-f]+)\"", placed.body());
                    String orderId = first("\"(ord_[0-9a-f]+)\"", placed.body());
                    assertThat(shop.get("/api/payments/" + paymentId, Optional.of(token)).statusCode())
                            .as("payment does not run in the first process").isEqualTo(404);
                    assertThat(gateway.send("POST", "/api/payments/internal/payments", "{}", token).statusCode())
                            .as("internal routes are not exposed").isEqualTo(404);

                    HttpResponse<String> approved = gateway.send("POST", "/api/payments/" + paymentId + "/sandbox/approve", null, token);
                    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(202);

                    await("order " + orderId + " PAID").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                            .failFast("a process ended:\n" + shop.tail() + payment.tail(),
                                    () -> !shop.process.isAlive() || !payment.process.isAlive())
                            .until(() -> gateway.send("GET", "/api/orders/" + orderId, null, token).body()
                                    .contains("\"status\":\"PAID\""));
                    assertThat(gateway.send("GET", "/api/payments/" + paymentId, null, token).body()).contains("\"status\":\"CAPTURED\"");
                }
                assertThat(shop.query("SELECT count(*) FROM orders.outbox WHERE received_from = 'payment'"
                        + " AND event_type = 'io.emporium.payment.api.PaymentCaptured'")).as("one copy of the capture received").isOne();
                assertThat(shop.query("SELECT count(*) FROM orders.inbox WHERE consumer = 'order.payment-captured'")).isOne();
                assertThat(shop.query("SELECT count(*) FROM payment.event_delivery")).as("payment delivered nothing itself").isZero();
                assertThat(payment.stop()).isIn(0, 130, 143);
            }
            assertThat(shop.stop()).isIn(0, 130, 143);
        }
    }
}
