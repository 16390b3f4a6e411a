package io.emporium.promotion.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.emporium.kernel.Money;
import io.emporium.promotion.domain.Quote.Adjustment;
import io.emporium.promotion.domain.Quote.PriceSource;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Table-driven tests of {@link PricingEngine}; CNY unless a test says otherwise. */
class PricingEngineTest {

    static final Currency CNY = Money.currencyOf("CNY");
    static final Currency JPY = Money.currencyOf("JPY");

    // ------------------------------------------------------------------ helpers

    static Money cny(String amount) {
        return Money.of(amount, "CNY");
    }

    static Money usd(String amount) {
        return Money.of(amount, "USD");
    }

    static Money jpy(String amount) {
        return Money.of(amount, "JPY");
    }

    /** A cart under construction: items, special prices, promotions, shipping. */
    static final class Cart {
        Currency currency = CNY;
        final List<PricingItem> items = new ArrayList<>();
        final Map<String, SpecialPrice> timed = new HashMap<>();
        final Map<String, SpecialPrice> flash = new HashMap<>();
        final List<ThresholdDiscount> thresholds = new ArrayList<>();
        final List<CouponOffer> coupons = new ArrayList<>();
        ShippingRule shipping;

        static Cart of() {
            return new Cart();
        }

        Cart in(Currency c) {
            this.currency = c;
            return this;
        }

        /** SKU {@code sku}, product {@code "p" + sku}, in the given categories (ancestors included). */
        Cart item(String sku, String merchant, int qty, Money listPrice, String... categories) {
            items.add(new PricingItem(sku, "p" + sku, merchant, List.of(categories), qty, listPrice));
            return this;
        }

        Cart item(String sku, String merchant, int qty, String listPrice, String... categories) {
            return item(sku, merchant, qty, cny(listPrice), categories);
        }

        Cart timed(String sku, Money price) {
            timed.put(sku, new SpecialPrice("tl-" + sku, "time-limited " + sku, price, null));
            return this;
        }

        Cart timed(String sku, String price) {
            return timed(sku, cny(price));
        }

        Cart flash(String sku, Money price) {
            flash.put(sku, new SpecialPrice("fs-" + sku, "flash " + sku, price, "pool-" + sku));
            return this;
        }

        Cart flash(String sku, String price) {
            return flash(sku, cny(price));
        }

        Cart threshold(ThresholdDiscount t) {
            thresholds.add(t);
            return this;
        }

        Cart coupon(CouponOffer c) {
            coupons.add(c);
            return this;
        }

        Cart shipping(ShippingRule rule) {
            this.shipping = rule;
            return this;
        }

        PricingEngine.Input input() {
            return new PricingEngine.Input(currency, items, timed, flash, thresholds, coupons, shipping);
        }

        Quote price() {
            return price(Stacking.defaults());
        }

        Quote price(Stacking stacking) {
            Quote quote = new PricingEngine(stacking).price(input());
            assertConsistent(quote);
            return quote;
        }
    }

    /** Tiers given as "threshold:discount" in CNY. */
    static ThresholdDiscount threshold(String id, String merchantId, Scope scope, String... tiers) {
        return new ThresholdDiscount(id, "threshold " + id, merchantId, scope, Arrays.stream(tiers).map(t -> {
            String[] p = t.split(":");
            return new ThresholdDiscount.Tier(cny(p[0]), cny(p[1]));
        }).toList());
    }

    static ThresholdDiscount threshold(String id, String merchantId, Scope scope, Money threshold, Money discount) {
        return new ThresholdDiscount(id, "threshold " + id, merchantId, scope,
                List.of(new ThresholdDiscount.Tier(threshold, discount)));
    }

    static CouponOffer fixed(String code, String amount, String minSpend) {
        return fixed(code, null, cny(amount), minSpend == null ? null : cny(minSpend), Scope.all());
    }

    static CouponOffer fixed(String code, String merchantId, Money amount, Money minSpend, Scope scope) {
        return new CouponOffer(code, "tpl-" + code, "coupon " + code, merchantId, CouponOffer.Kind.FIXED, amount, null,
                null, minSpend, scope);
    }

    static CouponOffer percent(String code, String percent, Money maxDiscount, Money minSpend) {
        return new CouponOffer(code, "tpl-" + code, "coupon " + code, null, CouponOffer.Kind.PERCENT, null,
                new BigDecimal(percent), maxDiscount, minSpend, Scope.all());
    }

    static CouponOffer percent(String code, String percent, String maxDiscount) {
        return percent(code, percent, cny(maxDiscount), null);
    }

    static CouponOffer thresholdCoupon(String code, String amount, String minSpend, Scope scope) {
        return new CouponOffer(code, "tpl-" + code, "coupon " + code, null, CouponOffer.Kind.THRESHOLD, cny(amount),
                null, null, cny(minSpend), scope);
    }

    static Scope scope(Scope.Kind kind, String... ids) {
        return new Scope(kind, Set.of(ids));
    }

    static Quote.Line line(Quote quote, String sku) {
        return quote.lines().stream().filter(l -> l.skuId().equals(sku)).findFirst()
                .orElseThrow(() -> new AssertionError("no line " + sku));
    }

    static Quote.MerchantTotal merchant(Quote quote, String merchantId) {
        return quote.merchants().stream().filter(m -> m.merchantId().equals(merchantId)).findFirst()
                .orElseThrow(() -> new AssertionError("no merchant " + merchantId));
    }

    /** promotionId → amount of the order-level discounts, in order. */
    static Map<String, Money> orderDiscounts(Quote quote) {
        Map<String, Money> m = new LinkedHashMap<>();
        quote.discounts().forEach(a -> m.put(a.promotionId(), a.amount()));
        return m;
    }

