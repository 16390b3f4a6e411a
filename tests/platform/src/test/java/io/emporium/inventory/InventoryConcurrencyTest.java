package io.emporium.inventory;

import static io.emporium.testing.Fixtures.stockedSku;
import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.inventory.application.InventoryService;
import io.emporium.testing.Api;
import io.emporium.testing.Fixtures;
import io.emporium.testing.PlatformTest;
import io.emporium.testing.Race;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Races many clients over HTTP against one SKU and then checks the no-oversell invariant
 * (docs/architecture.md, "No oversell") in the database: available + reserved + sold = received, available ≥ 0,
 * and the stock held equals what the successful reservations hold.
 */
@PlatformTest
class InventoryConcurrencyTest {

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
    @Autowired
    JdbcClient jdbc;
    Api service;
    Fixtures.Merchant merchant;

    @BeforeEach
    void setUp() {
        Api api = new Api(port);
        service = fixtures.service(api);
        merchant = fixtures.merchant(api);
    }

    record Level(long received, long available, long reserved, long sold) {
        void assertAddsUp() {
            assertThat(available).isGreaterThanOrEqualTo(0);
            assertThat(reserved).isGreaterThanOrEqualTo(0);
            assertThat(available + reserved + sold).isEqualTo(received);
        }
    }

