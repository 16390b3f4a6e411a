package io.emporium.promotion.api;

import io.emporium.kernel.Idempotent;
import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PostExchange;
import org.springframework.web.service.annotation.PutExchange;

/**
 * What the order center asks of promotions during the checkout saga. Holds are keyed by the
 * checkout id ({@code ref}) and every call is idempotent.
 */
@HttpExchange("/api/promotions/internal")
public interface PromotionApi {

    /** Prices lines for a customer as things stand, holding nothing (a preview). */
    @Idempotent
    @PostExchange("/quotes")
    PriceQuote quote(@Valid @RequestBody PricingRequest request);

    /**
     * Prices lines and holds what the price relies on: the coupons presented (AVAILABLE → HELD)
     * and flash-sale units within the customer's limit. The same ref and request again return the
     * first quote; another request under a used ref is a 409.
     */
    @PutExchange("/holds/{ref}")
    PriceQuote hold(@PathVariable("ref") String ref, @Valid @RequestBody PricingRequest request);

    /** Payment captured: held coupons are redeemed and flash units sold. Idempotent. */
    @Idempotent
    @PostExchange("/holds/{ref}/redemption")
    void redeem(@PathVariable("ref") String ref);

    /** Checkout abandoned or cancelled: coupons become usable again and flash units go back. Idempotent. */
    @Idempotent
    @PostExchange("/holds/{ref}/release")
    void release(@PathVariable("ref") String ref);

    // Idempotent set-up for trusted services (the launcher's demo data): the id is the caller's; an
    // existing promotion with that id is returned as it is.

    /** A platform coupon template. */
    @PutExchange("/coupon-templates/{id}")
    CouponTemplateView ensureCouponTemplate(@PathVariable("id") String id, @Valid @RequestBody NewCouponTemplate template);

    /** A merchant's threshold discount. */
    @PutExchange("/merchants/{merchantId}/threshold-discounts/{id}")
    ThresholdDiscountView ensureThresholdDiscount(@PathVariable("merchantId") String merchantId, @PathVariable("id") String id,
            @Valid @RequestBody NewThresholdDiscount discount);

    /** A merchant's time-limited price. */
    @PutExchange("/merchants/{merchantId}/price-schedules/{id}")
    PriceScheduleView ensurePriceSchedule(@PathVariable("merchantId") String merchantId, @PathVariable("id") String id,
            @Valid @RequestBody NewPriceSchedule schedule);

    /** A flash sale made by the platform. */
    @PutExchange("/flash-sales/{id}")
    FlashSaleView ensureFlashSale(@PathVariable("id") String id, @Valid @RequestBody NewFlashSale sale);
}
