package io.emporium.promotion.application;

import io.emporium.catalog.api.CatalogApi;
import io.emporium.catalog.api.ProductQuery;
import io.emporium.catalog.api.SkuQuery;
import io.emporium.catalog.api.SkuSnapshot;
import io.emporium.kernel.Identifiers;
import io.emporium.kernel.MerchantId;
import io.emporium.kernel.Money;
import io.emporium.platform.problem.ConflictException;
import io.emporium.platform.problem.ForbiddenException;
import io.emporium.platform.problem.NotFoundException;
import io.emporium.platform.problem.UnprocessableException;
import io.emporium.platform.security.Caller;
import io.emporium.platform.security.Role;
import io.emporium.promotion.api.CouponTemplateView;
import io.emporium.promotion.api.CouponView;
import io.emporium.promotion.api.NewCouponTemplate;
import io.emporium.promotion.api.NewPriceSchedule;
import io.emporium.promotion.api.NewThresholdDiscount;
import io.emporium.promotion.api.PriceScheduleView;
import io.emporium.promotion.api.ScopeSpec;
import io.emporium.promotion.api.ThresholdDiscountView;
import io.emporium.promotion.domain.Coupon;
import io.emporium.promotion.domain.CouponOffer;
import io.emporium.promotion.domain.PriceSchedule;
import io.emporium.promotion.domain.ThresholdDiscount;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** Merchants' and admins' promotions (time-limited prices, threshold discounts, coupon templates) and customers' coupons. */
@Service
public class PromotionService {

    private static final String CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PromotionRepository promotions;
    private final CatalogApi catalog;
    private final Clock clock;
    private final TransactionTemplate transactions;

    public PromotionService(PromotionRepository promotions, CatalogApi catalog, Clock clock, TransactionTemplate transactions) {
        this.transactions = transactions;
        this.promotions = promotions;
        this.catalog = catalog;
        this.clock = clock;
    }

    // ---- time-limited prices

    public PriceScheduleView schedulePrice(Caller caller, NewPriceSchedule request) {
        return schedulePrice(caller, null, request);
    }

    /**
     * With {@code id} given, an existing schedule of that id is returned unchanged (idempotent set-up). The SKU is
     * asked of the catalog before the transaction (another service); the overlap check and the insert run in it,
     * under the SKU's lock.
     */
    public PriceScheduleView schedulePrice(Caller caller, String id, NewPriceSchedule request) {
        MerchantId merchant = caller.requireMerchant();
        if (id != null) {
            var existing = transactions.execute(tx -> promotions.schedule(id));
            if (existing.isPresent()) {
                return view(existing.get());
            }
        }
        Identifiers.requireValid(request.skuId(), "skuId");
        SkuSnapshot sku = catalog.skus(new SkuQuery(List.of(request.skuId()))).stream().findFirst()
                .orElseThrow(() -> new NotFoundException("unknown-sku", "SKU " + request.skuId() + " does not exist"));
        caller.requireOwnerOrAdmin(new MerchantId(sku.merchantId()));
        window(request.startsAt(), request.endsAt());
        if (!request.price().currency().equals(sku.price().currency())) {
            throw new UnprocessableException("currency-mismatch", "the SKU is priced in " + sku.price().currency());
        }
        if (!request.price().isPositive()) {
            throw new UnprocessableException("invalid-price", "a price is positive");
        }
        return transactions.execute(tx -> {
            promotions.lock("schedule-sku:" + sku.skuId());
            var repeated = id == null ? java.util.Optional.<PriceSchedule>empty() : promotions.schedule(id);
            if (repeated.isPresent()) {
                return view(repeated.get()); // set up meanwhile by a concurrent repeat
            }
            if (promotions.scheduleOverlaps(sku.skuId(), request.startsAt(), request.endsAt())) {
                throw new ConflictException("price-schedule-overlap", "SKU " + sku.skuId() + " already has a price in that window");
            }
            PriceSchedule schedule = new PriceSchedule(id != null ? id : Identifiers.newId("prs"), merchant.value(), sku.skuId(),
                    request.price(), request.startsAt(), request.endsAt(), PriceSchedule.State.ACTIVE, clock.instant());
            promotions.insertSchedule(schedule);
            return view(schedule);
        });
    }

