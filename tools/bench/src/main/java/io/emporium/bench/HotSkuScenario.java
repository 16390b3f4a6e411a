package io.emporium.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import tools.jackson.databind.JsonNode;

/**
 * A flash sale of one SKU with --stock units, bought one unit per request by many customers
 * through the flash purchase endpoint (POST /api/promotions/flash-sales/{id}/purchases). Exactly
 * --stock purchases must be admitted, the rest answered 409 sold-out, and every admitted purchase
 * must become an order (the order center places them asynchronously; the check waits for them).
 * The warm-up buys from a second, small flash sale, so it exercises the same path without
 * touching the hot one.
 */
final class HotSkuScenario implements Scenario {

    private static final String MERCHANT = "merchant1@demo.emporium";
    private static final String ADMIN = "admin@demo.emporium";
    private static final String DEMO_PASSWORD = "demo-pass-1";
    private static final int WARM_UP_STOCK = 200;
    private static final Duration ORDERS_WAIT = Duration.ofMinutes(5);
    private static final Map<String, Object> PURCHASE = Map.of("quantity", 1, "shippingAddress", Map.of(
            "name", "Bench Buyer", "phone", "+86 138 0000 0000", "line1", "1 Bench Road", "city", "Shanghai",
            "postalCode", "200000", "country", "CN"));

    private final Api api;
    private final Jdbc jdbc;
    private final int userCount;
    private final int stock;
    private final LongAdder admitted = new LongAdder();
    private final LongAdder warmUpAdmitted = new LongAdder();
    private final LongAdder soldOut = new LongAdder();
    private final LongAdder rateLimited = new LongAdder();
    private String hotSale;
    private String warmUpSale;
    private Users users;
    private volatile boolean soldOutSeen;

    HotSkuScenario(Api api, Jdbc jdbc, int userCount, int stock) {
        this.api = api;
        this.jdbc = jdbc;
        this.userCount = userCount;
        this.stock = stock;
    }

    @Override
    public void prepare() {
        Log.step("Creating the hot SKU with a flash sale of %d units, and a warm-up sale, as %s and %s", stock, MERCHANT, ADMIN);
        User merchant = Users.signIn(api, MERCHANT, DEMO_PASSWORD);
        User admin = Users.signIn(api, ADMIN, DEMO_PASSWORD);
        String category = leafCategory(api.get("categories", "/api/catalog/categories", null));
        String run = Long.toString(System.currentTimeMillis(), 36);
        hotSale = flashSale(admin, stockedSku(merchant, category, "hot", run, stock), stock);
        warmUpSale = flashSale(admin, stockedSku(merchant, category, "warm-up", run, WARM_UP_STOCK), WARM_UP_STOCK);
        Log.step("Hot flash sale %s", hotSale);
        users = Users.prepare(api, userCount);
    }

    @Override
    public Action next(boolean warmingUp) {
        if (warmingUp) {
            return new Action("warm-up purchase", () -> users.withUser(user -> buy(user, warmUpSale)));
        }
        // once a sold-out answer came back, later requests are kept apart: their latency is the sold-out path's
        return new Action(soldOutSeen ? "purchase after sold out" : "purchase",
                () -> users.withUser(user -> buy(user, hotSale)));
    }

    @Override
    public long asyncCheckouts() {
        return admitted.sum() + warmUpAdmitted.sum();
    }

    @Override
    public List<Check> checks() {
        List<Check> checks = new ArrayList<>();
        long sold = admitted.sum();
        String detail = sold + " purchases admitted (202), " + soldOut.sum() + " answered sold out, " + rateLimited.sum()
                + " told to slow down (429); --stock " + stock;
        if (sold == stock) {
            checks.add(Check.pass("flash sale sold exactly --stock", detail));
        } else if (sold < stock && soldOut.sum() == 0) {
            checks.add(Check.skipped("flash sale sold exactly --stock", detail + " (it never sold out: nothing to compare)"));
        } else {
            checks.add(Check.fail("flash sale sold exactly --stock", detail));
        }
        if (jdbc != null) {
            checks.add(ordersPlaced());
        }
        return checks;
    }

