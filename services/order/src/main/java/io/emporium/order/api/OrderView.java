package io.emporium.order.api;

import io.emporium.kernel.Money;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** An order as its customer, its merchant and admins see it, with every transition on its timeline. */
public record OrderView(String id, String checkoutId, String customerId, String merchantId, String status, List<Line> lines,
        Money subtotal, Money discount, Money shipping, Money total, Address shippingAddress, Shipment shipment, String paymentId, List<Step> timeline, Instant createdAt,
        Instant updatedAt) {

    /** A line: unitPrice after any time-limited or flash price (priceSource); discount is its share of order-level promotions. */
    public record Line(String skuId, String productId, String productName, Map<String, String> attributes, int quantity,
            Money listUnitPrice, Money unitPrice, String priceSource, Money discount, List<Promotion> promotions,
            Money lineTotal) {
    }

    public record Promotion(String promotionId, String kind, String name, Money amount) {
    }

    public record Shipment(String carrier, String trackingNumber) {
    }

    public record Step(String status, Instant at, String note) {
    }
}
