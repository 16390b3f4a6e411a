package io.emporium.order.domain;

import java.time.Instant;

/** One transition of an order, kept for ever: the state it entered, when, and why. */
public record TimelineEntry(OrderStatus status, Instant at, String note) {
}
