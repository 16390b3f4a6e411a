package io.emporium.promotion.domain;

import io.emporium.kernel.Money;
import io.emporium.promotion.domain.Quote.Adjustment;
import io.emporium.promotion.domain.Quote.PriceSource;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Prices a cart. The steps, in order:
 * <ol>
 * <li>unit price: the list price, replaced by a time-limited price when one is active, replaced by
 * the flash-sale price when the customer holds flash units of the SKU;
 * <li>threshold discounts ("spend 300, save 50", tiered), merchants' before the platform's, each on
 * the lines it covers and the stacking rules allow, measured on their amounts after earlier discounts;
 * <li>coupons, likewise; a coupon whose lines do not reach its minimum spend is refused;
 * <li>shipping per merchant from the goods after discounts.
 * </ol>
 * An order-level discount is never more than the lines it applies to, so no total is negative; it
 * is apportioned to those lines in proportion to their amounts with {@link Apportion} (parts sum
 * to the whole). Percentages are rounded half-up to the currency's minor unit before the cap.
 * Everything must be in the cart's currency; anything else is refused ({@code currency-mismatch}).
 */
public final class PricingEngine {

    private final Stacking stacking;

    public PricingEngine(Stacking stacking) {
        this.stacking = Objects.requireNonNull(stacking);
    }

    public record Input(Currency currency, List<PricingItem> items, Map<String, SpecialPrice> timeLimited,
            Map<String, SpecialPrice> flash, List<ThresholdDiscount> thresholds, List<CouponOffer> coupons,
            ShippingRule shipping) {

        public Input {
            Objects.requireNonNull(currency, "currency");
            items = List.copyOf(items);
            timeLimited = timeLimited == null ? Map.of() : Map.copyOf(timeLimited);
            flash = flash == null ? Map.of() : Map.copyOf(flash);
            thresholds = thresholds == null ? List.of() : List.copyOf(thresholds);
            coupons = coupons == null ? List.of() : List.copyOf(coupons);
            shipping = shipping == null ? ShippingRule.free(currency) : shipping;
        }
    }

    private static final class Working {
        final PricingItem item;
        final Money unitPrice;
        final PriceSource source;
        final SpecialPrice special;
        final Money subtotal;
        Money net;
        final List<Adjustment> discounts = new ArrayList<>();
        boolean hadThreshold;

        Working(PricingItem item, Money unitPrice, PriceSource source, SpecialPrice special) {
            this.item = item;
            this.unitPrice = unitPrice;
            this.source = source;
            this.special = special;
            this.subtotal = unitPrice.times(item.quantity());
            this.net = subtotal;
        }
    }

