package io.emporium.promotion.application;

import io.emporium.kernel.Identifiers;
import io.emporium.kernel.Money;
import io.emporium.platform.problem.ConflictException;
import io.emporium.platform.problem.UnprocessableException;
import io.emporium.promotion.api.CouponTemplateView;
import io.emporium.promotion.api.PriceQuote;
import io.emporium.promotion.api.PricingRequest;
import io.emporium.promotion.api.ScopeSpec;
import io.emporium.promotion.api.ThresholdDiscountView;
import io.emporium.promotion.domain.Coupon;
import io.emporium.promotion.domain.CouponOffer;
import io.emporium.promotion.domain.FlashClaim;
import io.emporium.promotion.domain.FlashSale;
import io.emporium.promotion.domain.PricingHold;
import io.emporium.promotion.domain.PricingEngine;
import io.emporium.promotion.domain.PricingException;
import io.emporium.promotion.domain.PricingItem;
import io.emporium.promotion.domain.Quote;
import io.emporium.promotion.domain.Scope;
import io.emporium.promotion.domain.ShippingRule;
import io.emporium.promotion.domain.SpecialPrice;
import io.emporium.promotion.domain.ThresholdDiscount;
import io.emporium.promotion.application.PromotionRepository.StoredCoupon;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The checkout's side of promotions: gathers what is in force now (time-limited prices, flash
 * sales, threshold discounts, the coupons presented), runs the {@link PricingEngine}, and for a
 * checkout holds what the price relies on until the order is paid (redeem) or abandoned (release).
 */
@Service
public class PricingService {

    private static final Logger log = LoggerFactory.getLogger(PricingService.class);

    private final PromotionRepository promotions;
    private final FlashRepository flash;
    private final FlashSaleService flashSales;
    private final PricingEngine engine;
    private final ShippingRule shipping;
    private final JsonMapper json;
    private final Clock clock;

