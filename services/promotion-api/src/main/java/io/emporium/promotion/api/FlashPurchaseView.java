package io.emporium.promotion.api;

import io.emporium.kernel.Money;
import java.time.Instant;

/**
 * A flash purchase: HELD once admitted (units and limit taken; the order, whose checkout id is
 * this purchase's id, is being placed), PAID once its payment is captured, RELEASED when the order
 * was cancelled or could not be placed.
 */
public record FlashPurchaseView(String id, String saleId, String skuId, String customerId, int quantity, Money unitPrice,
        String status, Instant createdAt) {
}
