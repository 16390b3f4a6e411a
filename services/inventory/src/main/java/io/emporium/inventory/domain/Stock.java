package io.emporium.inventory.domain;

import io.emporium.kernel.MerchantId;
import io.emporium.kernel.SkuId;
import java.time.Instant;

/** The stock of one SKU as stored: available + reserved + sold = received (the database checks it too). */
public record Stock(SkuId sku, MerchantId merchant, long received, long available, long reserved, long sold,
        Instant updatedAt) {

    public Stock {
        if (available < 0 || reserved < 0 || sold < 0 || available + reserved + sold != received) {
            throw new IllegalStateException("stock of " + sku + " does not add up: " + available + " + " + reserved
                    + " + " + sold + " != " + received);
        }
    }
}
