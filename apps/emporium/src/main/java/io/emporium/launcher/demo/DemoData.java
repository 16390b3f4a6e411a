package io.emporium.launcher.demo;

import io.emporium.catalog.api.CatalogApi;
import io.emporium.catalog.api.CategoryDraft;
import io.emporium.catalog.api.ProductDetail;
import io.emporium.catalog.api.ProductDraft;
import io.emporium.catalog.api.SkuDraft;
import io.emporium.identity.api.IdentityApi;
import io.emporium.identity.api.NewAccount;
import io.emporium.inventory.api.InventoryApi;
import io.emporium.inventory.api.StockReceipt;
import io.emporium.kernel.Money;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo marketplace: three merchants, a category tree, products with variants and stock,
 * and the demo accounts. Goes through the services' APIs only, and every step is idempotent
 * (accounts by email, categories by slug, products by merchant and name, stock by receipt id),
 * so seeding again after an interrupted first run adds nothing twice. It is seeded once per data
 * directory ({@link DemoSeeding} keeps the marker): products found by name are only safe to
 * look for before users have had a chance to rename them.
 */
@Component
@Lazy // needs identity, catalog and inventory: only created when they run here
public class DemoData {

    public static final String PASSWORD = "demo-pass-1";
    public static final String CURRENCY = "CNY";

    private static final Logger log = LoggerFactory.getLogger("emporium");

    record Catalog(List<Merchant> merchants, List<Category> categories, List<Product> products) {
    }

    record Merchant(String key, String email, String name) {
    }

    record Category(String slug, String name, String parent) {
    }

    record Product(String merchant, String category, String name, String description, List<Sku> skus) {
    }

    record Sku(String code, Map<String, String> attributes, String price, long stock) {
    }

    /** What was seeded; {@code skuIds} maps the demo SKU codes to their ids (for demo promotions). */
    public record Summary(int accounts, int merchants, int categories, int products, int skus, Map<String, String> skuIds) {
    }

    private final IdentityApi identity;
    private final CatalogApi catalog;
    private final InventoryApi inventory;
    private final JsonMapper json;

    public DemoData(IdentityApi identity, CatalogApi catalog, InventoryApi inventory, JsonMapper json) {
        this.identity = identity;
        this.catalog = catalog;
        this.inventory = inventory;
        this.json = json;
    }

    public static String merchantId(String key) {
        return "mer_demo_" + key;
    }

    /**
     * Makes sure the demo admin exists and tells when it was made: an account older than this
     * start means the demo was seeded by an earlier run (before the marker existed).
     */
    public Instant adminCreatedAt() {
        return identity.ensureAccount(admin()).createdAt();
    }

    private static NewAccount admin() {
        return new NewAccount("admin@demo.emporium", PASSWORD, "Platform Admin", "ADMIN", null);
    }

    public Summary seed() {
        Catalog data = load();
        int accounts = 0;
        for (String customer : List.of("alice", "bob")) {
            identity.ensureAccount(new NewAccount(customer + "@demo.emporium", PASSWORD,
                    Character.toUpperCase(customer.charAt(0)) + customer.substring(1), "CUSTOMER", null));
            accounts++;
        }
        identity.ensureAccount(admin());
        accounts++;
        for (Merchant merchant : data.merchants()) {
            identity.ensureAccount(new NewAccount(merchant.email(), PASSWORD, merchant.name(), "MERCHANT",
                    merchantId(merchant.key())));
            accounts++;
        }
        Map<String, String> categoryIds = new HashMap<>();
        for (Category category : data.categories()) {
            categoryIds.put(category.slug(), catalog.ensureCategory(category.slug(),
                    new CategoryDraft(category.name(), category.parent())).id());
        }
        int skus = 0;
        Map<String, String> allSkuIds = new HashMap<>();
        for (Product product : data.products()) {
            List<SkuDraft> drafts = product.skus().stream()
                    .map(s -> new SkuDraft(s.code(), s.attributes(), Money.of(s.price(), CURRENCY))).toList();
            ProductDetail created = catalog.ensureProduct(merchantId(product.merchant()), new ProductDraft(
                    categoryIds.get(product.category()), product.name(), product.description(), drafts, true));
            Map<String, String> skuIdByCode = new HashMap<>();
            created.skus().forEach(s -> skuIdByCode.put(s.code(), s.id()));
            allSkuIds.putAll(skuIdByCode);
            for (Sku sku : product.skus()) {
                if (sku.stock() > 0) {
                    inventory.receive(skuIdByCode.get(sku.code()), new StockReceipt("demo-" + sku.code(), sku.stock()));
                }
                skus++;
            }
        }
        return new Summary(accounts, data.merchants().size(), data.categories().size(), data.products().size(), skus,
                Map.copyOf(allSkuIds));
    }

    private Catalog load() {
        try (InputStream in = DemoData.class.getResourceAsStream("/demo/catalog.json")) {
            if (in == null) {
                throw new IllegalStateException("demo/catalog.json is missing from the launcher");
            }
            return json.readValue(in, Catalog.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
