package io.emporium.messaging;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * A consumer of one event type, delivered in one of two ways ({@link Delivery}).
 *
 * <ul>
 * <li>{@link Delivery#IN_TRANSACTION} (the default): {@code handler} runs inside a transaction of the
 * consumer's schema that also records the event as processed in {@code consumerSchema}.inbox, so each event
 * has its effect once even though it may be delivered more than once. Such a handler changes only its own
 * service's data; it may not call another service (no call to another service runs inside a transaction).</li>
 * <li>{@link Delivery#OUTSIDE_TRANSACTION}: {@code handler} runs outside any transaction, so that it can call
 * another service; the event is recorded in the inbox after it returned. A crash between the two runs it
 * again, so the handler must be idempotent by the event (it passes an id derived from the event to the call).</li>
 * </ul>
 *
 * A handler that throws leaves the event undelivered; it is retried with back-off and parked after too many failures.
 */
public record EventSubscription<T>(String name, String consumerSchema, Class<T> eventType, Consumer<T> handler,
        Delivery delivery) {

    /** How a subscription's handler is run. */
    public enum Delivery {
        /** In the consumer's transaction, with its inbox record: exactly one effect. */
        IN_TRANSACTION,
        /** Outside any transaction, recorded in the inbox after: at least once, the handler idempotent. */
        OUTSIDE_TRANSACTION
    }

    public EventSubscription {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(consumerSchema, "consumerSchema");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(delivery, "delivery");
    }

    /** A subscription whose handler runs in the consumer's transaction ({@link Delivery#IN_TRANSACTION}). */
    public EventSubscription(String name, String consumerSchema, Class<T> eventType, Consumer<T> handler) {
        this(name, consumerSchema, eventType, handler, Delivery.IN_TRANSACTION);
    }

    /** A subscription whose idempotent handler calls another service ({@link Delivery#OUTSIDE_TRANSACTION}). */
    public static <T> EventSubscription<T> outsideTransaction(String name, String consumerSchema, Class<T> eventType,
            Consumer<T> handler) {
        return new EventSubscription<>(name, consumerSchema, eventType, handler, Delivery.OUTSIDE_TRANSACTION);
    }
}
