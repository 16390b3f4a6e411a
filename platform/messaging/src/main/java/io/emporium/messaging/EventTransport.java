package io.emporium.messaging;

import io.emporium.coordination.LeaderToken;

/**
 * The port through which the relay hands one event to one subscription. {@link InProcessTransport}
 * calls the subscription's handler in this process; a broker transport (Kafka) takes its place
 * when the consumer runs elsewhere.
 */
public interface EventTransport {

    /**
     * Delivers {@code event} to {@code subscription} and returns once the subscription has processed
     * it, or had processed it before (a redelivery has no second effect). Throws when it failed; the
     * relay then retries the delivery, and parks it after too many failures. {@code token} is the
     * relay leader's fencing token: a transport refuses with
     * {@link io.emporium.coordination.StaleFencingTokenException} when a newer leader has delivered.
     */
    void deliver(EventSubscription<?> subscription, OutboxEvent event, LeaderToken token);
}
