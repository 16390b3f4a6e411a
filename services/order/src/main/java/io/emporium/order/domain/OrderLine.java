package io.emporium.order.domain;

import io.emporium.kernel.Money;
import java.util.Map;

/** A line as it was sold: the price is fixed at checkout and never read again from the catalog. */
public record OrderLine(String skuId, String productId, String productName, Map<String, String> attributes, int quantity,
        Money unitPrice) {

    public OrderLine {
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity must be at least 1");
        }
        attributes = Map.copyOf(attributes);
    }

    public Money total() {
        return unitPrice.times(quantity);
    }
}
