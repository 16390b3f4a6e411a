package io.emporium.bench;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;

/** Checks out a customer's cart and approves the payment at the sandbox gateway. */
final class Checkout {

    private static final Map<String, Object> SHIPPING = Map.of("shippingAddress", Map.of(
            "name", "Bench Buyer", "phone", "+86 21 5555 0100", "line1", "1 Benchmark Road",
            "city", "Shanghai", "postalCode", "200000", "country", "CN"));

    private final Api api;
    private final LongAdder created = new LongAdder();

    Checkout(Api api) {
        this.api = api;
    }

    /**
     * POST /api/orders/checkouts with a fresh Idempotency-Key (repeated while it is answered 202); returns the
     * payment's id. Throws ApiException on any other answer than 201 (409 insufficient-stock among them).
     */
    String place(User user) {
        Map<String, String> key = Map.of("Idempotency-Key", "bench-" + UUID.randomUUID());
        Api.Response checkout = api.send("checkout", "POST", "/api/orders/checkouts", SHIPPING, user.token(), key);
        // 202: the checkout goes on without the request; the same request again answers 201 once its orders exist.
        // The tool waits between the repeats as a client would (the API has no notification), at most 30 s.
        for (int tries = 0; checkout.status() == 202 && tries < 120; tries++) {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            checkout = api.send("checkout (accepted, again)", "POST", "/api/orders/checkouts", SHIPPING, user.token(), key);
        }
        if (checkout.status() != 201) {
            throw ApiException.answer("checkout", checkout.status(), "", "expected 201");
        }
        created.increment();
        return checkout.body().path("payment").path("id").asString();
    }

    /** The customer approves the payment at the sandbox gateway (202); capture follows asynchronously. */
    void pay(User user, String paymentId) {
        api.post("approve payment", "/api/payments/" + paymentId + "/sandbox/approve", null, user.token());
    }

    /** Checkouts answered 201 so far, warm-up included. */
    long created() {
        return created.sum();
    }
}
