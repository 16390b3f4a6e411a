package io.emporium.messaging;

import java.util.function.Consumer;

/**
 * A consumer of one event type. {@code handler} runs inside a transaction of the consumer's
 * schema that also records the event as processed in {@code consumerSchema}.inbox, so each
 * event has its effect once even though it may be delivered more than once. A handler that
 * throws leaves the event undelivered; it is retried with back-off.
 */
public record EventSubscription<T>(String name, String consumerSchema, Class<T> eventType, Consumer<T> handler) {
}
