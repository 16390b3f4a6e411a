package io.emporium.kernel;

/** Opaque id of a Customer ({@code cus_...} when generated here). */
public record CustomerId(String value) {

    public CustomerId {
        Identifiers.requireValid(value, "customer id");
    }

    public static CustomerId newId() {
        return new CustomerId(Identifiers.newId("cus"));
    }

    @Override
    public String toString() {
        return value;
    }
}
