package io.emporium.promotion.api;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** A customer's coupon: its code (what checkout takes), its template, and AVAILABLE, HELD (by a checkout) or REDEEMED. */
public record CouponView(String code, @Schema(allowableValues = {"AVAILABLE", "HELD", "REDEEMED"}) String status, @Schema(nullable = true) String heldBy, CouponTemplateView template, Instant claimedAt) {
}
