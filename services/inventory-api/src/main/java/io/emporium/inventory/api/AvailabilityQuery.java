package io.emporium.inventory.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

public record AvailabilityQuery(@NotNull @Size(max = 500) List<@NotNull String> skuIds) {
}
