package io.emporium.promotion.application;

import io.emporium.catalog.api.CatalogApi;
import io.emporium.catalog.api.SkuQuery;
import io.emporium.catalog.api.SkuSnapshot;
import io.emporium.coordination.Fence;
import io.emporium.coordination.LeaderToken;
import io.emporium.inventory.api.InventoryApi;
import io.emporium.inventory.api.ReserveStock;
import io.emporium.kernel.FlashSaleId;
import io.emporium.kernel.Identifiers;
import io.emporium.kernel.MerchantId;
import io.emporium.promotion.api.FlashPurchaseView;
import io.emporium.promotion.api.FlashSaleView;
import io.emporium.promotion.api.NewFlashSale;
import io.emporium.promotion.domain.FlashClaim;
import io.emporium.promotion.domain.FlashSale;
import io.emporium.platform.problem.ConflictException;
import io.emporium.platform.problem.ForbiddenException;
import io.emporium.platform.problem.NotFoundException;
import io.emporium.platform.problem.UnprocessableException;
import io.emporium.platform.security.Caller;
import io.emporium.platform.security.Role;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Flash sales: creation (stock set aside in an inventory pool, split into buckets here), the
 * storefront's listing, claims made by cart checkouts, returning units of cancelled orders, and
 * settlement at the end (unsold units back to normal stock). Purchases through the flash
 * endpoint are admitted in batches by {@link FlashAdmission}.
 */
@Service
public class FlashSaleService implements PromotionService.FlashPrices {

    private static final Logger log = LoggerFactory.getLogger(FlashSaleService.class);
    static final String SCHEMA = "promotion";
    private static final Duration MAX_AHEAD = Duration.ofDays(30);
    private static final Duration POOL_GRACE = Duration.ofHours(1);

    private final FlashRepository flash;
    private final PromotionRepository promotions;
    private final CatalogApi catalog;
    private final InventoryApi inventory;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Fence fence;
    private final int buckets;
    private final FlashSaleCache cache;
    private final FlashBuckets stock;

    public FlashSaleService(FlashRepository flash, PromotionRepository promotions, CatalogApi catalog, InventoryApi inventory,
            TransactionTemplate transactions, Clock clock, Fence fence, PromotionSettings settings, FlashSaleCache cache,
            FlashBuckets stock) {
        this.stock = stock;
        this.flash = flash;
        this.promotions = promotions;
        this.catalog = catalog;
        this.inventory = inventory;
        this.transactions = transactions;
        this.clock = clock;
        this.fence = fence;
        this.buckets = settings.flashBuckets();
        this.cache = cache;
    }

    public FlashSaleView create(Caller caller, NewFlashSale request) {
        return create(caller, null, request);
    }

