package io.emporium.messaging;

import java.util.List;

/**
 * The port through which the relay hands a service's own events to a broker when services run in separate
 * processes (Kafka: {@link KafkaEventBroker}). Every process that runs a service subscribing to them receives
 * them from there ({@link KafkaEventIngest}) and delivers them to its own subscriptions. Without a broker (one
 * process) the relay delivers every event itself, through the {@link EventTransport}.
 */
public interface EventBroker {

    /**
     * Publishes {@code events} of {@code schema}'s outbox, in their order per aggregate, and returns once the broker
     * has them durably (every in-sync replica). Throws {@link EventBrokerUnavailable} when it could not: the relay
     * tries again later, and a repeat of an event that did reach the broker is dropped by its consumers (by event id).
     */
    void publish(String schema, List<OutboxEvent> events);

    /** The broker did not take the events. */
    final class EventBrokerUnavailable extends RuntimeException {
        public EventBrokerUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
