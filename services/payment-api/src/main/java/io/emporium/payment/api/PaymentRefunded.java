package io.emporium.payment.api;

import io.emporium.kernel.Money;
import java.time.Instant;

/** Money went back to the customer; refundId is the one the requester chose (the order center uses the order id). */
public record PaymentRefunded(String paymentId, String checkoutId, String refundId, Money amount, Instant refundedAt) {
}
