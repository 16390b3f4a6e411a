package io.emporium.order.api;

import io.swagger.v3.oas.annotations.media.Schema;
import io.emporium.kernel.Money;
import java.util.List;

/** What a checkout created: one order per merchant, one payment covering them all, and the price breakdown. */
public record CheckoutView(String checkoutId, List<OrderView> orders, Payment payment, Money total, Pricing pricing) {

    @Schema(name = "CheckoutPayment")
    public record Payment(String id, @Schema(allowableValues = {"PENDING", "CAPTURED", "FAILED", "CANCELLED", "PARTIALLY_REFUNDED", "REFUNDED", "REVERSING", "REVERSED"}) String status, Money amount) {
    }
}