    static Map<String, Money> cnyMap(String... pairs) {
        Map<String, Money> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], cny(pairs[i + 1]));
        }
        return m;
    }

    /** The bookkeeping every quote must satisfy, whatever the promotions. */
    static void assertConsistent(Quote quote) {
        Currency c = Money.currencyOf(quote.currency());
        Money subtotal = Money.zero(c);
        Money discount = Money.zero(c);
        for (Quote.Line l : quote.lines()) {
            assertThat(l.subtotal()).as("line %s subtotal", l.skuId()).isEqualTo(l.unitPrice().times(l.quantity()));
            Money parts = l.discounts().stream().map(Adjustment::amount).reduce(Money.zero(c), Money::plus);
            assertThat(l.discount()).as("line %s discount = Σ its adjustments", l.skuId()).isEqualTo(parts);
            assertThat(l.total()).as("line %s total", l.skuId()).isEqualTo(l.subtotal().minus(l.discount()));
            assertThat(l.total().isNegative()).as("line %s total negative", l.skuId()).isFalse();
            subtotal = subtotal.plus(l.subtotal());
            discount = discount.plus(l.discount());
        }
        assertThat(quote.subtotal()).isEqualTo(subtotal);
        assertThat(quote.discount()).isEqualTo(discount);
        assertThat(quote.discounts().stream().map(Adjustment::amount).reduce(Money.zero(c), Money::plus))
                .as("order-level discounts sum to the quote's discount").isEqualTo(discount);
        for (Adjustment whole : quote.discounts()) {
            Money parts = quote.lines().stream().flatMap(l -> l.discounts().stream())
                    .filter(a -> a.promotionId().equals(whole.promotionId())).map(Adjustment::amount)
                    .reduce(Money.zero(c), Money::plus);
            assertThat(parts).as("apportioned parts of %s", whole.promotionId()).isEqualTo(whole.amount());
        }
        assertThat(quote.total()).isEqualTo(quote.subtotal().minus(quote.discount()).plus(quote.shipping()));
        Money merchantsTotal = Money.zero(c);
        Money merchantsShipping = Money.zero(c);
        for (Quote.MerchantTotal m : quote.merchants()) {
            List<Quote.Line> own = quote.lines().stream().filter(l -> l.merchantId().equals(m.merchantId())).toList();
            assertThat(m.subtotal()).isEqualTo(own.stream().map(Quote.Line::subtotal).reduce(Money.zero(c), Money::plus));
            assertThat(m.discount()).isEqualTo(own.stream().map(Quote.Line::discount).reduce(Money.zero(c), Money::plus));
            assertThat(m.total()).isEqualTo(m.subtotal().minus(m.discount()).plus(m.shipping()));
            merchantsTotal = merchantsTotal.plus(m.total());
            merchantsShipping = merchantsShipping.plus(m.shipping());
        }
        assertThat(quote.merchants()).extracting(Quote.MerchantTotal::merchantId)
                .containsExactlyElementsOf(quote.lines().stream().map(Quote.Line::merchantId).distinct().toList());
        assertThat(merchantsTotal).isEqualTo(quote.total());
        assertThat(merchantsShipping).isEqualTo(quote.shipping());
    }

    static void assertLineDiscounts(Quote quote, Map<String, Money> expected) {
        expected.forEach((sku, amount) -> assertThat(line(quote, sku).discount()).as("discount on %s", sku)
                .isEqualTo(amount));
    }

    // ------------------------------------------------------------------ unit price

    static Stream<Arguments> unitPrices() {
        return Stream.of(
                arguments("list price only", Cart.of().item("A", "m1", 2, "100.00"),
                        "100.00", PriceSource.LIST, null, null),
                arguments("time-limited price replaces the list price",
                        Cart.of().item("A", "m1", 2, "100.00").timed("A", "80.00"),
                        "80.00", PriceSource.TIME_LIMITED, "tl-A", null),
                arguments("flash price wins over the time-limited price",
                        Cart.of().item("A", "m1", 2, "100.00").timed("A", "80.00").flash("A", "59.90"),
                        "59.90", PriceSource.FLASH, "fs-A", "pool-A"),
                arguments("flash price alone", Cart.of().item("A", "m1", 2, "100.00").flash("A", "59.90"),
                        "59.90", PriceSource.FLASH, "fs-A", "pool-A"),
                arguments("special prices of other SKUs are ignored",
                        Cart.of().item("A", "m1", 2, "100.00").timed("B", "1.00").flash("C", "1.00"),
                        "100.00", PriceSource.LIST, null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unitPrices")
    void unit_price(String name, Cart cart, String unit, PriceSource source, String promotionId, String pool) {
        Quote quote = cart.price();
        Quote.Line a = line(quote, "A");
        assertThat(a.listUnitPrice()).isEqualTo(cny("100.00"));
        assertThat(a.unitPrice()).isEqualTo(cny(unit));
        assertThat(a.priceSource()).isEqualTo(source);
        assertThat(a.pricePromotionId()).isEqualTo(promotionId);
        assertThat(a.pool()).isEqualTo(pool);
        assertThat(a.subtotal()).isEqualTo(cny(unit).times(2));
        assertThat(a.discounts()).isEmpty();
        assertThat(a.total()).isEqualTo(cny(unit).times(2));
        assertThat(quote.total()).isEqualTo(cny(unit).times(2));
        assertThat(quote.currency()).isEqualTo("CNY");
    }

    @Test
    void an_empty_cart_is_refused() {
        assertThatThrownBy(() -> new PricingEngine(Stacking.defaults()).price(Cart.of().input()))
                .isInstanceOfSatisfying(PricingException.class, e -> assertThat(e.code()).isEqualTo("empty-cart"));
    }

    // ------------------------------------------------------------------ thresholds

    @ParameterizedTest(name = "spend {0} → discount {1}")
    @CsvSource({
            "0.01,      0.00",
            "299.99,    0.00",
            "300.00,   50.00",
            "499.99,   50.00",
            "500.00,  100.00",
            "999.99,  100.00",
            "1000.00, 250.00",
            "5000.00, 250.00",
    })
    void tiered_threshold_picks_the_highest_tier_reached(String spend, String discount) {
        // tiers deliberately out of order: the engine sorts them
        Quote quote = Cart.of().item("A", "m1", 1, spend)
                .threshold(threshold("T", null, Scope.all(), "500.00:100.00", "1000.00:250.00", "300.00:50.00"))
                .price();
        assertThat(quote.discount()).isEqualTo(cny(discount));
        assertThat(line(quote, "A").total()).isEqualTo(cny(spend).minus(cny(discount)));
        if (cny(discount).isPositive()) {
            assertThat(quote.discounts()).containsExactly(
                    new Adjustment("T", "THRESHOLD", "threshold T", cny(discount)));
            assertThat(line(quote, "A").discounts()).containsExactly(
                    new Adjustment("T", "THRESHOLD", "threshold T", cny(discount)));
        } else {
            assertThat(quote.discounts()).isEmpty();
            assertThat(line(quote, "A").discounts()).isEmpty();
        }
    }

    @Test
    void threshold_spend_is_the_sum_over_lines_and_quantities() {
        Quote quote = Cart.of().item("A", "m1", 3, "60.00").item("B", "m2", 2, "60.00")
                .threshold(threshold("T", null, Scope.all(), "300.00:50.00")).price();
        assertThat(orderDiscounts(quote)).isEqualTo(cnyMap("T", "50.00"));
        assertLineDiscounts(quote, cnyMap("A", "30.00", "B", "20.00"));
    }

    static Stream<Arguments> thresholdScopes() {
        return Stream.of(
                arguments("ALL", Scope.all(), "5.00", "5.00"),
                arguments("CATEGORY of an ancestor of A's leaf", scope(Scope.Kind.CATEGORY, "cat-food"), "10.00", "0.00"),
                arguments("CATEGORY of A's leaf", scope(Scope.Kind.CATEGORY, "cat-snacks"), "10.00", "0.00"),
                arguments("CATEGORY of the common root", scope(Scope.Kind.CATEGORY, "cat-root"), "5.00", "5.00"),
                arguments("CATEGORY of both leaves", scope(Scope.Kind.CATEGORY, "cat-snacks", "cat-books"), "5.00", "5.00"),
                arguments("CATEGORY nobody is in", scope(Scope.Kind.CATEGORY, "cat-toys"), "0.00", "0.00"),
                arguments("MERCHANT m2", scope(Scope.Kind.MERCHANT, "m2"), "0.00", "10.00"),
                arguments("MERCHANT unknown", scope(Scope.Kind.MERCHANT, "m9"), "0.00", "0.00"),
                arguments("PRODUCT pA", scope(Scope.Kind.PRODUCT, "pA"), "10.00", "0.00"),
                arguments("PRODUCT pA and pB", scope(Scope.Kind.PRODUCT, "pA", "pB"), "5.00", "5.00"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("thresholdScopes")
    void threshold_scope(String name, Scope scope, String discountA, String discountB) {
        Quote quote = Cart.of()
                .item("A", "m1", 1, "200.00", "cat-root", "cat-food", "cat-snacks")
                .item("B", "m2", 1, "200.00", "cat-root", "cat-books")
                .threshold(threshold("T", null, scope, "100.00:10.00"))
                .price();
        assertLineDiscounts(quote, cnyMap("A", discountA, "B", discountB));
    }

    @Test
    void a_scope_only_counts_the_lines_it_covers_towards_the_threshold() {
        // 150 of food + 150 of books: 300 in all, but only 150 in the scope
        Quote quote = Cart.of()
                .item("A", "m1", 1, "150.00", "cat-food")
                .item("B", "m1", 1, "150.00", "cat-books")
                .threshold(threshold("T", null, scope(Scope.Kind.CATEGORY, "cat-food"), "300.00:50.00"))
                .price();
        assertThat(quote.discounts()).isEmpty();
    }

    static Stream<Arguments> merchantThresholds() {
        return Stream.of(
                arguments("its lines reach the threshold: only they are discounted", "150.00", "150.00",
                        Scope.all(), "20.00", "0.00"),
                arguments("other merchants' lines do not count towards it", "80.00", "150.00",
                        Scope.all(), "0.00", "0.00"),
                arguments("a merchant's threshold scoped to another merchant touches nothing", "150.00", "150.00",
                        scope(Scope.Kind.MERCHANT, "m2"), "0.00", "0.00"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("merchantThresholds")
    void merchant_owned_threshold_only_touches_that_merchants_lines(String name, String priceA, String priceB,
            Scope scope, String discountA, String discountB) {
        Quote quote = Cart.of().item("A", "m1", 1, priceA).item("B", "m2", 1, priceB)
                .threshold(threshold("T-m1", "m1", scope, "100.00:20.00"))
                .price();
        assertLineDiscounts(quote, cnyMap("A", discountA, "B", discountB));
        assertThat(merchant(quote, "m2").discount()).isEqualTo(cny(discountB));
    }

    static Stream<Arguments> thresholdOrder() {
        return Stream.of(
                // merchant's first: A 200 → 170; the platform then sees 170 + 110 = 280 < 300. Had the platform
                // gone first (310 ≥ 300) the merchant would have seen A below 200 and nothing would apply to m1.
                arguments("merchant's discount can take the cart below the platform's threshold", "200.00", "110.00",
                        cnyMap("M", "30.00"), cnyMap("A", "30.00", "B", "0.00")),
                // merchant: A 300 → 270; platform 50 on 270 : 100 → 36.486… / 13.513… → 36.49 / 13.51
                arguments("both apply, the platform's on the amounts after the merchant's", "300.00", "100.00",
                        cnyMap("M", "30.00", "P", "50.00"), cnyMap("A", "66.49", "B", "13.51")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("thresholdOrder")
    void merchant_thresholds_apply_before_platform_ones(String name, String priceA, String priceB,
            Map<String, Money> discounts, Map<String, Money> lineDiscounts) {
        Quote quote = Cart.of().item("A", "m1", 1, priceA).item("B", "m2", 1, priceB)
                // listed platform first on purpose
                .threshold(threshold("P", null, Scope.all(), "300.00:50.00"))
                .threshold(threshold("M", "m1", Scope.all(), "200.00:30.00"))
                .price();
        assertThat(orderDiscounts(quote)).containsExactlyEntriesOf(discounts);
        assertLineDiscounts(quote, lineDiscounts);
    }

    // ------------------------------------------------------------------ stacking

    static Stacking stacking(boolean thresholdOnTimeLimited, boolean thresholdOnFlash, boolean couponOnFlash,
            boolean couponOnThreshold, boolean thresholdOnThreshold) {
        return new Stacking(thresholdOnTimeLimited, thresholdOnFlash, couponOnFlash, couponOnThreshold,
                thresholdOnThreshold);
    }

    static Stream<Arguments> stackingRules() {
        Supplier<Cart> flashAndThreshold = () -> Cart.of().item("A", "m1", 1, "300.00").flash("A", "200.00")
                .item("B", "m1", 1, "200.00").threshold(threshold("T", null, Scope.all(), "300.00:30.00"));
        Supplier<Cart> flashAndCoupon = () -> Cart.of().item("A", "m1", 1, "300.00").flash("A", "200.00")
                .item("B", "m1", 1, "100.00").coupon(fixed("C", "20.00", null));
        Supplier<Cart> thresholdThenCoupon = () -> Cart.of().item("A", "m1", 1, "300.00").item("B", "m1", 1, "100.00")
                .threshold(threshold("T", null, scope(Scope.Kind.PRODUCT, "pA"), "300.00:30.00"))
                .coupon(fixed("C", "20.00", null));
        Supplier<Cart> timedAndThreshold = () -> Cart.of().item("A", "m1", 1, "300.00").timed("A", "250.00")
                .item("B", "m1", 1, "100.00").threshold(threshold("T", null, Scope.all(), "300.00:30.00"));
        Supplier<Cart> twoThresholds = () -> Cart.of().item("A", "m1", 1, "200.00").item("B", "m2", 1, "100.00")
                .threshold(threshold("M", "m1", Scope.all(), "100.00:10.00"))
                .threshold(threshold("P", null, Scope.all(), "100.00:20.00"));
        return Stream.of(
                arguments("by default flash lines do not count towards thresholds", Stacking.defaults(),
                        flashAndThreshold.get(), cnyMap(), cnyMap("A", "0.00", "B", "0.00")),
                arguments("thresholdOnFlash=true: they do", stacking(true, true, false, true, true),
                        flashAndThreshold.get(), cnyMap("T", "30.00"), cnyMap("A", "15.00", "B", "15.00")),
                arguments("by default coupons skip flash lines", Stacking.defaults(),
                        flashAndCoupon.get(), cnyMap("C", "20.00"), cnyMap("A", "0.00", "B", "20.00")),
                // 20 over 200 : 100 → 13.33 r.33 / 6.66 r.67 → the odd cent to B
                arguments("couponOnFlash=true: they don't", stacking(true, false, true, true, true),
                        flashAndCoupon.get(), cnyMap("C", "20.00"), cnyMap("A", "13.33", "B", "6.67")),
                // A 300 → 270; coupon 20 over 270 : 100 → 14.59 r.459 / 5.40 r.54 → B 5.41
                arguments("couponOnThreshold=true (default): coupons stack on thresholds", Stacking.defaults(),
                        thresholdThenCoupon.get(), cnyMap("T", "30.00", "C", "20.00"),
                        cnyMap("A", "44.59", "B", "5.41")),
                arguments("couponOnThreshold=false: lines that had a threshold get no coupon",
                        stacking(true, false, false, false, true), thresholdThenCoupon.get(),
                        cnyMap("T", "30.00", "C", "20.00"), cnyMap("A", "30.00", "B", "20.00")),
                // 30 over 250 : 100 → 21.42 r.857 / 8.57 r.143 → A 21.43
                arguments("thresholdOnTimeLimited=true (default): time-limited lines count", Stacking.defaults(),
                        timedAndThreshold.get(), cnyMap("T", "30.00"), cnyMap("A", "21.43", "B", "8.57")),
                arguments("thresholdOnTimeLimited=false: they don't", stacking(false, false, false, true, true),
                        timedAndThreshold.get(), cnyMap(), cnyMap("A", "0.00", "B", "0.00")),
                // M: A 200 → 190; P 20 over 190 : 100 → 13.10 r.345 / 6.89 r.655 → B 6.90
                arguments("thresholdOnThreshold=true (default): a line gets the merchant's and the platform's",
                        Stacking.defaults(), twoThresholds.get(), cnyMap("M", "10.00", "P", "20.00"),
                        cnyMap("A", "23.10", "B", "6.90")),
                arguments("thresholdOnThreshold=false: the platform's skips lines that had the merchant's",
                        stacking(true, false, false, true, false), twoThresholds.get(),
                        cnyMap("M", "10.00", "P", "20.00"), cnyMap("A", "10.00", "B", "20.00")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stackingRules")
    void stacking_rules(String name, Stacking stacking, Cart cart, Map<String, Money> discounts,
            Map<String, Money> lineDiscounts) {
        Quote quote = cart.price(stacking);
        assertThat(orderDiscounts(quote)).containsExactlyEntriesOf(discounts);
        assertLineDiscounts(quote, lineDiscounts);
    }

    @Test
    void thresholdOnThreshold_false_can_leave_the_platform_threshold_out_of_reach() {
        // B alone (100) is below the platform's 200; with stacking it would have counted A too
        Cart cart = Cart.of().item("A", "m1", 1, "200.00").item("B", "m2", 1, "100.00")
                .threshold(threshold("M", "m1", Scope.all(), "100.00:10.00"))
                .threshold(threshold("P", null, Scope.all(), "200.00:20.00"));
        assertThat(orderDiscounts(cart.price(stacking(true, false, false, true, false))))
                .containsExactlyEntriesOf(cnyMap("M", "10.00"));
        assertThat(orderDiscounts(cart.price(Stacking.defaults())))
                .containsExactlyEntriesOf(cnyMap("M", "10.00", "P", "20.00"));
    }

    // ------------------------------------------------------------------ coupons

    static Stream<Arguments> couponAmounts() {
        return Stream.of(
                arguments("FIXED below the spend", "100.00", fixed("C", "20.00", null), "20.00"),
                arguments("FIXED capped at the eligible amount", "30.00", fixed("C", "50.00", null), "30.00"),
                arguments("FIXED with its minimum spend reached exactly", "100.00", fixed("C", "20.00", "100.00"),
                        "20.00"),
                arguments("PERCENT 15% of 33.33 = 4.9995 → 5.00", "33.33", percent("C", "15", "100.00"), "5.00"),
                arguments("PERCENT 10% of 0.05 = 0.005 → 0.01 (half-up)", "0.05", percent("C", "10", "100.00"), "0.01"),
                arguments("PERCENT 10% of 0.25 = 0.025 → 0.03 (half-up, not half-even)", "0.25",
                        percent("C", "10", "100.00"), "0.03"),
                arguments("PERCENT 10% of 0.24 = 0.024 → 0.02", "0.24", percent("C", "10", "100.00"), "0.02"),
                arguments("PERCENT 12.5% of 99.99 = 12.49875 → 12.50", "99.99", percent("C", "12.5", "100.00"),
                        "12.50"),
                arguments("PERCENT capped at maxDiscount", "100.00", percent("C", "50", "20.00"), "20.00"),
                arguments("PERCENT rounded, then capped: 10% of 10.05 = 1.005 → 1.01 → 1.00", "10.05",
                        percent("C", "10", "1.00"), "1.00"),
                arguments("PERCENT 100% takes the line to zero", "50.00", percent("C", "100", "1000.00"), "50.00"),
                arguments("PERCENT 1% of 0.01 rounds to nothing", "0.01", percent("C", "1", "100.00"), "0.00"),
                arguments("THRESHOLD reached exactly", "300.00", thresholdCoupon("C", "50.00", "300.00", Scope.all()),
                        "50.00"),
                arguments("THRESHOLD exceeded", "450.00", thresholdCoupon("C", "50.00", "300.00", Scope.all()),
                        "50.00"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("couponAmounts")
    void coupon_amount(String name, String price, CouponOffer coupon, String discount) {
        Quote quote = Cart.of().item("A", "m1", 1, price).coupon(coupon).price();
        assertThat(quote.discount()).isEqualTo(cny(discount));
        assertThat(line(quote, "A").total()).isEqualTo(cny(price).minus(cny(discount)));
        if (cny(discount).isPositive()) {
            assertThat(quote.discounts()).containsExactly(new Adjustment("C", "COUPON", "coupon C", cny(discount)));
        } else {
            assertThat(quote.discounts()).isEmpty();
        }
    }

    @Test
    void coupons_apply_in_order_each_on_the_amounts_after_the_earlier_ones() {
        Quote quote = Cart.of().item("A", "m1", 1, "200.00")
                .coupon(fixed("C1", "50.00", null)).coupon(percent("C2", "10", "100.00")).price();
        assertThat(orderDiscounts(quote)).containsExactlyEntriesOf(cnyMap("C1", "50.00", "C2", "15.00"));
    }

    @Test
    void a_merchants_coupon_only_touches_that_merchants_lines() {
        Quote quote = Cart.of().item("A", "m1", 1, "100.00").item("B", "m2", 1, "100.00")
                .coupon(fixed("C", "m1", cny("30.00"), null, Scope.all())).price();
        assertLineDiscounts(quote, cnyMap("A", "30.00", "B", "0.00"));
    }

    static Stream<Arguments> refusedCoupons() {
        return Stream.of(
                arguments("THRESHOLD coupon one cent short", Stacking.defaults(),
                        Cart.of().item("A", "m1", 1, "299.99")
                                .coupon(thresholdCoupon("C", "50.00", "300.00", Scope.all())),
                        "coupon-below-threshold"),
                arguments("FIXED coupon below its minimum spend", Stacking.defaults(),
                        Cart.of().item("A", "m1", 1, "99.99").coupon(fixed("C", "10.00", "100.00")),
                        "coupon-below-threshold"),
                arguments("PERCENT coupon below its minimum spend", Stacking.defaults(),
                        Cart.of().item("A", "m1", 1, "99.99").coupon(percent("C", "10", cny("5.00"), cny("100.00"))),
                        "coupon-below-threshold"),
                arguments("minimum spend measured after threshold discounts", Stacking.defaults(),
                        Cart.of().item("A", "m1", 1, "320.00")
                                .threshold(threshold("T", null, Scope.all(), "300.00:50.00"))
                                .coupon(thresholdCoupon("C", "20.00", "300.00", Scope.all())),
                        "coupon-below-threshold"),
                arguments("minimum spend measured over the coupon's scope only", Stacking.defaults(),
                        Cart.of().item("A", "m1", 1, "200.00").item("B", "m1", 1, "200.00")
                                .coupon(thresholdCoupon("C", "20.00", "300.00", scope(Scope.Kind.PRODUCT, "pA"))),
                        "coupon-below-threshold"),
                arguments("minimum spend excludes flash lines", Stacking.defaults(),
                        Cart.of().item("A", "m1", 1, "500.00").flash("A", "400.00").item("B", "m1", 1, "100.00")
                                .coupon(thresholdCoupon("C", "20.00", "300.00", Scope.all())),
                        "coupon-below-threshold"),
                arguments("scoped to a product not in the cart", Stacking.defaults(),
                        Cart.of().item("A", "m1", 1, "100.00")
                                .coupon(fixed("C", null, cny("10.00"), null, scope(Scope.Kind.PRODUCT, "pZ"))),
                        "coupon-not-applicable"),
                arguments("another merchant's coupon", Stacking.defaults(),
                        Cart.of().item("A", "m1", 1, "100.00")
                                .coupon(fixed("C", "m9", cny("10.00"), null, Scope.all())),
                        "coupon-not-applicable"),
                arguments("only flash lines, coupons not allowed on flash", Stacking.defaults(),
                        Cart.of().item("A", "m1", 1, "100.00").flash("A", "50.00").coupon(fixed("C", "10.00", null)),
                        "coupon-not-applicable"),
                arguments("every line had a threshold and couponOnThreshold=false", stacking(true, false, false, false,
                        true),
                        Cart.of().item("A", "m1", 1, "300.00")
                                .threshold(threshold("T", null, Scope.all(), "300.00:30.00"))
                                .coupon(fixed("C", "10.00", null)),
                        "coupon-not-applicable"),
                arguments("a previous coupon took every line to zero", Stacking.defaults(),
                        Cart.of().item("A", "m1", 1, "10.00")
                                .coupon(fixed("C0", "10.00", null)).coupon(fixed("C", "1.00", null)),
                        "coupon-not-applicable"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedCoupons")
    void refused_coupon(String name, Stacking stacking, Cart cart, String code) {
        Throwable thrown = catchThrowable(() -> new PricingEngine(stacking).price(cart.input()));
        assertThat(thrown).isInstanceOfSatisfying(PricingException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.subject()).isEqualTo("C");
        });
    }

    // ------------------------------------------------------------------ currencies

    static Stream<Arguments> currencyMismatches() {
        return Stream.of(
                arguments("an item priced in USD", Cart.of().item("A", "m1", 1, usd("10.00"))),
                arguments("a cart in JPY with CNY items", Cart.of().in(JPY).item("A", "m1", 1, "10.00")),
                arguments("a time-limited price in USD", Cart.of().item("A", "m1", 1, "10.00").timed("A", usd("5.00"))),
                arguments("a flash price in USD", Cart.of().item("A", "m1", 1, "10.00").flash("A", usd("5.00"))),
                arguments("a threshold discount in USD", Cart.of().item("A", "m1", 1, "500.00")
                        .threshold(threshold("T", null, Scope.all(), usd("300.00"), usd("50.00")))),
                arguments("a threshold discount in USD that would not even apply", Cart.of().item("A", "m1", 1, "5.00")
                        .threshold(threshold("T", null, Scope.all(), usd("300.00"), usd("50.00")))),
                arguments("a FIXED coupon in USD", Cart.of().item("A", "m1", 1, "500.00")
                        .coupon(fixed("C", null, usd("10.00"), null, Scope.all()))),
                arguments("a PERCENT coupon capped in USD", Cart.of().item("A", "m1", 1, "500.00")
                        .coupon(percent("C", "10", usd("10.00"), null))),
                arguments("a shipping fee in USD", Cart.of().item("A", "m1", 1, "500.00")
                        .shipping(new ShippingRule(usd("10.00"), null))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("currencyMismatches")
    void currency_mismatch_is_refused(String name, Cart cart) {
        Throwable thrown = catchThrowable(() -> new PricingEngine(Stacking.defaults()).price(cart.input()));
        assertThat(thrown).isInstanceOfSatisfying(PricingException.class,
                e -> assertThat(e.code()).isEqualTo("currency-mismatch"));
    }

    @Test
    void shipping_free_from_in_another_currency_is_refused_as_currency_mismatch() {
        Cart cart = Cart.of().item("A", "m1", 1, "500.00").shipping(new ShippingRule(cny("10.00"), usd("99.00")));
        Throwable thrown = catchThrowable(() -> new PricingEngine(Stacking.defaults()).price(cart.input()));
        assertThat(thrown).isInstanceOfSatisfying(PricingException.class,
                e -> assertThat(e.code()).isEqualTo("currency-mismatch"));
    }

    @Test
    void coupon_min_spend_in_another_currency_is_refused_as_currency_mismatch() {
        Cart cart = Cart.of().item("A", "m1", 1, "500.00")
                .coupon(fixed("C", null, cny("10.00"), usd("100.00"), Scope.all()));
        Throwable thrown = catchThrowable(() -> new PricingEngine(Stacking.defaults()).price(cart.input()));
        assertThat(thrown).isInstanceOfSatisfying(PricingException.class,
                e -> assertThat(e.code()).isEqualTo("currency-mismatch"));
    }

    // ------------------------------------------------------------------ shipping

    @ParameterizedTest(name = "m1 {0} (threshold saves {2}), m2 {1}, fee {3} free from {4} → {5} / {6}")
    @CsvSource({
            // m1,   m2,      m1 saves, fee,   freeFrom, ship m1, ship m2
            "98.99,  99.00,   ,         10.00, 99.00,    10.00,   0.00",
            "150.00, 20.00,   ,         10.00, 99.00,    0.00,    10.00",
            // measured after discounts: m1 120 − 30 = 90 < 99
            "120.00, 120.00,  30.00,    10.00, 99.00,    10.00,   0.00",
            // 130 − 30 = 100 ≥ 99
            "130.00, 98.00,   30.00,    10.00, 99.00,    0.00,    10.00",
            "120.00, 120.00,  ,         8.00,  ,         8.00,    8.00",
            "120.00, 120.00,  ,         0.00,  ,         0.00,    0.00",
    })
    void shipping_per_merchant(String m1, String m2, String m1Saves, String fee, String freeFrom, String shipM1,
            String shipM2) {
        Cart cart = Cart.of().item("A", "m1", 1, m1).item("B", "m2", 1, m2)
                .shipping(new ShippingRule(cny(fee), freeFrom == null ? null : cny(freeFrom)));
        if (m1Saves != null) {
            cart.threshold(threshold("M", "m1", Scope.all(), cny("100.00"), cny(m1Saves)));
        }
        Quote quote = cart.price();
        assertThat(merchant(quote, "m1").shipping()).isEqualTo(cny(shipM1));
        assertThat(merchant(quote, "m2").shipping()).isEqualTo(cny(shipM2));
        assertThat(quote.shipping()).isEqualTo(cny(shipM1).plus(cny(shipM2)));
        Money discount = m1Saves == null ? cny("0.00") : cny(m1Saves);
        assertThat(merchant(quote, "m1").total()).isEqualTo(cny(m1).minus(discount).plus(cny(shipM1)));
        assertThat(quote.total()).isEqualTo(cny(m1).plus(cny(m2)).minus(discount).plus(quote.shipping()));
    }

    @Test
    void shipping_is_free_when_no_rule_is_given() {
        Quote quote = Cart.of().item("A", "m1", 1, "1.00").item("B", "m2", 1, "1.00").price();
        assertThat(quote.shipping()).isEqualTo(cny("0.00"));
        assertThat(quote.merchants()).extracting(Quote.MerchantTotal::shipping).containsOnly(cny("0.00"));
    }

    @Test
    void each_merchant_pays_its_own_shipping_once_however_many_lines() {
        Quote quote = Cart.of().item("A", "m1", 1, "10.00").item("B", "m2", 1, "10.00").item("C", "m1", 2, "10.00")
                .shipping(new ShippingRule(cny("6.00"), cny("100.00"))).price();
        assertThat(quote.merchants()).extracting(Quote.MerchantTotal::merchantId).containsExactly("m1", "m2");
        assertThat(merchant(quote, "m1").subtotal()).isEqualTo(cny("30.00"));
        assertThat(quote.shipping()).isEqualTo(cny("12.00"));
        assertThat(quote.total()).isEqualTo(cny("52.00"));
    }

    // ------------------------------------------------------------------ apportioning

    static Stream<Arguments> apportionedCoupons() {
        return Stream.of(
                // 10.00 over 33.33/33.33/33.34 (sum 100): 3.333, 3.333, 3.334 → remainders .3 .3 .4 → the cent to C
                arguments("largest remainder gets the odd cent", List.of("33.33", "33.33", "33.34"), "10.00",
                        List.of("3.33", "3.33", "3.34")),
                // 10.00 over 3 × 33.33 (sum 99.99): 3.3333 each → tie → the earliest line
                arguments("ties go to the earlier line", List.of("33.33", "33.33", "33.33"), "10.00",
                        List.of("3.34", "3.33", "3.33")),
                // 2.00 over 3.33/3.33/3.34: 0.666, 0.666, 0.668 → two cents: C (r.8), then A (tie with B, earlier)
                arguments("two odd cents: largest remainder first, then the earlier of a tie",
                        List.of("3.33", "3.33", "3.34"), "2.00", List.of("0.67", "0.66", "0.67")),
                arguments("the whole of every line", List.of("3.33", "3.33", "3.34"), "10.00",
                        List.of("3.33", "3.33", "3.34")),
                arguments("one cent over many equal lines goes to the first", List.of("1.00", "1.00", "1.00", "1.00"),
                        "0.01", List.of("0.01", "0.00", "0.00", "0.00")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("apportionedCoupons")
    void coupon_is_apportioned_by_largest_remainder(String name, List<String> prices, String coupon,
            List<String> shares) {
        Cart cart = Cart.of().coupon(fixed("C", coupon, null));
        for (int i = 0; i < prices.size(); i++) {
            cart.item("L" + i, "m1", 1, prices.get(i));
        }
        Quote quote = cart.price();
        assertThat(quote.lines()).extracting(Quote.Line::discount)
                .containsExactlyElementsOf(shares.stream().map(PricingEngineTest::cny).toList());
        // a line whose share is zero carries no adjustment
        for (int i = 0; i < shares.size(); i++) {
            assertThat(quote.lines().get(i).discounts()).hasSize(cny(shares.get(i)).isPositive() ? 1 : 0);
        }
    }

    static Stream<Arguments> splits() {
        return Stream.of(
                arguments("10.00", List.of("3.33", "3.33", "3.34"), 2, List.of("3.33", "3.33", "3.34")),
                arguments("1.00", List.of("3.33", "3.33", "3.34"), 2, List.of("0.33", "0.33", "0.34")),
                arguments("2.00", List.of("3.33", "3.33", "3.34"), 2, List.of("0.67", "0.66", "0.67")),
                arguments("10.00", List.of("3.33", "3.33", "3.33"), 2, List.of("3.34", "3.33", "3.33")),
                arguments("0.01", List.of("0.00", "1.00", "1.00"), 2, List.of("0.00", "0.01", "0.00")),
                arguments("0.02", List.of("1.00", "0.00", "1.00"), 2, List.of("0.01", "0.00", "0.01")),
                arguments("0.00", List.of("1.00", "2.00"), 2, List.of("0.00", "0.00")),
                arguments("0.00", List.of("0.00", "0.00"), 2, List.of("0.00", "0.00")),
                arguments("5.00", List.of("7.00"), 2, List.of("5.00")),
                arguments("100", List.of("333", "333", "334"), 0, List.of("33", "33", "34")),
                arguments("150", List.of("333", "333", "334"), 0, List.of("50", "50", "50")),
                arguments("1", List.of("1", "1", "1"), 0, List.of("1", "0", "0")));
    }

    @ParameterizedTest(name = "split {0} over {1} at scale {2} → {3}")
    @MethodSource("splits")
    void apportion_split(String amount, List<String> weights, int scale, List<String> expected) {
        List<BigDecimal> parts = Apportion.split(new BigDecimal(amount), weights.stream().map(BigDecimal::new).toList(),
                scale);
        assertThat(parts).containsExactlyElementsOf(expected.stream().map(BigDecimal::new).toList());
        assertThat(parts).allSatisfy(p -> assertThat(p.scale()).isEqualTo(scale));
    }

    @Test
    void apportion_refuses_what_it_cannot_split() {
        assertThatThrownBy(() -> Apportion.split(new BigDecimal("-0.01"), List.of(BigDecimal.ONE), 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Apportion.split(new BigDecimal("1.00"), List.of(new BigDecimal("-1.00")), 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Apportion.split(new BigDecimal("0.01"), List.of(BigDecimal.ZERO, BigDecimal.ZERO), 2))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ------------------------------------------------------------------ JPY

    @ParameterizedTest(name = "15% of JPY {0} → {1}")
    @CsvSource({
            "1000, 150",
            "1003, 150",   // 150.45
            "1010, 152",   // 151.5, half-up
            "1030, 155",   // 154.5, half-up
            "3,    0",     // 0.45 rounds to nothing
            "4,    1",     // 0.6
    })
    void jpy_percent_coupon_rounds_to_whole_yen(String price, String discount) {
        Quote quote = Cart.of().in(JPY).item("A", "m1", 1, jpy(price))
                .coupon(percent("C", "15", jpy("10000"), null)).price();
        assertThat(quote.discount()).isEqualTo(jpy(discount));
        assertThat(quote.discount().amount().scale()).isZero();
        assertThat(quote.total().amount().scale()).isZero();
    }

    @Test
    void jpy_discounts_are_apportioned_in_whole_yen() {
        Quote quote = Cart.of().in(JPY)
                .item("A", "m1", 1, jpy("333")).item("B", "m1", 1, jpy("333")).item("C", "m2", 1, jpy("334"))
                .threshold(new ThresholdDiscount("T", "1000 − 100", null, Scope.all(),
                        List.of(new ThresholdDiscount.Tier(jpy("1000"), jpy("100")))))
                .shipping(new ShippingRule(jpy("500"), jpy("400")))
                .price();
        // 100 over 333/333/334: 33.3, 33.3, 33.4 → the odd yen to C
        assertThat(quote.lines()).extracting(Quote.Line::discount).containsExactly(jpy("33"), jpy("33"), jpy("34"));
        assertThat(quote.lines()).extracting(Quote.Line::total).containsExactly(jpy("300"), jpy("300"), jpy("300"));
        // m1 goods 600 ≥ 400: free; m2 goods 300 < 400: 500
        assertThat(merchant(quote, "m1").shipping()).isEqualTo(jpy("0"));
        assertThat(merchant(quote, "m2").shipping()).isEqualTo(jpy("500"));
        assertThat(quote.total()).isEqualTo(jpy("1400"));
        assertThat(quote.currency()).isEqualTo("JPY");
        quote.lines().forEach(l -> l.discounts().forEach(a -> assertThat(a.amount().amount().scale()).isZero()));
    }

    @Test
    void jpy_percent_coupon_over_several_lines() {
        Quote quote = Cart.of().in(JPY)
                .item("A", "m1", 1, jpy("333")).item("B", "m1", 1, jpy("333")).item("C", "m1", 1, jpy("334"))
                .coupon(percent("C", "15", jpy("1000"), null)).price();
        // 150 over 333/333/334: 49.95, 49.95, 50.1 → 49, 49, 50 + two yen to A and B (remainders .95)
        assertThat(quote.lines()).extracting(Quote.Line::discount).containsExactly(jpy("50"), jpy("50"), jpy("50"));
    }

    // ------------------------------------------------------------------ totals

    @Nested
    class AFullCart {

        /*
         * A m1 2 × 100.00 at a time-limited 90.00 = 180.00
         * B m1 1 × 50.00                         =  50.00
         * C m2 3 × 40.00 at a flash 30.00        =  90.00
         * D m2 1 × 120.00                        = 120.00   subtotal 440.00
         *
         * M1 (m1's, 200 − 20) on A, B (230): 20 over 180 : 50 → 15.65 / 4.35      A 164.35 B 45.65
         * P (platform, 300 − 30 / 400 − 60) on A, B, D (330; C is flash): 30 → 14.94 / 4.15 / 10.91
         *                                                                          A 149.41 B 41.50 D 109.09
         * K (FIXED 10) on A, B, D (300.00): 4.98 / 1.38 / 3.64                     A 144.43 B 40.12 D 105.45
         * shipping 12.00, free from 190.00: m1 goods 184.55 → 12.00; m2 goods 195.45 → free
         */
        final Quote quote = Cart.of()
                .item("A", "m1", 2, "100.00", "c-root", "c-food").timed("A", "90.00")
                .item("B", "m1", 1, "50.00", "c-root", "c-books")
                .item("C", "m2", 3, "40.00", "c-root", "c-food").flash("C", "30.00")
                .item("D", "m2", 1, "120.00", "c-root", "c-books")
                .threshold(threshold("P", null, Scope.all(), "300.00:30.00", "400.00:60.00"))
                .threshold(threshold("M1", "m1", Scope.all(), "200.00:20.00"))
                .coupon(fixed("K", "10.00", null))
                .shipping(new ShippingRule(cny("12.00"), cny("190.00")))
                .price();

        @Test
        void order_level_discounts() {
            assertThat(quote.discounts()).containsExactly(
                    new Adjustment("M1", "THRESHOLD", "threshold M1", cny("20.00")),
                    new Adjustment("P", "THRESHOLD", "threshold P", cny("30.00")),
                    new Adjustment("K", "COUPON", "coupon K", cny("10.00")));
        }

        @Test
        void lines() {
            assertThat(line(quote, "A").discounts()).extracting(Adjustment::amount)
                    .containsExactly(cny("15.65"), cny("14.94"), cny("4.98"));
            assertThat(line(quote, "B").discounts()).extracting(Adjustment::amount)
                    .containsExactly(cny("4.35"), cny("4.15"), cny("1.38"));
            assertThat(line(quote, "C").discounts()).isEmpty();
            assertThat(line(quote, "D").discounts()).extracting(Adjustment::promotionId).containsExactly("P", "K");
            assertThat(quote.lines()).extracting(Quote.Line::total)
                    .containsExactly(cny("144.43"), cny("40.12"), cny("90.00"), cny("105.45"));
            assertThat(quote.lines()).extracting(Quote.Line::priceSource).containsExactly(PriceSource.TIME_LIMITED,
                    PriceSource.LIST, PriceSource.FLASH, PriceSource.LIST);
        }

        @Test
        void merchants() {
            assertThat(quote.merchants()).containsExactly(
                    new Quote.MerchantTotal("m1", cny("230.00"), cny("45.45"), cny("12.00"), cny("196.55")),
                    new Quote.MerchantTotal("m2", cny("210.00"), cny("14.55"), cny("0.00"), cny("195.45")));
        }

        @Test
        void totals() {
            assertThat(quote.subtotal()).isEqualTo(cny("440.00"));
            assertThat(quote.discount()).isEqualTo(cny("60.00"));
            assertThat(quote.shipping()).isEqualTo(cny("12.00"));
            assertThat(quote.total()).isEqualTo(cny("392.00"));
            assertThat(quote.total()).isEqualTo(quote.subtotal().minus(quote.discount()).plus(quote.shipping()));
            assertThat(quote.lines()).allSatisfy(l -> assertThat(l.total()).isEqualTo(l.subtotal().minus(l.discount())));
            assertThat(quote.merchants().stream().map(Quote.MerchantTotal::total).reduce(Money::plus).orElseThrow())
                    .isEqualTo(quote.total());
        }
    }

    @Test
    void quote_lists_lines_in_cart_order() {
        Quote quote = Cart.of().item("Z", "m2", 1, "1.00").item("A", "m1", 1, "1.00").item("M", "m2", 1, "1.00").price();
        assertThat(quote.lines()).extracting(Quote.Line::skuId).containsExactly("Z", "A", "M");
        assertThat(quote.merchants()).extracting(Quote.MerchantTotal::merchantId).containsExactly("m2", "m1");
        assertThat(quote.lines().stream().collect(Collectors.groupingBy(Quote.Line::merchantId, Collectors.counting())))
                .containsEntry("m2", 2L).containsEntry("m1", 1L);
    }
}
