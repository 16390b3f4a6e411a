package io.emporium.messaging;

import java.util.Objects;
import java.util.Set;

/**
 * Published (as a Spring application event) when deliveries of {@code schema}'s outbox may be due
 * now: after a commit that appended events, after a resubmission. The relay listens and looks at
 * once rather than at its next poll; nobody depends on the relay to tell it.
 *
 * @param eventTypes the class names of the events appended; empty when not known (a resubmission), which
 *                   means "look in any case"
 */
public record DeliveryDue(String schema, Set<String> eventTypes) {

    public DeliveryDue {
        Objects.requireNonNull(schema, "schema");
        eventTypes = Set.copyOf(eventTypes);
    }

    /** Deliveries of {@code schema} may be due, of any event type. */
    public DeliveryDue(String schema) {
        this(schema, Set.of());
    }
}
