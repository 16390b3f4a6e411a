package io.emporium.order.api;

import io.emporium.kernel.Money;
import java.util.List;

/** What a checkout created: one order per merchant and one payment covering them all. */
public record CheckoutView(String checkoutId, List<OrderView> orders, Payment payment, Money total) {

    public record Payment(String id, String status, Money amount) {
    }
}
