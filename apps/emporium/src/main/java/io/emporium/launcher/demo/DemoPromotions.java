package io.emporium.launcher.demo;

import io.emporium.catalog.api.CatalogApi;
import io.emporium.catalog.api.SkuQuery;
import io.emporium.catalog.api.SkuSnapshot;
import io.emporium.inventory.api.InventoryApi;
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
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * The demo marketplace's promotions: two platform coupons to claim, a merchant's "spend more,
 * save more", a merchant's limited-time price ({@link #seed}, once per data directory), and two
 * flash sales (one running, one about to start) so the storefront has something on
 * ({@link #refreshFlashSales}, the only demo content that is renewed: at most one pair a day).
 * Keyed by fixed ids (the flash sales by day), so a repeat adds nothing twice.
 */
@Component
@Lazy // needs the promotion service: only created when it runs here
public class DemoPromotions {

    private static final Logger log = LoggerFactory.getLogger("emporium");
    private static final String CNY = DemoData.CURRENCY;

    /** A daily demo flash sale: on which demo SKU (by code), at what price, how many units. */
    record DailySale(String id, String skuCode, String price, int stock, int perCustomer, Duration startsIn,
            Duration lasts) {
    }

    static final List<DailySale> DAILY_SALES = List.of(
            new DailySale("fls_demo_now_", "RO-001-NAVY-XL", "199.00", 20, 1, Duration.ofMinutes(-1), Duration.ofHours(12).plusMinutes(1)),
            new DailySale("fls_demo_next_", "RO-004-SB-L", "99.00", 30, 2, Duration.ofHours(1), Duration.ofHours(12)));
    private static final String SALE_MERCHANT = DemoData.merchantId("m1");

    private final PromotionApi promotions;
    private final CatalogApi catalog;
    private final InventoryApi inventory;
    private final Clock clock;

    public DemoPromotions(PromotionApi promotions, CatalogApi catalog, InventoryApi inventory, Clock clock) {
        this.promotions = promotions;
        this.catalog = catalog;
        this.inventory = inventory;
        this.clock = clock;
    }

    /** The lasting promotions (coupons, spend-more discount, limited-time price); {@code skuIds} by demo SKU code. */
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
        return made;
    }

    /**
     * Today's two demo flash sales, unless they exist already. A sale is only made while its SKU is
     * still as the demo left it in the ways that matter: it exists, belongs to the demo merchant, can
     * be bought, its list price is above the sale price, and it has at least twice the sale's stock
     * available (setting stock aside never takes the last units a merchant has). A sale that would
     * overlap one still running is refused by the promotion service and skipped. Unsold units go
     * back to normal stock when a sale ends.
     */
    public int refreshFlashSales(Map<String, String> skuIds) {
        Instant now = clock.instant();
        long day = now.truncatedTo(ChronoUnit.DAYS).getEpochSecond() / 86_400;
        int made = 0;
        for (DailySale sale : DAILY_SALES) {
            String skuId = skuIds.get(sale.skuCode());
            Optional<String> unsuitable = skuId == null ? Optional.of("its SKU is unknown") : unsuitable(skuId, sale);
            if (unsuitable.isPresent()) {
                log.info("Demo flash sale {} not made: {}", sale.id() + day, unsuitable.get());
                continue;
            }
            made += attempt("flash sale " + sale.id() + day, () -> promotions.ensureFlashSale(sale.id() + day,
                    new NewFlashSale(skuId, money(sale.price()), sale.stock(), sale.perCustomer(), now.plus(sale.startsIn()),
                            now.plus(sale.startsIn()).plus(sale.lasts()))));
        }
        return made;
    }

    private Optional<String> unsuitable(String skuId, DailySale sale) {
        Optional<SkuSnapshot> sku = catalog.skus(new SkuQuery(List.of(skuId))).stream().findFirst();
        if (sku.isEmpty()) {
            return Optional.of("its SKU " + skuId + " no longer exists");
        }
        if (!SALE_MERCHANT.equals(sku.get().merchantId()) || !sku.get().purchasable()) {
            return Optional.of("its SKU " + skuId + " is no longer on sale by the demo merchant");
        }
        if (sku.get().price().compareTo(money(sale.price())) <= 0) {
            return Optional.of("its SKU's list price " + sku.get().price() + " is not above the sale price");
        }
        long available = inventory.stockLevel(skuId).available();
        if (available < 2L * sale.stock()) {
            return Optional.of("its SKU has " + available + " units available, fewer than twice the sale's " + sale.stock());
        }
        return Optional.empty();
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
