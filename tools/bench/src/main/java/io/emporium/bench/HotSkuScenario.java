package io.emporium.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import tools.jackson.databind.JsonNode;

/**
 * Many customers buy one unit each of a single SKU with --stock units: put it in the cart, check out,
 * approve the payment. Exactly --stock checkouts must succeed; the others must get 409
 * insufficient-stock. The warm-up buys a second SKU with plenty of stock, so that it exercises the same
 * path without selling the hot SKU.
 */
final class HotSkuScenario implements Scenario {

    private static final String MERCHANT = "merchant1@demo.emporium";
    private static final String DEMO_PASSWORD = "demo-pass-1";
    private static final int WARM_UP_STOCK = 1_000_000;

    private final Api api;
    private final Cart cart;
    private final Checkout checkout;
    private final int userCount;
    private final int stock;
    private final LongAdder hotCheckouts = new LongAdder();
    private final LongAdder soldOut = new LongAdder();
    private String hotSku;
    private String warmUpSku;
    private Users users;

    HotSkuScenario(Api api, Checkout checkout, int userCount, int stock) {
        this.api = api;
        this.cart = new Cart(api);
        this.checkout = checkout;
        this.userCount = userCount;
        this.stock = stock;
    }

    @Override
    public void prepare() {
        Log.step("Creating the hot SKU (%d units) and a warm-up SKU as %s", stock, MERCHANT);
        User merchant = Users.signIn(api, MERCHANT, DEMO_PASSWORD);
        String category = leafCategory(api.get("categories", "/api/catalog/categories", null));
        String run = Long.toString(System.currentTimeMillis(), 36);
        hotSku = stockedSku(merchant, category, "hot", run, stock);
        warmUpSku = stockedSku(merchant, category, "warm-up", run, WARM_UP_STOCK);
        Log.step("Hot SKU %s", hotSku);
        users = Users.prepare(api, userCount);
    }

    @Override
    public Action next(boolean warmingUp) {
        return warmingUp
                ? new Action("warm-up purchase", () -> users.withUser(user -> buy(user, warmUpSku)))
                : new Action("purchase", () -> users.withUser(user -> buy(user, hotSku)));
    }

    @Override
    public List<Check> checks() {
        long sold = hotCheckouts.sum();
        String detail = sold + " checkouts of the hot SKU answered 201, " + soldOut.sum() + " answered sold out; --stock " + stock;
        if (sold == stock) {
            return List.of(Check.pass("hot SKU sold exactly --stock", detail));
        }
        if (sold < stock && soldOut.sum() == 0) {
            return List.of(Check.skipped("hot SKU sold exactly --stock", detail + " (it never sold out: nothing to compare)"));
        }
        return List.of(Check.fail("hot SKU sold exactly --stock", detail));
    }

    private Outcome buy(User user, String sku) {
        try {
            cart.set(user, sku, 1);
            String paymentId = checkout.place(user);
            if (sku.equals(hotSku)) {
                hotCheckouts.increment();
            }
            checkout.pay(user, paymentId);
            return Outcome.OK;
        } catch (ApiException e) {
            if (e.isInsufficientStock()) {
                if (sku.equals(hotSku)) {
                    soldOut.increment();
                }
                return Outcome.expected("sold out");
            }
            throw e;
        }
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
