package io.emporium.promotion.api;

import io.swagger.v3.oas.annotations.media.Schema;
import io.emporium.kernel.Money;
import java.time.Instant;

public record PriceScheduleView(String id, String merchantId, String skuId, Money price, Instant startsAt, Instant endsAt,
        @Schema(allowableValues = {"ACTIVE", "CANCELLED"}) String status, Instant createdAt) {
}
