package io.emporium.order.domain;

import io.emporium.kernel.Money;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A line as it was sold: prices are fixed at checkout and never read again from the catalog.
 * {@code unitPrice} is what one unit cost after a time-limited or flash price ({@code priceSource});
 * {@code discount} is this line's share of the order-level promotions listed in
 * {@code promotions}, so a refund of the line knows exactly what was paid for it.
 */
public record OrderLine(String skuId, String productId, String productName, Map<String, String> attributes, int quantity,
        Money unitPrice, Money listUnitPrice, String priceSource, Money discount, List<Promotion> promotions) {

    /** One promotion's part of the line's discount. */
    public record Promotion(String promotionId, String kind, String name, Money amount) {
    }

    public OrderLine {
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity must be at least 1");
        }
        attributes = Map.copyOf(attributes);
        Objects.requireNonNull(unitPrice, "unitPrice");
        listUnitPrice = listUnitPrice == null ? unitPrice : listUnitPrice;
        priceSource = priceSource == null ? "LIST" : priceSource;
        discount = discount == null ? Money.zero(unitPrice.currency()) : discount;
        promotions = promotions == null ? List.of() : List.copyOf(promotions);
        if (discount.isNegative() || discount.compareTo(unitPrice.times(quantity)) > 0) {
            throw new IllegalArgumentException("a line's discount lies between zero and its subtotal");
        }
    }

    public OrderLine(String skuId, String productId, String productName, Map<String, String> attributes, int quantity,
            Money unitPrice) {
        this(skuId, productId, productName, attributes, quantity, unitPrice, unitPrice, "LIST", null, List.of());
    }

    public Money subtotal() {
        return unitPrice.times(quantity);
    }

    /** What the customer paid for the line: subtotal less its discount. */
    public Money total() {
        return subtotal().minus(discount);
    }
}
