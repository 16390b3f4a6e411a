package io.emporium.order.api;

import io.emporium.kernel.Money;
import java.time.Instant;

/** An order was refunded: the money is back (its units go back to stock after this event). */
public record OrderRefunded(String orderId, String checkoutId, String customerId, String merchantId, Money total, Instant at) {
}
