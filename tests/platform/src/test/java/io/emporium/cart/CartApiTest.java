package io.emporium.cart;

import static io.emporium.testing.Fixtures.stockedSku;
import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.testing.Api;
import io.emporium.testing.Fixtures;
import io.emporium.testing.PlatformTest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@PlatformTest
class CartApiTest {

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    Api api;
    Api customer;
    Fixtures.Merchant merchant;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        customer = fixtures.customer(api);
        merchant = fixtures.merchant(api);
    }

    @Test
    void add_update_and_remove_lines_with_current_price_and_availability() {
        String sku = stockedSku(merchant, 20);
        JsonNode cart = customer.post("/api/cart/lines", Map.of("skuId", sku, "quantity", 2)).json();
        cart = customer.post("/api/cart/lines", Map.of("skuId", sku, "quantity", 1)).json();
        assertThat(cart.at("/lines/0/quantity").asInt()).isEqualTo(3);
        assertThat(cart.at("/lines/0/unitPrice/amount").asString()).isEqualTo("59.90");
        assertThat(cart.at("/lines/0/lineTotal/amount").asString()).isEqualTo("179.70");
        assertThat(cart.at("/lines/0/available").asLong()).isEqualTo(20);
        assertThat(cart.at("/subtotal/amount").asString()).isEqualTo("179.70");
        assertThat(cart.get("readyForCheckout").asBoolean()).isTrue();

        cart = customer.put("/api/cart/lines/" + sku, Map.of("quantity", 5)).json();
        assertThat(cart.at("/lines/0/quantity").asInt()).isEqualTo(5);
        assertThat(cart.get("itemCount").asInt()).isEqualTo(5);

        String productId = cart.at("/lines/0/productId").asString();
        merchant.api().patch("/api/catalog/products/" + productId + "/skus/" + sku,
                Map.of("price", Fixtures.money("49.90")));
        assertThat(customer.get("/api/cart").json().at("/subtotal/amount").asString()).isEqualTo("249.50");

        cart = customer.delete("/api/cart/lines/" + sku).json();
        assertThat(cart.get("lines").size()).isZero();
        assertThat(customer.delete("/api/cart/lines/" + sku).status()).isEqualTo(404);
    }

    @Test
    void concurrent_adds_are_never_lost() throws Exception {
        String sku = stockedSku(merchant, 50);
        java.util.List<Integer> statuses = io.emporium.testing.Race.run(12,
                i -> customer.post("/api/cart/lines", Map.of("skuId", sku, "quantity", 2)).status());
        assertThat(statuses).allMatch(s -> s == 200);
        assertThat(customer.get("/api/cart").json().at("/lines/0/quantity").asInt()).isEqualTo(24);
    }

    @Test
    void a_cart_belongs_to_its_customer_alone() {
        String sku = stockedSku(merchant, 5);
        customer.post("/api/cart/lines", Map.of("skuId", sku, "quantity", 1));
        Api other = fixtures.customer(api);
        assertThat(other.get("/api/cart").json().get("lines").size()).isZero();
        assertThat(merchant.api().get("/api/cart").status()).isEqualTo(403);
        assertThat(api.get("/api/cart").status()).isEqualTo(401);
    }

    @Test
    void bad_quantities_and_unknown_or_unsellable_skus_are_refused() {
        String sku = stockedSku(merchant, 500);
        assertThat(customer.post("/api/cart/lines", Map.of("skuId", sku, "quantity", 0)).status()).isEqualTo(400);
        assertThat(customer.post("/api/cart/lines", Map.of("skuId", sku, "quantity", -3)).status()).isEqualTo(400);
        assertThat(customer.post("/api/cart/lines", Map.of("skuId", sku)).status()).isEqualTo(400);
        assertThat(customer.post("/api/cart/lines", Map.of("skuId", sku, "quantity", 1.5)).status()).isEqualTo(400);
        Api.Response tooMany = customer.post("/api/cart/lines", Map.of("skuId", sku, "quantity", 100));
        assertThat(tooMany.status()).isEqualTo(422);
        assertThat(tooMany.problemType()).isEqualTo("quantity-limit");
        assertThat(customer.put("/api/cart/lines/" + sku, Map.of("quantity", 99_999_999_999L)).status()).isEqualTo(400);
        customer.post("/api/cart/lines", Map.of("skuId", sku, "quantity", 60));
        assertThat(customer.post("/api/cart/lines", Map.of("skuId", sku, "quantity", 40)).status()).isEqualTo(422);
        assertThat(customer.get("/api/cart").json().at("/lines/0/quantity").asInt()).isEqualTo(60);

        Api.Response unknown = customer.post("/api/cart/lines", Map.of("skuId", "sku_unknown", "quantity", 1));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.problemType()).isEqualTo("unknown-sku");

        JsonNode draft = Fixtures.product(merchant, java.util.List.of(Fixtures.sku(Fixtures.unique("D-"), Map.of(), "5.00")),
                false);
        Api.Response unpublished = customer.post("/api/cart/lines",
                Map.of("skuId", draft.at("/skus/0/id").asString(), "quantity", 1));
        assertThat(unpublished.status()).isEqualTo(422);
        assertThat(unpublished.problemType()).isEqualTo("sku-not-purchasable");

        String scarce = stockedSku(merchant, 2);
        Api.Response short_ = customer.post("/api/cart/lines", Map.of("skuId", scarce, "quantity", 3));
        assertThat(short_.status()).isEqualTo(409);
        assertThat(short_.problemType()).isEqualTo("insufficient-stock");
    }

    @Test
    void a_line_whose_product_is_withdrawn_stays_visible_but_not_purchasable() {
        String sku = stockedSku(merchant, 5);
        JsonNode cart = customer.post("/api/cart/lines", Map.of("skuId", sku, "quantity", 1)).json();
        String productId = cart.at("/lines/0/productId").asString();
        merchant.api().delete("/api/catalog/products/" + productId + "/publication");
        cart = customer.get("/api/cart").json();
        assertThat(cart.at("/lines/0/purchasable").asBoolean()).isFalse();
        assertThat(cart.at("/lines/0/problem").asString()).contains("not on sale");
        assertThat(cart.get("readyForCheckout").asBoolean()).isFalse();
        assertThat(cart.at("/subtotal/amount").asString()).isEqualTo("0.00");
    }
}
