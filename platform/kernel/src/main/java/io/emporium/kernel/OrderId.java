package io.emporium.kernel;

/** Opaque id of a order ({@code ord_...} when generated here). */
public record OrderId(String value) {

    public OrderId {
        Identifiers.requireValid(value, "order id");
    }

    public static OrderId newId() {
        return new OrderId(Identifiers.newId("ord"));
    }

    @Override
    public String toString() {
        return value;
    }
}
