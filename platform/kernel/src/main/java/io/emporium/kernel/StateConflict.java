package io.emporium.kernel;

import java.util.Map;

/** Refused by the current state of an aggregate: a transition its lifecycle does not make, a code already taken. */
public class StateConflict extends DomainException {

    public StateConflict(String type, String detail) {
        super(type, detail, Map.of());
    }

    public StateConflict(String type, String detail, Map<String, Object> properties) {
        super(type, detail, properties);
    }
}
