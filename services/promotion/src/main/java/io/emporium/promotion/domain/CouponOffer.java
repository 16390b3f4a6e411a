package io.emporium.promotion.domain;

import io.emporium.kernel.Money;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * A coupon the customer presents, as the engine needs it: FIXED saves an amount; PERCENT saves a
 * percentage up to {@code maxDiscount}; THRESHOLD saves an amount once the eligible lines reach
 * {@code minSpend} ("300 minus 50"). Any kind may carry a minimum spend.
 */
public record CouponOffer(String code, String templateId, String name, String merchantId, Kind kind, Money amount,
        BigDecimal percent, Money maxDiscount, Money minSpend, Scope scope) {

    public enum Kind { FIXED, PERCENT, THRESHOLD }

    public CouponOffer {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(scope, "scope");
        switch (kind) {
            case FIXED, THRESHOLD -> {
                if (amount == null || !amount.isPositive()) {
                    throw new IllegalArgumentException("a " + kind + " coupon saves a positive amount");
                }
                if (kind == Kind.THRESHOLD && minSpend == null) {
                    throw new IllegalArgumentException("a THRESHOLD coupon names its minimum spend");
                }
            }
            case PERCENT -> {
                if (percent == null || percent.signum() <= 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0) {
                    throw new IllegalArgumentException("a PERCENT coupon saves more than 0 and at most 100 percent");
                }
                if (maxDiscount == null || !maxDiscount.isPositive()) {
                    throw new IllegalArgumentException("a PERCENT coupon has a positive maximum discount");
                }
            }
        }
    }

    public java.util.Currency currency() {
        return amount != null ? amount.currency() : maxDiscount.currency();
    }
}
