package io.emporium.promotion.api;

import io.swagger.v3.oas.annotations.media.Schema;
import io.emporium.kernel.Money;
import java.time.Instant;

/**
 * A flash sale as the storefront shows it. {@code state} is UPCOMING, ACTIVE or ENDED by the
 * clock; {@code remaining} is the units not yet claimed (it may lag by a moment).
 */
public record FlashSaleView(String id, String skuId, String productId, String productName, String merchantId, Money listPrice,
        Money price, int stock, int remaining, int perCustomerLimit, Instant startsAt, Instant endsAt, @Schema(allowableValues = {"UPCOMING", "ACTIVE", "ENDED"}) String state,
        @Schema(allowableValues = {"SCHEDULED", "SETTLED", "CANCELLED"}) String status, Instant createdAt) {
}
