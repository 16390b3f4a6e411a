package io.emporium.promotion.application;

import io.emporium.promotion.api.CouponTemplateView;
import io.emporium.promotion.api.ThresholdDiscountView;
import io.emporium.promotion.domain.Coupon;
import io.emporium.promotion.domain.PriceSchedule;
import io.emporium.promotion.domain.PricingHold;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Coupons, discounts, price schedules and pricing holds, as the use cases need them (JdbcPromotionRepository stores them). */
public interface PromotionRepository {

    /** A coupon with what its checks and views need: its template and when it was claimed. */
    record StoredCoupon(Coupon coupon, Instant claimedAt, CouponTemplateView template) {

        public String code() {
            return coupon.code();
        }

        public String customerId() {
            return coupon.customerId();
        }
    }

    /** Serialises changes to one key (a SKU's schedules, a customer's holds) until the transaction ends. */
    void lock(String key);

    boolean scheduleOverlaps(String skuId, Instant from, Instant until);

    void insertSchedule(PriceSchedule s);

    List<PriceSchedule> schedulesOf(String merchantId);

    Optional<PriceSchedule> schedule(String id);

    /** Records a schedule's new state. */
    void saveState(PriceSchedule s);

    /** The time-limited prices in force at {@code at} for the SKUs (at most one each: overlaps are refused). */
    List<PriceSchedule> activeSchedules(Collection<String> skuIds, Instant at);

    void insertThreshold(ThresholdDiscountView t, String currency);

    List<ThresholdDiscountView> thresholds(Optional<String> merchantId, boolean platformOnly);

    Optional<ThresholdDiscountView> threshold(String id);

    /** Threshold discounts in force at {@code at} in {@code currency}. */
    List<ThresholdDiscountView> activeThresholds(Instant at, String currency);

    void insertTemplate(CouponTemplateView t, String currency);

    Optional<CouponTemplateView> template(String id);

    /** Templates; {@code claimableAt} keeps those customers can claim now (in their window and not exhausted). */
    List<CouponTemplateView> templates(Optional<String> merchantId, Optional<Instant> claimableAt);

    /** Takes one coupon off the cap; the row stays locked until commit, serialising claims of this template. */
    boolean issueOne(String templateId);

    int claimedBy(String templateId, String customerId);

    void insertCoupon(Coupon c, Instant now);

    Optional<StoredCoupon> coupon(String code, boolean lock);

    List<StoredCoupon> couponsOf(String customerId);

    List<StoredCoupon> couponsHeldBy(String ref);

    /**
     * Records a coupon's transition from {@code from} (it was read locked, so the condition only
     * guards against a caller that did not lock it). A redemption is counted on its template.
     */
    void saveTransition(Coupon.State from, Coupon to, Instant now);

    Optional<PricingHold> hold(String ref, boolean lock);

    void insertHold(PricingHold h, Instant now);

    /** Records a hold's new state (it was read locked). */
    void saveState(PricingHold h, Instant now);
}
