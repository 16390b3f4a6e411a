package io.emporium.payment.api;

import io.emporium.kernel.Money;
import jakarta.validation.constraints.NotNull;

public record RefundRequest(@NotNull Money amount) {
}
