package io.emporium.launcher.demo;

import io.emporium.kernel.Money;
import io.emporium.platform.problem.ProblemException;
import io.emporium.promotion.api.NewCouponTemplate;
import io.emporium.promotion.api.NewFlashSale;
import io.emporium.promotion.api.NewPriceSchedule;
import io.emporium.promotion.api.NewThresholdDiscount;
import io.emporium.promotion.api.PromotionApi;
import io.emporium.promotion.api.ScopeSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * The demo marketplace's promotions: two platform coupons to claim, a merchant's "spend more,
 * save more", a merchant's limited-time price, and two flash sales (one running, one about to
 * start) so the storefront has something on. Keyed by fixed ids (the flash sales by day), so a
 * restart adds nothing twice; a flash sale that would overlap one still running is skipped.
 */
@Component
@Lazy // needs the promotion service: only created when it runs here
public class DemoPromotions {

    private static final Logger log = LoggerFactory.getLogger("emporium");
    private static final String CNY = DemoData.CURRENCY;

    private final PromotionApi promotions;
    private final Clock clock;

    public DemoPromotions(PromotionApi promotions, Clock clock) {
        this.promotions = promotions;
        this.clock = clock;
    }

    public int seed(Map<String, String> skuIds) {
        Instant now = clock.instant();
        Instant yearEnd = now.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(365));
        int made = 0;
        made += attempt("welcome coupon", () -> promotions.ensureCouponTemplate("cpt_demo_welcome", new NewCouponTemplate(
                "Welcome: 20 off orders of 199", "THRESHOLD", money("20.00"), null, null, money("199.00"), ScopeSpec.all(),
                now.minus(Duration.ofDays(1)), yearEnd, 100_000, 1)));
        made += attempt("electronics coupon", () -> promotions.ensureCouponTemplate("cpt_demo_volt10", new NewCouponTemplate(
                "10% off Voltlane Electronics, up to 50", "PERCENT", null, new java.math.BigDecimal("10"), money("50.00"),
                null, new ScopeSpec("MERCHANT", List.of(DemoData.merchantId("m3"))), now.minus(Duration.ofDays(1)), yearEnd,
                500, 2)));
        made += attempt("spend-more discount", () -> promotions.ensureThresholdDiscount(DemoData.merchantId("m2"),
                "thd_demo_hearth", new NewThresholdDiscount("Hearth & Crane: spend 300 save 30, 600 save 80", List.of(
                        new NewThresholdDiscount.Tier(money("300.00"), money("30.00")),
                        new NewThresholdDiscount.Tier(money("600.00"), money("80.00"))),
                        new ScopeSpec("MERCHANT", List.of(DemoData.merchantId("m2"))), now.minus(Duration.ofDays(1)), yearEnd)));
        String tee = skuIds.get("RO-003-WHITE-M");
        if (tee != null) {
            made += attempt("limited-time price", () -> promotions.ensurePriceSchedule(DemoData.merchantId("m1"),
                    "prs_demo_tee", new NewPriceSchedule(tee, money("69.00"), now.minus(Duration.ofHours(1)),
                            now.plus(Duration.ofDays(30)))));
        }
        long day = now.truncatedTo(ChronoUnit.DAYS).getEpochSecond() / 86_400;
        String layer = skuIds.get("RO-001-NAVY-XL");
        if (layer != null) {
            made += attempt("running flash sale", () -> promotions.ensureFlashSale("fls_demo_now_" + day, new NewFlashSale(layer,
                    money("199.00"), 20, 1, now.minus(Duration.ofMinutes(1)), now.plus(Duration.ofHours(12)))));
        }
        String polo = skuIds.get("RO-004-SB-L");
        if (polo != null) {
            made += attempt("upcoming flash sale", () -> promotions.ensureFlashSale("fls_demo_next_" + day, new NewFlashSale(polo,
                    money("99.00"), 30, 2, now.plus(Duration.ofHours(1)), now.plus(Duration.ofHours(13)))));
        }
        return made;
    }

    private static int attempt(String what, Supplier<Object> step) {
        try {
            step.get();
            return 1;
        } catch (ProblemException e) {
            log.info("Demo {} skipped: {}", what, e.getMessage());
            return 0;
        }
    }

    private static Money money(String amount) {
        return Money.of(amount, CNY);
    }
}
