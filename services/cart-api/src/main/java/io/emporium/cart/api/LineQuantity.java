package io.emporium.cart.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/** A quantity for a cart line; the upper limit per line is configurable (default 99). */
public record LineQuantity(@NotNull @Positive Integer quantity) {
}
