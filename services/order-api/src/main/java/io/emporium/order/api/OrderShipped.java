package io.emporium.order.api;

import java.time.Instant;

/** The merchant shipped a paid order with a carrier, under a tracking number. */
public record OrderShipped(String orderId, String checkoutId, String customerId, String merchantId, String carrier,
        String trackingNumber, Instant at) {
}
