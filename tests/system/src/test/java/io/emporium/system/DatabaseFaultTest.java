package io.emporium.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL dies under the platform: it is restarted by the platform itself, requests
 * are refused fast meanwhile (CP) while the catalog's reads and the cart view answer what they last
 * answered, marked stale (AP), readiness says so at once, stock still adds up, and everything
 * answers fresh again afterwards. The outage is made
 * long enough to observe by holding PostgreSQL's port after killing it, so that restart attempts
 * fail until the test lets go (a real fault: something else took the port).
 */
class DatabaseFaultTest {

    @TempDir
    Path tmp;

    /**
     * One answer the load got: when it was asked and answered (nanoTime), its status, its Retry-After, and whether
     * it was a stale answer (Cache-Status and Age).
     */
    record Sample(String what, long sentAt, long answeredAt, int status, String retryAfter, String body, boolean stale) {
        long millis() {
            return TimeUnit.NANOSECONDS.toMillis(answeredAt - sentAt);
        }
    }

    static final String ADDRESS = """
            {"name":"Fault Test","phone":"+86 138 0000 0000","line1":"1 Test Road","city":"Hangzhou",\
            "postalCode":"310000","country":"CN"}""";

    @Test
    void postgres_killed_under_load_is_restarted_while_requests_fail_fast_and_stock_adds_up() throws Exception {
        try (PlatformProcess platform = PlatformProcess.start(tmp.resolve("data"),
                // the test holds the port for a while: enough attempts, not too far apart, to come back soon after
                "--emporium.embedded.postgres-restart-attempts=12", "--emporium.embedded.postgres-restart-backoff=PT0.5S")) {
            long platformPid = platform.process.pid();
            List<String> skus = new ArrayList<>();
            try (var db = platform.database(); var rows = db.createStatement().executeQuery("""
                    SELECT i.sku_id FROM inventory.stock_item i WHERE i.merchant_id LIKE 'mer_demo_%' AND i.available >= 50
                    ORDER BY i.sku_id LIMIT 6""")) {
                while (rows.next()) {
                    skus.add(rows.getString(1));
                }
            }
            assertThat(skus).hasSize(6);
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < 4; i++) { // three shoppers, and one who only looks at their cart
                String email = "fault-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
                String credentials = "{\"email\":\"" + email + "\",\"password\":\"fault-pass-1\"}";
                assertThat(platform.post("/api/identity/customers", credentials, Optional.empty()).statusCode()).isEqualTo(201);
                tokens.add(LauncherProcessTest.field(platform.post("/api/identity/tokens", credentials, Optional.empty()).body(),
                        "accessToken"));
            }

            ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService load = Executors.newFixedThreadPool(4);
            for (int i = 0; i < 3; i++) {
                String token = tokens.get(i);
                String sku = skus.get(i);
                load.submit(() -> shop(platform, token, sku, running, samples));
            }
            String product = LauncherProcessTest.field(platform.get("/api/catalog/products?q=wool", Optional.empty()).body(), "id");
            assertThat(platform.post("/api/cart/lines", "{\"skuId\":\"" + skus.get(3) + "\",\"quantity\":1}",
                    Optional.of(tokens.get(3))).statusCode()).isEqualTo(200);
            load.submit(() -> browse(platform, tokens.get(3), product, running, samples));

            await("load running").atMost(Duration.ofSeconds(60))
                    .until(() -> samples.stream().filter(s -> s.status() / 100 == 2).count() >= 30
                            && AP_READS.stream().allMatch(read -> samples.stream().anyMatch(s -> s.what().equals(read) && s.status() == 200)));

            int postgresPort = platform.loggedPort("PostgreSQL is up on port (\\d+)");
            AtomicReference<ServerSocket> held = new AtomicReference<>();
            long killedAt = System.nanoTime();
            // kill the postmaster and take its port; should the supervisor be quicker, kill its new one too
            await("PostgreSQL killed and its port held").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .ignoreExceptions().until(() -> {
                        ProcessHandle.of(platform.postgresPid()).ifPresent(ProcessHandle::destroyForcibly);
                        held.set(bind(postgresPort));
                        return held.get() != null;
                    });
            try {
                await("readiness DOWN").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                        .until(() -> platform.get("/actuator/health/readiness", Optional.empty()).statusCode() == 503);
                long asked = System.nanoTime();
                HttpResponse<String> readiness = platform.get("/actuator/health/readiness", Optional.empty());
                long readinessMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked);
                assertThat(readiness.statusCode()).isEqualTo(503);
                assertThat(readiness.body()).contains("\"db\"").contains("DOWN");
                assertThat(readinessMillis).as("readiness answers DOWN within 1 s").isLessThan(1000);
                assertThat(platform.get("/actuator/health/liveness", Optional.empty()).statusCode())
                        .as("liveness: restarting the platform would not help yet").isEqualTo(200);

                await("requests refused while the database is away").atMost(Duration.ofSeconds(30))
                        .until(() -> samples.stream().filter(s -> s.sentAt() > killedAt && s.status() == 503).count() >= 20);
                await("AP reads answered from what was last read, marked stale").atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> assertThat(AP_READS).as(() -> "answers to AP reads since the kill: " + answers(samples, killedAt))
                                .allMatch(read -> samples.stream()
                                        .filter(s -> s.what().equals(read) && s.sentAt() > killedAt && s.stale()).count() >= 5));
                // keep the port until the supervisor has tried and failed at least once: the retry path is part of the proof
                await("a restart attempt failed on the held port").atMost(Duration.ofSeconds(30))
                        .until(() -> platform.output().contains("Restarting PostgreSQL failed"));
            } finally {
                held.get().close();
            }
            long releasedAt = System.nanoTime();
            List<Sample> duringOutage = samples.stream().filter(s -> s.sentAt() > killedAt && s.answeredAt() < releasedAt
                    && AP_READS.contains(s.what())).toList();
            assertThat(duringOutage).as("AP reads keep answering 200 while the database is away (CP ones refuse)")
                    .allMatch(s -> s.status() == 200);
            await("readiness UP again").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                    .until(() -> platform.get("/actuator/health/readiness", Optional.empty()).statusCode() == 200);
            long recoveredAt = System.nanoTime();
            await("requests served again").atMost(Duration.ofSeconds(60)).until(() -> samples.stream()
                    .filter(s -> s.sentAt() > recoveredAt && s.status() / 100 == 2).count() >= 20);
            await("AP reads fresh again").atMost(Duration.ofSeconds(30)).until(() -> AP_READS.stream().allMatch(read -> samples
                    .stream().anyMatch(s -> s.what().equals(read) && s.sentAt() > recoveredAt && s.status() == 200 && !s.stale())));
            running.set(false);
            load.shutdown();
            assertThat(load.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

            System.out.printf("PostgreSQL outage: port held %d ms; readiness UP %d ms after release, %d ms after the kill%n",
                    TimeUnit.NANOSECONDS.toMillis(releasedAt - killedAt), TimeUnit.NANOSECONDS.toMillis(recoveredAt - releasedAt),
                    TimeUnit.NANOSECONDS.toMillis(recoveredAt - killedAt));

            assertThat(platform.process.isAlive()).isTrue();
            assertThat(platform.process.pid()).isEqualTo(platformPid);
            assertThat(platform.output()).contains("stopped unexpectedly; restarting it").contains("Restarting PostgreSQL failed")
                    .contains("PostgreSQL is running again on port " + postgresPort).contains("database reachable again")
                    .as("jobs log the outage as throttled one-line warnings, not a stack trace each")
                    .doesNotContain("Unexpected error occurred in scheduled task").contains("scheduled job skipped");
            List<Sample> all = List.copyOf(samples);
            assertThat(all).as(() -> "no request failed otherwise than with 503; the platform logged:\n"
                    + platform.failuresLogged()).noneMatch(s -> s.status() < 0
                    || (s.status() >= 500 && s.status() != 503));
            List<Sample> refused = all.stream().filter(s -> s.status() == 503).toList();
            assertThat(refused).as("every 503 says when to come back").allMatch(s -> s.retryAfter() != null);
            assertThat(refused).as("every 503 is a problem+json with a stable type")
                    .allMatch(s -> s.body().contains("urn:emporium:problem:"));
            Sample slowest = refused.stream().max(java.util.Comparator.comparingLong(Sample::millis)).orElseThrow();
            assertThat(slowest.millis()).as(() -> "503 within 2 s; the slowest was " + slowest.what() + ", sent "
                    + TimeUnit.NANOSECONDS.toMillis(slowest.sentAt() - killedAt) + " ms after the kill").isLessThan(2000);
            assertThat(platform.query("""
                    SELECT count(*) FROM inventory.stock_item
                    WHERE available + reserved + sold <> received OR available < 0 OR reserved < 0 OR sold < 0"""))
                    .as("stock adds up for every SKU").isZero();
            assertThat(platform.stop()).isIn(0, 130, 143);
        }
        assertThat(PlatformProcess.processesUsing(tmp.resolve("data"))).isEmpty();
    }

    @Test
    void a_postgres_that_cannot_be_restarted_makes_liveness_down_after_bounded_attempts() throws Exception {
        try (PlatformProcess platform = PlatformProcess.start(tmp.resolve("data"), "--emporium.demo.enabled=false",
                "--emporium.embedded.postgres-restart-attempts=3", "--emporium.embedded.postgres-restart-backoff=PT0.2S")) {
            int postgresPort = platform.loggedPort("PostgreSQL is up on port (\\d+)");
            AtomicReference<ServerSocket> held = new AtomicReference<>();
            await("PostgreSQL killed and its port held").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .ignoreExceptions().until(() -> {
                        ProcessHandle.of(platform.postgresPid()).ifPresent(ProcessHandle::destroyForcibly);
                        held.set(bind(postgresPort));
                        return held.get() != null;
                    });
            try {
                await("the supervisor gives up").atMost(Duration.ofSeconds(30))
                        .until(() -> platform.output().contains("PostgreSQL could not be restarted (3 attempts"));
                await("liveness DOWN").atMost(Duration.ofSeconds(10))
                        .until(() -> platform.get("/actuator/health/liveness", Optional.empty()).statusCode() == 503);
                assertThat(platform.output()).contains("Restarting PostgreSQL (attempt 3 of 3)")
                        .doesNotContain("Restarting PostgreSQL (attempt 4");
                HttpResponse<String> refused = platform.post("/api/identity/tokens",
                        "{\"email\":\"nobody@example.test\",\"password\":\"nobody-pass-1\"}", Optional.empty());
                assertThat(refused.statusCode()).isEqualTo(503);
                assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            } finally {
                held.get().close();
            }
            platform.stop();
        }
        assertThat(PlatformProcess.processesUsing(tmp.resolve("data"))).isEmpty();
    }

    @Test
    void the_database_needs_the_password_kept_private_and_an_old_trusting_directory_is_upgraded() throws Exception {
        Path data = tmp.resolve("data");
        try (PlatformProcess first = PlatformProcess.start(data, "--emporium.demo.enabled=false")) {
            Properties runtime = first.runtime();
            assertThat(runtime.getProperty("jdbc.password")).isNotBlank()
                    .isEqualTo(Files.readString(data.resolve("postgres-password")).trim());
            assertRefusedWithoutPassword(runtime.getProperty("jdbc.url"));
            assertThat(first.query("SELECT 1")).as("with the password").isEqualTo(1);
            for (String secret : List.of("postgres-password", "token-secret", "runtime.properties")) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(secret))))
                        .as(secret).isEqualTo("rw-------");
            }
            assertThat(Files.readString(data.resolve("postgres/pg_hba.conf"))).doesNotContainPattern("(?m)^[^#]*trust");
            // make the directory what an older version left: no password, every local connection trusted
            first.execute("ALTER ROLE postgres PASSWORD NULL");
            first.stop();
        }
        Files.writeString(data.resolve("postgres/pg_hba.conf"), """
                local   all             all                                     trust
                host    all             all             127.0.0.1/32            trust
                host    all             all             ::1/128                 trust
                """);
        Files.delete(data.resolve("postgres-password"));
        Files.setPosixFilePermissions(data.resolve("token-secret"), PosixFilePermissions.fromString("rw-r--r--"));

        try (PlatformProcess second = PlatformProcess.start(data, "--emporium.demo.enabled=false")) {
            assertThat(second.output()).contains("it now requires the password kept in the data directory")
                    .contains("token-secret was readable by other users");
            Properties runtime = second.runtime();
            assertRefusedWithoutPassword(runtime.getProperty("jdbc.url"));
            assertThat(second.query("SELECT 1")).isEqualTo(1);
            for (String secret : List.of("postgres-password", "token-secret", "runtime.properties")) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(secret))))
                        .as(secret).isEqualTo("rw-------");
            }
            assertThat(second.post("/api/identity/customers", "{\"email\":\"upgraded@example.test\",\"password\":\"upgrade-pass-1\"}",
                    Optional.empty()).statusCode()).isEqualTo(201);
            second.stop();
        }
    }

    static void assertRefusedWithoutPassword(String url) {
        try (var connection = DriverManager.getConnection(url, "postgres", "")) {
            throw new AssertionError("connected to " + url + " without a password");
        } catch (SQLException expected) {
            assertThat(expected.getMessage()).containsIgnoringCase("password");
        }
    }

    /** A server socket on the port, or null while something (a postgres) still listens there. */
    static ServerSocket bind(int port) {
        try {
            ServerSocket socket = new ServerSocket();
            try {
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return socket;
            } catch (IOException inUse) {
                socket.close();
                return null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A customer's loop: put a unit in the cart, check out, look at the orders; until stopped. */
    static void shop(PlatformProcess platform, String token, String sku, AtomicBoolean running, ConcurrentLinkedQueue<Sample> samples) {
        while (running.get()) {
            call(platform, samples, "add to cart", "POST", "/api/cart/lines", "{\"skuId\":\"" + sku + "\",\"quantity\":1}",
                    token, Map.of());
            call(platform, samples, "checkout", "POST", "/api/orders/checkouts", "{\"shippingAddress\":" + ADDRESS + "}",
                    token, Map.of("Idempotency-Key", "fault-" + UUID.randomUUID()));
            call(platform, samples, "orders", "GET", "/api/orders", null, token, Map.of());
        }
    }

    /** Per kind of request, how many answers of each status (stale ones as 200-stale) were sent after {@code since}. */
    static Map<String, Map<String, Long>> answers(ConcurrentLinkedQueue<Sample> samples, long since) {
        return samples.stream().filter(s -> s.sentAt() > since).collect(java.util.stream.Collectors.groupingBy(Sample::what,
                java.util.TreeMap::new, java.util.stream.Collectors.groupingBy(
                        s -> s.status() + (s.stale() ? "-stale" : "") + (s.status() >= 400 ? " " + s.body().replaceAll(".*\"type\":\"([^\"]+)\".*", "$1") : ""),
                        java.util.TreeMap::new, java.util.stream.Collectors.counting())));
    }

    /** The reads that are AP: while the database is away they answer what they last answered, marked stale. */
    static final List<String> AP_READS = List.of("products", "product", "cart view");

    static void browse(PlatformProcess platform, String token, String product, AtomicBoolean running,
            ConcurrentLinkedQueue<Sample> samples) {
        while (running.get()) {
            call(platform, samples, "products", "GET", "/api/catalog/products?q=wool", null, null, Map.of());
            call(platform, samples, "product", "GET", "/api/catalog/products/" + product, null, null, Map.of());
            call(platform, samples, "cart view", "GET", "/api/cart", null, token, Map.of());
        }
    }

    static void call(PlatformProcess platform, ConcurrentLinkedQueue<Sample> samples, String what, String method, String path,
            String json, String token, Map<String, String> headers) {
        long sent = System.nanoTime();
        try {
            HttpResponse<String> response = platform.send(method, path, json, Optional.ofNullable(token), headers,
                    Duration.ofSeconds(20));
            boolean stale = response.headers().firstValue("Cache-Status").filter(c -> c.contains("ttl=-")).isPresent()
                    && response.headers().firstValue("Age").isPresent();
            samples.add(new Sample(what, sent, System.nanoTime(), response.statusCode(),
                    response.headers().firstValue("Retry-After").orElse(null), response.body(), stale));
        } catch (RuntimeException e) {
            samples.add(new Sample(what, sent, System.nanoTime(), -1, null, e.toString(), false));
        }
    }
}
