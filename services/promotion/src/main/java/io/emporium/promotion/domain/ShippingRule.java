package io.emporium.promotion.domain;

import io.emporium.kernel.Money;
import java.util.Objects;

/** Shipping per merchant's order: {@code fee}, or free once the merchant's goods (after discounts) reach {@code freeFrom}. */
public record ShippingRule(Money fee, Money freeFrom) {

    public ShippingRule {
        Objects.requireNonNull(fee, "fee");
        if (fee.isNegative()) {
            throw new IllegalArgumentException("a shipping fee is never negative");
        }
    }

    public static ShippingRule free(java.util.Currency currency) {
        return new ShippingRule(Money.zero(currency), null);
    }

    public Money feeFor(Money goods) {
        if (freeFrom != null && goods.compareTo(freeFrom) >= 0) {
            return Money.zero(fee.currency());
        }
        return fee;
    }
}
