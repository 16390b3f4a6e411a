package io.emporium.promotion.api;

import io.emporium.kernel.Money;
import java.time.Instant;

public record PriceScheduleView(String id, String merchantId, String skuId, Money price, Instant startsAt, Instant endsAt,
        String status, Instant createdAt) {
}
