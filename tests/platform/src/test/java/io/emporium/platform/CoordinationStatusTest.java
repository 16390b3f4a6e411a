package io.emporium.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.emporium.coordination.DistributedLocks;
import io.emporium.coordination.LockHandle;
import io.emporium.testing.Api;
import io.emporium.testing.Fixtures;
import io.emporium.testing.PlatformTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@PlatformTest
class CoordinationStatusTest {

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    DistributedLocks locks;
    @Autowired
    io.emporium.coordination.ServiceRegistry registry;

    @Test
    void once_ready_the_process_registers_every_service_it_runs_at_its_port() {
        for (String service : java.util.List.of("identity", "inventory", "catalog", "cart", "payment", "promotion", "order")) {
            await(service + " registered").atMost(Duration.ofSeconds(30)).until(() -> registry.instances(service).stream()
                    .anyMatch(i -> i.getPort() == port && i.getAddress().equals("127.0.0.1")));
        }
    }

    @Test
    void admins_see_the_leader_and_the_lock_holders() throws Exception {
        Api api = new Api(port);
        try (LockHandle held = locks.lock("admin-view-test").acquire(Duration.ofSeconds(5)).orElseThrow()) {
            Api admin = fixtures.admin(api);
            // the election runs in the background from start-up: if this test runs first, wait for its outcome
            // one election per service with singleton work (jobs, an outbox), each led here: the only process
            java.util.List<String> elections = java.util.List.of("jobs/inventory", "jobs/orders", "jobs/payment", "jobs/promotion");
            JsonNode status = await().atMost(Duration.ofSeconds(60)).until(() -> admin.get("/api/admin/coordination").json(),
                    s -> s.get("leaders").valueStream().filter(l -> l.get("token").asLong() > 0).count() >= elections.size());
            assertThat(status.get("leaders").valueStream().map(l -> l.get("group").asString()).toList())
                    .containsAll(elections);
            for (JsonNode election : status.get("leaders")) {
                assertThat(election.get("leader").asString()).as(election.get("group").asString())
                        .isEqualTo(election.get("self").asString());
                assertThat(election.get("token").asLong()).isPositive();
            }
            JsonNode lock = status.get("locks").valueStream()
                    .filter(l -> l.get("resource").asString().equals("admin-view-test")).findFirst().orElseThrow();
            assertThat(lock.get("token").asLong()).isEqualTo(held.fencingToken());
            assertThat(lock.get("holder").asString()).startsWith("emporium-");
        }
        assertThat(fixtures.customer(api).get("/api/admin/coordination").status()).isEqualTo(403);
        assertThat(api.get("/api/admin/coordination").status()).isEqualTo(401);
    }
}
