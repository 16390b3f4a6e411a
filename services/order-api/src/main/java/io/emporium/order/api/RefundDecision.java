package io.emporium.order.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The merchant's answer to a refund request. */
public record RefundDecision(@NotNull Boolean approve, @Size(max = 500) @io.emporium.kernel.MultiLineText String note) {
}
