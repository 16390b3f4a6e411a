package io.emporium.payment.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.emporium.kernel.Money;
import io.emporium.payment.application.CallbackSignature;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The sandbox is idempotent by the request's key, as the platform's retries need a real gateway to be. */
class SandboxGatewayTest {

    final JsonMapper json = JsonMapper.builder().build();
    final List<JsonNode> callbacks = new CopyOnWriteArrayList<>();
    HttpServer platform;
    SandboxGateway sandbox;

    @BeforeEach
    void start() throws IOException {
        platform = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        platform.createContext("/callbacks", exchange -> {
            callbacks.add(json.readTree(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        platform.start();
        URI url = URI.create("http://127.0.0.1:" + platform.getAddress().getPort() + "/callbacks");
        sandbox = new SandboxGateway(() -> url, new CallbackSignature("s".repeat(32).getBytes(StandardCharsets.UTF_8),
                Clock.systemUTC()), json, Clock.systemUTC(), new SandboxGateway.Settings(Duration.ZERO, 0.5),
                Executors.newScheduledThreadPool(1));
    }

    @AfterEach
    void stop() {
        sandbox.close();
        platform.stop(0);
    }

    @Test
    void a_request_repeated_under_its_key_is_answered_with_the_first_outcome_and_event_id() {
        Money amount = Money.of("69.90", "CNY");
        // with a failure rate of one half, a sandbox deciding afresh would soon disagree with itself
        for (int i = 0; i < 20; i++) {
            sandbox.requestCapture("gwr_same", "pay_1", amount);
        }
        sandbox.requestRefund("gwr_refund", "pay_1", "rfd_1", amount);
        sandbox.requestRefund("gwr_refund", "pay_1", "rfd_1", amount);
        await().atMost(Duration.ofSeconds(10)).until(() -> callbacks.size() == 22);

        List<JsonNode> captures = callbacks.stream().filter(c -> !c.has("refundId")).toList();
        assertThat(captures).hasSize(20);
        assertThat(captures.stream().map(c -> c.get("eventId").asString()).distinct()).hasSize(1);
        assertThat(captures.stream().map(c -> c.get("type").asString()).distinct()).hasSize(1);
        assertThat(callbacks.stream().filter(c -> c.has("refundId")).map(c -> c.get("eventId").asString()).distinct())
                .hasSize(1);
    }

    @Test
    void different_keys_are_different_requests() {
        Money amount = Money.of("10.00", "CNY");
        sandbox.requestDecline("gwr_a", "pay_2", amount);
        sandbox.requestDecline("gwr_b", "pay_2", amount);
        await().atMost(Duration.ofSeconds(10)).until(() -> callbacks.size() == 2);
        assertThat(callbacks.stream().map(c -> c.get("eventId").asString()).distinct()).hasSize(2);
        assertThat(callbacks).allMatch(c -> c.get("type").asString().equals("payment.failed"));
    }
}
