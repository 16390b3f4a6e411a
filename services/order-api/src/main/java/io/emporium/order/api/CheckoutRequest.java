package io.emporium.order.api;

import io.emporium.kernel.PostalAddress;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** Checkout of the caller's cart. Prices are never taken from the client; the cart's current prices are fixed now. */
@Schema(example = "{\"shippingAddress\": {\"name\": \"Ada Lovelace\", \"phone\": \"+86 138 0000 1234\", \"line1\": \"1 Century Avenue\", \"city\": \"Shanghai\", \"postalCode\": \"200120\", \"country\": \"CN\"}, \"couponCodes\": []}")
public record CheckoutRequest(@NotNull PostalAddress shippingAddress, @Size(max = 5) List<@jakarta.validation.constraints.NotBlank @Size(max = 64) String> couponCodes) {
}
