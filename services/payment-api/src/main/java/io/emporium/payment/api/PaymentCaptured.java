package io.emporium.payment.api;

import io.emporium.kernel.Money;
import java.time.Instant;

/** The gateway took the money for a checkout. Published once per payment. */
public record PaymentCaptured(String paymentId, String checkoutId, Money amount, Instant capturedAt) {
}
