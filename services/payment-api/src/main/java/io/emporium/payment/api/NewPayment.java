package io.emporium.payment.api;

import io.emporium.kernel.Money;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

public record NewPayment(@NotBlank String customerId, @NotNull Money amount) {
}