    /** With {@code id} given, an existing sale of that id is returned unchanged (idempotent set-up). */
    public FlashSaleView create(Caller caller, FlashSaleId givenId, NewFlashSale request) {
        if (givenId != null) {
            var existing = transactions.execute(tx -> flash.sale(givenId).map(s -> view(s, flash.remaining(givenId),
                    clock.instant())));
            if (existing.isPresent()) {
                return existing.get();
            }
        }
        if (!caller.is(Role.ADMIN) && !caller.is(Role.MERCHANT)) {
            throw new ForbiddenException("merchants-or-admins-only", "only merchants and admins create flash sales");
        }
        Instant now = clock.instant();
        if (!request.endsAt().isAfter(request.startsAt())) {
            throw new UnprocessableException("invalid-window", "endsAt must be after startsAt");
        }
        if (!request.endsAt().isAfter(now)) {
            throw new UnprocessableException("invalid-window", "the sale would already be over");
        }
        if (request.endsAt().isAfter(now.plus(MAX_AHEAD))) {
            throw new UnprocessableException("invalid-window", "a flash sale must end within " + MAX_AHEAD.toDays() + " days");
        }
        if (request.perCustomerLimit() > request.stock()) {
            throw new UnprocessableException("invalid-limit", "the per-customer limit cannot exceed the flash stock");
        }
        Identifiers.requireValid(request.skuId(), "skuId");
        SkuSnapshot sku = catalog.skus(new SkuQuery(List.of(request.skuId()))).stream().findFirst()
                .orElseThrow(() -> new NotFoundException("unknown-sku", "SKU " + request.skuId() + " does not exist"));
        if (caller.is(Role.MERCHANT)) {
            caller.requireOwnerOrAdmin(new MerchantId(sku.merchantId()));
        }
        if (!sku.price().currency().equals(request.price().currency())) {
            throw new UnprocessableException("currency-mismatch", "the SKU is priced in " + sku.price().currency());
        }
        if (!request.price().isPositive() || request.price().compareTo(sku.price()) >= 0) {
            throw new UnprocessableException("invalid-price", "a flash price is positive and below the list price " + sku.price());
        }
        FlashSaleId id = givenId != null ? givenId : FlashSaleId.newId();
        String pool = "pool-" + id.value();
        FlashSale sale = FlashSale.scheduled(id, sku.skuId(), sku.productId(), sku.productName(), sku.merchantId(), sku.price(),
                request.price(), request.stock(), request.perCustomerLimit(), request.startsAt(), request.endsAt(), pool,
                Math.min(buckets, request.stock()), caller.accountId(), now);
        // Inventory is another service, so the pool is made outside any transaction: after a first look for an
        // overlapping sale (a refused sale then sets no stock aside), before the overlap check and the insert that
        // run under the SKU's lock. A sale refused there, or an insert that fails, gives the pool back. A repeat
        // under a given id finds its pool whole and uses it; a crash between the pool and the insert leaves the
        // pool to its expiry (the sale's end plus the grace).
        if (Boolean.TRUE.equals(transactions.execute(tx -> flash.overlaps(sku.skuId(), request.startsAt(), request.endsAt())))) {
            throw overlap(sku.skuId());
        }
        var made = inventory.reserve(pool, new ReserveStock(id.value(), List.of(new ReserveStock.Line(sku.skuId(),
                (long) request.stock())), request.endsAt().plus(POOL_GRACE), true));
        if (!"RESERVED".equals(made.status()) || made.lines().stream().mapToLong(l -> l.quantity()).sum() != request.stock()) {
            // a pool left over from an earlier attempt under this id, closed or partly used: not ours to sell
            throw new ConflictException("flash-pool-unusable", "the stock set aside for " + id + " is no longer whole");
        }
        try {
            return transactions.execute(tx -> {
                promotions.lock("flash-sku:" + sku.skuId());
                if (flash.overlaps(sku.skuId(), request.startsAt(), request.endsAt())) {
                    throw overlap(sku.skuId());
                }
                flash.insert(sale, split(request.stock(), sale.buckets()));
                return view(sale, request.stock(), now);
            });
        } catch (RuntimeException e) {
            try {
                inventory.release(pool);
            } catch (RuntimeException releaseFailed) {
                log.warn("flash sale {} was not created and its pool {} could not be given back now (it expires at {}): {}",
                        id, pool, request.endsAt().plus(POOL_GRACE), releaseFailed.toString());
            }
            throw e;
        }
    }

    private static ConflictException overlap(String skuId) {
        return new ConflictException("flash-sale-overlap", "SKU " + skuId + " already has a flash sale overlapping that window");
    }

    static List<Integer> split(int stock, int buckets) {
        List<Integer> parts = new ArrayList<>();
        for (int b = 0; b < buckets; b++) {
            parts.add(stock / buckets + (b < stock % buckets ? 1 : 0));
        }
        return parts;
    }

    @Override
    public List<io.emporium.promotion.api.SkuPriceView> activeFor(List<String> skuIds, Instant now) {
        return flash.activeFor(skuIds, now).stream().map(s -> new io.emporium.promotion.api.SkuPriceView(s.skuId(), "FLASH",
                s.id().value(), s.price(), s.endsAt())).toList();
    }

    @Transactional(readOnly = true)
    public List<FlashSaleView> current() {
        Instant now = clock.instant();
        return views(flash.current(now, 100), now);
    }

    @Transactional(readOnly = true)
    public List<FlashSaleView> managed(Caller caller) {
        Optional<String> merchant = caller.is(Role.ADMIN) ? Optional.empty() : Optional.of(caller.requireMerchant().value());
        Instant now = clock.instant();
        return views(flash.all(merchant, 200), now);
    }

    @Transactional(readOnly = true)
    public FlashSaleView sale(FlashSaleId id) {
        FlashSale sale = flash.sale(id).orElseThrow(() -> unknown(id));
        return view(sale, flash.remaining(id), clock.instant());
    }

    @Transactional(readOnly = true)
    public FlashPurchaseView purchase(String purchaseId, Caller caller) {
        Identifiers.requireValid(purchaseId, "purchase id");
        FlashClaim claim = flash.claim(purchaseId).filter(FlashClaim::isPurchase)
                .filter(c -> caller.is(Role.ADMIN) || c.customerId().equals(caller.accountId()))
                .orElseThrow(() -> new NotFoundException("unknown-purchase", "flash purchase " + purchaseId + " does not exist"));
        FlashSale sale = flash.sale(claim.saleId()).orElseThrow();
        return new FlashPurchaseView(claim.id(), sale.id().value(), sale.skuId(), claim.customerId(), claim.quantity(), sale.price(),
                claim.state().name(), claim.createdAt());
    }

