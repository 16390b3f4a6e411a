package io.emporium.kernel;

/** Opaque id of a flash sale ({@code fls_...} when generated here). */
public record FlashSaleId(String value) {

    public FlashSaleId {
        Identifiers.requireValid(value, "flash sale id");
    }

    public static FlashSaleId newId() {
        return new FlashSaleId(Identifiers.newId("fls"));
    }

    @Override
    public String toString() {
        return value;
    }
}
