package io.emporium.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.emporium.coordination.LeadershipGate;
import io.emporium.inventory.application.ReservationExpiryJob;
import io.emporium.testing.Api;
import io.emporium.testing.Fixtures;
import io.emporium.testing.PlatformTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

@PlatformTest
class ReservationExpiryJobTest {

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    ReservationExpiryJob job;
    @Autowired
    LeadershipGate leadership;

    @Test
    void the_leader_s_sweep_gives_expired_stock_back() {
        Api api = new Api(port);
        Api service = fixtures.service(api);
        Fixtures.Merchant merchant = fixtures.merchant(api);
        String sku = Fixtures.stockedSku(merchant, 6);
        String path = "/api/inventory/internal/reservations/" + Fixtures.unique("res_");
        Instant expiry = Instant.now().plusMillis(1500);
        service.put(path, Map.of("orderRef", "ord_job", "expiresAt", expiry.toString(),
                "lines", List.of(Map.of("skuId", sku, "quantity", 6))));
        assertThat(merchant.api().get("/api/inventory/skus/" + sku).json().get("available").asLong()).isZero();

        assertThat(leadership.isLeader()).as("the only platform process leads the jobs").isTrue();
        job.sweep();
        assertThat(service.get(path).json().get("status").asString()).as("not yet due").isEqualTo("RESERVED");

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
            job.sweep();
            return service.get(path).json().get("status").asString().equals("EXPIRED");
        });
        assertThat(merchant.api().get("/api/inventory/skus/" + sku).json().get("available").asLong()).isEqualTo(6);
    }
}
