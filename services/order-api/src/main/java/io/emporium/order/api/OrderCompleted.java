package io.emporium.order.api;

import io.emporium.kernel.Money;
import java.time.Instant;

/** An order was completed (delivered and past the return period). */
public record OrderCompleted(String orderId, String checkoutId, String customerId, String merchantId, Money total, Instant at) {
}
