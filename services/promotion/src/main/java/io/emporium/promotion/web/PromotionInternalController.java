package io.emporium.promotion.web;

import io.swagger.v3.oas.annotations.Operation;
import io.emporium.kernel.FlashSaleId;
import io.emporium.kernel.Identifiers;
import io.emporium.kernel.MerchantId;
import io.emporium.platform.security.Caller;
import io.emporium.platform.security.Role;
import io.emporium.promotion.api.CouponTemplateView;
import io.emporium.promotion.api.FlashSaleView;
import io.emporium.promotion.api.NewCouponTemplate;
import io.emporium.promotion.api.NewFlashSale;
import io.emporium.promotion.api.NewPriceSchedule;
import io.emporium.promotion.api.NewThresholdDiscount;
import io.emporium.promotion.api.PriceScheduleView;
import io.emporium.promotion.api.ThresholdDiscountView;
import io.emporium.promotion.application.FlashSaleService;
import io.emporium.promotion.application.PromotionService;
import java.util.Optional;
import io.emporium.promotion.api.PriceQuote;
import io.emporium.promotion.api.PricingRequest;
import io.emporium.promotion.api.PromotionApi;
import io.emporium.promotion.application.PricingService;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.RestController;

/** The promotion API for the order center; the same bean serves local calls and HTTP. */
@RestController
@Transactional(propagation = Propagation.NOT_SUPPORTED)
public class PromotionInternalController implements PromotionApi {

    private static final Caller PLATFORM = new Caller("service:promotion", Role.ADMIN, Optional.empty());

    private final PricingService pricing;
    private final PromotionService promotions;
    private final FlashSaleService flashSales;

    public PromotionInternalController(PricingService pricing, PromotionService promotions, FlashSaleService flashSales) {
        this.pricing = pricing;
        this.promotions = promotions;
        this.flashSales = flashSales;
    }

    @Override
    @Operation(summary = "Create a coupon template unless it exists (idempotent by id)")
    public CouponTemplateView ensureCouponTemplate(String id, NewCouponTemplate template) {
        return promotions.createTemplate(PLATFORM, Identifiers.requireValid(id, "id"), template);
    }

    @Override
    @Operation(summary = "Create a merchant's threshold discount unless it exists")
    public ThresholdDiscountView ensureThresholdDiscount(String merchantId, String id, NewThresholdDiscount discount) {
        return promotions.createThreshold(merchant(merchantId), Identifiers.requireValid(id, "id"), discount);
    }

    @Override
    @Operation(summary = "Create a merchant's price schedule unless it exists")
    public PriceScheduleView ensurePriceSchedule(String merchantId, String id, NewPriceSchedule schedule) {
        return promotions.schedulePrice(merchant(merchantId), Identifiers.requireValid(id, "id"), schedule);
    }

    @Override
    @Operation(summary = "Create a flash sale unless it exists")
    public FlashSaleView ensureFlashSale(String id, NewFlashSale sale) {
        return flashSales.create(PLATFORM, new FlashSaleId(Identifiers.requireValid(id, "id")), sale);
    }

    private static Caller merchant(String merchantId) {
        return new Caller("service:promotion", Role.MERCHANT, Optional.of(new MerchantId(merchantId)));
    }

    @Override
    @Operation(summary = "Price lines with promotions and coupons, holding nothing")
    public PriceQuote quote(PricingRequest request) {
        return pricing.quote(request);
    }

    @Override
    @Operation(summary = "Price lines and hold their coupons and flash units for a checkout (idempotent by ref)")
    public PriceQuote hold(String ref, PricingRequest request) {
        return pricing.hold(ref, request);
    }

    @Override
    @Operation(summary = "Redeem a hold: its coupons and flash units are used")
    public void redeem(String ref) {
        pricing.redeem(ref);
    }

    @Override
    @Operation(summary = "Release a hold: its coupons and flash units are given back")
    public void release(String ref) {
        pricing.release(ref);
    }
}
