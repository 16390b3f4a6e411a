package io.emporium.kernel;

/** Opaque id of a payment ({@code pay_...} when generated here). */
public record PaymentId(String value) {

    public PaymentId {
        Identifiers.requireValid(value, "payment id");
    }

    public static PaymentId newId() {
        return new PaymentId(Identifiers.newId("pay"));
    }

    @Override
    public String toString() {
        return value;
    }
}
