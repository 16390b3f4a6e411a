package io.emporium.promotion.api;

import java.time.Instant;

/** A customer's coupon: its code (what checkout takes), its template, and AVAILABLE, HELD (by a checkout) or REDEEMED. */
public record CouponView(String code, String status, String heldBy, CouponTemplateView template, Instant claimedAt) {
}
