package io.emporium.inventory.api;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/**
 * Hold stock for an order until {@code expiresAt}; unconfirmed holds are released then.
 *
 * <p>A reservation with {@code pool} set is stock set aside for a campaign (a flash sale): it may
 * be held up to 31 days, and other reservations take units out of it by naming it as a line's
 * {@code fromPool}. Such units never touch the SKU's available stock: they were reserved when the
 * pool was made. When a reservation that took units from a pool is released or expires while the
 * pool is still open, the units go back to the pool; once the pool is closed, to available stock.
 */
public record ReserveStock(@NotBlank @Size(max = 64) String orderRef, @NotEmpty @Size(max = 100) List<@Valid @NotNull Line> lines,
        @NotNull Instant expiresAt, Boolean pool) {

    public ReserveStock(String orderRef, List<Line> lines, Instant expiresAt) {
        this(orderRef, lines, expiresAt, null);
    }

    public boolean isPool() {
        return Boolean.TRUE.equals(pool);
    }

    @Schema(name = "StockLine")
    public record Line(@NotBlank String skuId, @NotNull @Min(1) @Max(10_000) Long quantity, @Size(max = 64) String fromPool) {

        public Line(String skuId, Long quantity) {
            this(skuId, quantity, null);
        }
    }
}
