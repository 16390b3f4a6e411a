package io.emporium.kernel;

/** Opaque id of a checkout ({@code chk_...} when generated here). */
public record CheckoutId(String value) {

    public CheckoutId {
        Identifiers.requireValid(value, "checkout id");
    }

    public static CheckoutId newId() {
        return new CheckoutId(Identifiers.newId("chk"));
    }

    @Override
    public String toString() {
        return value;
    }
}
