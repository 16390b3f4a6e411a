package io.emporium.promotion.application;

import io.emporium.promotion.domain.ShippingRule;
import io.emporium.promotion.domain.Stacking;

/**
 * Promotion settings ({@code emporium.promotion.*}, {@code emporium.pricing.*}): stacking rules,
 * shipping, flash-sale buckets, admission batching and rate limits.
 */
public record PromotionSettings(Stacking stacking, ShippingRule shipping, int flashBuckets, int admissionBatch,
        int admissionQueue, int perCustomerPerSecond, int globalPerSecond) {
}
