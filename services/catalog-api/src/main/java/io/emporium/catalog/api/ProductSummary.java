package io.emporium.catalog.api;

import io.swagger.v3.oas.annotations.media.Schema;
import io.emporium.kernel.Money;
import java.time.Instant;

/** A product in a listing: its price range over its SKUs. */
public record ProductSummary(String id, String name, String merchantId, String categoryId, @Schema(allowableValues = {"DRAFT", "PUBLISHED", "UNPUBLISHED"}) String status,
        Money priceFrom, Money priceTo, int skuCount, Instant createdAt) {
}
