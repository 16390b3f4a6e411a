package io.emporium.catalog.api;

import io.swagger.v3.oas.annotations.media.Schema;
import io.emporium.kernel.Money;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A product with its SKUs and each SKU's availability, as inventory reports it now. */
public record ProductDetail(String id, String merchantId, CategoryRef category, String name, String description,
        @Schema(allowableValues = {"DRAFT", "PUBLISHED", "UNPUBLISHED"}) String status, List<Sku> skus, Instant createdAt, Instant updatedAt) {

    @Schema(name = "ProductCategory")
    public record CategoryRef(String id, String slug, String name) {
    }

    @Schema(name = "ProductSku")
    public record Sku(String id, String code, Map<String, String> attributes, Money price, Availability availability) {
    }

    /** state: IN_STOCK, LOW_STOCK, OUT_OF_STOCK, or UNKNOWN when inventory cannot be reached. */
    @Schema(name = "ProductSkuAvailability")
    public record Availability(long available, @Schema(allowableValues = {"IN_STOCK", "LOW_STOCK", "OUT_OF_STOCK", "UNKNOWN"}) String state) {
    }
}
