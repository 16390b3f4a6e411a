package io.emporium.order.api;

import io.emporium.kernel.Money;
import java.time.Instant;

/** An order was cancelled before payment (its stock is back). */
public record OrderCancelled(String orderId, String checkoutId, String customerId, String merchantId, Money total, Instant at) {
}
