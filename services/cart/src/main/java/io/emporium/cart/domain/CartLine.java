package io.emporium.cart.domain;

import io.emporium.kernel.CustomerId;
import io.emporium.kernel.SkuId;
import java.time.Instant;

public record CartLine(CustomerId customer, SkuId sku, int quantity, Instant addedAt) {
}