    public PricingService(PromotionRepository promotions, FlashRepository flash, FlashSaleService flashSales,
            PromotionSettings settings, JsonMapper json, Clock clock) {
        this.promotions = promotions;
        this.flash = flash;
        this.flashSales = flashSales;
        this.engine = new PricingEngine(settings.stacking());
        this.shipping = settings.shipping();
        this.json = json;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public PriceQuote quote(PricingRequest request) {
        Instant now = clock.instant();
        Currency currency = currencyOf(request);
        Map<String, SpecialPrice> flashPrices = new HashMap<>();
        for (FlashSale sale : flash.activeFor(skus(request), now)) {
            int quantity = quantityOf(request, sale.skuId());
            if (flash.bought(sale.id(), request.customerId()) + quantity <= sale.perCustomerLimit()
                    && flash.remaining(sale.id()) >= quantity) {
                flashPrices.put(sale.skuId(), new SpecialPrice(sale.id().value(), "flash sale", sale.price(), null));
            }
        }
        List<CouponOffer> coupons = coupons(request, null, now, null);
        return price(request, currency, now, flashPrices, coupons);
    }

    /** Prices a checkout and holds its coupons and flash units; the same ref and request return the first quote. */
    @Transactional
    public PriceQuote hold(String ref, PricingRequest request) {
        Identifiers.requireValid(ref, "ref");
        String hash = hash(request);
        promotions.lock("hold:" + request.customerId());
        var earlier = promotions.hold(ref, true);
        if (earlier.isPresent()) {
            if (!earlier.get().requestHash().equals(hash) || !earlier.get().customerId().equals(request.customerId())) {
                throw new ConflictException("hold-ref-reused", "pricing hold " + ref + " was made for another request");
            }
            if (earlier.get().state() == PricingHold.State.RELEASED) {
                // its coupons and flash units may have gone to someone else since: the price no longer stands
                throw new ConflictException("hold-released", "the promotions held for " + ref + " were released");
            }
            return json.readValue(earlier.get().quote(), PriceQuote.class);
        }
        Instant now = clock.instant();
        Currency currency = currencyOf(request);
        Map<String, SpecialPrice> flashPrices = new HashMap<>();
        Set<String> claimedSkus = new HashSet<>();
        // units admitted earlier under this ref (a flash purchase) are priced at their sale's price, even if it has just ended
        for (FlashClaim claim : flash.claimsOf(ref, true)) {
            if (claim.isPurchase() && !claim.held()) {
                // a flash purchase whose units were given back: its order must not be placed after all
                throw new ConflictException("flash-purchase-released", "flash purchase " + ref + " was released");
            }
            FlashSale sale = flash.sale(claim.saleId()).orElseThrow();
            if (claim.held() && claim.customerId().equals(request.customerId())
                    && claim.quantity() == quantityOf(request, sale.skuId())) {
                flashPrices.put(sale.skuId(), new SpecialPrice(sale.id().value(), "flash sale", sale.price(), sale.poolId()));
                claimedSkus.add(sale.skuId());
            }
        }
        for (FlashSale sale : flash.activeFor(skus(request), now)) {
            if (claimedSkus.contains(sale.skuId())) {
                continue;
            }
            flashSales.claimForCheckout(sale, ref, request.customerId(), quantityOf(request, sale.skuId()))
                    .ifPresent(c -> flashPrices.put(sale.skuId(), new SpecialPrice(sale.id().value(), "flash sale", sale.price(),
                            sale.poolId())));
        }
        List<StoredCoupon> presented = new ArrayList<>();
        List<CouponOffer> coupons = coupons(request, ref, now, presented);
        PriceQuote quote = price(request, currency, now, flashPrices, coupons);
        for (StoredCoupon stored : presented) {
            if (!stored.coupon().heldFor(ref)) {
                promotions.saveTransition(stored.coupon().state(), stored.coupon().hold(ref), now);
            }
        }
        promotions.insertHold(PricingHold.held(ref, request.customerId(), hash, json.writeValueAsString(quote)), now);
        return quote;
    }

    @Transactional
    public void redeem(String ref) {
        Identifiers.requireValid(ref, "ref");
        Instant now = clock.instant();
        var hold = promotions.hold(ref, true);
        if (hold.isPresent() && !hold.get().held()) {
            // a repeated redeem (REDEEMED) changes nothing; a late payment (RELEASED) keeps its discount
            if (hold.get().state() == PricingHold.State.RELEASED) {
                log.warn("checkout {} was paid after its promotions were released; the discount stands", ref);
            }
            return;
        }
        for (StoredCoupon stored : promotions.couponsHeldBy(ref)) {
            Coupon coupon = stored.coupon();
            if (coupon.heldFor(ref)) {
                promotions.saveTransition(coupon.state(), coupon.redeem(), now);
            }
        }
        flashSales.redeemClaims(ref);
        hold.ifPresent(h -> promotions.saveState(h.redeem(), now));
    }

    @Transactional
    public void release(String ref) {
        Identifiers.requireValid(ref, "ref");
        Instant now = clock.instant();
        var hold = promotions.hold(ref, true);
        if (hold.isPresent() && hold.get().state() == PricingHold.State.REDEEMED) {
            return; // paid: nothing to give back
        }
        for (StoredCoupon stored : promotions.couponsHeldBy(ref)) {
            Coupon coupon = stored.coupon();
            if (coupon.heldFor(ref)) {
                promotions.saveTransition(coupon.state(), coupon.release(), now);
            }
        }
        flashSales.releaseClaims(ref);
        // a repeated release finds the hold RELEASED and changes nothing
        hold.filter(PricingHold::held).ifPresent(h -> promotions.saveState(h.release(), now));
    }

    private PriceQuote price(PricingRequest request, Currency currency, Instant now, Map<String, SpecialPrice> flashPrices,
            List<CouponOffer> coupons) {
        Map<String, SpecialPrice> timeLimited = new HashMap<>();
        promotions.activeSchedules(skus(request), now).forEach(s -> timeLimited.put(s.skuId(),
                new SpecialPrice(s.id(), "limited-time price", s.price(), null)));
        List<ThresholdDiscount> thresholds = new ArrayList<>();
        for (ThresholdDiscountView t : promotions.activeThresholds(now, currency.getCurrencyCode())) {
            thresholds.add(new ThresholdDiscount(t.id(), t.name(), t.merchantId(), scope(t.scope()), t.tiers().stream()
                    .map(x -> new ThresholdDiscount.Tier(x.threshold(), x.discount())).toList()));
        }
        List<PricingItem> items = request.lines().stream().map(l -> new PricingItem(l.skuId(), l.productId(), l.merchantId(),
                l.categoryIds(), l.quantity(), l.listPrice())).toList();
        ShippingRule rule = shipping.fee().currency().equals(currency) ? shipping : ShippingRule.free(currency);
        try {
            return view(engine.price(new PricingEngine.Input(currency, items, timeLimited, flashPrices, thresholds, coupons,
                    rule)));
        } catch (PricingException e) {
            throw new UnprocessableException(e.code(), e.getMessage(),
                    e.subject() == null ? Map.of() : Map.of("subject", e.subject()));
        }
    }

    /**
     * The coupons presented, checked for this customer and moment. When they are to be held
     * ({@code held} not null) they are read locked and collected into {@code held}.
     */
    private List<CouponOffer> coupons(PricingRequest request, String ref, Instant now, List<StoredCoupon> held) {
        boolean lock = held != null;
        List<CouponOffer> offers = new ArrayList<>();
        Set<String> owners = new HashSet<>();
        Set<String> seen = new HashSet<>();
        for (String code : request.couponCodes()) {
            String normalized = code.trim().toUpperCase(java.util.Locale.ROOT);
            if (!seen.add(normalized)) {
                throw new UnprocessableException("duplicate-coupon", "coupon " + normalized + " is given twice");
            }
            StoredCoupon coupon = promotions.coupon(normalized, lock)
                    .orElseThrow(() -> new UnprocessableException("unknown-coupon", "there is no coupon " + normalized
                            + "; claim it first", Map.of("subject", normalized)));
            if (!coupon.customerId().equals(request.customerId())) {
                throw new UnprocessableException("coupon-not-yours", "coupon " + normalized + " was claimed by another customer",
                        Map.of("subject", normalized));
            }
            CouponTemplateView t = coupon.template();
            if (now.isBefore(t.validFrom())) {
                throw new UnprocessableException("coupon-not-yet-valid", "coupon " + normalized + " is valid from "
                        + t.validFrom(), Map.of("subject", normalized));
            }
            if (!now.isBefore(t.validUntil())) {
                throw new UnprocessableException("coupon-expired", "coupon " + normalized + " expired at " + t.validUntil(),
                        Map.of("subject", normalized));
            }
            Coupon.State state = coupon.coupon().state();
            if (state == Coupon.State.REDEEMED) {
                throw new ConflictException("coupon-used", "coupon " + normalized + " has already been used");
            }
            if (state == Coupon.State.HELD && !coupon.coupon().heldFor(ref)) {
                throw new ConflictException("coupon-in-use", "coupon " + normalized + " is held by another checkout"
                        + " waiting for payment; cancel that order to use it here");
            }
            String owner = t.merchantId() == null ? "platform" : t.merchantId();
            if (!owners.add(owner)) {
                throw new UnprocessableException("coupons-do-not-stack", "only one coupon per merchant and one platform coupon"
                        + " may be used in a checkout");
            }
            if (lock) {
                held.add(coupon);
            }
            offers.add(new CouponOffer(normalized, t.id(), t.name(), t.merchantId(), CouponOffer.Kind.valueOf(t.kind()),
                    t.amount(), t.percent(), t.maxDiscount(),
                    t.minSpend(), scope(t.scope())));
        }
        return offers;
    }

    static Scope scope(ScopeSpec spec) {
        return spec == null ? Scope.all() : new Scope(Scope.Kind.valueOf(spec.kind()), Set.copyOf(spec.ids()));
    }

    private static Currency currencyOf(PricingRequest request) {
        Currency currency = request.lines().getFirst().listPrice().currency();
        for (PricingRequest.Item item : request.lines()) {
            if (!item.listPrice().currency().equals(currency)) {
                throw new UnprocessableException("currency-mismatch", "the lines are priced in more than one currency ("
                        + currency + ", " + item.listPrice().currency() + "); check them out separately");
            }
        }
        return currency;
    }

    private static List<String> skus(PricingRequest request) {
        return request.lines().stream().map(PricingRequest.Item::skuId).distinct().toList();
    }

    private static int quantityOf(PricingRequest request, String skuId) {
        return request.lines().stream().filter(l -> l.skuId().equals(skuId)).mapToInt(PricingRequest.Item::quantity).sum();
    }

    private String hash(PricingRequest request) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(json.writeValueAsString(request).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static PriceQuote view(Quote q) {
        return new PriceQuote(q.currency(), q.lines().stream().map(l -> new PriceQuote.Line(l.skuId(), l.merchantId(),
                l.quantity(), l.listUnitPrice(), l.unitPrice(), l.priceSource().name(), l.pricePromotionId(), l.pool(),
                l.subtotal(), adjustments(l.discounts()), l.discount(), l.total())).toList(), adjustments(q.discounts()),
                q.merchants().stream().map(m -> new PriceQuote.MerchantTotal(m.merchantId(), m.subtotal(), m.discount(),
                        m.shipping(), m.total())).toList(), q.subtotal(), q.discount(), q.shipping(), q.total());
    }

    private static List<PriceQuote.Adjustment> adjustments(List<Quote.Adjustment> list) {
        return list.stream().map(a -> new PriceQuote.Adjustment(a.promotionId(), a.kind(), a.name(), a.amount())).toList();
    }

}
