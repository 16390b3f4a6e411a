package io.emporium.kernel;

/** Opaque id of a Sku ({@code sku_...} when generated here). */
public record SkuId(String value) {

    public SkuId {
        Identifiers.requireValid(value, "sku id");
    }

    public static SkuId newId() {
        return new SkuId(Identifiers.newId("sku"));
    }

    @Override
    public String toString() {
        return value;
    }
}
