package io.emporium.inventory.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** Units received into stock. With a receiptId, receiving again has no second effect. */
public record StockReceipt(
        @Pattern(regexp = "[A-Za-z0-9_-]{1,64}", message = "must be 1-64 letters, digits, '-' or '_'") String receiptId,
        @NotNull @Min(1) @Max(1_000_000) Long quantity) {
}
