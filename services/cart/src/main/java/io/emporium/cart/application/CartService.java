package io.emporium.cart.application;

import io.emporium.cart.api.CartView;
import io.emporium.cart.domain.CartLine;
import io.emporium.cart.domain.CartRules;
import io.emporium.catalog.api.CatalogApi;
import io.emporium.catalog.api.SkuQuery;
import io.emporium.catalog.api.SkuSnapshot;
import io.emporium.inventory.api.AvailabilityQuery;
import io.emporium.inventory.api.InventoryApi;
import io.emporium.inventory.api.SkuAvailability;
import io.emporium.kernel.CustomerId;
import io.emporium.kernel.Money;
import io.emporium.kernel.SkuId;
import io.emporium.platform.problem.ConflictException;
import io.emporium.platform.problem.NotFoundException;
import io.emporium.platform.problem.UnprocessableException;
import io.emporium.platform.web.StaleReads;
import io.emporium.platform.web.StaleReads.StaleCache;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The cart. It keeps only SKU ids and quantities; prices and availability are read from catalog
 * and inventory every time the cart is shown, outside the cart's own transactions.
 */
@Service
public class CartService {

    private static final Logger log = LoggerFactory.getLogger(CartService.class);

    private final CartRepository carts;
    private final CatalogApi catalog;
    private final InventoryApi inventory;
    private final CartRules rules;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Currency defaultCurrency;
    /** The cart view is AP: while the database is away a customer sees the cart last shown to them, marked stale. */
    private final StaleCache<CustomerId, CartView> shown;

    public CartService(CartRepository carts, CatalogApi catalog, InventoryApi inventory, CartRules rules,
            TransactionTemplate transactions, Clock clock, Currency defaultCurrency, StaleReads stale) {
        this.shown = stale.cache("cart-views");
        this.carts = carts;
        this.catalog = catalog;
        this.inventory = inventory;
        this.rules = rules;
        this.transactions = transactions;
        this.clock = clock;
        this.defaultCurrency = defaultCurrency;
    }

    /**
     * Adds to a line. Stock is checked against the quantity before the add, outside the cart's
     * transaction (the check is advisory: the reservation at checkout decides); the add itself
     * re-reads the line under its lock, so concurrent adds are never lost.
     */
    public CartView add(CustomerId customer, SkuId sku, long quantity) {
        rules.checkQuantity(quantity);
        SkuSnapshot snapshot = purchasable(sku);
        requireStock(snapshot, rules.checkQuantity(carts.quantity(customer, sku, false).orElse(0) + quantity));
        transactions.executeWithoutResult(tx -> {
            int total = carts.add(customer, sku, (int) quantity, clock.instant());
            rules.checkQuantity(total); // over the limit: the transaction rolls back, nothing was added
            rules.checkLineCount(carts.count(customer));
        });
        return shown(customer, view(customer));
    }

    public CartView set(CustomerId customer, SkuId sku, long quantity) {
        int wanted = rules.checkQuantity(quantity);
        SkuSnapshot snapshot = purchasable(sku);
        requireStock(snapshot, wanted);
        transactions.executeWithoutResult(tx -> {
            if (carts.quantity(customer, sku, true).isEmpty()) {
                rules.checkLineCount(carts.count(customer) + 1);
            }
            carts.put(customer, sku, wanted, clock.instant());
        });
        return shown(customer, view(customer));
    }

    public CartView remove(CustomerId customer, SkuId sku) {
        if (!carts.remove(customer, sku)) {
            throw new NotFoundException("not-in-cart", "SKU " + sku + " is not in the cart");
        }
        return shown(customer, view(customer));
    }

    public void clear(CustomerId customer) {
        shown.forget(customer);
        carts.clear(customer);
        shown.forget(customer);
    }

    /** What a checkout took: those quantities leave the cart, once per checkout; anything added meanwhile stays. */
    public void checkedOut(CustomerId customer, String checkoutId, Map<SkuId, Integer> quantities) {
        shown.forget(customer);
        transactions.executeWithoutResult(tx -> {
            if (carts.recordCheckout(customer, checkoutId, clock.instant())) {
                quantities.forEach((sku, q) -> carts.subtract(customer, sku, q));
            }
        });
        shown.forget(customer); // and again: a view read while the transaction ran would show the lines it took
    }

