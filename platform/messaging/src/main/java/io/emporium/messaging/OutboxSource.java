package io.emporium.messaging;

/** A schema whose outbox the relay drains; each publishing service declares one. */
public record OutboxSource(String schema) {
}
