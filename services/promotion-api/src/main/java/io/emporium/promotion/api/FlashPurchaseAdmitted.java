package io.emporium.promotion.api;

import io.emporium.kernel.PostalAddress;
import java.time.Instant;

/** Integration event: flash units were admitted to a customer; the order center places the order (checkout id = purchaseId). */
public record FlashPurchaseAdmitted(String purchaseId, String saleId, String customerId, String skuId, int quantity,
        PostalAddress shippingAddress, Instant occurredAt) {
}
