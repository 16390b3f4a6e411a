package io.emporium.payment.application;

import io.emporium.kernel.Money;
import java.util.Objects;

/**
 * A request to the gateway, recorded in the transaction of the change that calls for it and sent
 * after the commit until the gateway answers. {@code id} is the idempotency key the gateway sees.
 */
public record GatewayRequest(String id, Kind kind, String paymentId, String refundId, Money amount, int attempts) {

    public enum Kind { CAPTURE, DECLINE, REFUND }

    public GatewayRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(paymentId, "paymentId");
        Objects.requireNonNull(amount, "amount");
        if ((kind == Kind.REFUND) != (refundId != null)) {
            throw new IllegalArgumentException("a refund request, and only a refund request, names its refund");
        }
    }
}
