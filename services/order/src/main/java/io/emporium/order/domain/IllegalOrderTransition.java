package io.emporium.order.domain;

import io.emporium.kernel.OrderId;
import io.emporium.kernel.StateConflict;
import java.util.Map;

/** An order asked to move where its state machine does not go; names the current state. */
public class IllegalOrderTransition extends StateConflict {

    public IllegalOrderTransition(OrderId id, OrderStatus current, OrderStatus target) {
        super("illegal-order-transition", "order " + id + " is " + current + " and cannot become " + target,
                Map.of("currentState", current.name(), "requestedState", target.name()));
    }
}
