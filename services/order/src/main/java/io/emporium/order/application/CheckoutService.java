package io.emporium.order.application;

import io.emporium.cart.api.CartApi;
import io.emporium.cart.api.CartView;
import io.emporium.catalog.api.CatalogApi;
import io.emporium.catalog.api.SkuQuery;
import io.emporium.catalog.api.SkuSnapshot;
import io.emporium.promotion.api.FlashPurchaseAdmitted;
import io.emporium.promotion.api.PriceQuote;
import io.emporium.promotion.api.PricingRequest;
import io.emporium.promotion.api.PromotionApi;
import io.emporium.promotion.api.ShipTo;
import io.emporium.inventory.api.InventoryApi;
import io.emporium.inventory.api.ReserveStock;
import io.emporium.kernel.Identifiers;
import io.emporium.kernel.Money;
import io.emporium.order.api.Address;
import io.emporium.order.api.CheckoutRequest;
import io.emporium.order.api.CheckoutView;
import io.emporium.order.domain.Order;
import io.emporium.order.domain.OrderLine;
import io.emporium.order.domain.ShippingAddress;
import io.emporium.order.infrastructure.OrderRepository;
import io.emporium.payment.api.NewPayment;
import io.emporium.payment.api.PaymentApi;
import io.emporium.payment.api.PaymentView;
import io.emporium.platform.problem.BadRequestException;
import io.emporium.platform.problem.UnprocessableException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Starts the checkout saga: prices the cart as it is now, reserves all of its stock, opens one
 * payment for the checkout and places one order per merchant in PENDING_PAYMENT. It runs in one
 * order transaction that holds the customer's checkout lock, so one idempotency key yields one
 * checkout and one cart cannot be checked out twice at once. The other services' steps run in
 * their own transactions; if a later step fails, the earlier ones are compensated (stock
 * released, payment cancelled), and if this process dies half-way the reservation expires.
 */
@Service
public class CheckoutService {

