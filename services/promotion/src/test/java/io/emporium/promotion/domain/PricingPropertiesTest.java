package io.emporium.promotion.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.kernel.Money;
import io.emporium.promotion.domain.Quote.Adjustment;
import io.emporium.promotion.domain.Quote.PriceSource;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Properties of {@link PricingEngine} over random carts: 1–8 items from 1–3 merchants, 0.01–999.99 CNY, 1–5 of
 * each, with random time-limited and flash prices, thresholds, coupons, shipping and stacking rules.
 */
class PricingPropertiesTest {

    static final Currency CNY = Money.currencyOf("CNY");
    static final Set<String> ALLOWED_REFUSALS = Set.of("coupon-below-threshold", "coupon-not-applicable");

    static Money cents(long cents) {
        return new Money(BigDecimal.valueOf(cents, 2), CNY);
    }

    // ------------------------------------------------------------------ generators

    record ItemSpec(int merchant, long cents, int quantity, int category, Long timedCents, Long flashCents) {
    }

    /** target picks the merchant, category or product the scope names (ALL ignores it). */
    record ScopeSpec(Scope.Kind kind, int target) {
        Scope toScope() {
            return switch (kind) {
                case ALL -> Scope.all();
                case MERCHANT -> new Scope(kind, Set.of("m" + (target % 3)));
                // c-root is every item's ancestor; c-0 … c-3 are leaves
                case CATEGORY -> new Scope(kind, Set.of(target % 5 == 4 ? "c-root" : "c-" + (target % 5)));
                // p0 … p8: p8 is never in a cart
                case PRODUCT -> new Scope(kind, Set.of("p" + (target % 9)));
            };
        }
    }

    record TierSpec(long thresholdCents, int discountPercent) {
    }

    record ThresholdSpec(Integer merchant, ScopeSpec scope, List<TierSpec> tiers) {
    }

    record CouponSpec(CouponOffer.Kind kind, Integer merchant, long amountCents, BigDecimal percent, long maxCents,
            Long minSpendCents, ScopeSpec scope) {
    }

    record Scenario(Stacking stacking, PricingEngine.Input input) {
    }

    static Arbitrary<ItemSpec> items() {
        return Combinators.combine(
                Arbitraries.integers().between(0, 2),
                Arbitraries.longs().between(1, 99_999),
                Arbitraries.integers().between(1, 5),
                Arbitraries.integers().between(0, 3),
                Arbitraries.longs().between(1, 99_999).injectNull(0.7),
                Arbitraries.longs().between(1, 99_999).injectNull(0.8))
                .as(ItemSpec::new);
    }

    static Arbitrary<ScopeSpec> scopes() {
        return Combinators.combine(
                Arbitraries.frequency(Tuple.of(4, Scope.Kind.ALL), Tuple.of(1, Scope.Kind.MERCHANT),
                        Tuple.of(1, Scope.Kind.CATEGORY), Tuple.of(1, Scope.Kind.PRODUCT)),
                Arbitraries.integers().between(0, 100))
                .as(ScopeSpec::new);
    }

    static Arbitrary<ThresholdSpec> thresholds() {
        Arbitrary<TierSpec> tier = Combinators.combine(
                Arbitraries.longs().between(1, 150_000),
                Arbitraries.integers().between(1, 100))
                .as(TierSpec::new);
        return Combinators.combine(
                Arbitraries.integers().between(0, 2).injectNull(0.5),
                scopes(),
                tier.list().ofMinSize(1).ofMaxSize(3).uniqueElements(TierSpec::thresholdCents))
                .as(ThresholdSpec::new);
    }

    static Arbitrary<CouponSpec> coupons() {
        return Combinators.combine(
                Arbitraries.of(CouponOffer.Kind.class),
                Arbitraries.integers().between(0, 2).injectNull(0.85),
                Arbitraries.longs().between(1, 50_000),
                Arbitraries.bigDecimals().between(new BigDecimal("0.1"), new BigDecimal("100")).ofScale(1),
                Arbitraries.longs().between(1, 50_000),
                Arbitraries.longs().between(1, 300_000).injectNull(0.5),
                scopes())
                .as(CouponSpec::new);
    }

    static Arbitrary<Stacking> stackingArbitrary() {
        Arbitrary<Boolean> b = Arbitraries.of(true, false);
        return Arbitraries.oneOf(Arbitraries.just(Stacking.defaults()),
                Combinators.combine(b, b, b, b, b).as(Stacking::new));
    }

