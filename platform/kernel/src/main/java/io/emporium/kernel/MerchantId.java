package io.emporium.kernel;

/** Opaque id of a Merchant ({@code mer_...} when generated here). */
public record MerchantId(String value) {

    public MerchantId {
        Identifiers.requireValid(value, "merchant id");
    }

    public static MerchantId newId() {
        return new MerchantId(Identifiers.newId("mer"));
    }

    @Override
    public String toString() {
        return value;
    }
}
