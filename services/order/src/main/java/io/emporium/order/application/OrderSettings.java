package io.emporium.order.application;

import java.time.Duration;

/** How long an order waits for payment, and how long after delivery it completes by itself. */
public record OrderSettings(Duration paymentTimeout, Duration autoCompleteAfter) {
}
