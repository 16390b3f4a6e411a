package io.emporium.order.domain;

import io.emporium.platform.problem.ConflictException;
import java.util.Map;

/** An order asked to move where its state machine does not go; names the current state. */
public class IllegalOrderTransition extends ConflictException {

    public IllegalOrderTransition(String id, OrderStatus current, OrderStatus target) {
        super("illegal-order-transition", "order " + id + " is " + current + " and cannot become " + target,
                Map.of("currentState", current.name(), "requestedState", target.name()));
    }
}
