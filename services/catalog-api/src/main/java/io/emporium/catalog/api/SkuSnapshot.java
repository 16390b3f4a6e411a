package io.emporium.catalog.api;

import io.emporium.kernel.Money;
import java.util.Map;

/**
 * A SKU as a buyer's cart or order needs it; purchasable means its product is published.
 * {@code categoryIds} is the product's category followed by its ancestors up to the root
 * (promotions scoped to a category apply to everything below it).
 */
public record SkuSnapshot(String skuId, String productId, String productName, String merchantId, String code,
        Map<String, String> attributes, Money price, boolean purchasable, java.util.List<String> categoryIds) {

    public SkuSnapshot {
        categoryIds = categoryIds == null ? java.util.List.of() : java.util.List.copyOf(categoryIds);
    }
}