    /** Every admitted purchase becomes an order; the order center places them after the load, so this waits. */
    private Check ordersPlaced() {
        String name = "every admitted purchase became an order";
        long expected = asyncCheckouts();
        long giveUp = System.nanoTime() + ORDERS_WAIT.toNanos();
        try {
            long placed;
            Instant started = Instant.now();
            while ((placed = orders()) < expected && System.nanoTime() < giveUp) {
                Log.step("  waiting for flash orders: %d of %d placed", placed, expected);
                Thread.sleep(2000); // orders are placed asynchronously; bounded by giveUp
            }
            double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
            return Check.of(name, placed == expected, placed + " orders for " + expected + " admitted purchases ("
                    + String.format("%.0f", seconds) + " s after the load ended)");
        } catch (SQLException e) {
            return Check.fail(name, "query failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Check.fail(name, "interrupted");
        }
    }

    private long orders() throws SQLException {
        try (Connection c = jdbc.open(); PreparedStatement s = c.prepareStatement("""
                SELECT count(*) FROM orders.customer_order o JOIN promotion.flash_claim f ON f.ref = o.checkout_id
                WHERE f.sale_id IN (?, ?)""")) {
            s.setString(1, hotSale);
            s.setString(2, warmUpSale);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private Outcome buy(User user, String sale) {
        try {
            api.post("flash purchase", "/api/promotions/flash-sales/" + sale + "/purchases", PURCHASE, user.token());
            (sale.equals(hotSale) ? admitted : warmUpAdmitted).increment();
            return Outcome.OK;
        } catch (ApiException e) {
            if (e.is(409, "sold-out")) {
                if (sale.equals(hotSale)) {
                    soldOut.increment();
                    soldOutSeen = true;
                }
                return Outcome.expected("sold out");
            }
            if (e.is(429, "rate-limited") || e.is(429, "busy")) {
                rateLimited.increment();
                return Outcome.expected("429 slow down");
            }
            throw e;
        }
    }

    private String flashSale(User admin, String skuId, int units) {
        Instant now = Instant.now();
        return api.post("create flash sale", "/api/promotions/flash-sales", Map.of("skuId", skuId,
                "price", Map.of("amount", "9.90", "currency", Catalog.CURRENCY), "stock", units, "perCustomerLimit", 100,
                "startsAt", now.minusSeconds(1).toString(), "endsAt", now.plus(Duration.ofHours(2)).toString()), admin.token())
                .body().path("id").asString();
    }

    /** Creates a published product with one SKU priced 99.00 and receives units of it; returns the SKU id. */
    private String stockedSku(User merchant, String category, String role, String run, int units) {
        Map<String, Object> sku = Map.of("code", "BENCH-" + role.toUpperCase() + "-" + run, "attributes", Map.of(),
                "price", Map.of("amount", "99.00", "currency", Catalog.CURRENCY));
        Map<String, Object> product = Map.of("categoryId", category, "name", "Bench " + role + " item " + run,
                "description", "Created by tools/bench for the hot-sku scenario.", "skus", List.of(sku), "publish", true);
        String skuId = api.post("create product", "/api/catalog/products", product, merchant.token())
                .body().path("skus").path(0).path("id").asString();
        api.post("receive stock", "/api/inventory/skus/" + skuId + "/receipts",
                Map.of("quantity", units, "receiptId", "bench-" + run + "-" + role), merchant.token());
        return skuId;
    }

    /** The first category without subcategories, depth first. */
    private static String leafCategory(JsonNode categories) {
        JsonNode first = categories.path(0);
        if (first.isMissingNode()) {
            throw new IllegalStateException("the catalog has no categories");
        }
        JsonNode children = first.path("children");
        return children.isEmpty() ? first.path("id").asString() : leafCategory(children);
    }
}
