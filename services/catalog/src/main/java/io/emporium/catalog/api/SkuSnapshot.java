package io.emporium.catalog.api;

import io.emporium.kernel.Money;
import java.util.Map;

/** A SKU as a buyer's cart or order needs it; purchasable means its product is published. */
public record SkuSnapshot(String skuId, String productId, String productName, String merchantId, String code,
        Map<String, String> attributes, Money price, boolean purchasable) {
}
