package io.emporium.payment.api;

import io.swagger.v3.oas.annotations.media.Schema;
import io.emporium.kernel.Money;
import java.time.Instant;

/**
 * A payment intent. status: PENDING, CAPTURED, FAILED, CANCELLED, PARTIALLY_REFUNDED, REFUNDED,
 * or REVERSING/REVERSED for a capture that arrived after the payment was cancelled (given back).
 */
public record PaymentView(String id, String checkoutId, String customerId, @Schema(allowableValues = {"PENDING", "CAPTURED", "FAILED", "CANCELLED", "PARTIALLY_REFUNDED", "REFUNDED", "REVERSING", "REVERSED"}) String status, Money amount, Money refunded,
        Instant createdAt, Instant updatedAt) {
}
