package io.emporium.promotion.domain;

import io.emporium.kernel.Money;
import java.util.List;

/**
 * The priced cart: per line the unit price and where it came from, the discounts apportioned to
 * it and its total; per merchant the goods, discount, shipping and total; and the order-level
 * promotions with their full amounts. Every apportioned part sums to its whole.
 */
public record Quote(String currency, List<Line> lines, List<Adjustment> discounts, List<MerchantTotal> merchants,
        Money subtotal, Money discount, Money shipping, Money total) {

    public enum PriceSource { LIST, TIME_LIMITED, FLASH }

    /** One promotion's discount: on a line, the line's share; at order level, the whole. */
    public record Adjustment(String promotionId, String kind, String name, Money amount) {
    }

    public record Line(String skuId, String merchantId, int quantity, Money listUnitPrice, Money unitPrice,
            PriceSource priceSource, String pricePromotionId, String pool, Money subtotal, List<Adjustment> discounts,
            Money discount, Money total) {
    }

    public record MerchantTotal(String merchantId, Money subtotal, Money discount, Money shipping, Money total) {
    }
}
