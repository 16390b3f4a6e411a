package io.emporium.bench;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Customers who each fill a cart and check out and pay, nothing else: every action puts one to three
 * SKUs in a customer's cart (replacing what was there), checks out and approves the payment at the
 * sandbox gateway. The figure of merit is paid checkouts per second at a p99 under 200 ms with no
 * errors; the invariant checks afterwards say whether every one of them adds up. Stock is topped up
 * before the load as in {@link ShopScenario}, so the run measures selling, not selling out.
 */
final class CheckoutScenario implements Scenario {

    private final Api api;
    private final Cart cart;
    private final Checkout checkout;
    private final int userCount;
    private List<String> skus;
    private Users users;

    CheckoutScenario(Api api, Checkout checkout, int userCount) {
        this.api = api;
        this.cart = new Cart(api);
        this.checkout = checkout;
        this.userCount = userCount;
    }

    @Override
    public void prepare() {
        skus = ShopScenario.topUp(api, Catalog.load(api).skus());
        users = Users.prepare(api, userCount);
    }

    @Override
    public Action next(boolean warmingUp) {
        return new Action("checkout", () -> users.withUser(this::fillAndPay));
    }

    private Outcome fillAndPay(User user) {
        return ShopScenario.unlessSoldOut(() -> {
            cart.empty(user); // left over only when an earlier checkout of this customer failed
            for (int i = 1 + ThreadLocalRandom.current().nextInt(3); i > 0; i--) {
                cart.set(user, Catalog.pick(skus), 1 + ThreadLocalRandom.current().nextInt(2));
            }
            checkout.pay(user, checkout.place(user));
        });
    }
}
