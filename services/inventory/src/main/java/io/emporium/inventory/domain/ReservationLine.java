package io.emporium.inventory.domain;

import io.emporium.kernel.SkuId;

public record ReservationLine(SkuId sku, long quantity) {

    public ReservationLine {
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity must be at least 1");
        }
    }
}
