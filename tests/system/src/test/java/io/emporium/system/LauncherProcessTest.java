package io.emporium.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher as a user meets it: real processes on real data directories. Each test stops what
 * it started with SIGTERM and checks that nothing (no postgres, no ZooKeeper port) is left behind.
 */
class LauncherProcessTest {

    @TempDir
    Path tmp;

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        assertThat(m.find()).as(name + " in " + json).isTrue();
        return m.group(1);
    }

    static String total(String page) {
        Matcher m = Pattern.compile("\"total\"\\s*:\\s*(\\d+)").matcher(page);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    void assertNothingLeftRunning(PlatformProcess platform, int postgresPort, int zooKeeperPort) {
        assertThat(PlatformProcess.processesUsing(platform.dataDir)).as("processes using " + platform.dataDir).isEmpty();
        assertThat(platform.dataDir.resolve("postgres/postmaster.pid")).doesNotExist();
        assertThat(PlatformProcess.listening(postgresPort)).as("PostgreSQL port still open").isFalse();
        assertThat(PlatformProcess.listening(zooKeeperPort)).as("ZooKeeper port still open").isFalse();
    }

    @Test
    void data_survives_a_restart_and_a_stop_leaves_nothing_running() {
        Path data = tmp.resolve("data");
        String email = "restart-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        String token;
        String products;
        try (PlatformProcess first = PlatformProcess.start(data)) {
            assertThat(first.output()).contains("Starting PostgreSQL (new database").contains("Demo data ready")
                    .contains("alice@demo.emporium");
            HttpResponse<String> signUp = first.post("/api/identity/customers",
                    "{\"email\":\"" + email + "\",\"password\":\"restart-pass-1\"}", Optional.empty());
            assertThat(signUp.statusCode()).isEqualTo(201);
            token = field(first.post("/api/identity/tokens", "{\"email\":\"" + email + "\",\"password\":\"restart-pass-1\"}",
                    Optional.empty()).body(), "accessToken");
            products = total(first.get("/api/catalog/products", Optional.empty()).body());
            int postgresPort = first.loggedPort("PostgreSQL is up on port (\\d+)");
            int zooKeeperPort = first.loggedPort("ZooKeeper is up at 127\\.0\\.0\\.1:(\\d+)");

            assertThat(first.stop()).isIn(0, 130, 143);
            assertThat(first.output()).contains("PostgreSQL stopped").doesNotContain("Exception");
            assertNothingLeftRunning(first, postgresPort, zooKeeperPort);
        }

        try (PlatformProcess second = PlatformProcess.start(data)) {
            assertThat(second.output()).contains("Starting PostgreSQL (existing data");
            assertThat(second.get("/api/identity/accounts/me", Optional.of(token)).statusCode())
                    .as("a token issued before the restart").isEqualTo(200);
            assertThat(second.post("/api/identity/tokens", "{\"email\":\"" + email + "\",\"password\":\"restart-pass-1\"}",
                    Optional.empty()).statusCode()).isEqualTo(200);
            assertThat(total(second.get("/api/catalog/products", Optional.empty()).body()))
                    .as("demo data is not seeded twice").isEqualTo(products);
            second.stop();
        }
    }

    @Test
    void a_second_platform_on_one_data_directory_is_refused_while_another_directory_runs_alongside() {
        Path shared = tmp.resolve("shared");
        try (PlatformProcess first = PlatformProcess.start(shared, "--emporium.demo.enabled=false")) {
            try (PlatformProcess intruder = PlatformProcess.launch(shared, "--emporium.demo.enabled=false")) {
                assertThat(intruder.awaitExit()).isNotZero();
                assertThat(intruder.output()).contains("is in use by another Emporium process")
                        .contains("--data OTHER_DIR --port OTHER_PORT").doesNotContain("\tat ");
            }
            try (PlatformProcess neighbour = PlatformProcess.start(tmp.resolve("other"), "--emporium.demo.enabled=false")) {
                assertThat(first.get("/actuator/health/readiness", Optional.empty()).statusCode()).isEqualTo(200);
                assertThat(neighbour.get("/actuator/health/readiness", Optional.empty()).statusCode()).isEqualTo(200);
                assertThat(neighbour.port).isNotEqualTo(first.port);
                neighbour.stop();
            }
            first.stop();
        }
        assertThat(PlatformProcess.processesUsing(shared)).isEmpty();
    }

    @Test
    void an_unknown_service_is_a_clear_error_and_a_subset_of_services_starts() {
        try (PlatformProcess wrong = PlatformProcess.launch(tmp.resolve("wrong"), "--emporium.services=catalog,payments")) {
            assertThat(wrong.awaitExit()).isNotZero();
            assertThat(wrong.output()).contains("unknown service payments").contains("identity, inventory, catalog, cart")
                    .doesNotContain("\tat ");
        }
        assertThat(PlatformProcess.processesUsing(tmp.resolve("wrong"))).isEmpty();

        try (PlatformProcess subset = PlatformProcess.start(tmp.resolve("subset"), "--emporium.services=identity,inventory")) {
            assertThat(subset.output()).contains("Demo data skipped");
            assertThat(subset.post("/api/identity/customers",
                    "{\"email\":\"subset@example.test\",\"password\":\"subset-pass-1\"}", Optional.empty()).statusCode())
                    .isEqualTo(201);
            assertThat(subset.get("/api/catalog/categories", Optional.empty()).statusCode()).isIn(401, 404);
            subset.stop();
        }
    }

    @Test
    void a_postgres_left_by_a_killed_platform_is_stopped_at_the_next_start() throws Exception {
        Path data = tmp.resolve("killed");
        try (PlatformProcess killed = PlatformProcess.start(data, "--emporium.demo.enabled=false")) {
            killed.process.destroyForcibly().waitFor();
            assertThat(Files.exists(data.resolve("postgres/postmaster.pid"))).as("postgres outlives a SIGKILLed JVM").isTrue();
        }
        try (PlatformProcess next = PlatformProcess.start(data, "--emporium.demo.enabled=false")) {
            assertThat(next.output()).contains("left running on");
            next.stop();
        }
        assertThat(PlatformProcess.processesUsing(data)).isEmpty();
    }
}
