package io.emporium.payment.application;

import io.emporium.kernel.Money;
import java.time.Instant;

/**
 * A verified callback from the gateway. type: {@code payment.captured}, {@code payment.failed}
 * or {@code refund.succeeded} (which names the refundId).
 */
public record GatewayCallback(String eventId, String paymentId, String type, Money amount, String refundId,
        String gatewayReference, Instant occurredAt) {

    public static final String CAPTURED = "payment.captured";
    public static final String FAILED = "payment.failed";
    public static final String REFUNDED = "refund.succeeded";
}