    @Provide
    Arbitrary<Scenario> carts() {
        return Combinators.combine(
                stackingArbitrary(),
                // list edge cases (empty, single) would otherwise crowd out the interesting carts
                items().list().ofMinSize(1).ofMaxSize(8).withSizeDistribution(RandomDistribution.uniform())
                        .withoutEdgeCases(),
                thresholds().list().ofMaxSize(3).withSizeDistribution(RandomDistribution.uniform()).withoutEdgeCases(),
                coupons().list().ofMaxSize(2).withSizeDistribution(RandomDistribution.uniform()).withoutEdgeCases(),
                Arbitraries.longs().between(0, 2_000),
                Arbitraries.longs().between(0, 50_000).injectNull(0.3))
                .as(PricingPropertiesTest::scenario);
    }

    static Scenario scenario(Stacking stacking, List<ItemSpec> itemSpecs, List<ThresholdSpec> thresholdSpecs,
            List<CouponSpec> couponSpecs, long feeCents, Long freeFromCents) {
        List<PricingItem> items = new ArrayList<>();
        Map<String, SpecialPrice> timed = new HashMap<>();
        Map<String, SpecialPrice> flash = new HashMap<>();
        for (int i = 0; i < itemSpecs.size(); i++) {
            ItemSpec s = itemSpecs.get(i);
            String sku = "s" + i;
            items.add(new PricingItem(sku, "p" + i, "m" + s.merchant(), List.of("c-root", "c-" + s.category()),
                    s.quantity(), cents(s.cents())));
            if (s.timedCents() != null) {
                timed.put(sku, new SpecialPrice("tl-" + i, "time-limited", cents(s.timedCents()), null));
            }
            if (s.flashCents() != null) {
                flash.put(sku, new SpecialPrice("fs-" + i, "flash", cents(s.flashCents()), "pool-" + i));
            }
        }
        List<ThresholdDiscount> thresholds = new ArrayList<>();
        for (int i = 0; i < thresholdSpecs.size(); i++) {
            ThresholdSpec s = thresholdSpecs.get(i);
            List<ThresholdDiscount.Tier> tiers = s.tiers().stream().map(t -> new ThresholdDiscount.Tier(
                    cents(t.thresholdCents()),
                    cents(Math.max(1, t.thresholdCents() * t.discountPercent() / 100)))).toList();
            thresholds.add(new ThresholdDiscount("thr-" + i, "threshold " + i,
                    s.merchant() == null ? null : "m" + s.merchant(), s.scope().toScope(), tiers));
        }
        List<CouponOffer> coupons = new ArrayList<>();
        for (int i = 0; i < couponSpecs.size(); i++) {
            CouponSpec s = couponSpecs.get(i);
            String merchant = s.merchant() == null ? null : "m" + s.merchant();
            Money minSpend = s.minSpendCents() == null ? null : cents(s.minSpendCents());
            coupons.add(switch (s.kind()) {
                case FIXED -> new CouponOffer("cpn-" + i, "tpl", "fixed", merchant, s.kind(), cents(s.amountCents()),
                        null, null, minSpend, s.scope().toScope());
                case PERCENT -> new CouponOffer("cpn-" + i, "tpl", "percent", merchant, s.kind(), null, s.percent(),
                        cents(s.maxCents()), minSpend, s.scope().toScope());
                case THRESHOLD -> new CouponOffer("cpn-" + i, "tpl", "threshold", merchant, s.kind(),
                        cents(s.amountCents()), null, null, minSpend != null ? minSpend : cents(s.amountCents()),
                        s.scope().toScope());
            });
        }
        ShippingRule shipping = new ShippingRule(cents(feeCents), freeFromCents == null ? null : cents(freeFromCents));
        return new Scenario(stacking,
                new PricingEngine.Input(CNY, items, timed, flash, thresholds, coupons, shipping));
    }

    /** The quote, or empty when the engine refuses a coupon (an allowed outcome); anything else propagates. */
    static Optional<Quote> price(Scenario s) {
        try {
            Quote quote = new PricingEngine(s.stacking()).price(s.input());
            Statistics.label("outcome").collect(quote.discounts().isEmpty() ? "priced, no discount" : "priced, discounted");
            return Optional.of(quote);
        } catch (PricingException e) {
            assertThat(e.code()).as("only coupons may be refused here").isIn(ALLOWED_REFUSALS);
            Statistics.label("outcome").collect(e.code());
            return Optional.empty();
        }
    }

    static Money sum(List<Money> amounts) {
        return amounts.stream().reduce(Money.zero(CNY), Money::plus);
    }

    // ------------------------------------------------------------------ (a) never negative

