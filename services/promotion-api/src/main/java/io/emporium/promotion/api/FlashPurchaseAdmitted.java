package io.emporium.promotion.api;

import java.time.Instant;

/** Integration event: flash units were admitted to a customer; the order center places the order (checkout id = purchaseId). */
public record FlashPurchaseAdmitted(String purchaseId, String saleId, String customerId, String skuId, int quantity,
        ShipTo shippingAddress, Instant occurredAt) {
}
