package io.emporium.promotion.api;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

public record ThresholdDiscountView(String id, String merchantId, String name, List<NewThresholdDiscount.Tier> tiers,
        ScopeSpec scope, Instant startsAt, Instant endsAt, @Schema(allowableValues = {"ACTIVE", "CANCELLED"}) String status, Instant createdAt) {
}
