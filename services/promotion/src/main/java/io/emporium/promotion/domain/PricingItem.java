package io.emporium.promotion.domain;

import io.emporium.kernel.Money;
import java.util.List;
import java.util.Objects;

/** A line to price: what it is, who sells it, how many, and its list price from the catalog. */
public record PricingItem(String skuId, String productId, String merchantId, List<String> categoryIds, int quantity,
        Money listPrice) {

    public PricingItem {
        Objects.requireNonNull(skuId, "skuId");
        Objects.requireNonNull(merchantId, "merchantId");
        Objects.requireNonNull(listPrice, "listPrice");
        categoryIds = categoryIds == null ? List.of() : List.copyOf(categoryIds);
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity must be at least 1");
        }
        if (listPrice.isNegative()) {
            throw new IllegalArgumentException("a list price is never negative");
        }
    }
}
