package io.emporium.order.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

public record ShipmentRequest(@NotBlank @Size(max = 60) String carrier,
        @NotBlank @Pattern(regexp = "[A-Za-z0-9-]{4,40}", message = "must be 4 to 40 letters, digits or '-'") String trackingNumber) {
}
