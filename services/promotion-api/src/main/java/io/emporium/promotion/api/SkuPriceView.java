package io.emporium.promotion.api;

import io.swagger.v3.oas.annotations.media.Schema;
import io.emporium.kernel.Money;
import java.time.Instant;

/** A promotional unit price in force now for a SKU: TIME_LIMITED (anyone) or FLASH (within the sale's limit and stock). */
public record SkuPriceView(String skuId, @Schema(allowableValues = {"LIST", "TIME_LIMITED", "FLASH"}) String source, @Schema(nullable = true) String promotionId, Money price, @Schema(nullable = true) Instant endsAt) {
}
