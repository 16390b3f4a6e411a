package io.emporium.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.JsonNode;

/**
 * A mix of shopping sessions' steps, chosen by weight: 60% browse, 20% cart, 15% checkout with
 * payment, 5% order views. Before the load, SKUs with less than TOP_UP units available are topped up
 * (as the demo admin) so that the run measures selling, not selling out.
 */
final class ShopScenario implements Scenario {

    private static final int TOP_UP = 10_000;
    private static final int MAX_CART_LINES = 5;
    private static final String ADMIN = "admin@demo.emporium";
    private static final String DEMO_PASSWORD = "demo-pass-1";

    private final Api api;
    private final Cart cart;
    private final Checkout checkout;
    private final int userCount;
    private Catalog catalog;
    private List<String> skus;
    private Users users;

    ShopScenario(Api api, Checkout checkout, int userCount) {
        this.api = api;
        this.cart = new Cart(api);
        this.checkout = checkout;
        this.userCount = userCount;
    }

    @Override
    public void prepare() {
        catalog = Catalog.load(api);
        skus = topUp(api, catalog.skus());
        users = Users.prepare(api, userCount);
    }

    @Override
    public Action next(boolean warmingUp) {
        int r = ThreadLocalRandom.current().nextInt(100);
        if (r < 60) {
            return new Action("browse", this::browse);
        } else if (r < 80) {
            return new Action("cart", () -> users.withUser(this::addToCart));
        } else if (r < 95) {
            return new Action("checkout", () -> users.withUser(this::checkOut));
        }
        return new Action("orders", () -> users.withUser(this::viewOrders));
    }

    /** A listing (search words or a category), then one product of it. */
    private Outcome browse() {
        Map<String, String> filter = ThreadLocalRandom.current().nextBoolean()
                ? Map.of("q", catalog.randomWord()) : Map.of("category", catalog.randomCategory());
        JsonNode items = api.get("search products", Api.query("/api/catalog/products", filter), null).path("items");
        String productId = items.isEmpty() ? catalog.randomProduct()
                : items.get(ThreadLocalRandom.current().nextInt(items.size())).path("id").asString();
        api.get("product detail", "/api/catalog/products/" + productId, null);
        return Outcome.OK;
    }

    /** Adds one unit of a SKU, views the cart, and keeps it at most MAX_CART_LINES long. */
    private Outcome addToCart(User user) {
        return unlessSoldOut(() -> {
            cart.add(user, Catalog.pick(skus), 1);
            JsonNode lines = cart.view(user).path("lines");
            if (lines.size() > MAX_CART_LINES) {
                cart.remove(user, lines.get(0).path("skuId").asString());
            }
        });
    }

    /** Makes the cart purchasable (1 or 2 SKUs if it has none), checks out and approves the payment. */
    private Outcome checkOut(User user) {
        return unlessSoldOut(() -> {
            int purchasable = 0;
            for (JsonNode line : cart.view(user).path("lines")) {
                if (line.path("purchasable").asBoolean()) {
                    purchasable++;
                } else {
                    cart.remove(user, line.path("skuId").asString());
                }
            }
            for (int i = purchasable == 0 ? 1 + ThreadLocalRandom.current().nextInt(2) : 0; i > 0; i--) {
                cart.set(user, Catalog.pick(skus), 1);
            }
            checkout.pay(user, checkout.place(user));
        });
    }

    /** The customer's latest orders, and one of them. */
    private Outcome viewOrders(User user) {
        JsonNode items = api.get("list orders", "/api/orders?page=0&size=10", user.token()).path("items");
        if (!items.isEmpty()) {
            String orderId = items.get(ThreadLocalRandom.current().nextInt(items.size())).path("id").asString();
            api.get("order detail", "/api/orders/" + orderId, user.token());
        }
        return Outcome.OK;
    }

    /** A 409 insufficient-stock is the shop working as it should, not an error. */
    static Outcome unlessSoldOut(Runnable steps) {
        try {
            steps.run();
            return Outcome.OK;
        } catch (ApiException e) {
            if (e.isInsufficientStock()) {
                return Outcome.expected("insufficient-stock");
            }
            throw e;
        }
    }

    /** Receives TOP_UP units of each SKU that has fewer available; returns the SKUs to buy. */
    static List<String> topUp(Api api, List<Catalog.Sku> all) {
        List<Catalog.Sku> low = all.stream().filter(sku -> sku.available() < TOP_UP).toList();
        try {
            User admin = Users.signIn(api, ADMIN, DEMO_PASSWORD);
            Log.step("Topping up %d SKUs by %d units each (as %s)", low.size(), TOP_UP, ADMIN);
            String run = Long.toString(System.currentTimeMillis(), 36);
            for (Catalog.Sku sku : low) {
                api.post("receive stock", "/api/inventory/skus/" + sku.id() + "/receipts",
                        Map.of("quantity", TOP_UP, "receiptId", "bench-" + run + "-" + sku.id()), admin.token());
            }
            return all.stream().map(Catalog.Sku::id).toList();
        } catch (ApiException e) {
            Log.step("Cannot top up stock (%s); buying only SKUs in stock now", e.getMessage());
            return all.stream().filter(sku -> sku.available() > 0).map(Catalog.Sku::id).toList();
        }
    }
}
