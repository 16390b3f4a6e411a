package io.emporium.promotion.api;

import io.swagger.v3.oas.annotations.media.Schema;
import io.emporium.kernel.Money;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** Lines to price for a customer, with the list prices the catalog has now and the coupons presented. */
public record PricingRequest(@NotBlank String customerId, @NotEmpty @Size(max = 100) List<@Valid @NotNull Item> lines,
        @Size(max = 5) List<@NotBlank @Size(max = 64) String> couponCodes) {

    public PricingRequest {
        couponCodes = couponCodes == null ? List.of() : List.copyOf(couponCodes);
    }

    @Schema(name = "PricingItem")
    public record Item(@NotBlank String skuId, @NotBlank String productId, @NotBlank String merchantId,
            List<String> categoryIds, @NotNull @Min(1) @Max(10_000) Integer quantity, @NotNull Money listPrice) {

        public Item {
            categoryIds = categoryIds == null ? List.of() : List.copyOf(categoryIds);
        }
    }
}
