package io.emporium.order.api;

import java.time.Instant;

/** A shipped order arrived (the customer confirmed it). */
public record OrderDelivered(String orderId, String checkoutId, String customerId, String merchantId, Instant at) {
}