    @Transactional(readOnly = true)
    public List<PriceScheduleView> schedules(Caller caller) {
        return promotions.schedulesOf(caller.requireMerchant().value()).stream().map(PromotionService::view).toList();
    }

    /** Cancels a schedule; cancelling one already cancelled answers it as it is (a repeated request). */
    @Transactional
    public PriceScheduleView cancelSchedule(Caller caller, String id) {
        Identifiers.requireValid(id, "price schedule id");
        PriceSchedule schedule = promotions.schedule(id)
                .filter(s -> caller.is(Role.ADMIN) || caller.merchantId().map(m -> m.value().equals(s.merchantId())).orElse(false))
                .orElseThrow(() -> new NotFoundException("unknown-price-schedule", "price schedule " + id + " does not exist"));
        if (schedule.state() == PriceSchedule.State.CANCELLED) {
            return view(schedule);
        }
        PriceSchedule cancelled = schedule.cancel();
        promotions.saveState(cancelled);
        return view(cancelled);
    }

    static PriceScheduleView view(PriceSchedule s) {
        return new PriceScheduleView(s.id(), s.merchantId(), s.skuId(), s.price(), s.startsAt(), s.endsAt(), s.state().name(),
                s.createdAt());
    }

    /** Promotional prices in force now for the SKUs (for product pages); at most 100 SKUs. */
    @Transactional(readOnly = true)
    public List<io.emporium.promotion.api.SkuPriceView> activePrices(List<String> skuIds, FlashPrices flash) {
        if (skuIds.size() > 100) {
            throw new io.emporium.platform.problem.BadRequestException("invalid-request", "at most 100 skuId values");
        }
        skuIds.forEach(id -> Identifiers.requireValid(id, "skuId"));
        Instant now = clock.instant();
        List<io.emporium.promotion.api.SkuPriceView> prices = new java.util.ArrayList<>();
        promotions.activeSchedules(skuIds, now).forEach(s -> prices.add(new io.emporium.promotion.api.SkuPriceView(s.skuId(),
                "TIME_LIMITED", s.id(), s.price(), s.endsAt())));
        prices.addAll(flash.activeFor(skuIds, now));
        return prices;
    }

    /** The flash side of {@link #activePrices}. */
    public interface FlashPrices {
        List<io.emporium.promotion.api.SkuPriceView> activeFor(List<String> skuIds, Instant now);
    }

    // ---- threshold discounts

    public ThresholdDiscountView createThreshold(Caller caller, NewThresholdDiscount request) {
        return createThreshold(caller, null, request);
    }

    /**
     * With {@code id} given, an existing discount of that id is returned unchanged (idempotent set-up).
     * The scope is checked with the catalog first, outside the transaction that records the discount.
     */
    public ThresholdDiscountView createThreshold(Caller caller, String id, NewThresholdDiscount request) {
        String owner = owner(caller);
        ScopeSpec scope = scopeFor(owner, request.scope());
        return transactions.execute(tx -> insertThreshold(owner, id, scope, request));
    }

    private ThresholdDiscountView insertThreshold(String owner, String id, ScopeSpec scope, NewThresholdDiscount request) {
        if (id != null && promotions.threshold(id).isPresent()) {
            return promotions.threshold(id).get();
        }
        window(request.startsAt(), request.endsAt());
        Currency currency = request.tiers().getFirst().threshold().currency();
        try {
            new ThresholdDiscount("check", request.name(), owner, PricingService.scope(scope), request.tiers().stream()
                    .map(t -> new ThresholdDiscount.Tier(t.threshold(), t.discount())).toList());
        } catch (IllegalArgumentException e) {
            throw new UnprocessableException("invalid-tiers", e.getMessage());
        }
        ThresholdDiscountView view = new ThresholdDiscountView(id != null ? id : Identifiers.newId("thd"), owner, request.name().trim(),
                request.tiers(), scope, request.startsAt(), request.endsAt(), ThresholdDiscount.State.ACTIVE.name(), clock.instant());
        promotions.insertThreshold(view, currency.getCurrencyCode());
        return view;
    }

