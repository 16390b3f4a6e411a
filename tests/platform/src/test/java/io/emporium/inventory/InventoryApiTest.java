package io.emporium.inventory;

import static io.emporium.testing.Fixtures.stockedSku;
import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.inventory.application.InventoryService;
import io.emporium.testing.Api;
import io.emporium.testing.Fixtures;
import io.emporium.testing.PlatformTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@PlatformTest
class InventoryApiTest {

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    InventoryService inventory;
    @Autowired
    io.emporium.coordination.LeadershipGates gates;

    io.emporium.coordination.LeaderToken leaderToken() {
        // the election runs in the background from start-up: wait for its outcome rather than assume it
        return org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .until(gates.gate("inventory")::fencingToken, java.util.Optional::isPresent).orElseThrow();
    }
    Api api;
    Api service;
    Fixtures.Merchant merchant;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        service = fixtures.service(api);
        merchant = fixtures.merchant(api);
    }

    JsonNode stock(String sku) {
        return merchant.api().get("/api/inventory/skus/" + sku).json();
    }

    static Map<String, Object> reserve(String order, String sku, long quantity, Instant expiresAt) {
        return Map.of("orderRef", order, "lines", List.of(Map.of("skuId", sku, "quantity", quantity)),
                "expiresAt", expiresAt.toString());
    }

    static Instant inMinutes(long minutes) {
        return Instant.now().plus(minutes, ChronoUnit.MINUTES);
    }

    @Test
    void a_merchant_receives_stock_for_their_own_skus_only() {
        String sku = stockedSku(merchant, 10);
        JsonNode level = stock(sku);
        assertThat(level.get("received").asLong()).isEqualTo(10);
        assertThat(level.get("available").asLong()).isEqualTo(10);

        Fixtures.Merchant other = fixtures.merchant(api);
        Api.Response foreign = other.api().post("/api/inventory/skus/" + sku + "/receipts", Map.of("quantity", 5));
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(other.api().get("/api/inventory/skus/" + sku).status()).isEqualTo(403);
        Api customer = fixtures.customer(api);
        assertThat(customer.post("/api/inventory/skus/" + sku + "/receipts", Map.of("quantity", 5)).status()).isEqualTo(403);
        assertThat(api.post("/api/inventory/skus/" + sku + "/receipts", Map.of("quantity", 5)).status()).isEqualTo(401);
        assertThat(stock(sku).get("received").asLong()).isEqualTo(10);
        assertThat(fixtures.admin(api).get("/api/inventory/skus/" + sku).status()).isEqualTo(200);
    }

    @Test
    void a_receipt_id_makes_receiving_idempotent() {
        String sku = stockedSku(merchant, 0);
        String path = "/api/inventory/skus/" + sku + "/receipts";
        assertThat(merchant.api().post(path, Map.of("receiptId", "grn-1001", "quantity", 7)).status()).isEqualTo(200);
        assertThat(merchant.api().post(path, Map.of("receiptId", "grn-1001", "quantity", 7)).status()).isEqualTo(200);
        assertThat(stock(sku).get("received").asLong()).isEqualTo(7);
        Api.Response reused = merchant.api().post(path, Map.of("receiptId", "grn-1001", "quantity", 8));
        assertThat(reused.status()).isEqualTo(409);
        assertThat(reused.problemType()).isEqualTo("receipt-id-reused");
    }

    @Test
    void bad_receipts_are_refused() {
        String sku = stockedSku(merchant, 0);
        String path = "/api/inventory/skus/" + sku + "/receipts";
        assertThat(merchant.api().post(path, Map.of("quantity", 0)).status()).isEqualTo(400);
        assertThat(merchant.api().post(path, Map.of("quantity", -5)).status()).isEqualTo(400);
        assertThat(merchant.api().post(path, Map.of("quantity", 1_000_001)).status()).isEqualTo(400);
        assertThat(merchant.api().post(path, Map.of("quantity", 99_999_999_999_999L)).status()).isEqualTo(400);
        assertThat(merchant.api().post(path, Map.of()).status()).isEqualTo(400);
        assertThat(merchant.api().post(path, Map.of("quantity", 2, "receiptId", "no spaces")).status()).isEqualTo(400);
        assertThat(merchant.api().post("/api/inventory/skus/sku_unknown/receipts", Map.of("quantity", 1)).status())
                .isEqualTo(404);
        assertThat(stock(sku).get("received").asLong()).isZero();
    }

    @Test
    void a_reservation_moves_stock_and_every_step_is_idempotent() {
        String sku = stockedSku(merchant, 10);
        String path = "/api/inventory/internal/reservations/" + Fixtures.unique("res_");
        Map<String, Object> request = reserve("ord_1", sku, 3, inMinutes(15));

        Api.Response reserved = service.put(path, request);
        assertThat(reserved.status()).as(reserved.toString()).isEqualTo(200);
        assertThat(reserved.json().get("status").asString()).isEqualTo("RESERVED");
        assertThat(service.put(path, request).status()).isEqualTo(200);
        assertThat(stock(sku).get("available").asLong()).isEqualTo(7);
        assertThat(stock(sku).get("reserved").asLong()).isEqualTo(3);

        Api.Response different = service.put(path, reserve("ord_1", sku, 4, inMinutes(15)));
        assertThat(different.status()).isEqualTo(409);
        assertThat(different.problemType()).isEqualTo("reservation-id-reused");

        assertThat(service.post(path + "/confirmation", null).json().get("status").asString()).isEqualTo("CONFIRMED");
        assertThat(service.post(path + "/confirmation", null).status()).isEqualTo(200);
        JsonNode level = stock(sku);
        assertThat(level.get("sold").asLong()).isEqualTo(3);
        assertThat(level.get("reserved").asLong()).isZero();
        assertThat(level.get("available").asLong()).isEqualTo(7);

        Api.Response release = service.post(path + "/release", null);
        assertThat(release.status()).isEqualTo(409);
        assertThat(release.json().get("currentState").asString()).isEqualTo("CONFIRMED");
    }

    @Test
    void a_released_reservation_gives_stock_back_once_and_cannot_be_confirmed() {
        String sku = stockedSku(merchant, 5);
        String path = "/api/inventory/internal/reservations/" + Fixtures.unique("res_");
        service.put(path, reserve("ord_2", sku, 5, inMinutes(15)));
        assertThat(stock(sku).get("available").asLong()).isZero();
        assertThat(service.post(path + "/release", null).json().get("status").asString()).isEqualTo("RELEASED");
        assertThat(service.post(path + "/release", null).status()).isEqualTo(200);
        assertThat(stock(sku).get("available").asLong()).isEqualTo(5);
        Api.Response confirm = service.post(path + "/confirmation", null);
        assertThat(confirm.status()).isEqualTo(409);
        assertThat(confirm.json().get("currentState").asString()).isEqualTo("RELEASED");
    }

    @Test
    void reserving_more_than_available_is_a_conflict_naming_the_sku_and_changes_nothing() {
        String plenty = stockedSku(merchant, 100);
        String scarce = stockedSku(merchant, 2);
        Api.Response r = service.put("/api/inventory/internal/reservations/" + Fixtures.unique("res_"), Map.of(
                "orderRef", "ord_3", "expiresAt", inMinutes(5).toString(),
                "lines", List.of(Map.of("skuId", plenty, "quantity", 10), Map.of("skuId", scarce, "quantity", 3))));
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.problemType()).isEqualTo("insufficient-stock");
        assertThat(r.json().get("skuId").asString()).isEqualTo(scarce);
        assertThat(stock(plenty).get("available").asLong()).isEqualTo(100);
        assertThat(stock(scarce).get("available").asLong()).isEqualTo(2);
    }

    @Test
    void bad_reservations_are_refused() {
        String sku = stockedSku(merchant, 10);
        String path = "/api/inventory/internal/reservations/" + Fixtures.unique("res_");
        assertThat(service.put(path, reserve("ord", sku, 0, inMinutes(5))).status()).isEqualTo(400);
        assertThat(service.put(path, reserve("ord", sku, 10_001, inMinutes(5))).status()).isEqualTo(400);
        assertThat(service.put(path, reserve("ord", sku, 1, Instant.now().minusSeconds(5))).status()).isEqualTo(422);
        assertThat(service.put(path, reserve("ord", sku, 1, inMinutes(60 * 25))).status()).isEqualTo(422);
        assertThat(service.put(path, reserve("ord", "sku_nope", 1, inMinutes(5))).status()).isEqualTo(404);
        assertThat(service.put(path, Map.of("orderRef", "ord", "expiresAt", inMinutes(5).toString(), "lines", List.of(
                Map.of("skuId", sku, "quantity", 1), Map.of("skuId", sku, "quantity", 1)))).status()).isEqualTo(400);
        assertThat(service.put(path, Map.of("orderRef", "ord", "lines", List.of())).status()).isEqualTo(400);
        assertThat(service.put("/api/inventory/internal/reservations/bad%20id", reserve("ord", sku, 1, inMinutes(5))).status())
                .isEqualTo(400);
        assertThat(service.post("/api/inventory/internal/reservations/res_unknown/confirmation", null).status()).isEqualTo(404);
        assertThat(service.get("/api/inventory/internal/reservations/res_unknown").status()).isEqualTo(404);
        assertThat(stock(sku).get("available").asLong()).isEqualTo(10);
    }

    @Test
    void expired_reservations_are_released_by_the_job_and_cannot_be_confirmed_after_expiry() {
        String sku = stockedSku(merchant, 4);
        String id = Fixtures.unique("res_");
        String path = "/api/inventory/internal/reservations/" + id;
        Instant expiry = Instant.now().plusSeconds(60);
        service.put(path, reserve("ord_4", sku, 4, expiry));

        inventory.expireDue(expiry.minusSeconds(1), 1000, leaderToken());
        assertThat(service.get(path).json().get("status").asString()).isEqualTo("RESERVED");
        inventory.expireDue(expiry.plusSeconds(1), 1000, leaderToken());
        assertThat(service.get(path).json().get("status").asString()).isEqualTo("EXPIRED");
        assertThat(stock(sku).get("available").asLong()).isEqualTo(4);
        inventory.expireDue(expiry.plusSeconds(2), 1000, leaderToken());
        assertThat(stock(sku).get("available").asLong()).isEqualTo(4);

        Api.Response confirm = service.post(path + "/confirmation", null);
        assertThat(confirm.status()).isEqualTo(409);
        assertThat(confirm.json().get("currentState").asString()).isEqualTo("EXPIRED");
    }

    @Test
    void a_deposed_leader_s_expiry_pass_changes_nothing() {
        String sku = stockedSku(merchant, 3);
        String path = "/api/inventory/internal/reservations/" + Fixtures.unique("res_");
        Instant expiry = Instant.now().plusSeconds(60);
        service.put(path, reserve("ord_5", sku, 3, expiry));
        inventory.expireDue(expiry.minusSeconds(30), 10, leaderToken());
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> inventory.expireDue(expiry.plusSeconds(1), 1000,
                        new io.emporium.coordination.LeaderToken(leaderToken().group(), leaderToken().value() - 1)))
                .isInstanceOf(io.emporium.coordination.StaleFencingTokenException.class);
        assertThat(service.get(path).json().get("status").asString()).isEqualTo("RESERVED");
        assertThat(stock(sku).get("available").asLong()).isZero();
    }

    @Test
    void availability_is_reported_in_request_order_with_unknown_skus_out_of_stock() {
        String a = stockedSku(merchant, 3);
        String b = stockedSku(merchant, 50);
        JsonNode result = service.post("/api/inventory/internal/availability-queries",
                Map.of("skuIds", List.of(b, "sku_unknown", a))).json();
        assertThat(result.get(0).get("state").asString()).isEqualTo("IN_STOCK");
        assertThat(result.get(1).get("state").asString()).isEqualTo("OUT_OF_STOCK");
        assertThat(result.get(2).get("state").asString()).isEqualTo("LOW_STOCK");
        assertThat(result.get(2).get("available").asLong()).isEqualTo(3);
    }
}
