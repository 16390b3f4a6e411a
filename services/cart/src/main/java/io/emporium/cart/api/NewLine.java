package io.emporium.cart.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/** Adds quantity of a SKU to the cart (on top of what is there). */
public record NewLine(@NotBlank String skuId, @NotNull @Positive Integer quantity) {
}