    /**
     * Claims flash units for a cart checkout (ref = checkout id), inside the caller's transaction:
     * the customer's limit and the stock are both taken or neither. Empty when the sale cannot
     * supply them (sold out, over the limit): the line is then sold at its normal price.
     */
    public Optional<FlashClaim> claimForCheckout(FlashSale sale, String ref, String customerId, int quantity) {
        Optional<FlashClaim> earlier = flash.claimFor(sale.id(), ref);
        if (earlier.isPresent()) {
            return earlier.filter(c -> c.held() && c.quantity() == quantity);
        }
        if (!flash.countAgainstLimit(sale.id(), customerId, quantity, sale.perCustomerLimit())) {
            return Optional.empty();
        }
        FlashBuckets.Taken taken = stock.take(sale, quantity, ThreadLocalRandom.current().nextInt(sale.buckets()));
        if (taken.total() < quantity) {
            stock.putBackAll(sale, taken);
            flash.uncount(sale.id(), customerId, quantity);
            return Optional.empty();
        }
        FlashClaim claim = FlashClaim.held(Identifiers.newId("fsc"), sale.id(), ref, customerId, quantity, taken.bucketOf(0),
                clock.instant());
        flash.insertClaim(claim, null, null);
        return Optional.of(claim);
    }

    /** Payment captured: the claims of {@code ref} are sold. In the caller's transaction. */
    public void redeemClaims(String ref) {
        Instant now = clock.instant();
        for (FlashClaim claim : flash.claimsOf(ref, true)) {
            if (claim.held()) {
                flash.saveState(claim.pay(), now);
            }
        }
    }

    /**
     * The order of {@code ref} will not be paid: its claims are released, the customer's limit
     * freed, and while the sale runs the units go back to its bucket (inventory returns them to
     * the pool likewise). In the caller's transaction.
     */
    public void releaseClaims(String ref) {
        Instant now = clock.instant();
        for (FlashClaim claim : flash.claimsOf(ref, true)) {
            if (!claim.held()) {
                continue; // paid, or released before: a repeated release changes nothing
            }
            flash.saveState(claim.release(), now);
            flash.uncount(claim.saleId(), claim.customerId(), claim.quantity());
            FlashSale sale = flash.sale(claim.saleId()).orElseThrow();
            if (sale.openAt(now)) {
                flash.putBack(sale.id(), claim.bucket(), claim.quantity());
                cache.unitsReturned(sale.id());
            }
        }
    }

    /**
     * Ends a sale whose time is over: the pool is closed and its unsold units go back to available stock. The pool
     * is released outside any transaction (inventory is another service), once a fenced look found the sale over;
     * a release repeated by a deposed leader, or after a crash before the sale is marked, changes nothing.
     */
    public boolean settle(FlashSaleId saleId, LeaderToken leader) {
        Optional<FlashSale> over = transactions.execute(tx -> {
            fence.check(SCHEMA, "flash-settlement", leader);
            return flash.sale(saleId).filter(s -> s.settleableAt(clock.instant()));
        });
        if (over.isEmpty()) {
            return false; // settled by an earlier sweep (or not over yet)
        }
        inventory.release(over.get().poolId());
        return Boolean.TRUE.equals(transactions.execute(tx -> {
            fence.check(SCHEMA, "flash-settlement", leader);
            FlashSale sale = flash.lockSale(saleId).orElseThrow();
            Instant now = clock.instant();
            if (!sale.settleableAt(now)) {
                return false; // settled meanwhile by another sweep
            }
            flash.saveState(sale.settle(now), now);
            log.info("flash sale {} settled: unsold units of SKU {} returned to stock", saleId, sale.skuId());
            return true;
        }));
    }

    public List<FlashSaleId> endedUnsettled(int limit) {
        return flash.endedUnsettled(clock.instant(), limit);
    }

    private List<FlashSaleView> views(List<FlashSale> sales, Instant now) {
        var left = flash.remaining(sales.stream().map(FlashSale::id).toList());
        return sales.stream().map(s -> view(s, left.getOrDefault(s.id(), 0), now)).toList();
    }

    static FlashSaleView view(FlashSale s, int remaining, Instant now) {
        return new FlashSaleView(s.id().value(), s.skuId(), s.productId(), s.productName(), s.merchantId(), s.listPrice(), s.price(),
                s.stock(), remaining, s.perCustomerLimit(), s.startsAt(), s.endsAt(), s.phase(now).name(), s.state().name(),
                s.createdAt());
    }

    private static NotFoundException unknown(FlashSaleId id) {
        return new NotFoundException("unknown-flash-sale", "flash sale " + id + " does not exist");
    }
}
