package io.emporium.promotion.api;

import io.emporium.kernel.Money;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;

/** A time-limited price for one of the merchant's SKUs, in force from startsAt (inclusive) to endsAt (exclusive). */
public record NewPriceSchedule(@NotBlank String skuId, @NotNull Money price, @NotNull Instant startsAt, @NotNull Instant endsAt) {
}
