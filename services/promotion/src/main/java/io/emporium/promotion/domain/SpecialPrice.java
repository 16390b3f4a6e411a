package io.emporium.promotion.domain;

import io.emporium.kernel.Money;
import java.util.Objects;

/**
 * A unit price that replaces the list price: a merchant's time-limited price, or a flash-sale
 * price the customer holds units of. {@code pool} names the stock pool flash units come from.
 */
public record SpecialPrice(String promotionId, String name, Money price, String pool) {

    public SpecialPrice {
        Objects.requireNonNull(promotionId, "promotionId");
        Objects.requireNonNull(price, "price");
        if (!price.isPositive()) {
            throw new IllegalArgumentException("a special price is positive");
        }
    }
}
