package io.emporium.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.emporium.inventory.application.ReservationExpiryJob;
import io.emporium.testing.Api;
import io.emporium.testing.Fixtures;
import io.emporium.testing.PlatformTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
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
    io.emporium.coordination.LeadershipGates gates;

    @Test
    void the_leader_s_sweep_gives_expired_stock_back() {
        Api api = new Api(port);
        Api service = fixtures.service(api);
        Fixtures.Merchant merchant = fixtures.merchant(api);
        String sku = Fixtures.stockedSku(merchant, 6);
        String path = "/api/inventory/internal/reservations/" + Fixtures.unique("res_");
        // due a few seconds ahead: far enough that a slow request still asks for a hold in the future
        Instant expiry = Instant.now().plusSeconds(5);
        service.put(path, Map.of("orderRef", "ord_job", "expiresAt", expiry.toString(),
                "lines", List.of(Map.of("skuId", sku, "quantity", 4))));
        // and one that no sweep of this test can find due, however slow the machine
        String later = "/api/inventory/internal/reservations/" + Fixtures.unique("res_");
        service.put(later, Map.of("orderRef", "ord_job", "expiresAt", Instant.now().plus(Duration.ofMinutes(30)).toString(),
                "lines", List.of(Map.of("skuId", sku, "quantity", 2))));
        assertThat(merchant.api().get("/api/inventory/skus/" + sku).json().get("available").asLong()).isZero();

        // the only platform process leads the jobs, once its election (in the background from start-up) is done
        await().atMost(Duration.ofSeconds(60)).until(gates.gate("inventory")::isLeader);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            job.sweep();
            return service.get(path).json().get("status").asString().equals("EXPIRED");
        });
        assertThat(service.get(later).json().get("status").asString()).as("not yet due").isEqualTo("RESERVED");
        assertThat(merchant.api().get("/api/inventory/skus/" + sku).json().get("available").asLong()).isEqualTo(4);
    }

    @Test
    void an_expired_reservation_taken_from_an_open_pool_gives_its_units_back_to_the_pool() {
        Api api = new Api(port);
        Api service = fixtures.service(api);
        Fixtures.Merchant merchant = fixtures.merchant(api);
        String sku = Fixtures.stockedSku(merchant, 10);
        String pool = Fixtures.unique("pool_");
        assertThat(service.put("/api/inventory/internal/reservations/" + pool, Map.of("orderRef", "fls_job", "pool", true,
                "expiresAt", Instant.now().plus(Duration.ofDays(2)).toString(),
                "lines", List.of(Map.of("skuId", sku, "quantity", 6)))).status()).isEqualTo(200);
        String child = "/api/inventory/internal/reservations/" + Fixtures.unique("res_");
        assertThat(service.put(child, Map.of("orderRef", "ord_pool", "expiresAt", Instant.now().plusSeconds(5).toString(),
                "lines", List.of(Map.of("skuId", sku, "quantity", 2, "fromPool", pool)))).status()).isEqualTo(200);
        assertThat(service.get("/api/inventory/internal/reservations/" + pool).json().at("/lines/0/quantity").asLong())
                .isEqualTo(4);
        // a pool cannot give more than it has, and a closed or unknown pool gives nothing
        assertThat(service.put("/api/inventory/internal/reservations/" + Fixtures.unique("res_"), Map.of("orderRef", "ord_x",
                "expiresAt", Instant.now().plusSeconds(60).toString(),
                "lines", List.of(Map.of("skuId", sku, "quantity", 5, "fromPool", pool)))).problemType())
                .isEqualTo("insufficient-stock");
        assertThat(service.put("/api/inventory/internal/reservations/" + Fixtures.unique("res_"), Map.of("orderRef", "ord_x",
                "expiresAt", Instant.now().plusSeconds(60).toString(),
                "lines", List.of(Map.of("skuId", sku, "quantity", 1, "fromPool", "pool_none")))).problemType())
                .isEqualTo("pool-closed");

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            job.sweep();
            return service.get(child).json().get("status").asString().equals("EXPIRED");
        });
        assertThat(service.get("/api/inventory/internal/reservations/" + pool).json().at("/lines/0/quantity").asLong())
                .as("back in the pool").isEqualTo(6);
        JsonNode level = merchant.api().get("/api/inventory/skus/" + sku).json();
        assertThat(List.of(level.get("available").asLong(), level.get("reserved").asLong())).containsExactly(4L, 6L);

        assertThat(service.post("/api/inventory/internal/reservations/" + pool + "/release", null).status()).isEqualTo(200);
        level = merchant.api().get("/api/inventory/skus/" + sku).json();
        assertThat(List.of(level.get("available").asLong(), level.get("reserved").asLong())).as("the pool closed")
                .containsExactly(10L, 0L);
    }
}
