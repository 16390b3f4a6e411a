package io.emporium.promotion.domain;

/**
 * Which kinds of promotion may apply on top of which (configurable per platform):
 * <ul>
 * <li>{@code thresholdOnTimeLimited}: lines at a time-limited price count towards threshold discounts;
 * <li>{@code thresholdOnFlash}: flash-sale lines count towards threshold discounts;
 * <li>{@code couponOnFlash}: coupons apply to flash-sale lines;
 * <li>{@code couponOnThreshold}: coupons apply to lines that already have a threshold discount;
 * <li>{@code thresholdOnThreshold}: a line may get more than one threshold discount (e.g. a
 * merchant's and the platform's).
 * </ul>
 */
public record Stacking(boolean thresholdOnTimeLimited, boolean thresholdOnFlash, boolean couponOnFlash,
        boolean couponOnThreshold, boolean thresholdOnThreshold) {

    /** Flash prices stand alone; everything else stacks. */
    public static Stacking defaults() {
        return new Stacking(true, false, false, true, true);
    }
}
