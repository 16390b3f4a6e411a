package io.emporium.promotion.api;

import io.swagger.v3.oas.annotations.media.Schema;
import io.emporium.kernel.Money;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/** "Spend X, save Y", with up to 5 tiers; a merchant's covers only its own goods, an admin's is platform-wide. */
public record NewThresholdDiscount(@NotBlank @Size(max = 100) String name,
        @NotEmpty @Size(max = 5) List<@Valid @NotNull Tier> tiers, @Valid ScopeSpec scope, @NotNull Instant startsAt,
        @NotNull Instant endsAt) {

    @Schema(name = "ThresholdTier")
    public record Tier(@NotNull Money threshold, @NotNull Money discount) {
    }
}