    private static final Logger log = LoggerFactory.getLogger(CheckoutService.class);
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.:-]{8,128}");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    private final OrderRepository orders;
    private final CartApi carts;
    private final InventoryApi inventory;
    private final PaymentApi payments;
    private final PromotionApi promotions;
    private final CatalogApi catalog;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final Clock clock;
    private final Duration paymentTimeout;
    private final SagaBulkhead bulkhead;

    public CheckoutService(OrderRepository orders, CartApi carts, InventoryApi inventory, PaymentApi payments,
            PromotionApi promotions, CatalogApi catalog, TransactionTemplate transactions, JsonMapper json, Clock clock,
            OrderSettings settings, SagaBulkhead bulkhead) {
        this.bulkhead = bulkhead;
        this.promotions = promotions;
        this.catalog = catalog;
        this.orders = orders;
        this.carts = carts;
        this.inventory = inventory;
        this.payments = payments;
        this.transactions = transactions;
        this.json = json;
        this.clock = clock;
        this.paymentTimeout = settings.paymentTimeout();
    }

    public record Result(CheckoutView checkout, boolean replayed) {
    }

    public Result checkout(String customerId, String idempotencyKey, CheckoutRequest request) {
        if (idempotencyKey == null || !KEY.matcher(idempotencyKey).matches()) {
            throw new BadRequestException("idempotency-key-required",
                    "an Idempotency-Key header of 8 to 128 letters, digits, '_', '.', ':' or '-' is required");
        }
        if (!COUNTRIES.contains(request.shippingAddress().country())) {
            throw new BadRequestException("invalid-request", "shippingAddress.country: not an ISO 3166 country code");
        }
        String hash = hash(request);
        return bulkhead.run(() -> transactions.execute(tx -> {
            orders.lockCustomer(customerId);
            var earlier = orders.findCheckout(customerId, idempotencyKey);
            if (earlier.isPresent()) {
                if (!earlier.get().requestHash().equals(hash)) {
                    throw new UnprocessableException("idempotency-key-reused",
                            "this Idempotency-Key was used for a different checkout request");
                }
                return new Result(json.readValue(earlier.get().response(), CheckoutView.class), true);
            }
            return new Result(place(customerId, idempotencyKey, hash, request.shippingAddress(), request.couponCodes()), false);
        }));
    }

    private CheckoutView place(String customerId, String key, String hash, Address address, List<String> couponCodes) {
        CartView cart = carts.cartOf(customerId);
        if (cart.lines().isEmpty()) {
            throw new UnprocessableException("empty-cart", "the cart is empty");
        }
        // Stock is for the reservation to decide (409); anything else that is not for sale is refused here.
        if (cart.lines().stream().anyMatch(l -> !l.onSale())) {
            List<String> problems = cart.lines().stream().filter(l -> !l.onSale())
                    .map(l -> (l.productName() == null ? l.skuId() : l.productName()) + ": " + l.problem()).toList();
            throw new UnprocessableException("cart-not-ready", "some items cannot be bought now: " + String.join("; ", problems),
                    Map.of("problems", problems));
        }
        List<Item> items = cart.lines().stream().map(l -> new Item(l.skuId(), l.productId(), l.productName(), l.merchantId(),
                l.attributes(), l.categoryIds(), l.quantity(), l.unitPrice())).toList();
        String checkoutId = Identifiers.newId("chk");
        Map<String, Integer> bought = new LinkedHashMap<>();
        cart.lines().forEach(l -> bought.merge(l.skuId(), l.quantity(), Integer::sum));
        return placeOrders(checkoutId, customerId, key, hash, address, items, couponCodes,
                () -> carts.checkedOut(customerId, bought));
    }

    /** A line to be bought, with the catalog's facts about it now. */
    private record Item(String skuId, String productId, String productName, String merchantId, Map<String, String> attributes,
            List<String> categoryIds, int quantity, Money listPrice) {
    }

    /**
     * The saga's first steps, in the caller's order transaction: price and hold promotions,
     * reserve stock (flash units from their pool), open the payment for the total, place one
     * order per merchant. A failure compensates the steps already taken.
     */
    private CheckoutView placeOrders(String checkoutId, String customerId, String key, String hash, Address address,
            List<Item> items, List<String> couponCodes, Runnable lastStep) {
        Instant now = clock.instant();
        ShippingAddress shipTo = new ShippingAddress(address.name().trim(), address.phone().trim(), address.line1().trim(),
                address.line2(), address.city().trim(), address.region(), address.postalCode().trim(), address.country());
        PricingRequest pricing = new PricingRequest(customerId, items.stream().map(i -> new PricingRequest.Item(i.skuId(),
                i.productId(), i.merchantId(), i.categoryIds(), i.quantity(), i.listPrice())).toList(),
                couponCodes == null ? List.of() : couponCodes);
        PriceQuote quote;
        try {
            quote = promotions.hold(checkoutId, pricing);
        } catch (RuntimeException e) {
            releasePromotions(checkoutId);
            throw e;
        }
        PaymentView payment = null;
        boolean reserved = false;
        try {
            inventory.reserve(checkoutId, new ReserveStock(checkoutId, quote.lines().stream()
                    .map(l -> new ReserveStock.Line(l.skuId(), (long) l.quantity(), l.pool())).toList(),
                    now.plus(paymentTimeout).plus(Duration.ofMinutes(5))));
            reserved = true;
            payment = payments.open(checkoutId, new NewPayment(customerId, quote.total()));
            Map<String, List<OrderLine>> byMerchant = new LinkedHashMap<>();
            for (int i = 0; i < items.size(); i++) {
                Item item = items.get(i);
                PriceQuote.Line priced = quote.lines().get(i);
                byMerchant.computeIfAbsent(item.merchantId(), m -> new ArrayList<>()).add(new OrderLine(item.skuId(),
                        item.productId(), item.productName(), item.attributes(), item.quantity(), priced.unitPrice(),
                        priced.listUnitPrice(), priced.priceSource(), priced.discount(), priced.discounts().stream()
                                .map(d -> new OrderLine.Promotion(d.promotionId(), d.kind(), d.name(), d.amount())).toList()));
            }
            List<Order> placed = new ArrayList<>();
            for (Map.Entry<String, List<OrderLine>> merchant : byMerchant.entrySet()) {
                Money shipping = quote.merchants().stream().filter(m -> m.merchantId().equals(merchant.getKey())).findFirst()
                        .orElseThrow().shipping();
                placed.add(Order.place(Identifiers.newId("ord"), checkoutId, customerId, merchant.getKey(), merchant.getValue(),
                        shipping, shipTo, payment.id(), now));
            }
            Money total = placed.stream().map(Order::total).reduce(Money::plus).orElseThrow();
            if (total.compareTo(quote.total()) != 0) {
                throw new IllegalStateException("orders add up to " + total + " but the quote to " + quote.total());
            }
            CheckoutView view = new CheckoutView(checkoutId, placed.stream().map(OrderViews::view).toList(),
                    new CheckoutView.Payment(payment.id(), payment.status(), payment.amount()), total, quote);
            orders.insertCheckout(checkoutId, customerId, key, hash, payment.id(), total, json.writeValueAsString(view), now);
            placed.forEach(orders::insert);
            lastStep.run();
            return view;
        } catch (RuntimeException e) {
            compensate(checkoutId, reserved, payment);
            throw e;
        }
    }

    /** A preview of the caller's cart at checkout: the price breakdown with the coupons given, holding nothing. */
    public PriceQuote quote(String customerId, List<String> couponCodes) {
        CartView cart = carts.cartOf(customerId);
        List<CartView.Line> lines = cart.lines().stream().filter(CartView.Line::onSale).toList();
        if (lines.isEmpty()) {
            throw new UnprocessableException("empty-cart", "the cart has nothing that can be bought now");
        }
        return promotions.quote(new PricingRequest(customerId, lines.stream().map(l -> new PricingRequest.Item(l.skuId(),
                l.productId(), l.merchantId(), l.categoryIds(), l.quantity(), l.unitPrice())).toList(),
                couponCodes == null ? List.of() : couponCodes));
    }

    /**
     * Places the order of an admitted flash purchase (its checkout id is the purchase id, so a
     * redelivered event finds the checkout and does nothing). If it cannot be placed, the
     * purchase's units and limit are released and the event is done with.
     */
    public void placeFlashOrder(FlashPurchaseAdmitted event) {
        String key = "flash:" + event.purchaseId();
        bulkhead.run(() -> transactions.execute(tx -> {
            orders.lockCustomer(event.customerId());
            if (orders.findCheckout(event.customerId(), key).isPresent()) {
                return null;
            }
            SkuSnapshot sku = catalog.skus(new SkuQuery(List.of(event.skuId()))).stream().findFirst().orElse(null);
            ShipTo a = event.shippingAddress();
            try {
                if (sku == null || !sku.purchasable()) {
                    throw new UnprocessableException("not-on-sale", "SKU " + event.skuId() + " is no longer on sale");
                }
                placeOrders(event.purchaseId(), event.customerId(), key, key,
                        new Address(a.name(), a.phone(), a.line1(), a.line2(), a.city(), a.region(), a.postalCode(), a.country()),
                        List.of(new Item(sku.skuId(), sku.productId(), sku.productName(), sku.merchantId(), sku.attributes(),
                                sku.categoryIds(), event.quantity(), sku.price())), List.of(), () -> {
                        });
            } catch (io.emporium.platform.problem.ProblemException e) {
                log.warn("flash purchase {} could not become an order; its units are released: {}", event.purchaseId(),
                        e.getMessage());
                releasePromotions(event.purchaseId());
            }
            return null;
        }));
    }

    private void releasePromotions(String checkoutId) {
        try {
            promotions.release(checkoutId);
        } catch (RuntimeException e) {
            log.warn("releasing the promotions of checkout {} failed: {}", checkoutId, e.toString());
        }
    }

    private void compensate(String checkoutId, boolean reserved, PaymentView payment) {
        try {
            if (reserved) {
                inventory.release(checkoutId);
            }
            if (payment != null) {
                payments.cancel(payment.id());
            }
        } catch (RuntimeException e) {
            log.warn("compensating checkout {} failed; its reservation will expire: {}", checkoutId, e.toString());
        }
        releasePromotions(checkoutId);
    }

    private String hash(CheckoutRequest request) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(json.writeValueAsString(request).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
