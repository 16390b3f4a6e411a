package io.emporium.order.api;

import io.emporium.kernel.Money;
import java.time.Instant;

/** An order was refunded (money and stock are back). */
public record OrderRefunded(String orderId, String checkoutId, String customerId, String merchantId, Money total, Instant at) {
}
