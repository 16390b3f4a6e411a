package io.emporium.promotion.web;

import io.emporium.platform.security.CurrentCaller;
import io.emporium.promotion.api.CouponTemplateView;
import io.emporium.promotion.api.CouponView;
import io.emporium.promotion.api.FlashPurchaseRequest;
import io.emporium.promotion.api.FlashPurchaseView;
import io.emporium.promotion.api.FlashSaleView;
import io.emporium.promotion.api.NewCouponTemplate;
import io.emporium.promotion.api.NewFlashSale;
import io.emporium.promotion.api.NewPriceSchedule;
import io.emporium.promotion.api.NewThresholdDiscount;
import io.emporium.promotion.api.PriceScheduleView;
import io.emporium.promotion.api.ThresholdDiscountView;
import io.emporium.promotion.application.FlashAdmission;
import io.emporium.promotion.application.FlashSaleService;
import io.emporium.promotion.application.PromotionService;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The promotion center's public API: coupons, time-limited prices, threshold discounts, flash sales. */
@RestController
@RequestMapping("/api/promotions")
public class PromotionController {

    private final PromotionService promotions;
    private final FlashSaleService flashSales;
    private final FlashAdmission admission;

    public PromotionController(PromotionService promotions, FlashSaleService flashSales, FlashAdmission admission) {
        this.promotions = promotions;
        this.flashSales = flashSales;
        this.admission = admission;
    }

    // ---- coupons

    /** Templates customers can claim now (public). */
    @GetMapping("/coupon-templates")
    public List<CouponTemplateView> claimable() {
        return promotions.claimable();
    }

    @GetMapping("/coupon-templates/{id}")
    public CouponTemplateView template(@PathVariable String id) {
        return promotions.template(id);
    }

    /** A merchant's own templates, or every template for an admin. */
    @GetMapping("/managed/coupon-templates")
    public List<CouponTemplateView> managedTemplates() {
        return promotions.managedTemplates(CurrentCaller.get());
    }

    @PostMapping("/coupon-templates")
    public ResponseEntity<CouponTemplateView> createTemplate(@Valid @RequestBody NewCouponTemplate request) {
        CouponTemplateView view = promotions.createTemplate(CurrentCaller.get(), request);
        return ResponseEntity.created(URI.create("/api/promotions/coupon-templates/" + view.id())).body(view);
    }

    @PostMapping("/coupon-templates/{id}/claims")
    public ResponseEntity<CouponView> claim(@PathVariable String id) {
        return ResponseEntity.status(201).body(promotions.claim(CurrentCaller.get(), id));
    }

    /** The signed-in customer's coupons. */
    @GetMapping("/coupons")
    public List<CouponView> myCoupons() {
        return promotions.mine(CurrentCaller.get());
    }

    // ---- time-limited prices

    /** Promotional prices in force now for the given SKUs (public; for product pages). */
    @GetMapping("/sku-prices")
    public List<io.emporium.promotion.api.SkuPriceView> skuPrices(@RequestParam(name = "skuId") List<String> skuIds) {
        return promotions.activePrices(skuIds, flashSales);
    }

    @PostMapping("/price-schedules")
    public ResponseEntity<PriceScheduleView> schedule(@Valid @RequestBody NewPriceSchedule request) {
        return ResponseEntity.status(201).body(promotions.schedulePrice(CurrentCaller.get(), request));
    }

    @GetMapping("/price-schedules")
    public List<PriceScheduleView> schedules() {
        return promotions.schedules(CurrentCaller.get());
    }

    @DeleteMapping("/price-schedules/{id}")
    public PriceScheduleView cancelSchedule(@PathVariable String id) {
        return promotions.cancelSchedule(CurrentCaller.get(), id);
    }

    // ---- threshold discounts

    @PostMapping("/threshold-discounts")
    public ResponseEntity<ThresholdDiscountView> threshold(@Valid @RequestBody NewThresholdDiscount request) {
        return ResponseEntity.status(201).body(promotions.createThreshold(CurrentCaller.get(), request));
    }

    @GetMapping("/threshold-discounts")
    public List<ThresholdDiscountView> thresholds() {
        return promotions.thresholds(CurrentCaller.get());
    }

    // ---- flash sales

    /** Upcoming and active flash sales (public). {@code ?all=true} lists a merchant's own (or, for admins, every) sale. */
    @GetMapping("/flash-sales")
    public List<FlashSaleView> flashSales(@RequestParam(defaultValue = "false") boolean all) {
        return all ? flashSales.managed(CurrentCaller.get()) : flashSales.current();
    }

    @GetMapping("/flash-sales/{id}")
    public FlashSaleView flashSale(@PathVariable String id) {
        return flashSales.sale(id);
    }

    @PostMapping("/flash-sales")
    public ResponseEntity<FlashSaleView> createFlashSale(@Valid @RequestBody NewFlashSale request) {
        FlashSaleView view = flashSales.create(CurrentCaller.get(), request);
        return ResponseEntity.created(URI.create("/api/promotions/flash-sales/" + view.id())).body(view);
    }

    /** Buys flash units: 202 when admitted (the order follows within moments), 409 sold out, 422 over the limit, 429 slow down. */
    @PostMapping("/flash-sales/{id}/purchases")
    public ResponseEntity<FlashPurchaseView> purchase(@PathVariable String id,
            @RequestHeader(name = "Idempotency-Key", required = false) String key,
            @Valid @RequestBody FlashPurchaseRequest request) {
        String customer = CurrentCaller.get().requireCustomer().value();
        FlashPurchaseView view = admission.purchase(id, customer, key, request);
        return ResponseEntity.accepted().location(URI.create("/api/promotions/flash-purchases/" + view.id())).body(view);
    }

    @GetMapping("/flash-purchases/{id}")
    public FlashPurchaseView flashPurchase(@PathVariable String id) {
        return flashSales.purchase(id, CurrentCaller.get());
    }
}