    public Quote price(Input in) {
        Currency currency = in.currency();
        int scale = Math.max(currency.getDefaultFractionDigits(), 0);
        if (in.items().isEmpty()) {
            throw new PricingException("empty-cart", null, "there is nothing to price");
        }
        List<Working> lines = new ArrayList<>();
        for (PricingItem item : in.items()) {
            requireCurrency(currency, item.listPrice(), "SKU " + item.skuId());
            SpecialPrice flash = in.flash().get(item.skuId());
            SpecialPrice timed = in.timeLimited().get(item.skuId());
            if (flash != null) {
                requireCurrency(currency, flash.price(), "flash sale " + flash.promotionId());
                lines.add(new Working(item, flash.price(), PriceSource.FLASH, flash));
            } else if (timed != null) {
                requireCurrency(currency, timed.price(), "price " + timed.promotionId());
                lines.add(new Working(item, timed.price(), PriceSource.TIME_LIMITED, timed));
            } else {
                lines.add(new Working(item, item.listPrice(), PriceSource.LIST, null));
            }
        }
        List<Adjustment> orderDiscounts = new ArrayList<>();

        List<ThresholdDiscount> thresholds = new ArrayList<>(in.thresholds());
        thresholds.sort((a, b) -> Boolean.compare(a.merchantId() == null, b.merchantId() == null)); // merchants' first
        for (ThresholdDiscount promotion : thresholds) {
            if (!promotion.currency().equals(currency)) {
                throw new PricingException("currency-mismatch", promotion.id(),
                        "promotion " + promotion.id() + " is in " + promotion.currency() + ", the cart in " + currency);
            }
            List<Working> eligible = eligible(lines, promotion.merchantId(), promotion.scope(), w -> switch (w.source) {
                case FLASH -> stacking.thresholdOnFlash();
                case TIME_LIMITED -> stacking.thresholdOnTimeLimited();
                case LIST -> true;
            } && (stacking.thresholdOnThreshold() || !w.hadThreshold));
            if (eligible.isEmpty()) {
                continue;
            }
            Money spend = sum(currency, eligible);
            var tier = promotion.tierFor(spend);
            if (tier.isEmpty()) {
                continue;
            }
            Money amount = min(tier.get().discount(), spend);
            apply(new Adjustment(promotion.id(), "THRESHOLD", promotion.name(), amount), eligible, scale, orderDiscounts);
            eligible.forEach(w -> w.hadThreshold = true);
        }

        for (CouponOffer coupon : in.coupons()) {
            if (!coupon.currency().equals(currency)
                    || (coupon.minSpend() != null && !coupon.minSpend().currency().equals(currency))) {
                throw new PricingException("currency-mismatch", coupon.code(),
                        "coupon " + coupon.code() + " is in " + coupon.currency() + ", the cart in " + currency);
            }
            List<Working> eligible = eligible(lines, coupon.merchantId(), coupon.scope(),
                    w -> (w.source != PriceSource.FLASH || stacking.couponOnFlash())
                            && (!w.hadThreshold || stacking.couponOnThreshold()));
            if (eligible.isEmpty()) {
                throw new PricingException("coupon-not-applicable", coupon.code(),
                        "coupon " + coupon.code() + " applies to nothing in this cart");
            }
            Money spend = sum(currency, eligible);
            if (coupon.minSpend() != null && spend.compareTo(coupon.minSpend()) < 0) {
                throw new PricingException("coupon-below-threshold", coupon.code(), "coupon " + coupon.code()
                        + " needs a spend of " + coupon.minSpend() + " on the items it covers; they come to " + spend);
            }
            Money amount = switch (coupon.kind()) {
                case FIXED, THRESHOLD -> coupon.amount();
                case PERCENT -> min(new Money(spend.amount().multiply(coupon.percent())
                        .divide(BigDecimal.valueOf(100), scale, RoundingMode.HALF_UP), currency), coupon.maxDiscount());
            };
            amount = min(amount, spend);
            if (amount.isPositive()) {
                apply(new Adjustment(coupon.code(), "COUPON", coupon.name(), amount), eligible, scale, orderDiscounts);
            }
        }

        Map<String, List<Working>> byMerchant = new LinkedHashMap<>();
        lines.forEach(w -> byMerchant.computeIfAbsent(w.item.merchantId(), m -> new ArrayList<>()).add(w));
        List<Quote.MerchantTotal> merchants = new ArrayList<>();
        Money subtotal = Money.zero(currency);
        Money discount = Money.zero(currency);
        Money shipping = Money.zero(currency);
        for (var entry : byMerchant.entrySet()) {
            Money goods = Money.zero(currency);
            Money merchantSubtotal = Money.zero(currency);
            for (Working w : entry.getValue()) {
                goods = goods.plus(w.net);
                merchantSubtotal = merchantSubtotal.plus(w.subtotal);
            }
            requireCurrency(currency, in.shipping().fee(), "the shipping fee");
            if (in.shipping().freeFrom() != null) {
                requireCurrency(currency, in.shipping().freeFrom(), "the free-shipping threshold");
            }
            Money fee = in.shipping().feeFor(goods);
            merchants.add(new Quote.MerchantTotal(entry.getKey(), merchantSubtotal, merchantSubtotal.minus(goods), fee,
                    goods.plus(fee)));
            subtotal = subtotal.plus(merchantSubtotal);
            discount = discount.plus(merchantSubtotal.minus(goods));
            shipping = shipping.plus(fee);
        }
        List<Quote.Line> priced = lines.stream().map(w -> new Quote.Line(w.item.skuId(), w.item.merchantId(),
                w.item.quantity(), w.item.listPrice(), w.unitPrice, w.source,
                w.special == null ? null : w.special.promotionId(), w.special == null ? null : w.special.pool(), w.subtotal,
                List.copyOf(w.discounts), w.subtotal.minus(w.net), w.net)).toList();
        return new Quote(currency.getCurrencyCode(), priced, List.copyOf(orderDiscounts), List.copyOf(merchants), subtotal,
                discount, shipping, subtotal.minus(discount).plus(shipping));
    }

    private static List<Working> eligible(List<Working> lines, String owner, Scope scope, Predicate<Working> stackable) {
        return lines.stream().filter(w -> owner == null || owner.equals(w.item.merchantId()))
                .filter(w -> scope.covers(w.item)).filter(stackable).filter(w -> w.net.isPositive()).toList();
    }

    private static void apply(Adjustment whole, List<Working> eligible, int scale, List<Adjustment> orderDiscounts) {
        List<BigDecimal> shares = Apportion.split(whole.amount().amount(),
                eligible.stream().map(w -> w.net.amount()).toList(), scale);
        for (int i = 0; i < eligible.size(); i++) {
            Working w = eligible.get(i);
            Money share = new Money(shares.get(i), whole.amount().currency());
            if (share.isPositive()) {
                w.discounts.add(new Adjustment(whole.promotionId(), whole.kind(), whole.name(), share));
                w.net = w.net.minus(share);
            }
        }
        orderDiscounts.add(whole);
    }

    private static Money sum(Currency currency, List<Working> lines) {
        Money total = Money.zero(currency);
        for (Working w : lines) {
            total = total.plus(w.net);
        }
        return total;
    }

    private static Money min(Money a, Money b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void requireCurrency(Currency currency, Money money, String what) {
        if (!money.currency().equals(currency)) {
            throw new PricingException("currency-mismatch", null,
                    what + " is priced in " + money.currency() + ", the cart in " + currency);
        }
    }
}
