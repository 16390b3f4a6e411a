package io.emporium.promotion.api;

import io.emporium.kernel.Money;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;

/**
 * A flash sale of one SKU: {@code stock} units are set aside from the SKU's available stock when
 * it is created, sold at {@code price} between startsAt and endsAt, at most perCustomerLimit per
 * customer; whatever is unsold goes back to normal stock at the end.
 */
public record NewFlashSale(@NotBlank String skuId, @NotNull Money price, @NotNull @Min(1) @Max(1_000_000) Integer stock,
        @NotNull @Min(1) @Max(100) Integer perCustomerLimit, @NotNull Instant startsAt, @NotNull Instant endsAt) {
}
