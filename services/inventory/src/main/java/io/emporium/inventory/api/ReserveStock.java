package io.emporium.inventory.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/** Hold stock for an order until {@code expiresAt}; unconfirmed holds are released then. */
public record ReserveStock(@NotBlank @Size(max = 64) String orderRef, @NotEmpty @Size(max = 100) List<@Valid @NotNull Line> lines,
        @NotNull Instant expiresAt) {

    public record Line(@NotBlank String skuId, @NotNull @Min(1) @Max(10_000) Long quantity) {
    }
}
