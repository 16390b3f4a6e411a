package io.emporium.promotion.api;

import io.emporium.kernel.Money;
import java.math.BigDecimal;
import java.time.Instant;

/** A coupon template with how many coupons were issued (claimed) and redeemed so far. */
public record CouponTemplateView(String id, String merchantId, String name, String kind, Money amount, BigDecimal percent,
        Money maxDiscount, Money minSpend, ScopeSpec scope, Instant validFrom, Instant validUntil, int totalCap,
        int perCustomerLimit, int issued, int redeemed, Instant createdAt) {
}
