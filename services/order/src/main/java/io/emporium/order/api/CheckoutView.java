package io.emporium.order.api;

import io.emporium.kernel.Money;
import io.emporium.promotion.api.PriceQuote;
import java.util.List;

/** What a checkout created: one order per merchant, one payment covering them all, and the price breakdown. */
public record CheckoutView(String checkoutId, List<OrderView> orders, Payment payment, Money total, PriceQuote pricing) {

    public record Payment(String id, String status, Money amount) {
    }
}