    @Property(tries = 400)
    void no_total_is_ever_negative(@ForAll("carts") Scenario scenario) {
        price(scenario).ifPresent(quote -> {
            assertThat(quote.lines()).allSatisfy(l -> {
                assertThat(l.total().isNegative()).as("line %s total %s", l.skuId(), l.total()).isFalse();
                assertThat(l.discount().isNegative()).isFalse();
                assertThat(l.discounts()).allSatisfy(a -> assertThat(a.amount().isPositive()).isTrue());
            });
            assertThat(quote.merchants()).allSatisfy(m -> {
                assertThat(m.total().isNegative()).as("merchant %s total %s", m.merchantId(), m.total()).isFalse();
                assertThat(m.shipping().isNegative()).isFalse();
            });
            assertThat(quote.total().isNegative()).as("quote total %s", quote.total()).isFalse();
            assertThat(quote.discounts()).allSatisfy(a -> assertThat(a.amount().isPositive()).isTrue());
        });
    }

    // ------------------------------------------------------------------ (b) apportioned parts sum to the whole

    @Property(tries = 400)
    void apportioned_parts_sum_to_each_order_level_discount(@ForAll("carts") Scenario scenario) {
        price(scenario).ifPresent(quote -> {
            for (Adjustment whole : quote.discounts()) {
                Money parts = sum(quote.lines().stream().flatMap(l -> l.discounts().stream())
                        .filter(a -> a.promotionId().equals(whole.promotionId())).map(Adjustment::amount).toList());
                assertThat(parts).as("parts of %s", whole.promotionId()).isEqualTo(whole.amount());
                assertThat(quote.lines().stream().flatMap(l -> l.discounts().stream())
                        .filter(a -> a.promotionId().equals(whole.promotionId())))
                        .allSatisfy(a -> assertThat(a.kind()).isEqualTo(whole.kind()));
            }
            // no line carries a discount that is not an order-level one
            Set<String> ids = Set.copyOf(quote.discounts().stream().map(Adjustment::promotionId).toList());
            assertThat(quote.lines()).allSatisfy(l -> assertThat(l.discounts()).allSatisfy(
                    a -> assertThat(ids).contains(a.promotionId())));
            assertThat(sum(quote.lines().stream().map(Quote.Line::discount).toList())).isEqualTo(quote.discount());
            assertThat(sum(quote.discounts().stream().map(Adjustment::amount).toList())).isEqualTo(quote.discount());
        });
    }

    @Property(tries = 300)
    void totals_are_consistent(@ForAll("carts") Scenario scenario) {
        price(scenario).ifPresent(quote -> {
            assertThat(quote.total()).isEqualTo(quote.subtotal().minus(quote.discount()).plus(quote.shipping()));
            for (Quote.Line l : quote.lines()) {
                assertThat(l.total()).isEqualTo(l.subtotal().minus(l.discount()));
                assertThat(l.subtotal()).isEqualTo(l.unitPrice().times(l.quantity()));
                assertThat(l.discount()).isEqualTo(sum(l.discounts().stream().map(Adjustment::amount).toList()));
            }
            for (Quote.MerchantTotal m : quote.merchants()) {
                List<Quote.Line> own = quote.lines().stream().filter(l -> l.merchantId().equals(m.merchantId())).toList();
                assertThat(m.subtotal()).isEqualTo(sum(own.stream().map(Quote.Line::subtotal).toList()));
                assertThat(m.discount()).isEqualTo(sum(own.stream().map(Quote.Line::discount).toList()));
                assertThat(m.total()).isEqualTo(m.subtotal().minus(m.discount()).plus(m.shipping()));
                Money goods = m.subtotal().minus(m.discount());
                assertThat(m.shipping()).isEqualTo(scenario.input().shipping().feeFor(goods));
            }
            assertThat(sum(quote.merchants().stream().map(Quote.MerchantTotal::total).toList())).isEqualTo(quote.total());
            assertThat(sum(quote.merchants().stream().map(Quote.MerchantTotal::shipping).toList()))
                    .isEqualTo(quote.shipping());
            // the unit price follows the special prices: flash over time-limited over list
            for (Quote.Line l : quote.lines()) {
                SpecialPrice flash = scenario.input().flash().get(l.skuId());
                SpecialPrice timed = scenario.input().timeLimited().get(l.skuId());
                PriceSource expected = flash != null ? PriceSource.FLASH
                        : timed != null ? PriceSource.TIME_LIMITED : PriceSource.LIST;
                assertThat(l.priceSource()).isEqualTo(expected);
                assertThat(l.unitPrice()).isEqualTo(
                        flash != null ? flash.price() : timed != null ? timed.price() : l.listUnitPrice());
            }
        });
    }

    // ------------------------------------------------------------------ (c) no promotions

