package io.emporium.order.api;

import io.emporium.kernel.Money;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** An order as its customer, its merchant and admins see it, with every transition on its timeline. */
public record OrderView(String id, String checkoutId, String customerId, String merchantId, String status, List<Line> lines,
        Money total, Address shippingAddress, Shipment shipment, String paymentId, List<Step> timeline, Instant createdAt,
        Instant updatedAt) {

    public record Line(String skuId, String productId, String productName, Map<String, String> attributes, int quantity,
            Money unitPrice, Money lineTotal) {
    }

    public record Shipment(String carrier, String trackingNumber) {
    }

    public record Step(String status, Instant at, String note) {
    }
}
