package io.emporium.order.api;

import io.emporium.kernel.Money;
import java.time.Instant;

/** An order was placed and waits for its payment. */
public record OrderPlaced(String orderId, String checkoutId, String customerId, String merchantId, Money total, Instant at) {
}
