package io.emporium.messaging;

/**
 * Published (as a Spring application event) when deliveries of {@code schema}'s outbox may be due
 * now: after a commit that appended events, after a resubmission. The relay listens and looks at
 * once rather than at its next poll; nobody depends on the relay to tell it.
 */
public record DeliveryDue(String schema) {
}