    /** The cart shown to its customer: fresh, or while the database cannot be reached the one last shown, stale. */
    public StaleReads.Answer<CartView> show(CustomerId customer) {
        return shown.read(customer, () -> view(customer));
    }

    private CartView shown(CustomerId customer, CartView view) {
        shown.remember(customer, view);
        return view;
    }

    /** The cart as it is now (what a checkout reads: never stale). */
    public CartView view(CustomerId customer) {
        List<CartLine> lines = carts.lines(customer);
        List<String> ids = lines.stream().map(l -> l.sku().value()).toList();
        Map<String, SkuSnapshot> skus = ids.isEmpty() ? Map.of() : catalog.skus(new SkuQuery(ids)).stream()
                .collect(Collectors.toMap(SkuSnapshot::skuId, Function.identity()));
        Map<String, SkuAvailability> stock = availability(ids);
        Currency currency = lines.stream().map(l -> skus.get(l.sku().value())).filter(java.util.Objects::nonNull).findFirst()
                .map(s -> s.price().currency()).orElse(defaultCurrency);
        List<CartView.Line> views = new ArrayList<>();
        Money subtotal = Money.zero(currency);
        int items = 0;
        boolean ready = !lines.isEmpty();
        for (CartLine line : lines) {
            SkuSnapshot sku = skus.get(line.sku().value());
            SkuAvailability available = stock.getOrDefault(line.sku().value(), SkuAvailability.unknown(line.sku().value()));
            if (sku == null) {
                views.add(new CartView.Line(line.sku().value(), null, null, null, Map.of(), line.quantity(), null, null, 0,
                        SkuAvailability.State.OUT_OF_STOCK.name(), false, false, "this item is no longer sold", List.of()));
                ready = false;
                continue;
            }
            boolean onSale = sku.purchasable() && sku.price().currency().equals(currency);
            String problem = !sku.purchasable() ? "this item is not on sale at the moment"
                    : !onSale ? "priced in " + sku.price().currency() + "; check it out separately"
                    : available.state() == SkuAvailability.State.UNKNOWN ? null
                    : !available.canSupply(line.quantity()) ? (available.available() == 0 ? "out of stock"
                            : "only " + available.available() + " left")
                    : null;
            Money lineTotal = sku.price().times(line.quantity());
            boolean purchasable = problem == null;
            if (purchasable) {
                subtotal = subtotal.plus(lineTotal);
                items += line.quantity();
            } else {
                ready = false;
            }
            views.add(new CartView.Line(sku.skuId(), sku.productId(), sku.productName(), sku.merchantId(), sku.attributes(),
                    line.quantity(), sku.price(), lineTotal, available.available(), available.state().name(), onSale,
                    purchasable, problem, sku.categoryIds()));
        }
        return new CartView(customer.value(), views, subtotal, items, ready);
    }

    private SkuSnapshot purchasable(SkuId sku) {
        SkuSnapshot snapshot = catalog.skus(new SkuQuery(List.of(sku.value()))).stream().findFirst()
                .orElseThrow(() -> new NotFoundException("unknown-sku", "SKU " + sku + " does not exist"));
        if (!snapshot.purchasable()) {
            throw new UnprocessableException("sku-not-purchasable", "SKU " + sku + " is not on sale");
        }
        return snapshot;
    }

    private void requireStock(SkuSnapshot sku, int quantity) {
        SkuAvailability available = availability(List.of(sku.skuId())).get(sku.skuId());
        if (available != null && available.state() != SkuAvailability.State.UNKNOWN && !available.canSupply(quantity)) {
            throw new ConflictException("insufficient-stock", "only " + available.available() + " of this item available",
                    Map.of("skuId", sku.skuId(), "available", available.available()));
        }
    }

    /** Carts stay usable when inventory is down (AP): availability is then UNKNOWN. */
    private Map<String, SkuAvailability> availability(List<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        try {
            return inventory.availability(new AvailabilityQuery(ids)).stream()
                    .collect(Collectors.toMap(SkuAvailability::skuId, Function.identity(), (a, b) -> a));
        } catch (RuntimeException e) {
            log.warn("inventory unavailable, cart shows availability as UNKNOWN: {}", e.toString());
            return Map.of();
        }
    }
}
