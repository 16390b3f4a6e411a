package io.emporium.promotion.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.emporium.kernel.FlashSaleId;
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
    @Operation(operationId = "listClaimableCouponTemplates", summary = "Coupon templates customers can claim now")
    @GetMapping("/coupon-templates")
    public List<CouponTemplateView> claimable() {
        return promotions.claimable();
    }

    @Operation(operationId = "getCouponTemplate", summary = "A coupon template")
    @GetMapping("/coupon-templates/{id}")
    public CouponTemplateView template(@PathVariable String id) {
        return promotions.template(id);
    }

    /** A merchant's own templates, or every template for an admin. */
    @Operation(operationId = "listManagedCouponTemplates", summary = "A merchant's own coupon templates, or (admins) all")
    @GetMapping("/managed/coupon-templates")
    public List<CouponTemplateView> managedTemplates() {
        return promotions.managedTemplates(CurrentCaller.get());
    }

    @Operation(operationId = "createCouponTemplate", summary = "Create a coupon template (merchants, admins)")
    @ApiResponse(responseCode = "201", description = "The template was created", headers = @Header(name = "Location", description = "the template", schema = @Schema(type = "string")))
    @PostMapping("/coupon-templates")
    public ResponseEntity<CouponTemplateView> createTemplate(@Valid @RequestBody NewCouponTemplate request) {
        CouponTemplateView view = promotions.createTemplate(CurrentCaller.get(), request);
        return ResponseEntity.created(URI.create("/api/promotions/coupon-templates/" + view.id())).body(view);
    }

    @Operation(operationId = "claimCoupon", summary = "Claim a coupon from a template (customers)")
    @ApiResponse(responseCode = "201", description = "The coupon was claimed")
    @PostMapping("/coupon-templates/{id}/claims")
    public ResponseEntity<CouponView> claim(@PathVariable String id) {
        return ResponseEntity.status(201).body(promotions.claim(CurrentCaller.get(), id));
    }

    /** The signed-in customer's coupons. */
    @Operation(operationId = "listMyCoupons", summary = "The signed-in customer's coupons")
    @GetMapping("/coupons")
    public List<CouponView> myCoupons() {
        return promotions.mine(CurrentCaller.get());
    }

    // ---- time-limited prices

    /** Promotional prices in force now for the given SKUs (public; for product pages). */
    @Operation(operationId = "listSkuPrices", summary = "Promotional prices in force now for the SKUs given")
    @Parameter(name = "skuId", description = "one or more SKU ids", required = true)
    @GetMapping("/sku-prices")
    public List<io.emporium.promotion.api.SkuPriceView> skuPrices(@RequestParam(name = "skuId") List<String> skuIds) {
        return promotions.activePrices(skuIds, flashSales);
    }

    @Operation(operationId = "schedulePrice", summary = "Schedule a time-limited price for a SKU (its merchant)")
    @ApiResponse(responseCode = "201", description = "The price was scheduled")
    @PostMapping("/price-schedules")
    public ResponseEntity<PriceScheduleView> schedule(@Valid @RequestBody NewPriceSchedule request) {
        return ResponseEntity.status(201).body(promotions.schedulePrice(CurrentCaller.get(), request));
    }

    @Operation(operationId = "listPriceSchedules", summary = "A merchant's price schedules")
    @GetMapping("/price-schedules")
    public List<PriceScheduleView> schedules() {
        return promotions.schedules(CurrentCaller.get());
    }

    @Operation(operationId = "cancelPriceSchedule", summary = "Cancel a price schedule (its merchant)")
    @DeleteMapping("/price-schedules/{id}")
    public PriceScheduleView cancelSchedule(@PathVariable String id) {
        return promotions.cancelSchedule(CurrentCaller.get(), id);
    }

    // ---- threshold discounts

    @Operation(operationId = "createThresholdDiscount", summary = "Create a spend-X-save-Y discount (merchants)")
    @ApiResponse(responseCode = "201", description = "The discount was created")
    @PostMapping("/threshold-discounts")
    public ResponseEntity<ThresholdDiscountView> threshold(@Valid @RequestBody NewThresholdDiscount request) {
        return ResponseEntity.status(201).body(promotions.createThreshold(CurrentCaller.get(), request));
    }

    @Operation(operationId = "listThresholdDiscounts", summary = "A merchant's threshold discounts")
    @GetMapping("/threshold-discounts")
    public List<ThresholdDiscountView> thresholds() {
        return promotions.thresholds(CurrentCaller.get());
    }

    // ---- flash sales

    /** Upcoming and active flash sales (public). {@code ?all=true} lists a merchant's own (or, for admins, every) sale. */
    @Operation(operationId = "listFlashSales", summary = "Upcoming and active flash sales; with all=true a merchant's own (admins: every) sale")
    @GetMapping("/flash-sales")
    public List<FlashSaleView> flashSales(@RequestParam(defaultValue = "false") boolean all) {
        return all ? flashSales.managed(CurrentCaller.get()) : flashSales.current();
    }

    @Operation(operationId = "getFlashSale", summary = "A flash sale with its remaining units")
    @GetMapping("/flash-sales/{id}")
    public FlashSaleView flashSale(@PathVariable String id) {
        return flashSales.sale(new FlashSaleId(id));
    }

    @Operation(operationId = "createFlashSale", summary = "Create a flash sale (admins)")
    @ApiResponse(responseCode = "201", description = "The flash sale was created", headers = @Header(name = "Location", description = "the flash sale", schema = @Schema(type = "string")))
    @PostMapping("/flash-sales")
    public ResponseEntity<FlashSaleView> createFlashSale(@Valid @RequestBody NewFlashSale request) {
        FlashSaleView view = flashSales.create(CurrentCaller.get(), request);
        return ResponseEntity.created(URI.create("/api/promotions/flash-sales/" + view.id())).body(view);
    }

    /** Buys flash units: 202 when admitted (the order follows within moments), 409 sold out, 422 over the limit, 429 slow down. */
    @Operation(operationId = "purchaseFlashUnits", summary = "Buy flash-sale units (customers)",
            description = "Admitted purchases become an order within moments: poll the Location. Repeating the request with"
                    + " the same Idempotency-Key answers the first purchase again.")
    @Parameter(name = "Idempotency-Key", in = ParameterIn.HEADER, required = false,
            description = "optional; one key per purchase attempt, repeated on retries", schema = @Schema(type = "string", pattern = "^[A-Za-z0-9_.:-]{8,128}$"))
    @ApiResponse(responseCode = "202", description = "Admitted; the order follows",
            headers = @Header(name = "Location", description = "the purchase: /api/promotions/flash-purchases/{id}", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "409", description = "Sold out, or the sale is not active")
    @ApiResponse(responseCode = "422", description = "Over the per-customer limit, or the key was used for another purchase")
    @ApiResponse(responseCode = "429", description = "Too many purchases right now; Retry-After says when to try again")
    @PostMapping("/flash-sales/{id}/purchases")
    public ResponseEntity<FlashPurchaseView> purchase(@PathVariable String id,
            @RequestHeader(name = "Idempotency-Key", required = false) String key,
            @Valid @RequestBody FlashPurchaseRequest request) {
        String customer = CurrentCaller.get().requireCustomer().value();
        FlashPurchaseView view = admission.purchase(new FlashSaleId(id), customer, key, request);
        return ResponseEntity.accepted().location(URI.create("/api/promotions/flash-purchases/" + view.id())).body(view);
    }

    @Operation(operationId = "getFlashPurchase", summary = "A flash purchase (its customer)")
    @GetMapping("/flash-purchases/{id}")
    public FlashPurchaseView flashPurchase(@PathVariable String id) {
        return flashSales.purchase(id, CurrentCaller.get());
    }
}
