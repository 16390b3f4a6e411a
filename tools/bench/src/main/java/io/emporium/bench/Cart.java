package io.emporium.bench;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The cart routes, acting on a customer's own cart. Each returns the whole cart. */
final class Cart {

    private final Api api;

    Cart(Api api) {
        this.api = api;
    }

    JsonNode view(User user) {
        return api.get("view cart", "/api/cart", user.token());
    }

    JsonNode add(User user, String skuId, int quantity) {
        return api.post("add to cart", "/api/cart/lines", Map.of("skuId", skuId, "quantity", quantity), user.token()).body();
    }

    JsonNode set(User user, String skuId, int quantity) {
        return api.put("set cart line", "/api/cart/lines/" + skuId, Map.of("quantity", quantity), user.token());
    }

    JsonNode remove(User user, String skuId) {
        return api.delete("remove cart line", "/api/cart/lines/" + skuId, user.token());
    }

    void empty(User user) {
        for (JsonNode line : view(user).path("lines")) {
            remove(user, line.path("skuId").asString());
        }
    }
}
