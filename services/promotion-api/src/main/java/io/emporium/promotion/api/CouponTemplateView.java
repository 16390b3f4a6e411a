package io.emporium.promotion.api;

import io.swagger.v3.oas.annotations.media.Schema;
import io.emporium.kernel.Money;
import java.math.BigDecimal;
import java.time.Instant;

/** A coupon template with how many coupons were issued (claimed) and redeemed so far. */
public record CouponTemplateView(String id, @Schema(nullable = true) String merchantId, String name, @Schema(allowableValues = {"FIXED", "PERCENT", "THRESHOLD"}) String kind,
        @Schema(nullable = true) Money amount, @Schema(nullable = true) BigDecimal percent, @Schema(nullable = true) Money maxDiscount, @Schema(nullable = true) Money minSpend, ScopeSpec scope, Instant validFrom, Instant validUntil, int totalCap,
        int perCustomerLimit, int issued, int redeemed, Instant createdAt) {
}
