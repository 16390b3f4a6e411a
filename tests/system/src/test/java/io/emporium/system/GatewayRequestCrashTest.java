package io.emporium.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A payment approved just before a crash is still captured, once. The platform is started with the
 * test-only fault {@code emporium.fault.halt-after-gateway-request-commit=capture}, which halts the
 * JVM right after the approval (and its capture request) commits and before anything is sent to the
 * gateway; restarted on the same data directory without it, the platform sends the recorded request
 * and the order becomes PAID, with one capture at the gateway.
 */
class GatewayRequestCrashTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path tmp;

    static String first(String regex, String body) {
        Matcher m = Pattern.compile(regex).matcher(body);
        assertThat(m.find()).as("/" + regex + "/ in " + body).isTrue();
        return m.group(1);
    }

    static int count(String literal, String text) {
        return text.split(Pattern.quote(literal), -1).length - 1;
    }

    static HttpResponse<String> send(PlatformProcess platform, String method, String path, String json, String token,
            String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + platform.port + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A demo SKU with stock, from the public catalogue. */
    static String skuInStock(PlatformProcess platform) {
        String products = platform.get("/api/catalog/products?size=50", Optional.empty()).body();
        Matcher product = Pattern.compile("\"id\":\"(prd_[0-9a-f]+)\"").matcher(products);
        while (product.find()) {
            String detail = platform.get("/api/catalog/products/" + product.group(1), Optional.empty()).body();
            for (String sku : detail.split("(?=\\{\"id\":\"sku_)")) {
                Matcher m = Pattern.compile("^\\{\"id\":\"(sku_[0-9a-f]+)\".*?\"available\":(\\d+)").matcher(sku);
                if (m.find() && Long.parseLong(m.group(2)) > 0) {
                    return m.group(1);
                }
            }
        }
        throw new AssertionError("no demo SKU in stock in " + products);
    }

    @Test
    void a_payment_approved_just_before_a_crash_is_captured_once_after_the_restart() throws Exception {
        Path data = tmp.resolve("data");
        String credentials = "{\"email\":\"alice@demo.emporium\",\"password\":\"demo-pass-1\"}";
        String token;
        String paymentId;
        String orderId;
        try (PlatformProcess crashing = PlatformProcess.start(data, "--emporium.fault.halt-after-gateway-request-commit=capture")) {
            token = first("\"accessToken\"\\s*:\\s*\"([^\"]+)\"",
                    crashing.post("/api/identity/tokens", credentials, Optional.empty()).body());
            String sku = skuInStock(crashing);
            HttpResponse<String> added = send(crashing, "POST", "/api/cart/lines", "{\"skuId\":\"" + sku + "\",\"quantity\":1}",
                    token, null);
            assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
            HttpResponse<String> placed = send(crashing, "POST", "/api/orders/checkouts", """
                    {"shippingAddress": {"name": "Alice Demo", "phone": "+86 138 0000 1234", "line1": "1 Century Avenue",
                     "city": "Shanghai", "postalCode": "200120", "country": "CN"}}""", token, "crash-" + UUID.randomUUID());
            assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
            paymentId = first("\"(pay_[0-9a-f]+)\"", placed.body());
            orderId = first("\"(ord_[0-9a-f]+)\"", placed.body());

            String approve = "/api/payments/" + paymentId + "/sandbox/approve";
            assertThat(catchThrowable(() -> send(crashing, "POST", approve, null, token, null)))
                    .as("the process halts before it answers").isInstanceOf(UncheckedIOException.class);
            assertThat(crashing.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(crashing.output()).contains("FAULT INJECTION: halting after committing gateway request")
                    .doesNotContain("sandbox captures");
        }

        try (PlatformProcess restarted = PlatformProcess.start(data)) {
            assertThat(restarted.output()).doesNotContain("FAULT INJECTION");
            HttpResponse<String> again = send(restarted, "POST", "/api/payments/" + paymentId + "/sandbox/approve", null,
                    token, null);
            assertThat(again.statusCode()).as("a later approval is accepted and sends nothing itself: " + again.body())
                    .isIn(202, 409);

            await("order " + orderId + " PAID").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .failFast("the platform process ended:\n" + restarted.tail(), () -> !restarted.process.isAlive())
                    .until(() -> send(restarted, "GET", "/api/orders/" + orderId, null, token, null).body()
                            .contains("\"status\":\"PAID\""));
            String payment = send(restarted, "GET", "/api/payments/" + paymentId, null, token, null).body();
            assertThat(payment).contains("\"status\":\"CAPTURED\"");
            String order = send(restarted, "GET", "/api/orders/" + orderId, null, token, null).body();
            assertThat(count("{\"status\":\"PAID\"", order)).as("PAID once in " + order).isEqualTo(1);
            assertThat(count("sandbox captures", restarted.output())).as("captures at the gateway").isEqualTo(1);
            assertThat(restarted.output()).contains("sandbox captures").contains(paymentId);
            assertThat(restarted.stop()).isIn(0, 130, 143);
        }
        assertThat(PlatformProcess.processesUsing(data)).isEmpty();
    }
}
