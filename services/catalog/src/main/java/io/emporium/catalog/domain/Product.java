package io.emporium.catalog.domain;

import io.emporium.kernel.MerchantId;
import io.emporium.kernel.Money;
import io.emporium.kernel.ProductId;
import io.emporium.kernel.RuleViolation;
import io.emporium.kernel.SkuId;
import io.emporium.kernel.StateConflict;
import io.emporium.kernel.UnknownEntity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A product (SPU) of one merchant with its SKUs. DRAFT → PUBLISHED ⇄ UNPUBLISHED; only published
 * products are shown to buyers. All SKUs share one currency, and no two share their attributes.
 */
public final class Product {

    private final ProductId id;
    private final MerchantId merchant;
    private final Instant createdAt;
    private final int version;
    private String categoryId;
    private String name;
    private String description;
    private ProductStatus status;
    private final List<Sku> skus;
    private Instant updatedAt;

    public Product(ProductId id, MerchantId merchant, String categoryId, String name, String description,
            ProductStatus status, List<Sku> skus, int version, Instant createdAt, Instant updatedAt) {
        this.id = Objects.requireNonNull(id);
        this.merchant = Objects.requireNonNull(merchant);
        this.categoryId = Objects.requireNonNull(categoryId);
        this.name = validName(name);
        this.description = validDescription(description);
        this.status = Objects.requireNonNull(status);
        this.skus = new ArrayList<>(skus);
        this.version = version;
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
        if (skus.isEmpty()) {
            throw new RuleViolation("invalid-product", "a product needs at least one SKU");
        }
        checkSkus(this.skus);
    }

    public static Product draft(MerchantId merchant, String categoryId, String name, String description, List<Sku> skus,
            Instant now) {
        return new Product(ProductId.newId(), merchant, categoryId, name, description, ProductStatus.DRAFT, skus, 0, now, now);
    }

    public void publish(Instant now) {
        if (status != ProductStatus.PUBLISHED) {
            status = ProductStatus.PUBLISHED;
            updatedAt = now;
        }
    }

    public void unpublish(Instant now) {
        if (status == ProductStatus.DRAFT) {
            throw new IllegalProductTransition(id.value(), status, ProductStatus.UNPUBLISHED, "it was never published");
        }
        if (status == ProductStatus.PUBLISHED) {
            status = ProductStatus.UNPUBLISHED;
            updatedAt = now;
        }
    }

    public void edit(String newCategoryId, String newName, String newDescription, Instant now) {
        if (newCategoryId != null) {
            categoryId = newCategoryId;
        }
        if (newName != null) {
            name = validName(newName);
        }
        if (newDescription != null) {
            description = validDescription(newDescription);
        }
        updatedAt = now;
    }

    public void addSku(Sku sku, Instant now) {
        if (skus.size() >= 50) {
            throw new RuleViolation("too-many-skus", "a product has at most 50 SKUs");
        }
        List<Sku> candidate = new ArrayList<>(skus);
        candidate.add(sku);
        checkSkus(candidate);
        skus.add(sku);
        updatedAt = now;
    }

    public Sku changeSku(SkuId skuId, Money price, Map<String, String> attributes, Instant now) {
        int index = indexOf(skuId);
        Sku changed = skus.get(index);
        if (price != null) {
            changed = changed.withPrice(price);
        }
        if (attributes != null) {
            changed = changed.withAttributes(attributes);
        }
        List<Sku> candidate = new ArrayList<>(skus);
        candidate.set(index, changed);
        checkSkus(candidate);
        skus.set(index, changed);
        updatedAt = now;
        return changed;
    }

    public boolean isOwnedBy(MerchantId candidate) {
        return merchant.equals(candidate);
    }

    public Currency currency() {
        return skus.getFirst().price().currency();
    }

    private int indexOf(SkuId skuId) {
        for (int i = 0; i < skus.size(); i++) {
            if (skus.get(i).id().equals(skuId)) {
                return i;
            }
        }
        throw new UnknownEntity("unknown-sku", "product " + id + " has no SKU " + skuId);
    }

    /** Checked before any change is applied, so a refused change leaves the product as it was. */
    private static void checkSkus(List<Sku> skus) {
        Currency currency = skus.getFirst().price().currency();
        Set<String> codes = new HashSet<>();
        Set<Map<String, String>> variants = new HashSet<>();
        for (Sku sku : skus) {
            if (!sku.price().currency().equals(currency)) {
                throw new RuleViolation("currency-mismatch",
                        "all SKUs of a product are priced in one currency (" + currency + "), not " + sku.price().currency());
            }
            if (!codes.add(sku.code().toUpperCase())) {
                throw new StateConflict("duplicate-sku-code", "SKU code " + sku.code() + " is used twice");
            }
            if (!variants.add(sku.attributes())) {
                throw new RuleViolation("duplicate-variant",
                        "two SKUs have the same attributes " + sku.attributes());
            }
        }
    }

    private static String validName(String name) {
        if (name == null || name.isBlank() || name.length() > 120) {
            throw new RuleViolation("invalid-product", "name must be 1 to 120 characters");
        }
        return name.trim();
    }

    private static String validDescription(String description) {
        if (description == null || description.length() > 4000) {
            throw new RuleViolation("invalid-product", "description must be at most 4000 characters");
        }
        return description.trim();
    }

    public ProductId id() {
        return id;
    }

    public MerchantId merchant() {
        return merchant;
    }

    public String categoryId() {
        return categoryId;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public ProductStatus status() {
        return status;
    }

    public List<Sku> skus() {
        return List.copyOf(skus);
    }

    public int version() {
        return version;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
