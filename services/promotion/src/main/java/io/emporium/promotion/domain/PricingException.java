package io.emporium.promotion.domain;

/** The input cannot be priced; {@code code} says why (e.g. currency-mismatch, coupon-below-threshold). */
public class PricingException extends RuntimeException {

    private final String code;
    private final String subject;

    public PricingException(String code, String subject, String message) {
        super(message);
        this.code = code;
        this.subject = subject;
    }

    public String code() {
        return code;
    }

    /** What the problem is about (a coupon code, a SKU), or null. */
    public String subject() {
        return subject;
    }
}