    @Transactional(readOnly = true)
    public List<ThresholdDiscountView> thresholds(Caller caller) {
        if (caller.is(Role.ADMIN)) {
            return promotions.thresholds(Optional.empty(), false);
        }
        return promotions.thresholds(Optional.of(caller.requireMerchant().value()), false);
    }

    // ---- coupon templates

    public CouponTemplateView createTemplate(Caller caller, NewCouponTemplate request) {
        return createTemplate(caller, null, request);
    }

    /**
     * With {@code id} given, an existing template of that id is returned unchanged (idempotent set-up).
     * The scope is checked with the catalog first, outside the transaction that records the template.
     */
    public CouponTemplateView createTemplate(Caller caller, String id, NewCouponTemplate request) {
        String owner = owner(caller);
        ScopeSpec scope = scopeFor(owner, request.scope());
        return transactions.execute(tx -> insertTemplate(owner, id, scope, request));
    }

    private CouponTemplateView insertTemplate(String owner, String id, ScopeSpec scope, NewCouponTemplate request) {
        if (id != null && promotions.template(id).isPresent()) {
            return promotions.template(id).get();
        }
        window(request.validFrom(), request.validUntil());
        Money some = request.amount() != null ? request.amount() : request.maxDiscount() != null ? request.maxDiscount()
                : request.minSpend();
        if (some == null) {
            throw new UnprocessableException("invalid-coupon", "a coupon names an amount (FIXED, THRESHOLD) or a maxDiscount (PERCENT)");
        }
        for (Money m : new Money[] {request.amount(), request.maxDiscount(), request.minSpend()}) {
            if (m != null && !m.currency().equals(some.currency())) {
                throw new UnprocessableException("currency-mismatch", "a coupon's amounts are all in one currency");
            }
        }
        try {
            new CouponOffer("CHECK", "check", request.name(), owner, CouponOffer.Kind.valueOf(request.kind()), request.amount(),
                    request.percent(), request.maxDiscount(), request.minSpend(), PricingService.scope(scope));
        } catch (IllegalArgumentException e) {
            throw new UnprocessableException("invalid-coupon", e.getMessage());
        }
        if (request.kind().equals("THRESHOLD") && request.minSpend().compareTo(request.amount()) < 0) {
            throw new UnprocessableException("invalid-coupon", "a THRESHOLD coupon's minSpend is at least its amount");
        }
        CouponTemplateView view = new CouponTemplateView(id != null ? id : Identifiers.newId("cpt"), owner, request.name().trim(), request.kind(),
                request.amount(), request.percent(), request.maxDiscount(), request.minSpend(), scope, request.validFrom(),
                request.validUntil(), request.totalCap(), request.perCustomerLimit(), 0, 0, clock.instant());
        promotions.insertTemplate(view, some.currency().getCurrencyCode());
        return view;
    }

    @Transactional(readOnly = true)
    public List<CouponTemplateView> claimable() {
        return promotions.templates(Optional.empty(), Optional.of(clock.instant()));
    }

    @Transactional(readOnly = true)
    public List<CouponTemplateView> managedTemplates(Caller caller) {
        return promotions.templates(caller.is(Role.ADMIN) ? Optional.empty() : Optional.of(caller.requireMerchant().value()),
                Optional.empty());
    }

    @Transactional(readOnly = true)
    public CouponTemplateView template(String id) {
        Identifiers.requireValid(id, "coupon template id");
        return promotions.template(id).orElseThrow(() -> unknownTemplate(id));
    }

    // ---- customers' coupons

