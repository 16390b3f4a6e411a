package io.emporium.order.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

public record RefundRequestBody(@NotBlank @Size(max = 500) @io.emporium.kernel.MultiLineText String reason) {
}
