package io.emporium.inventory.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.util.List;

public record SkuRegistration(@NotBlank String merchantId, @NotEmpty @Size(max = 500) List<@NotBlank String> skuIds) {
}
