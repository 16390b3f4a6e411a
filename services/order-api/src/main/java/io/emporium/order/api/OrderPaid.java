package io.emporium.order.api;

import io.emporium.kernel.Money;
import java.time.Instant;

/** An order was paid (its stock is sold). */
public record OrderPaid(String orderId, String checkoutId, String customerId, String merchantId, Money total, Instant at) {
}
