package io.emporium.promotion.api;

import io.emporium.kernel.Money;
import java.time.Instant;

/** A promotional unit price in force now for a SKU: TIME_LIMITED (anyone) or FLASH (within the sale's limit and stock). */
public record SkuPriceView(String skuId, String source, String promotionId, Money price, Instant endsAt) {
}
