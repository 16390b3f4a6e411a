package io.emporium.catalog.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

public record ProductQuery(@NotNull @Size(max = 500) List<@NotNull String> productIds) {
}
