package io.emporium.inventory.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import io.emporium.inventory.api.ReserveStock.Line;
import java.util.List;

/** Units coming back from a confirmed reservation. */
public record StockReturn(@NotEmpty @Size(max = 100) List<@Valid @NotNull Line> lines) {
}
