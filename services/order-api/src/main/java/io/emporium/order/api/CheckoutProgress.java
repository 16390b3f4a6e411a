package io.emporium.order.api;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Where a checkout stands: answered (202) when its steps did not finish in time, and by
 * {@code GET /api/orders/checkouts/{checkoutId}}. {@code checkout} is there once the orders exist;
 * {@code problemType} and {@code problemDetail} once it was refused.
 */
public record CheckoutProgress(String checkoutId,
        @Schema(description = "the step the checkout is at, or how it ended", allowableValues = {"PRICING", "HOLDING_PROMOTIONS",
                "RESERVING", "OPENING_PAYMENT", "PLACING_ORDERS", "CLEARING_CART", "AWAITING_PAYMENT", "CONFIRMING_STOCK",
                "REDEEMING_PROMOTIONS", "MARKING_PAID", "PAID", "CANCELLING_PAYMENT", "REFUNDING", "CANCELLING", "CANCELLED",
                "FAILING", "FAILED"}) String state,
        @Schema(nullable = true) CheckoutView checkout,
        @Schema(nullable = true) String problemType,
        @Schema(nullable = true) String problemDetail) {
}
