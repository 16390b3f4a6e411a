package io.emporium.payment.api;

import java.time.Instant;

/** The gateway refused the payment of a checkout; nothing was taken. */
public record PaymentFailed(String paymentId, String checkoutId, String reason, Instant failedAt) {
}
