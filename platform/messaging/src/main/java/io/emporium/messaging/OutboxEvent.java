package io.emporium.messaging;

import java.time.Instant;
import java.util.UUID;

/**
 * An event as its outbox holds it: {@code id} is what inboxes record, {@code type} the event's class
 * name and {@code payload} its JSON, {@code aggregateId} what it is about (its deliveries keep order per
 * aggregate), {@code source} the publisher's schema.
 */
public record OutboxEvent(UUID id, String source, String aggregateId, String type, String payload, Instant occurredAt) {
}
