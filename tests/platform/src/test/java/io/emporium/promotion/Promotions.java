package io.emporium.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.testing.Api;
import io.emporium.testing.Fixtures;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** Requests that set up promotions, for the promotion tests. */
final class Promotions {

    private Promotions() {
    }

    static Map<String, Object> coupon(String kind, String amount, String percent, String maxDiscount, String minSpend,
            Instant from, Instant until, int cap, int perCustomer) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", "Test coupon " + UUID.randomUUID().toString().substring(0, 6));
        body.put("kind", kind);
        if (amount != null) {
            body.put("amount", Fixtures.money(amount));
        }
        if (percent != null) {
            body.put("percent", new java.math.BigDecimal(percent)); // a JSON number: the API takes no number as a string
        }
        if (maxDiscount != null) {
            body.put("maxDiscount", Fixtures.money(maxDiscount));
        }
        if (minSpend != null) {
            body.put("minSpend", Fixtures.money(minSpend));
        }
        body.put("validFrom", from.toString());
        body.put("validUntil", until.toString());
        body.put("totalCap", cap);
        body.put("perCustomerLimit", perCustomer);
        return body;
    }

    static String template(Api owner, Map<String, Object> body) {
        Api.Response r = owner.post("/api/promotions/coupon-templates", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    static String claim(Api customer, String templateId) {
        Api.Response r = customer.post("/api/promotions/coupon-templates/" + templateId + "/claims", null);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("code").asString();
    }

    static Map<String, Object> checkoutBody(List<String> coupons) {
        return Map.of("shippingAddress", io.emporium.testing.Shopping.address(), "couponCodes", coupons);
    }

    static Api.Response checkout(Api customer, List<String> coupons) {
        return customer.postWithHeader("/api/orders/checkouts", checkoutBody(coupons), "Idempotency-Key",
                "key-" + UUID.randomUUID());
    }

    static JsonNode coupon(Api customer, String code) {
        for (JsonNode c : customer.get("/api/promotions/coupons").json()) {
            if (c.get("code").asString().equals(code)) {
                return c;
            }
        }
        throw new AssertionError("no coupon " + code);
    }

    static Map<String, Object> flashSale(String skuId, String price, int stock, int limit, Instant from, Instant until) {
        return Map.of("skuId", skuId, "price", Fixtures.money(price), "stock", stock, "perCustomerLimit", limit,
                "startsAt", from.toString(), "endsAt", until.toString());
    }

    static Map<String, Object> purchase(int quantity) {
        return Map.of("quantity", quantity, "shippingAddress", io.emporium.testing.Shopping.address());
    }
}
