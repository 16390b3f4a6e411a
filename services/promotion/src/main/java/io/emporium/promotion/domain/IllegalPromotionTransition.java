package io.emporium.promotion.domain;

import io.emporium.kernel.StateConflict;
import java.util.Map;

/**
 * A coupon, pricing hold, flash sale, flash claim or price schedule asked to move where its state
 * machine does not go; names what it is and its current state (409, like order's
 * {@code IllegalOrderTransition}).
 */
public class IllegalPromotionTransition extends StateConflict {

    public IllegalPromotionTransition(String what, String id, Enum<?> current, Enum<?> target) {
        super("illegal-promotion-transition", what + " " + id + " is " + current.name() + " and cannot become " + target.name(),
                Map.of("currentState", current.name(), "requestedState", target.name()));
    }
}
