package io.emporium.cart.api;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/** Adds quantity of a SKU to the cart (on top of what is there). */
@Schema(example = "{\"skuId\": \"sku_0f3c9a\", \"quantity\": 2}")
public record NewLine(@NotBlank String skuId, @NotNull @Positive Integer quantity) {
}
