package io.emporium.inventory.domain;

import io.emporium.kernel.StateConflict;
import java.util.Map;

/** A reservation asked to move where its state machine does not go; names the current state. */
public class IllegalReservationTransition extends StateConflict {

    public IllegalReservationTransition(String id, ReservationStatus current, ReservationStatus target) {
        super("illegal-reservation-transition",
                "reservation " + id + " is " + current + " and cannot become " + target,
                Map.of("currentState", current.name()));
    }
}
