package io.emporium.payment.domain;

import io.emporium.kernel.PaymentId;
import io.emporium.kernel.StateConflict;
import java.util.Map;

public class IllegalPaymentTransition extends StateConflict {

    public IllegalPaymentTransition(PaymentId id, PaymentStatus current, String action) {
        super("illegal-payment-transition", "payment " + id + " is " + current + " and cannot be " + action,
                Map.of("currentState", current.name()));
    }
}
