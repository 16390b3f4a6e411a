package io.emporium.promotion.api;

import io.emporium.kernel.PostalAddress;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** Buys flash units: admitted at once (202) and turned into an order waiting for payment moments later. */
public record FlashPurchaseRequest(@NotNull @Min(1) @Max(100) Integer quantity, @NotNull PostalAddress shippingAddress) {
}
