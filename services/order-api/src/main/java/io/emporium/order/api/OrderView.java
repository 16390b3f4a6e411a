package io.emporium.order.api;

import io.emporium.kernel.PostalAddress;
import io.swagger.v3.oas.annotations.media.Schema;
import io.emporium.kernel.Money;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** An order as its customer, its merchant and admins see it, with every transition on its timeline. */
public record OrderView(String id, String checkoutId, String customerId, String merchantId, @Schema(allowableValues = {"PENDING_PAYMENT", "PAID", "SHIPPED", "DELIVERED", "COMPLETED", "CANCELLED", "REFUND_REQUESTED", "REFUNDED"}) String status, List<Line> lines,
        Money subtotal, Money discount, Money shipping, Money total, PostalAddress shippingAddress, @Schema(nullable = true) Shipment shipment, String paymentId, List<Step> timeline, Instant createdAt,
        Instant updatedAt) {

    /** A line: unitPrice after any time-limited or flash price (priceSource); discount is its share of order-level promotions. */
    @Schema(name = "OrderLine")
    public record Line(String skuId, String productId, String productName, Map<String, String> attributes, int quantity,
            Money listUnitPrice, Money unitPrice, @Schema(allowableValues = {"LIST", "TIME_LIMITED", "FLASH"}) String priceSource, Money discount, List<Promotion> promotions,
            Money lineTotal) {
    }

    @Schema(name = "OrderLinePromotion")
    public record Promotion(String promotionId, String kind, String name, Money amount) {
    }

    @Schema(name = "OrderShipment")
    public record Shipment(String carrier, String trackingNumber) {
    }

    @Schema(name = "OrderStep")
    public record Step(@Schema(allowableValues = {"PENDING_PAYMENT", "PAID", "SHIPPED", "DELIVERED", "COMPLETED", "CANCELLED", "REFUND_REQUESTED", "REFUNDED"}) String status, Instant at, @Schema(nullable = true) String note) {
    }
}
