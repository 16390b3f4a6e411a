package io.emporium.inventory.api;

/** How much of a SKU can be bought now. */
public record SkuAvailability(String skuId, long available, State state) {

    /** LOW_STOCK means at most {@link #LOW_STOCK_THRESHOLD} left. UNKNOWN: inventory could not be asked. */
    public enum State { IN_STOCK, LOW_STOCK, OUT_OF_STOCK, UNKNOWN }

    public static final long LOW_STOCK_THRESHOLD = 5;

    public static SkuAvailability of(String skuId, long available) {
        State state = available <= 0 ? State.OUT_OF_STOCK
                : available <= LOW_STOCK_THRESHOLD ? State.LOW_STOCK : State.IN_STOCK;
        return new SkuAvailability(skuId, Math.max(available, 0), state);
    }

    public static SkuAvailability unknown(String skuId) {
        return new SkuAvailability(skuId, 0, State.UNKNOWN);
    }

    public boolean canSupply(long quantity) {
        return state != State.UNKNOWN && available >= quantity;
    }
}
