package io.emporium.inventory.api;

import java.time.Instant;

/** Stock of one SKU: available + reserved + sold = received. */
public record StockLevel(String skuId, String merchantId, long received, long available, long reserved, long sold,
        Instant updatedAt) {
}