    @Provide
    Arbitrary<List<PricingItem>> plainCarts() {
        return items().list().ofMinSize(1).ofMaxSize(8).withSizeDistribution(RandomDistribution.uniform()).map(specs -> {
            List<PricingItem> items = new ArrayList<>();
            for (int i = 0; i < specs.size(); i++) {
                ItemSpec s = specs.get(i);
                items.add(new PricingItem("s" + i, "p" + i, "m" + s.merchant(), List.of("c-" + s.category()),
                        s.quantity(), cents(s.cents())));
            }
            return items;
        });
    }

    @Property(tries = 300)
    void without_promotions_the_total_is_the_list_price_sum(@ForAll("plainCarts") List<PricingItem> items,
            @ForAll("stackings") Stacking stacking) {
        Quote quote = new PricingEngine(stacking)
                .price(new PricingEngine.Input(CNY, items, null, null, null, null, null));
        Money expected = sum(items.stream().map(i -> i.listPrice().times(i.quantity())).toList());
        assertThat(quote.total()).isEqualTo(expected);
        assertThat(quote.subtotal()).isEqualTo(expected);
        assertThat(quote.discount()).isEqualTo(Money.zero(CNY));
        assertThat(quote.shipping()).isEqualTo(Money.zero(CNY));
        assertThat(quote.discounts()).isEmpty();
        assertThat(quote.lines()).hasSameSizeAs(items);
        for (int i = 0; i < items.size(); i++) {
            Quote.Line l = quote.lines().get(i);
            assertThat(l.skuId()).isEqualTo(items.get(i).skuId());
            assertThat(l.unitPrice()).isEqualTo(items.get(i).listPrice());
            assertThat(l.listUnitPrice()).isEqualTo(items.get(i).listPrice());
            assertThat(l.priceSource()).isEqualTo(PriceSource.LIST);
            assertThat(l.pricePromotionId()).isNull();
            assertThat(l.discounts()).isEmpty();
            assertThat(l.discount()).isEqualTo(Money.zero(CNY));
            assertThat(l.total()).isEqualTo(items.get(i).listPrice().times(items.get(i).quantity()));
        }
    }

    @Provide
    Arbitrary<Stacking> stackings() {
        return stackingArbitrary();
    }

    // ------------------------------------------------------------------ (d) Apportion.split

    record SplitCase(BigDecimal amount, List<BigDecimal> weights, int scale) {
    }

    @Provide
    Arbitrary<SplitCase> splits() {
        Arbitrary<Integer> scales = Arbitraries.integers().between(0, 3);
        Arbitrary<List<Long>> weights = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.longs().between(0, 10_000_000)),
                Tuple.of(1, Arbitraries.longs().between(0, 3)))
                .list().ofMinSize(1).ofMaxSize(10);
        return Combinators.combine(scales, weights).flatAs((scale, ws) -> {
            long sum = ws.stream().mapToLong(Long::longValue).sum();
            // up to twice the weights (beyond them, only the sum is promised); nothing over zero weights
            return Arbitraries.longs().between(0, 2 * sum).map(amount -> new SplitCase(
                    BigDecimal.valueOf(amount, scale),
                    ws.stream().map(w -> BigDecimal.valueOf(w, scale)).toList(), scale));
        });
    }

    @Property(tries = 500)
    void split_parts_sum_to_the_amount_and_stay_within_their_weights(@ForAll("splits") SplitCase c) {
        List<BigDecimal> parts = Apportion.split(c.amount(), c.weights(), c.scale());
        assertThat(parts).hasSameSizeAs(c.weights());
        assertThat(parts.stream().reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo(c.amount());
        assertThat(parts).allSatisfy(p -> {
            assertThat(p.signum()).isNotNegative();
            assertThat(p.scale()).isEqualTo(c.scale());
        });
        BigDecimal total = c.weights().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        boolean withinWeights = c.amount().compareTo(total) <= 0;
        Statistics.label("amount ≤ Σ weights").collect(withinWeights);
        for (int i = 0; i < parts.size(); i++) {
            BigDecimal weight = c.weights().get(i);
            if (withinWeights) {
                assertThat(parts.get(i)).as("part %d of weight %s", i, weight).isLessThanOrEqualTo(weight);
            }
            if (total.signum() == 0) {
                assertThat(parts.get(i).signum()).isZero();
                continue;
            }
            // largest remainder: every part is its exact proportional share rounded down or up by one minor unit
            BigInteger exact = c.amount().unscaledValue().multiply(weight.unscaledValue());
            BigInteger denominator = total.unscaledValue();
            BigInteger part = parts.get(i).unscaledValue();
            BigInteger floor = exact.divide(denominator);
            assertThat(part).as("part %d", i).isBetween(floor, floor.add(BigInteger.ONE));
            if (weight.signum() == 0) {
                assertThat(parts.get(i).signum()).as("a zero weight gets nothing").isZero();
            }
        }
    }
}
