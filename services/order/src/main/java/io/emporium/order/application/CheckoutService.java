package io.emporium.order.application;

import io.emporium.cart.api.CartApi;
import io.emporium.cart.api.CartView;
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
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final Clock clock;
    private final Duration paymentTimeout;
    private final SagaBulkhead bulkhead;

    public CheckoutService(OrderRepository orders, CartApi carts, InventoryApi inventory, PaymentApi payments,
            TransactionTemplate transactions, JsonMapper json, Clock clock, OrderSettings settings, SagaBulkhead bulkhead) {
        this.bulkhead = bulkhead;
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
        if (request.couponCodes() != null && !request.couponCodes().isEmpty()) {
            throw new UnprocessableException("coupons-unavailable", "coupons are not accepted yet");
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
            return new Result(place(customerId, idempotencyKey, hash, request.shippingAddress()), false);
        }));
    }

    private CheckoutView place(String customerId, String key, String hash, Address address) {
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
        Instant now = clock.instant();
        String checkoutId = Identifiers.newId("chk");
        ShippingAddress shipTo = new ShippingAddress(address.name().trim(), address.phone().trim(), address.line1().trim(),
                address.line2(), address.city().trim(), address.region(), address.postalCode().trim(), address.country());

        Map<String, List<OrderLine>> byMerchant = new LinkedHashMap<>();
        for (CartView.Line line : cart.lines()) {
            byMerchant.computeIfAbsent(line.merchantId(), m -> new ArrayList<>()).add(new OrderLine(line.skuId(),
                    line.productId(), line.productName(), line.attributes(), line.quantity(), line.unitPrice()));
        }
        Money total = cart.lines().stream().map(CartView.Line::lineTotal).reduce(Money::plus).orElseThrow();

        inventory.reserve(checkoutId, new ReserveStock(checkoutId,
                cart.lines().stream().map(l -> new ReserveStock.Line(l.skuId(), (long) l.quantity())).toList(),
                now.plus(paymentTimeout).plus(Duration.ofMinutes(5))));
        PaymentView payment = null;
        try {
            payment = payments.open(checkoutId, new NewPayment(customerId, total));
            List<Order> placed = new ArrayList<>();
            for (Map.Entry<String, List<OrderLine>> merchant : byMerchant.entrySet()) {
                Order order = Order.place(Identifiers.newId("ord"), checkoutId, customerId, merchant.getKey(),
                        merchant.getValue(), shipTo, payment.id(), now);
                placed.add(order);
            }
            CheckoutView view = new CheckoutView(checkoutId, placed.stream().map(OrderViews::view).toList(),
                    new CheckoutView.Payment(payment.id(), payment.status(), payment.amount()), total);
            orders.insertCheckout(checkoutId, customerId, key, hash, payment.id(), total, json.writeValueAsString(view), now);
            placed.forEach(orders::insert);
            Map<String, Integer> bought = new LinkedHashMap<>();
            cart.lines().forEach(l -> bought.merge(l.skuId(), l.quantity(), Integer::sum));
            carts.checkedOut(customerId, bought);
            return view;
        } catch (RuntimeException e) {
            compensate(checkoutId, payment);
            throw e;
        }
    }

    private void compensate(String checkoutId, PaymentView payment) {
        try {
            inventory.release(checkoutId);
            if (payment != null) {
                payments.cancel(payment.id());
            }
        } catch (RuntimeException e) {
            log.warn("compensating checkout {} failed; its reservation will expire: {}", checkoutId, e.toString());
        }
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
