package io.emporium.kernel;

/** Opaque id of a Product ({@code prd_...} when generated here). */
public record ProductId(String value) {

    public ProductId {
        Identifiers.requireValid(value, "product id");
    }

    public static ProductId newId() {
        return new ProductId(Identifiers.newId("prd"));
    }

    @Override
    public String toString() {
        return value;
    }
}
