package io.emporium.cart;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.catalog.api.CatalogApi;
import io.emporium.catalog.api.SkuQuery;
import io.emporium.catalog.api.SkuSnapshot;
import io.emporium.inventory.api.AvailabilityQuery;
import io.emporium.inventory.api.InventoryApi;
import io.emporium.inventory.api.SkuAvailability;
import io.emporium.kernel.Identifiers;
import io.emporium.kernel.Money;
import io.emporium.platform.security.Role;
import io.emporium.testing.component.TestTokens;
import io.emporium.testing.component.ComponentTest;
import io.emporium.testing.component.Http;
import io.emporium.testing.component.Stub;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.web.client.ResourceAccessException;
import tools.jackson.databind.JsonNode;

/**
 * The cart alone, on its schema, with the catalog and inventory stubbed: lines are priced from the
 * catalog's SKUs, limited by inventory's stock, and the cart stays usable when inventory is down.
 */
@ComponentTest
class CartComponentTest {

    @LocalServerPort
    int port;
    @Autowired
    TestTokens tokens;
    @Autowired
    Neighbours neighbours;

    @Test
    void a_line_is_priced_from_the_catalog_and_limited_by_inventory() {
        Http http = new Http(port);
        String customer = token();
        String sku = neighbours.sku(true, 4);

        Http.Response added = http.post("/api/cart/lines", "{\"skuId\": \"" + sku + "\", \"quantity\": 2}", customer);
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        JsonNode line = added.json().get("lines").get(0);
        assertThat(line.at("/lineTotal/amount").asString()).isEqualTo("25.00");
        assertThat(line.get("availability").asString()).isEqualTo("LOW_STOCK");

        Http.Response tooMany = http.put("/api/cart/lines/" + sku, "{\"quantity\": 5}", customer);
        assertThat(tooMany.status()).isEqualTo(409);
        assertThat(tooMany.problemType()).isEqualTo("insufficient-stock");
        assertThat(http.get("/api/cart", customer).json().at("/lines/0/quantity").asInt()).as("refused: unchanged").isEqualTo(2);

        neighbours.down = true;
        try {
            Http.Response withoutInventory = http.get("/api/cart", customer);
            assertThat(withoutInventory.status()).as("the cart stays up without inventory").isEqualTo(200);
            assertThat(withoutInventory.json().at("/lines/0/availability").asString()).isEqualTo("UNKNOWN");
        } finally {
            neighbours.down = false;
        }
    }

    @Test
    void what_the_catalog_does_not_sell_is_refused_and_the_cart_is_the_caller_s_own() {
        Http http = new Http(port);
        String customer = token();
        Http.Response unknown = http.post("/api/cart/lines", "{\"skuId\": \"sku_nowhere\", \"quantity\": 1}", customer);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.problemType()).isEqualTo("unknown-sku");
        Http.Response notOnSale = http.post("/api/cart/lines", "{\"skuId\": \"" + neighbours.sku(false, 10) + "\", \"quantity\": 1}",
                customer);
        assertThat(notOnSale.status()).isEqualTo(422);
        assertThat(http.post("/api/cart/lines", "{\"skuId\": \"" + neighbours.sku(true, 10) + "\", \"quantity\": 0}", customer)
                .status()).isEqualTo(400);
        assertThat(http.get("/api/cart", customer).json().get("lines")).as("nothing was added").isEmpty();
        assertThat(http.get("/api/cart", null).status()).isEqualTo(401);
        String merchant = tokens.issue(Identifiers.newId("acc"), Role.MERCHANT,
                Optional.of(new io.emporium.kernel.MerchantId(Identifiers.newId("mer")))).value();
        assertThat(http.get("/api/cart", merchant).status()).isEqualTo(403);
    }

    private String token() {
        return tokens.issue(Identifiers.newId("cus"), Role.CUSTOMER, Optional.empty()).value();
    }

    /** What the cart asks of the catalog (SKUs) and of inventory (availability), and nothing else. */
    public static class Neighbours {

        final Map<String, SkuSnapshot> skus = new ConcurrentHashMap<>();
        final Map<String, Long> stock = new ConcurrentHashMap<>();
        volatile boolean down;

        String sku(boolean onSale, long units) {
            String id = Identifiers.newId("sku");
            skus.put(id, new SkuSnapshot(id, Identifiers.newId("prd"), "Tea cup", Identifiers.newId("mer"), "CUP-1", Map.of(),
                    Money.of("12.50", "CNY"), onSale, List.of("cat_kitchen")));
            stock.put(id, units);
            return id;
        }

        public List<SkuSnapshot> skus(SkuQuery query) {
            return query.skuIds().stream().map(skus::get).filter(java.util.Objects::nonNull).toList();
        }

        public List<SkuAvailability> availability(AvailabilityQuery query) {
            if (down) {
                throw new ResourceAccessException("inventory is down (stub)");
            }
            return query.skuIds().stream().map(s -> SkuAvailability.of(s, stock.getOrDefault(s, 0L))).toList();
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Stubs {

        @Bean
        Neighbours neighbours() {
            return new Neighbours();
        }

        @Bean
        CatalogApi catalog(Neighbours neighbours) {
            return Stub.of(CatalogApi.class, neighbours);
        }

        @Bean
        InventoryApi inventory(Neighbours neighbours) {
            return Stub.of(InventoryApi.class, neighbours);
        }
    }
}
