package io.emporium.catalog;

import static io.emporium.testing.Fixtures.money;
import static io.emporium.testing.Fixtures.sku;
import static io.emporium.testing.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.testing.Api;
import io.emporium.testing.Fixtures;
import io.emporium.testing.PlatformTest;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@PlatformTest
class CatalogApiTest {

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    Api api;
    Fixtures.Merchant merchant;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        merchant = fixtures.merchant(api);
    }

    Map<String, Object> draft(Object skus) {
        Map<String, Object> draft = new HashMap<>();
        draft.put("categoryId", Fixtures.category(api));
        draft.put("name", unique("Lantern "));
        draft.put("description", "A lantern.");
        draft.put("skus", skus);
        return draft;
    }

    @Test
    void the_category_tree_is_public() {
        JsonNode roots = api.get("/api/catalog/categories").json();
        assertThat(roots.size()).isGreaterThanOrEqualTo(4);
        assertThat(roots.get(0).get("children").size()).isGreaterThan(0);
    }

    @Test
    void listings_are_paged_and_filtered() {
        JsonNode page = api.get("/api/catalog/products?size=5&page=1").json();
        assertThat(page.get("items").size()).isEqualTo(5);
        assertThat(page.get("page").asInt()).isEqualTo(1);
        assertThat(page.get("size").asInt()).isEqualTo(5);
        assertThat(page.get("total").asLong()).isGreaterThanOrEqualTo(60);

        JsonNode waterproof = api.get("/api/catalog/products?q=waterproof&size=100").json();
        assertThat(waterproof.get("total").asLong()).isBetween(1L, 20L);
        for (JsonNode item : waterproof.get("items")) {
            JsonNode detail = api.get("/api/catalog/products/" + item.get("id").asString()).json();
            assertThat((detail.get("name").asString() + " " + detail.get("description").asString()).toLowerCase())
                    .contains("waterproof");
        }

        JsonNode root = api.get("/api/catalog/categories").json().get(0);
        JsonNode inTree = api.get("/api/catalog/products?size=100&category=" + root.get("slug").asString()).json();
        List<String> childIds = root.get("children").valueStream().map(c -> c.get("id").asString()).toList();
        assertThat(inTree.get("total").asLong()).isPositive();
        assertThat(inTree.get("items").valueStream().map(i -> i.get("categoryId").asString())).allMatch(childIds::contains);

        JsonNode priced = api.get("/api/catalog/products?size=100&minPrice=100&maxPrice=200&sort=price_asc").json();
        assertThat(priced.get("total").asLong()).isPositive();
        BigDecimal previous = BigDecimal.ZERO;
        for (JsonNode item : priced.get("items")) {
            BigDecimal from = new BigDecimal(item.at("/priceFrom/amount").asString());
            BigDecimal to = new BigDecimal(item.at("/priceTo/amount").asString());
            assertThat(from.compareTo(new BigDecimal("200")) <= 0 && to.compareTo(new BigDecimal("100")) >= 0).isTrue();
            assertThat(from).isGreaterThanOrEqualTo(previous);
            previous = from;
        }

        JsonNode byMerchant = api.get("/api/catalog/products?size=100&merchant=mer_demo_m2").json();
        assertThat(byMerchant.get("items").valueStream()).allMatch(i -> i.get("merchantId").asString().equals("mer_demo_m2"));
    }

    @Test
    void bad_listing_parameters_are_400() {
        for (String query : List.of("page=-1", "size=0", "size=1000", "minPrice=abc", "minPrice=-1",
                "minPrice=10&maxPrice=5", "sort=cheapest", "page=x", "q=" + "a".repeat(201))) {
            Api.Response r = api.get("/api/catalog/products?" + query);
            assertThat(r.status()).as(query).isEqualTo(400);
            assertThat(r.isProblem()).isTrue();
        }
        assertThat(api.get("/api/catalog/products?category=no-such-category").status()).isEqualTo(422);
        assertThat(api.get("/api/catalog/products?q=" + "%27%3B+drop+table+x%3B--").status()).isEqualTo(200);
    }

    @Test
    void product_detail_shows_skus_with_their_availability() {
        String skuId = Fixtures.stockedSku(merchant, 4);
        JsonNode products = api.get("/api/catalog/products?merchant=" + merchant.merchantId()).json();
        JsonNode detail = api.get("/api/catalog/products/" + products.at("/items/0/id").asString()).json();
        assertThat(detail.at("/skus/0/id").asString()).isEqualTo(skuId);
        assertThat(detail.at("/skus/0/availability/available").asLong()).isEqualTo(4);
        assertThat(detail.at("/skus/0/availability/state").asString()).isEqualTo("LOW_STOCK");
        assertThat(detail.at("/skus/0/price/amount").asString()).isEqualTo("59.90");
        assertThat(detail.at("/category/slug").asString()).isNotBlank();
        assertThat(api.get("/api/catalog/products/prd_unknown").status()).isEqualTo(404);
    }

    @Test
    void a_merchant_creates_edits_and_publishes_their_product() {
        Map<String, Object> draft = draft(List.of(sku(unique("A-"), Map.of("colour", "Red", "size", "M"), "99.00"),
                sku(unique("B-"), Map.of("colour", "Blue", "size", "M"), "109.50")));
        Api.Response created = merchant.api().post("/api/catalog/products", draft);
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().get("id").asString();
        assertThat(created.json().get("status").asString()).isEqualTo("DRAFT");
        assertThat(created.json().at("/skus/0/availability/state").asString()).isEqualTo("OUT_OF_STOCK");

        assertThat(api.get("/api/catalog/products/" + id).status()).isEqualTo(404);
        assertThat(merchant.api().get("/api/catalog/products/" + id).status()).isEqualTo(200);
        JsonNode own = merchant.api().get("/api/catalog/products?merchant=" + merchant.merchantId()).json();
        assertThat(own.get("total").asLong()).isEqualTo(1);
        assertThat(api.get("/api/catalog/products?merchant=" + merchant.merchantId()).json().get("total").asLong()).isZero();

        Api.Response unpublishDraft = merchant.api().delete("/api/catalog/products/" + id + "/publication");
        assertThat(unpublishDraft.status()).isEqualTo(409);
        assertThat(unpublishDraft.json().get("currentState").asString()).isEqualTo("DRAFT");

        assertThat(merchant.api().put("/api/catalog/products/" + id + "/publication", null).json().get("status").asString())
                .isEqualTo("PUBLISHED");
        assertThat(api.get("/api/catalog/products/" + id).status()).isEqualTo(200);

        JsonNode edited = merchant.api().patch("/api/catalog/products/" + id,
                Map.of("name", "Renamed Lantern " + unique(""), "description", "Now brighter.")).json();
        assertThat(edited.get("description").asString()).isEqualTo("Now brighter.");

        String skuId = edited.at("/skus/1/id").asString();
        JsonNode repriced = merchant.api().patch("/api/catalog/products/" + id + "/skus/" + skuId,
                Map.of("price", money("89.90"))).json();
        assertThat(repriced.at("/skus/1/price/amount").asString()).isEqualTo("89.90");

        Api.Response added = merchant.api().post("/api/catalog/products/" + id + "/skus",
                sku(unique("C-"), Map.of("colour", "Green", "size", "L"), "99.00"));
        assertThat(added.status()).isEqualTo(201);
        assertThat(added.json().get("skus").size()).isEqualTo(3);
        String newSku = added.json().at("/skus/2/id").asString();
        assertThat(merchant.api().post("/api/inventory/skus/" + newSku + "/receipts", Map.of("quantity", 3)).status())
                .isEqualTo(200);

        assertThat(merchant.api().delete("/api/catalog/products/" + id + "/publication").json().get("status").asString())
                .isEqualTo("UNPUBLISHED");
        assertThat(api.get("/api/catalog/products/" + id).status()).isEqualTo(404);
    }

    @Test
    void merchants_cannot_touch_other_merchants_products_and_customers_cannot_sell() {
        String id = Fixtures.product(merchant, List.of(sku(unique("X-"), Map.of(), "10.00")), true).get("id").asString();
        Fixtures.Merchant other = fixtures.merchant(api);
        assertThat(other.api().patch("/api/catalog/products/" + id, Map.of("name", "Mine now")).status()).isEqualTo(403);
        assertThat(other.api().delete("/api/catalog/products/" + id + "/publication").status()).isEqualTo(403);
        assertThat(other.api().post("/api/catalog/products/" + id + "/skus", sku(unique("Y-"), Map.of(), "1.00")).status())
                .isEqualTo(403);
        Api customer = fixtures.customer(api);
        assertThat(customer.post("/api/catalog/products", draft(List.of(sku(unique("Z-"), Map.of(), "1.00")))).status())
                .isEqualTo(403);
        assertThat(api.post("/api/catalog/products", draft(List.of(sku(unique("Z-"), Map.of(), "1.00")))).status())
                .isEqualTo(401);
        assertThat(api.get("/api/catalog/products/" + id).json().get("name").asString()).startsWith("Test Lantern");
    }

    @Test
    void invalid_products_are_refused_naming_the_problem() {
        Api m = merchant.api();
        Map<String, Object> noName = draft(List.of(sku(unique("A-"), Map.of(), "10.00")));
        noName.remove("name");
        Api.Response missing = m.post("/api/catalog/products", noName);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("errors").toString()).contains("name");

        assertThat(m.post("/api/catalog/products", draft(List.of())).status()).isEqualTo(400);
        Api.Response decimals = m.post("/api/catalog/products", draft(List.of(sku(unique("A-"), Map.of(), "10.001"))));
        assertThat(decimals.status()).isEqualTo(400);
        assertThat(decimals.json().get("detail").asString()).contains("price");
        assertThat(m.post("/api/catalog/products", draft(List.of(Map.of("code", unique("A-"),
                "price", Map.of("amount", "10.00", "currency", "XXY"))))).status()).isEqualTo(400);
        assertThat(m.post("/api/catalog/products", draft(List.of(Map.of("code", unique("A-"), "price", 10)))).status())
                .isEqualTo(400);

        Api.Response negative = m.post("/api/catalog/products", draft(List.of(sku(unique("A-"), Map.of(), "-1.00"))));
        assertThat(negative.status()).isEqualTo(422);
        assertThat(negative.problemType()).isEqualTo("invalid-price");

        Api.Response mixed = m.post("/api/catalog/products", draft(List.of(sku(unique("A-"), Map.of("size", "S"), "1.00"),
                Map.of("code", unique("B-"), "attributes", Map.of("size", "M"), "price", Map.of("amount", "1.00", "currency", "USD")))));
        assertThat(mixed.status()).isEqualTo(422);
        assertThat(mixed.problemType()).isEqualTo("currency-mismatch");

        Api.Response twins = m.post("/api/catalog/products", draft(List.of(sku(unique("A-"), Map.of("size", "S"), "1.00"),
                sku(unique("B-"), Map.of("size", "S"), "2.00"))));
        assertThat(twins.status()).isEqualTo(422);
        assertThat(twins.problemType()).isEqualTo("duplicate-variant");

        assertThat(m.post("/api/catalog/products", draft(List.of(sku(unique("A-"), Map.of("Bad Name", "x"), "1.00"))))
                .status()).isEqualTo(422);
        assertThat(m.post("/api/catalog/products", draft(List.of(sku("bad code!", Map.of(), "1.00")))).status())
                .isEqualTo(400);

        Map<String, Object> unknownCategory = draft(List.of(sku(unique("A-"), Map.of(), "1.00")));
        unknownCategory.put("categoryId", "cat_nope");
        assertThat(m.post("/api/catalog/products", unknownCategory).problemType()).isEqualTo("unknown-category");

        String code = unique("DUP-");
        assertThat(m.post("/api/catalog/products", draft(List.of(sku(code, Map.of(), "1.00")))).status()).isEqualTo(201);
        Api.Response duplicateCode = m.post("/api/catalog/products", draft(List.of(sku(code, Map.of(), "1.00"))));
        assertThat(duplicateCode.status()).isEqualTo(409);

        Map<String, Object> sameName = draft(List.of(sku(unique("A-"), Map.of(), "1.00")));
        assertThat(m.post("/api/catalog/products", sameName).status()).isEqualTo(201);
        sameName.put("skus", List.of(sku(unique("A-"), Map.of(), "1.00")));
        assertThat(m.post("/api/catalog/products", sameName).problemType()).isEqualTo("duplicate-product");
    }
}
