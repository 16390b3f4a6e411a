package io.emporium.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.inventory.api.AvailabilityQuery;
import io.emporium.inventory.api.InventoryApi;
import io.emporium.inventory.api.SkuAvailability;
import io.emporium.inventory.api.SkuRegistration;
import io.emporium.kernel.Identifiers;
import io.emporium.kernel.MerchantId;
import io.emporium.platform.security.Role;
import io.emporium.testing.component.TestTokens;
import io.emporium.testing.component.ComponentTest;
import io.emporium.testing.component.Http;
import io.emporium.testing.component.Stub;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.web.client.ResourceAccessException;
import tools.jackson.databind.JsonNode;

/**
 * The catalog alone, on its schema, with inventory stubbed: a product's SKUs are registered with
 * inventory, its availability is inventory's answer, and the catalog still answers (availability
 * UNKNOWN) when inventory cannot be reached.
 */
@ComponentTest
class CatalogComponentTest {

    @LocalServerPort
    int port;
    @Autowired
    TestTokens tokens;
    @Autowired
    StubInventory inventory;

    @AfterEach
    void inventoryBack() {
        inventory.down(false);
    }

    @Test
    void a_published_product_registers_its_skus_with_inventory_and_shows_inventory_s_availability() {
        Http http = new Http(port);
        String merchant = Identifiers.newId("mer");
        String merchantToken = token(Role.MERCHANT, merchant);
        String category = category(http);

        Http.Response created = http.post("/api/catalog/products", """
                {"categoryId": "%s", "name": "Tea cup", "description": "A cup", "publish": true,
                 "skus": [{"code": "CUP-1", "attributes": {"colour": "white"}, "price": {"amount": "12.50", "currency": "CNY"}}]}
                """.formatted(category), merchantToken);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode product = created.json();
        String skuId = product.at("/skus/0/id").asString();
        assertThat(inventory.registered()).containsEntry(skuId, merchant);

        inventory.stock(skuId, 3L);
        JsonNode read = http.get("/api/catalog/products/" + product.get("id").asString(), null).json();
        assertThat(read.at("/skus/0/availability/available").asLong()).isEqualTo(3);
        assertThat(read.at("/skus/0/availability/state").asString()).isEqualTo("LOW_STOCK");

        inventory.down(true);
        Http.Response withoutInventory = http.get("/api/catalog/products/" + product.get("id").asString(), null);
        assertThat(withoutInventory.status()).as("reads stay up without inventory").isEqualTo(200);
        assertThat(withoutInventory.json().at("/skus/0/availability/state").asString()).isEqualTo("UNKNOWN");
    }

    @Test
    void only_merchants_create_products_and_a_bad_draft_is_a_problem_that_changes_nothing() {
        Http http = new Http(port);
        String category = category(http);
        Map<String, String> before = inventory.registered();
        String draft = """
                {"categoryId": "%s", "name": "Teapot", "description": "", "skus": [{"code": "POT-1", "price": {"amount": "30.00", "currency": "CNY"}}]}
                """.formatted(category);
        assertThat(http.post("/api/catalog/products", draft, token(Role.CUSTOMER, null)).status()).isEqualTo(403);
        assertThat(http.post("/api/catalog/products", draft, null).status()).isEqualTo(401);
        Http.Response bad = http.post("/api/catalog/products", draft.replace("\"POT-1\"", "\"no spaces allowed\""),
                token(Role.MERCHANT, Identifiers.newId("mer")));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.isProblem()).isTrue();
        assertThat(inventory.registered()).as("nothing was registered for the refused drafts").isEqualTo(before);
    }

    private String category(Http http) {
        String slug = "c" + Identifiers.newId("x").substring(2).toLowerCase().replace("_", "");
        Http.Response r = http.post("/api/catalog/categories?slug=" + slug, "{\"name\": \"Kitchen\"}", token(Role.ADMIN, null));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    private String token(Role role, String merchant) {
        return tokens.issue(Identifiers.newId("acc"), role, Optional.ofNullable(merchant).map(MerchantId::new)).value();
    }

    /** Inventory as the catalog uses it: registrations and availability; anything else is not the catalog's to ask. */
    public static class StubInventory {

        final Map<String, String> registered = new ConcurrentHashMap<>();
        final Map<String, Long> available = new ConcurrentHashMap<>();
        volatile boolean down;

        Map<String, String> registered() {
            return Map.copyOf(registered);
        }

        void stock(String sku, long units) {
            available.put(sku, units);
        }

        void down(boolean down) {
            this.down = down;
        }

        public void registerSkus(SkuRegistration registration) {
            requireUp();
            registration.skuIds().forEach(sku -> registered.put(sku, registration.merchantId()));
        }

        public List<SkuAvailability> availability(AvailabilityQuery query) {
            requireUp();
            return query.skuIds().stream().map(sku -> SkuAvailability.of(sku, available.getOrDefault(sku, 0L))).toList();
        }

        private void requireUp() {
            if (down) {
                throw new ResourceAccessException("inventory is down (stub)");
            }
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Stubs {

        @Bean
        StubInventory stubInventory() {
            return new StubInventory();
        }

        @Bean
        InventoryApi inventory(StubInventory stub) {
            return Stub.of(InventoryApi.class, stub);
        }
    }
}