    Level level(String sku) {
        return jdbc.sql("SELECT received, available, reserved, sold FROM inventory.stock_item WHERE sku_id = :s")
                .param("s", sku).query((rs, n) -> new Level(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
                .single();
    }


    Api.Response reserve(String id, String sku, long quantity, Instant expiresAt) {
        return service.put("/api/inventory/internal/reservations/" + id, Map.of("orderRef", "ord_" + id,
                "lines", List.of(Map.of("skuId", sku, "quantity", quantity)), "expiresAt", expiresAt.toString()));
    }

    @Test
    void two_hundred_buyers_of_fifty_units_exactly_fifty_succeed() throws Exception {
        String sku = stockedSku(merchant, 50);
        String run = Fixtures.unique("r");
        List<Integer> statuses = Race.run(200, i -> reserve(run + "_" + i, sku, 1, Instant.now().plusSeconds(600)).status());

        assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(50);
        assertThat(statuses.stream().filter(s -> s == 409).count()).isEqualTo(150);
        Level level = level(sku);
        level.assertAddsUp();
        assertThat(level.available()).isZero();
        assertThat(level.reserved()).isEqualTo(50);
        assertThat(jdbc.sql("SELECT count(*) FROM inventory.reservation_line WHERE sku_id = :s").param("s", sku)
                .query(Long.class).single()).isEqualTo(50);
    }

    @Test
    void random_quantities_never_oversell() throws Exception {
        String sku = stockedSku(merchant, 100);
        String run = Fixtures.unique("q");
        AtomicLong granted = new AtomicLong();
        List<Integer> statuses = Race.run(120, i -> {
            long quantity = ThreadLocalRandom.current().nextLong(1, 6);
            Api.Response r = reserve(run + "_" + i, sku, quantity, Instant.now().plusSeconds(600));
            if (r.status() == 200) {
                granted.addAndGet(quantity);
            }
            return r.status();
        });

        assertThat(statuses).allMatch(s -> s == 200 || s == 409);
        Level level = level(sku);
        level.assertAddsUp();
        assertThat(level.reserved()).isEqualTo(granted.get());
        assertThat(level.available()).isEqualTo(100 - granted.get());
        // 120 buyers of 1..5 units each want ~360 units: the stock must have run out or nearly so
        assertThat(level.available()).isLessThan(5);
    }

    @Test
    void expiry_racing_confirmation_never_counts_a_reservation_twice() throws Exception {
        String sku = stockedSku(merchant, 300);
        String run = Fixtures.unique("x");
        int reservations = 100;
        Map<String, Long> quantities = new ConcurrentHashMap<>();
        for (int i = 0; i < reservations; i++) {
            long quantity = 1 + (i % 3);
            String id = run + "_" + i;
            assertThat(reserve(id, sku, quantity, Instant.now().plusSeconds(30)).status()).isEqualTo(200);
            quantities.put(id, quantity);
        }

        AtomicBoolean confirming = new AtomicBoolean(true);
        AtomicInteger expiredByJob = new AtomicInteger();
        Thread sweeper = Thread.ofPlatform().start(() -> {
            while (confirming.get()) {
                // the job sees every reservation as due, as if its clock were an hour ahead
                expiredByJob.addAndGet(inventory.expireDue(Instant.now().plusSeconds(3600), 7, leaderToken()));
            }
        });
        List<String> ids = new ArrayList<>(quantities.keySet());
        List<Integer> statuses = Race.run(reservations,
                i -> service.post("/api/inventory/internal/reservations/" + ids.get(i) + "/confirmation", null).status());
        confirming.set(false);
        sweeper.join(30_000);
        expiredByJob.addAndGet(inventory.expireDue(Instant.now().plusSeconds(3600), 1000, leaderToken()));

        long confirmed = statuses.stream().filter(s -> s == 200).count();
        assertThat(statuses).allMatch(s -> s == 200 || s == 409);
        // the sweeper also expires other tests' leftovers in the shared database: count this SKU's only
        Map<String, Long> byStatus = new ConcurrentHashMap<>();
        jdbc.sql("""
                SELECT r.status, count(*) FROM inventory.reservation r JOIN inventory.reservation_line l ON l.reservation_id = r.id
                WHERE l.sku_id = :s GROUP BY r.status""").param("s", sku)
                .query(rs -> {
                    byStatus.put(rs.getString(1), rs.getLong(2));
                });
        assertThat(byStatus.getOrDefault("CONFIRMED", 0L)).isEqualTo(confirmed);
        assertThat(byStatus.getOrDefault("EXPIRED", 0L)).isEqualTo(reservations - confirmed);
        assertThat(expiredByJob.get()).isGreaterThanOrEqualTo((int) (reservations - confirmed));

        Map<String, Long> soldByStatus = new ConcurrentHashMap<>();
        jdbc.sql("""
                SELECT r.status, sum(l.quantity) FROM inventory.reservation r
                JOIN inventory.reservation_line l ON l.reservation_id = r.id
                WHERE l.sku_id = :s GROUP BY r.status""").param("s", sku)
                .query(rs -> {
                    soldByStatus.put(rs.getString(1), rs.getLong(2));
                });
        Level level = level(sku);
        level.assertAddsUp();
        assertThat(soldByStatus).doesNotContainKey("RESERVED");
        assertThat(level.reserved()).isZero();
        assertThat(level.sold()).isEqualTo(soldByStatus.getOrDefault("CONFIRMED", 0L));
        assertThat(level.available()).isEqualTo(300 - level.sold());
    }

    /**
     * Flash-sale pools under a race: 40 clients take one unit each from a pool of 10 while another
     * releases half of what it took and a third closes the pool half-way. Whatever the interleaving,
     * no more than 10 units are ever taken, nothing is counted twice, and once everything is
     * released every unit is back in available stock.
     */
    @Test
    void takings_and_returns_racing_the_closing_of_a_pool_never_count_a_unit_twice() throws Exception {
        String sku = stockedSku(merchant, 25);
        String pool = Fixtures.unique("pool_");
        assertThat(service.put("/api/inventory/internal/reservations/" + pool, Map.of("orderRef", "fls_race", "pool", true,
                "expiresAt", Instant.now().plus(java.time.Duration.ofDays(1)).toString(),
                "lines", List.of(Map.of("skuId", sku, "quantity", 10)))).status()).isEqualTo(200);
        String run = Fixtures.unique("p");
        java.util.concurrent.CountDownLatch firstTake = new java.util.concurrent.CountDownLatch(1);
        List<Integer> statuses = Race.run(41, i -> {
            if (i == 40) {
                try {
                    firstTake.await(10, java.util.concurrent.TimeUnit.SECONDS); // close it while the others are taking
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return service.post("/api/inventory/internal/reservations/" + pool + "/release", null).status();
            }
            String id = run + "_" + i;
            int status = service.put("/api/inventory/internal/reservations/" + id, Map.of("orderRef", "ord_" + id,
                    "expiresAt", Instant.now().plusSeconds(600).toString(),
                    "lines", List.of(Map.of("skuId", sku, "quantity", 1, "fromPool", pool)))).status();
            if (status == 200) {
                firstTake.countDown();
            }
            if (status == 200 && i % 2 == 0) {
                service.post("/api/inventory/internal/reservations/" + id + "/release", null);
            }
            return status;
        });
        assertThat(statuses.get(40)).as("the pool closed").isEqualTo(200);
        List<Integer> takes = statuses.subList(0, 40);
        assertThat(takes).allMatch(s -> s == 200 || s == 409);
        assertThat(takes.stream().filter(s -> s == 200).count()).as("some took a unit before the pool closed").isPositive();

        Level level = level(sku);
        level.assertAddsUp();
        long held = jdbc.sql("""
                SELECT coalesce(sum(l.quantity), 0) FROM inventory.reservation_line l JOIN inventory.reservation r ON r.id = l.reservation_id
                WHERE l.from_pool = :pool AND r.status = 'RESERVED'""").param("pool", pool).query(Long.class).single();
        assertThat(held).as("at most the pool's 10 units are held at once").isLessThanOrEqualTo(10);
        assertThat(level.reserved()).as("after the pool closed, only the takers still hold stock").isEqualTo(held);
        assertThat(level.available()).isEqualTo(25 - held);

        for (int i = 0; i < 40; i++) {
            service.post("/api/inventory/internal/reservations/" + run + "_" + i + "/release", null);
        }
        Level after = level(sku);
        after.assertAddsUp();
        assertThat(after.available()).as("every unit back, none twice").isEqualTo(25);
        assertThat(after.reserved()).isZero();
    }
}