    /**
     * Claims a coupon. The template's row is locked by the conditional increment of {@code issued},
     * so concurrent claims of one template run one after another: the cap and the per-customer
     * limit hold however many arrive at once.
     */
    @Transactional
    public CouponView claim(Caller caller, String templateId) {
        String customer = caller.requireCustomer().value();
        CouponTemplateView template = template(templateId);
        Instant now = clock.instant();
        if (now.isBefore(template.validFrom())) {
            throw new UnprocessableException("coupon-not-yet-valid", "coupons of this kind can be claimed from " + template.validFrom());
        }
        if (!now.isBefore(template.validUntil())) {
            throw new UnprocessableException("coupon-expired", "this coupon offer ended at " + template.validUntil());
        }
        if (!promotions.issueOne(templateId)) {
            throw new ConflictException("coupons-exhausted", "all " + template.totalCap() + " coupons have been claimed");
        }
        if (promotions.claimedBy(templateId, customer) >= template.perCustomerLimit()) {
            throw new ConflictException("coupon-limit-reached", "you already have the " + template.perCustomerLimit()
                    + " coupon(s) of this kind a customer may claim");
        }
        String code = newCode();
        promotions.insertCoupon(Coupon.claimed(code, templateId, customer), now);
        return couponView(promotions.coupon(code, false).orElseThrow());
    }

    @Transactional(readOnly = true)
    public List<CouponView> mine(Caller caller) {
        String customer = caller.requireCustomer().value();
        return promotions.couponsOf(customer).stream().map(PromotionService::couponView).toList();
    }

    private static String newCode() {
        StringBuilder code = new StringBuilder("CPN-");
        for (int i = 0; i < 12; i++) {
            code.append(CODE_ALPHABET.charAt(RANDOM.nextInt(CODE_ALPHABET.length())));
        }
        return code.toString();
    }

    /** The merchant a promotion is funded by, or null for an admin's platform-wide one. */
    private static String owner(Caller caller) {
        if (caller.is(Role.ADMIN)) {
            return null;
        }
        if (caller.is(Role.MERCHANT)) {
            return caller.requireMerchant().value();
        }
        throw new ForbiddenException("merchants-or-admins-only", "only merchants and admins create promotions");
    }

    /**
     * A merchant's promotion never reaches beyond its own goods: MERCHANT scopes name only itself and
     * PRODUCT scopes only its own products (asked of the catalog: call outside any transaction).
     * Categories are the marketplace's; a merchant's category promotion covers its own goods in them.
     */
    private ScopeSpec scopeFor(String owner, ScopeSpec scope) {
        ScopeSpec effective = scope == null ? ScopeSpec.all() : scope;
        if (effective.kind().equals("ALL") && !effective.ids().isEmpty()) {
            throw new UnprocessableException("invalid-scope", "an ALL scope names no ids");
        }
        if (!effective.kind().equals("ALL") && effective.ids().isEmpty()) {
            throw new UnprocessableException("invalid-scope", "a " + effective.kind() + " scope names at least one id");
        }
        if (owner != null && effective.kind().equals("MERCHANT") && !effective.ids().equals(List.of(owner))) {
            throw new UnprocessableException("invalid-scope", "a merchant's promotion can only cover its own goods");
        }
        if (owner != null && effective.kind().equals("PRODUCT")) {
            effective.ids().forEach(productId -> Identifiers.requireValid(productId, "scope product id"));
            java.util.Map<String, String> sellers = new java.util.HashMap<>();
            catalog.productOwners(new ProductQuery(effective.ids()))
                    .forEach(p -> sellers.put(p.productId(), p.merchantId()));
            for (String productId : effective.ids()) {
                if (!owner.equals(sellers.get(productId))) {
                    throw new UnprocessableException("invalid-scope", "a merchant's promotion can only cover its own goods;"
                            + " product " + productId + " is not one of yours", java.util.Map.of("productId", productId));
                }
            }
        }
        return effective;
    }

    private static void window(Instant from, Instant until) {
        if (!until.isAfter(from)) {
            throw new UnprocessableException("invalid-window", "the end must be after the start");
        }
    }

    private static NotFoundException unknownTemplate(String id) {
        return new NotFoundException("unknown-coupon-template", "coupon template " + id + " does not exist");
    }

    private static CouponView couponView(PromotionRepository.StoredCoupon c) {
        return new CouponView(c.code(), c.coupon().state().name(), c.coupon().heldBy(), c.template(), c.claimedAt());
    }
}
