package io.emporium.order.saga;

import io.emporium.cart.api.CartView;
import io.emporium.catalog.api.SkuSnapshot;
import io.emporium.inventory.api.ReserveStock;
import io.emporium.kernel.CheckoutId;
import io.emporium.kernel.CustomerId;
import io.emporium.kernel.Money;
import io.emporium.kernel.PaymentId;
import io.emporium.payment.api.NewPayment;
import io.emporium.payment.api.PaymentView;
import io.emporium.platform.problem.ConflictException;
import io.emporium.promotion.api.PriceQuote;
import io.emporium.promotion.api.PricingRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The saga's neighbours, in memory, as idempotent as the real ones: a repeated call with the same key has no
 * second effect. {@link #effects} counts the calls that changed something, by operation. A test can make an
 * operation fail ({@link #failing}) or "crash" the process right after its effect ({@link #crashAfter}).
 */
final class FakeParticipants implements CheckoutParticipants {

    static final Money PRICE = Money.of(new java.math.BigDecimal("12.50"), "CNY");

    /** Thrown after an effect, as a process dying would stop the saga: not an exception any step catches. */
    static final class Crash extends Error {
        Crash(String after) {
            super("crashed after " + after);
        }
    }

    final Map<String, Integer> effects = new HashMap<>();
    final Map<String, Supplier<RuntimeException>> failing = new HashMap<>();
    String crashAfter;

    final Map<String, Integer> cart = new HashMap<>(Map.of("sku_1", 2));
    final Map<CheckoutId, String> holds = new HashMap<>();        // ref → HELD, REDEEMED, RELEASED
    final Map<CheckoutId, String> reservations = new HashMap<>(); // ref → RESERVED, CONFIRMED, RELEASED
    final Map<PaymentId, String> payments = new HashMap<>();      // payment id → PENDING, CAPTURED, CANCELLED, REFUNDED
    final Map<PaymentId, Money> paymentAmounts = new HashMap<>();
    final List<String> refunds = new ArrayList<>();
    boolean skuPurchasable = true;
    final java.util.Set<CheckoutId> cartCheckouts = new java.util.HashSet<>();

    /** Runs when the operation is called, before its effect (a slow participant advances the test's clock). */
    final Map<String, Runnable> during = new HashMap<>();

    private void call(String operation) {
        during.getOrDefault(operation, () -> { }).run();
        Supplier<RuntimeException> failure = failing.get(operation);
        if (failure != null) {
            throw failure.get();
        }
    }

    private void effect(String operation) {
        effects.merge(operation, 1, Integer::sum);
        if (operation.equals(crashAfter)) {
            crashAfter = null;
            throw new Crash(operation);
        }
    }

    int effects(String operation) {
        return effects.getOrDefault(operation, 0);
    }

    @Override
    public CartView cart(CustomerId customerId) {
        call("cart");
        List<CartView.Line> lines = cart.entrySet().stream().map(e -> new CartView.Line(e.getKey(), "prd_1", "Mug", "mer_1",
                Map.of(), e.getValue(), PRICE, PRICE.times(e.getValue()), 100, "IN_STOCK", true, true, null, List.of()))
                .toList();
        return new CartView(customerId.value(), lines, PRICE, lines.size(), !lines.isEmpty());
    }

    @Override
    public Optional<SkuSnapshot> sku(String skuId) {
        call("sku");
        return Optional.of(new SkuSnapshot(skuId, "prd_1", "Mug", "mer_1", "MUG", Map.of(), PRICE, skuPurchasable, List.of()));
    }

    @Override
    public PriceQuote holdPromotions(CheckoutId checkoutId, PricingRequest request) {
        call("hold");
        if (holds.putIfAbsent(checkoutId, "HELD") == null) {
            effect("hold");
        }
        List<PriceQuote.Line> lines = request.lines().stream().map(i -> new PriceQuote.Line(i.skuId(), i.merchantId(),
                i.quantity(), i.listPrice(), i.listPrice(), "LIST", null, null, i.listPrice().times(i.quantity()), List.of(),
                Money.zero(i.listPrice().currency()), i.listPrice().times(i.quantity()))).toList();
        Money total = lines.stream().map(PriceQuote.Line::total).reduce(Money::plus).orElseThrow();
        Money zero = Money.zero(total.currency());
        return new PriceQuote("CNY", lines, List.of(), List.of(new PriceQuote.MerchantTotal("mer_1", total, zero, zero, total)),
                total, zero, zero, total);
    }

    @Override
    public void releasePromotions(CheckoutId checkoutId) {
        call("releasePromotions");
        if (!"RELEASED".equals(holds.put(checkoutId, "RELEASED"))) {
            effect("releasePromotions");
        }
    }

    @Override
    public void redeemPromotions(CheckoutId checkoutId) {
        call("redeem");
        if (!"REDEEMED".equals(holds.put(checkoutId, "REDEEMED"))) {
            effect("redeem");
        }
    }

    @Override
    public void reserveStock(CheckoutId checkoutId, ReserveStock request) {
        call("reserve");
        if (reservations.putIfAbsent(checkoutId, "RESERVED") == null) {
            effect("reserve");
        }
    }

    @Override
    public void confirmStock(CheckoutId checkoutId) {
        call("confirm");
        String state = reservations.get(checkoutId);
        if ("RELEASED".equals(state)) {
            throw new ConflictException("reservation-released", "the reservation was released");
        }
        if (!"CONFIRMED".equals(state)) {
            reservations.put(checkoutId, "CONFIRMED");
            effect("confirm");
        }
    }

    @Override
    public void releaseStock(CheckoutId checkoutId) {
        call("releaseStock");
        if (!reservations.containsKey(checkoutId)) {
            throw new io.emporium.platform.problem.NotFoundException("unknown-reservation", "no reservation " + checkoutId);
        }
        if ("CONFIRMED".equals(reservations.get(checkoutId))) {
            throw new ConflictException("reservation-confirmed", "the reservation was confirmed");
        }
        if (!"RELEASED".equals(reservations.put(checkoutId, "RELEASED"))) {
            effect("releaseStock");
        }
    }

    @Override
    public PaymentView openPayment(CheckoutId checkoutId, NewPayment payment) {
        call("openPayment");
        PaymentId id = new PaymentId("pay_" + checkoutId);
        if (payments.putIfAbsent(id, "PENDING") == null) {
            paymentAmounts.put(id, payment.amount());
            effect("openPayment");
        }
        return new PaymentView(id.value(), checkoutId.value(), payment.customerId(), payments.get(id), payment.amount(),
                Money.zero(payment.amount().currency()), Instant.EPOCH, Instant.EPOCH);
    }

    @Override
    public Optional<PaymentView> paymentOf(CheckoutId checkoutId) {
        call("paymentOf");
        PaymentId id = new PaymentId("pay_" + checkoutId);
        return Optional.ofNullable(paymentAmounts.get(id)).map(amount -> new PaymentView(id.value(), checkoutId.value(), "cus_1",
                payments.get(id), amount, Money.zero(amount.currency()), Instant.EPOCH, Instant.EPOCH));
    }

    @Override
    public void cancelPayment(PaymentId paymentId) {
        call("cancelPayment");
        String state = payments.get(paymentId);
        if ("CAPTURED".equals(state) || "REFUNDED".equals(state)) {
            throw new ConflictException("illegal-payment-transition", "the payment was captured");
        }
        if (!"CANCELLED".equals(state)) {
            payments.put(paymentId, "CANCELLED");
            effect("cancelPayment");
        }
    }

    @Override
    public void refundPayment(PaymentId paymentId, String refundId, Money amount) {
        call("refund");
        if (!refunds.contains(paymentId + "/" + refundId)) {
            refunds.add(paymentId + "/" + refundId);
            payments.put(paymentId, "REFUNDED");
            effect("refund");
        }
    }

    @Override
    public void takeOffCart(CustomerId customerId, CheckoutId checkoutId, Map<String, Integer> bought) {
        call("takeOffCart");
        if (cartCheckouts.add(checkoutId)) {
            bought.forEach((sku, quantity) -> cart.computeIfPresent(sku, (k, v) -> v - quantity > 0 ? v - quantity : null));
            effect("takeOffCart");
        }
    }
}
