package io.emporium.payment.domain;

import io.emporium.platform.problem.ConflictException;
import java.util.Map;

public class IllegalPaymentTransition extends ConflictException {

    public IllegalPaymentTransition(String id, PaymentStatus current, String action) {
        super("illegal-payment-transition", "payment " + id + " is " + current + " and cannot be " + action,
                Map.of("currentState", current.name()));
    }
}
