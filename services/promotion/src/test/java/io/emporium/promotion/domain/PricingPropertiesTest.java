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
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * Properties of {@link PricingEngine} over random carts: 1–8 items from 1–3 merchants, 0.01–999.99 CNY, 1–5 of
 * each, with random time-limited and flash prices, thresholds, coupons, shipping and stacking rules.
 *
 * <p>Seeded randomized tests (no property-testing library): each repetition draws its case from a generator
 * seeded with {@code base + repetition}. The base seed is random per run unless the system property
 * {@code emporium.test.seed} sets it; a failure names the seed of the failing repetition, and
 * {@code -Demporium.test.seed=<that seed>} reproduces it in the first repetition.
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

    static ItemSpec item(Gen g) {
        return new ItemSpec(g.intBetween(0, 2), g.longBetween(1, 99_999), g.intBetween(1, 5), g.intBetween(0, 3),
                g.orNull(0.7, () -> g.longBetween(1, 99_999)), g.orNull(0.8, () -> g.longBetween(1, 99_999)));
    }

    static ScopeSpec scope(Gen g) {
        // ALL four times as often as each of the others
        int pick = g.intBetween(0, 6);
        Scope.Kind kind = pick < 4 ? Scope.Kind.ALL
                : pick == 4 ? Scope.Kind.MERCHANT : pick == 5 ? Scope.Kind.CATEGORY : Scope.Kind.PRODUCT;
        return new ScopeSpec(kind, g.intBetween(0, 100));
    }

    static ThresholdSpec threshold(Gen g) {
        Integer merchant = g.orNull(0.5, () -> g.intBetween(0, 2));
        ScopeSpec scope = scope(g);
        // 1–3 tiers with distinct thresholds
        int size = g.intBetween(1, 3);
        Map<Long, TierSpec> tiers = new java.util.LinkedHashMap<>();
        while (tiers.size() < size) {
            long threshold = g.longBetween(1, 150_000);
            tiers.putIfAbsent(threshold, new TierSpec(threshold, g.intBetween(1, 100)));
        }
        return new ThresholdSpec(merchant, scope, List.copyOf(tiers.values()));
    }

    static CouponSpec coupon(Gen g) {
        CouponOffer.Kind[] kinds = CouponOffer.Kind.values();
        return new CouponSpec(kinds[g.intBetween(0, kinds.length - 1)], g.orNull(0.85, () -> g.intBetween(0, 2)),
                g.longBetween(1, 50_000), BigDecimal.valueOf(g.longBetween(1, 1_000), 1), g.longBetween(1, 50_000),
                g.orNull(0.5, () -> g.longBetween(1, 300_000)), scope(g));
    }

    static Stacking stacking(Gen g) {
        if (g.random().nextBoolean()) {
            return Stacking.defaults();
        }
        var r = g.random();
        return new Stacking(r.nextBoolean(), r.nextBoolean(), r.nextBoolean(), r.nextBoolean(), r.nextBoolean());
    }

    /** A random cart: 1–8 items, 0–3 thresholds, 0–2 coupons (sizes uniform), a fee and maybe a free-from. */
    static Scenario cart(Gen g) {
        return scenario(stacking(g), g.list(1, 8, () -> item(g)), g.list(0, 3, () -> threshold(g)),
                g.list(0, 2, () -> coupon(g)), g.longBetween(0, 2_000), g.orNull(0.3, () -> g.longBetween(0, 50_000)));
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
            return Optional.of(new PricingEngine(s.stacking()).price(s.input()));
        } catch (PricingException e) {
            assertThat(e.code()).as("only coupons may be refused here").isIn(ALLOWED_REFUSALS);
            return Optional.empty();
        }
    }

    static Money sum(List<Money> amounts) {
        return amounts.stream().reduce(Money.zero(CNY), Money::plus);
    }

    // ------------------------------------------------------------------ (a) never negative

    @RepeatedTest(400)
    void no_total_is_ever_negative(RepetitionInfo repetition) {
        Gen.check(repetition, g -> {
            Scenario scenario = cart(g);
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
        });
    }

    // ------------------------------------------------------------------ (b) apportioned parts sum to the whole

    @RepeatedTest(400)
    void apportioned_parts_sum_to_each_order_level_discount(RepetitionInfo repetition) {
        Gen.check(repetition, g -> {
            Scenario scenario = cart(g);
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
        });
    }

    @RepeatedTest(300)
    void totals_are_consistent(RepetitionInfo repetition) {
        Gen.check(repetition, g -> {
            Scenario scenario = cart(g);
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
        });
    }

    // ------------------------------------------------------------------ (c) no promotions

    static List<PricingItem> plainCart(Gen g) {
        List<ItemSpec> specs = g.list(1, 8, () -> item(g));
        List<PricingItem> items = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            ItemSpec s = specs.get(i);
            items.add(new PricingItem("s" + i, "p" + i, "m" + s.merchant(), List.of("c-" + s.category()),
                    s.quantity(), cents(s.cents())));
        }
        return items;
    }

    @RepeatedTest(300)
    void without_promotions_the_total_is_the_list_price_sum(RepetitionInfo repetition) {
        Gen.check(repetition, g -> {
            List<PricingItem> items = plainCart(g);
            Stacking stacking = stacking(g);
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
        });
    }

    // ------------------------------------------------------------------ (d) Apportion.split

    record SplitCase(BigDecimal amount, List<BigDecimal> weights, int scale) {
    }

    static SplitCase split(Gen g) {
        int scale = g.intBetween(0, 3);
        // 1–10 weights; one in five is tiny (0–3 minor units), so zero and near-zero weights are common
        List<Long> ws = g.list(1, 10, () -> g.intBetween(0, 4) == 0 ? g.longBetween(0, 3) : g.longBetween(0, 10_000_000));
        long sum = ws.stream().mapToLong(Long::longValue).sum();
        // up to twice the weights (beyond them, only the sum is promised); nothing over zero weights
        long amount = g.longBetween(0, 2 * sum);
        return new SplitCase(BigDecimal.valueOf(amount, scale), ws.stream().map(w -> BigDecimal.valueOf(w, scale)).toList(),
                scale);
    }

    @RepeatedTest(500)
    void split_parts_sum_to_the_amount_and_stay_within_their_weights(RepetitionInfo repetition) {
        Gen.check(repetition, g -> {
            SplitCase c = split(g);
            List<BigDecimal> parts = Apportion.split(c.amount(), c.weights(), c.scale());
            assertThat(parts).as("%s", c).hasSameSizeAs(c.weights());
            assertThat(parts.stream().reduce(BigDecimal.ZERO, BigDecimal::add)).as("%s", c).isEqualByComparingTo(c.amount());
            assertThat(parts).allSatisfy(p -> {
                assertThat(p.signum()).isNotNegative();
                assertThat(p.scale()).isEqualTo(c.scale());
            });
            BigDecimal total = c.weights().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            boolean withinWeights = c.amount().compareTo(total) <= 0;
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
        });
    }

    // ------------------------------------------------------------------ seeded generation

    /**
     * A seeded source of random cases. Ranges are inclusive; one draw in ten is an end of the range, because
     * the ends (zero, the largest amount, a single item) are where arithmetic breaks.
     */
    record Gen(RandomGenerator random) {

        /** The base seed of this run: {@code -Demporium.test.seed=N}, or random. */
        static final long BASE_SEED = Long.getLong("emporium.test.seed", System.nanoTime());

        /** Runs one repetition with its own seed, and names that seed if it fails. */
        static void check(RepetitionInfo repetition, java.util.function.Consumer<Gen> property) {
            long seed = BASE_SEED + repetition.getCurrentRepetition() - 1;
            try {
                property.accept(new Gen(RandomGeneratorFactory.of("L64X128MixRandom").create(seed)));
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("failed with seed " + seed + " (repetition " + repetition.getCurrentRepetition()
                        + "); reproduce with -Demporium.test.seed=" + seed + ": " + e.getMessage(), e);
            }
        }

        long longBetween(long min, long max) {
            int edge = random.nextInt(20);
            return edge == 0 ? min : edge == 1 ? max : random.nextLong(min, max + 1);
        }

        int intBetween(int min, int max) {
            return (int) longBetween(min, max);
        }

        /** null with the given probability, else a value. */
        <T> T orNull(double nullProbability, Supplier<T> value) {
            return random.nextDouble() < nullProbability ? null : value.get();
        }

        /** A list whose size is uniform in [min, max]. */
        <T> List<T> list(int min, int max, Supplier<T> element) {
            int size = random.nextInt(min, max + 1);
            List<T> list = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                list.add(element.get());
            }
            return list;
        }
    }
}
