package io.emporium.promotion.web;

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

    private final PricingService pricing;

    public PromotionInternalController(PricingService pricing) {
        this.pricing = pricing;
    }

    @Override
    public PriceQuote quote(PricingRequest request) {
        return pricing.quote(request);
    }

    @Override
    public PriceQuote hold(String ref, PricingRequest request) {
        return pricing.hold(ref, request);
    }

    @Override
    public void redeem(String ref) {
        pricing.redeem(ref);
    }

    @Override
    public void release(String ref) {
        pricing.release(ref);
    }
}
