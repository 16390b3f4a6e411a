package io.emporium.inventory.domain;

import io.emporium.kernel.SkuId;
import java.util.Objects;

/**
 * Units of one SKU held by a reservation; {@code fromPool} names the pool they were taken out of
 * (null for units taken from available stock). A pool's line may fall to zero as it is used up.
 */
public record ReservationLine(SkuId sku, long quantity, String fromPool) {

    public ReservationLine {
        Objects.requireNonNull(sku, "sku");
        if (quantity < 0) {
            throw new IllegalArgumentException("quantity must not be negative");
        }
    }

    public ReservationLine(SkuId sku, long quantity) {
        this(sku, quantity, null);
    }
}
