package io.emporium.order.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** Checkout of the caller's cart. Prices are never taken from the client; the cart's current prices are fixed now. */
public record CheckoutRequest(@NotNull @Valid Address shippingAddress, @Size(max = 5) List<@jakarta.validation.constraints.NotBlank @Size(max = 64) String> couponCodes) {
}
