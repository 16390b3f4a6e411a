package io.emporium.promotion.api;

import java.time.Instant;
import java.util.List;

public record ThresholdDiscountView(String id, String merchantId, String name, List<NewThresholdDiscount.Tier> tiers,
        ScopeSpec scope, Instant startsAt, Instant endsAt, String status, Instant createdAt) {
}
