package io.emporium.system;

import static io.emporium.system.GatewayRequestCrashTest.first;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./emporium cluster} as a user runs it: {@code up} brings up a ZooKeeper ensemble, a Kafka KRaft quorum, the
 * four default service groups on the first group's embedded PostgreSQL, and the gateway; {@code status} shows them
 * healthy with a leader for each service's election; a checkout through the gateway is paid; the payment group is
 * killed ({@code kill -9}) with a checkout waiting to be paid, the approval is refused while it is down, and after
 * {@code restart} the checkout is paid; {@code down} leaves no process and no process-id or lock file behind.
 * Ports are moved by {@code EMPORIUM_CLUSTER_PORT_OFFSET} so as not to meet a cluster the user runs.
 */
class ClusterCommandTest {

    private static final int OFFSET = 10_000;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String GATEWAY = "http://127.0.0.1:" + (8080 + OFFSET);

    @TempDir
    Path tmp;

    record Run(int exit, String output) {
    }

    Run cluster(Duration within, String... args) {
        try {
            Path root = Path.of(System.getProperty("emporium.jar")).toAbsolutePath().normalize().getParent().getParent().getParent()
                    .getParent();
            Path log = Files.createTempFile(tmp, "cluster-", ".out");
            List<String> command = new java.util.ArrayList<>(List.of("bash", root.resolve("emporium").toString(), "cluster"));
            command.addAll(List.of(args));
            command.addAll(List.of("--data", tmp.resolve("cluster").toString()));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("EMPORIUM_SKIP_BUILD", "1");
            builder.environment().put("EMPORIUM_CLUSTER_PORT_OFFSET", Integer.toString(OFFSET));
            builder.environment().put("JAVA_HOME", Path.of(ProcessHandle.current().info().command().orElseThrow())
                    .getParent().getParent().toString());
            Process process = builder.start();
            if (!process.waitFor(within.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("cluster " + String.join(" ", args) + " did not end within " + within + ":\n"
                        + Files.readString(log));
            }
            return new Run(process.exitValue(), Files.readString(log));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> send(String method, String path, String json, String token, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(GATEWAY + path)).timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (key != null) {
            request.header("Idempotency-Key", key);
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

    /** A checkout of one unit of a SKU in stock, placed through the gateway; returns its order and payment ids. */
    static String[] checkout(String token) {
        String products = send("GET", "/api/catalog/products?size=50", null, null, null).body();
        String product = first("\"id\":\"(prd_[0-9a-f]+)\"", products);
        String sku = first("\"id\":\"(sku_[0-9a-f]+)\"", send("GET", "/api/catalog/products/" + product, null, null, null).body());
        HttpResponse<String> added = send("POST", "/api/cart/lines", "{\"skuId\":\"" + sku + "\",\"quantity\":1}", token, null);
        assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
        String key = "cluster-" + UUID.randomUUID();
        HttpResponse<String> placed = await("checkout placed").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> send("POST", "/api/orders/checkouts", """
                        {"shippingAddress": {"name": "Alice Demo", "phone": "+86 138 0000 1234", "line1": "1 Century Avenue",
                         "city": "Shanghai", "postalCode": "200120", "country": "CN"}}""", token, key), r -> r.statusCode() == 201);
        return new String[] {first("\"(ord_[0-9a-f]+)\"", placed.body()), first("\"(pay_[0-9a-f]+)\"", placed.body())};
    }

    static void awaitPaid(String order, String token) {
        await("order " + order + " PAID").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> send("GET", "/api/orders/" + order, null, token, null).body().contains("\"status\":\"PAID\""));
    }

    @Test
    void up_status_a_paid_checkout_a_killed_and_restarted_payment_process_and_down() throws Exception {
        Path data = tmp.resolve("cluster");
        try {
            Run up = cluster(Duration.ofMinutes(10), "up");
            assertThat(up.exit()).as(up.output()).isZero();
            assertThat(up.output()).contains("Starting a 3-server ZooKeeper ensemble", "Starting a 3-node Kafka KRaft quorum",
                    "Starting group4: payment", "Ready: the storefront and the API at");

            Run status = cluster(Duration.ofMinutes(2), "status");
            assertThat(status.exit()).as(status.output()).isZero();
            for (String ready : List.of("group1", "group2", "group3", "group4", "gateway")) {
                assertThat(status.output()).as(status.output()).containsPattern("(?m)^" + ready + " +\\d+ +ready ");
            }
            assertThat(status.output()).containsPattern("(?m)^zookeeper\\d +\\d+ +leader ")
                    .containsPattern("(?m)^kafka1 +\\d+ +up ");
            for (String election : List.of("jobs/orders +group3", "jobs/payment +group4", "jobs/inventory +group1",
                    "jobs/promotion +group2")) {
                assertThat(status.output()).as(status.output()).containsPattern(election);
            }

            String token = first("\"accessToken\"\\s*:\\s*\"([^\"]+)\"", send("POST", "/api/identity/tokens",
                    "{\"email\":\"alice@demo.emporium\",\"password\":\"demo-pass-1\"}", null, null).body());
            String[] paid = checkout(token);
            assertThat(send("POST", "/api/payments/" + paid[1] + "/sandbox/approve", null, token, null).statusCode()).isEqualTo(202);
            awaitPaid(paid[0], token);

            String[] waiting = checkout(token);
            Run killed = cluster(Duration.ofMinutes(1), "kill", "group4");
            assertThat(killed.exit()).as(killed.output()).isZero();
            HttpResponse<String> refused = send("POST", "/api/payments/" + waiting[1] + "/sandbox/approve", null, token, null);
            assertThat(refused.statusCode()).as("payment is down: " + refused.body()).isIn(502, 503);
            assertThat(send("GET", "/api/orders/" + waiting[0], null, token, null).body()).contains("\"status\":\"PENDING_PAYMENT\"");

            Run restarted = cluster(Duration.ofMinutes(5), "restart", "group4");
            assertThat(restarted.exit()).as(restarted.output()).isZero();
            HttpResponse<String> approved = await("approval accepted").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> send("POST", "/api/payments/" + waiting[1] + "/sandbox/approve", null, token, null),
                            r -> r.statusCode() == 202);
            assertThat(approved.body()).isNotBlank();
            awaitPaid(waiting[0], token);
        } finally {
            Run down = cluster(Duration.ofMinutes(5), "down");
            assertThat(down.exit()).as(down.output()).isZero();
        }
        try (Stream<Path> files = Files.walk(data)) {
            assertThat(files.filter(f -> f.getFileName().toString().matches(".*\\.pid|emporium\\.lock")).toList())
                    .as("no process-id or lock file left").isEmpty();
        }
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(data.toString())).toList())
                .as("no process of the cluster left").isEmpty();
    }
}
