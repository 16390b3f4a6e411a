package io.emporium.catalog.api;

import io.emporium.kernel.Money;
import java.time.Instant;

/** A product in a listing: its price range over its SKUs. */
public record ProductSummary(String id, String name, String merchantId, String categoryId, String status,
        Money priceFrom, Money priceTo, int skuCount, Instant createdAt) {
}
