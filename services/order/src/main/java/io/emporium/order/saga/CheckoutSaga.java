package io.emporium.order.saga;

import static io.emporium.order.saga.CheckoutState.AWAITING_PAYMENT;
import static io.emporium.order.saga.CheckoutState.CANCELLED;
import static io.emporium.order.saga.CheckoutState.CANCELLING;
import static io.emporium.order.saga.CheckoutState.CANCELLING_PAYMENT;
import static io.emporium.order.saga.CheckoutState.CLEARING_CART;
import static io.emporium.order.saga.CheckoutState.CONFIRMING_STOCK;
import static io.emporium.order.saga.CheckoutState.FAILED;
import static io.emporium.order.saga.CheckoutState.FAILING;
import static io.emporium.order.saga.CheckoutState.HOLDING_PROMOTIONS;
import static io.emporium.order.saga.CheckoutState.MARKING_PAID;
import static io.emporium.order.saga.CheckoutState.OPENING_PAYMENT;
import static io.emporium.order.saga.CheckoutState.PAID;
import static io.emporium.order.saga.CheckoutState.PLACING_ORDERS;
import static io.emporium.order.saga.CheckoutState.PRICING;
import static io.emporium.order.saga.CheckoutState.REDEEMING_PROMOTIONS;
import static io.emporium.order.saga.CheckoutState.REFUNDING;
import static io.emporium.order.saga.CheckoutState.RESERVING;

import io.emporium.cart.api.CartView;
import io.emporium.inventory.api.ReserveStock;
import io.emporium.kernel.CheckoutId;
import io.emporium.kernel.MerchantId;
import io.emporium.kernel.Money;
import io.emporium.kernel.OrderId;
import io.emporium.kernel.PaymentId;
import io.emporium.order.api.CheckoutView;
import io.emporium.order.domain.Order;
import io.emporium.order.domain.OrderLine;
import io.emporium.payment.api.NewPayment;
import io.emporium.payment.api.PaymentView;
import io.emporium.platform.problem.ConflictException;
import io.emporium.platform.problem.ProblemException;
import io.emporium.platform.problem.UnprocessableException;
import io.emporium.promotion.api.PriceQuote;
import io.emporium.promotion.api.PricingRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkout saga, orchestrated from its row in the order schema. Each step calls one participant
 * outside any transaction, then records the answer and the next state in one short transaction; a
 * crash between the two repeats the call, which every participant answers idempotently. Whoever drives
 * a saga (the request that started it, an event's handler after its commit, or the resume job after a
 * crash or a failure) runs {@link #drive} on it; the row's version lets only one of them move it.
 *
 * <pre>
 * step                  participant                      compensation (FAILING / CANCELLING)
 * PRICING               cart (or catalog for a flash buy)
 * HOLDING_PROMOTIONS    promotion.hold                   promotion.release
 * RESERVING             inventory.reserve                inventory.release
 * OPENING_PAYMENT       payment.open                     payment.cancel (refund if it was captured)
 * PLACING_ORDERS        (orders, local)                  orders cancelled
 * CLEARING_CART         cart.checkedOut
 * AWAITING_PAYMENT      ... PaymentCaptured, PaymentFailed, the customer's cancel or the unpaid timeout
 * CONFIRMING_STOCK      inventory.confirm                (hold ended: REFUNDING payment.refund)
 * REDEEMING_PROMOTIONS  promotion.redeem
 * MARKING_PAID          (orders PAID, local)             -> PAID
 * </pre>
 *
 * A refusal (4xx) before the orders exist sends the saga to FAILING, which undoes every step taken, each
 * compensation retried on its own until it succeeds (a failing stock release never skips the payment's
 * cancellation), then FAILED with the refusal to answer. Any other failure leaves the saga where it is,
 * to be retried with back-off.
 *
 * <p><b>What is recorded.</b> The row is written when the saga stops (it waits for the payment, ends, or a
 * step failed), when orders are placed or change, and when half of the driver's lease is spent; the steps in
 * between move it in memory. A crash there loses nothing a resumed saga needs: it takes the steps again from
 * the last record, and each participant answers a repeated call with its first answer. Only the compensations
 * of a saga that was refused after such a resume could miss what the lost steps took, so they ask by checkout
 * id rather than trust the data: the stock hold is released by checkout id whether or not this run took it
 * (a refusal means there was none), the payment is looked up by checkout id. Each record is a durable commit
 * that the checkout's request waits for, which is why there are few of them (docs/benchmarks.md, issue 11).
 */
public final class CheckoutSaga {

    private static final Logger log = LoggerFactory.getLogger(CheckoutSaga.class);

    /** How long a driver may hold a saga before another may take it over (it renews the lease at every step). */
    public static final Duration LEASE = Duration.ofSeconds(30);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(60);

    private final CheckoutStore store;
    private final CheckoutParticipants participants;
    private final Clock clock;
    private final Duration paymentTimeout;
    private final Map<CheckoutState, UnaryOperator<CheckoutSagaRow>> steps = new EnumMap<>(CheckoutState.class);

    public CheckoutSaga(CheckoutStore store, CheckoutParticipants participants, Clock clock, Duration paymentTimeout) {
        this.store = store;
        this.participants = participants;
        this.clock = clock;
        this.paymentTimeout = paymentTimeout;
        steps.put(PRICING, this::price);
        steps.put(HOLDING_PROMOTIONS, this::holdPromotions);
        steps.put(RESERVING, this::reserveStock);
        steps.put(OPENING_PAYMENT, this::openPayment);
        steps.put(PLACING_ORDERS, this::placeOrders);
        steps.put(CLEARING_CART, this::clearCart);
        steps.put(CONFIRMING_STOCK, this::confirmStock);
        steps.put(REDEEMING_PROMOTIONS, this::redeemPromotions);
        steps.put(MARKING_PAID, this::markPaid);
        steps.put(CANCELLING_PAYMENT, this::cancelPayment);
        steps.put(REFUNDING, this::refundLatePayment);
        steps.put(CANCELLING, this::cancel);
        steps.put(FAILING, this::undo);
    }

    // ---- driving

    /**
     * Takes the saga's steps until it waits (for the payment), ends, or a step fails (then it is due again
     * after a back-off). Returns the saga as it was left (null when there is none). Must not run inside a transaction.
     */
    public CheckoutSagaRow drive(CheckoutId id) {
        return drive(id, false);
    }

    /**
     * Drives a saga whose lease the caller was given when it inserted or moved the row (the request that started
     * it, the driver after an event's commit, the canceller): no claim needed. Until the lease runs out nobody else
     * takes it, so the resume job never competes with a live driver.
     */
    public CheckoutSagaRow driveAsOwner(CheckoutId id) {
        return drive(id, true);
    }

    /** {@link #driveAsOwner(CheckoutId)} of a saga the caller has just inserted, as inserted (no read). */
    public CheckoutSagaRow driveAsOwner(CheckoutSagaRow inserted) {
        return drive(inserted.id(), inserted, true, null);
    }

    /**
     * {@link #driveAsOwner(CheckoutSagaRow)}, telling {@code ordersPlaced} as soon as the orders are recorded (before
     * the bought lines are taken off the cart): the request that started the checkout answers then, while this
     * driver goes on. Told at most once, with the saga as recorded with its orders.
     */
    public CheckoutSagaRow driveAsOwner(CheckoutSagaRow inserted, Consumer<CheckoutSagaRow> ordersPlaced) {
        return drive(inserted.id(), inserted, true, ordersPlaced);
    }

    private CheckoutSagaRow drive(CheckoutId id, boolean owner) {
        return drive(id, store.find(id).orElse(null), owner, null);
    }

    private CheckoutSagaRow drive(CheckoutId id, CheckoutSagaRow saga, boolean owner, Consumer<CheckoutSagaRow> ordersPlaced) {
        if (saga == null || !saga.state().isDrivable()) {
            return saga;
        }
        Instant now = clock.instant();
        if (!owner) {
            if (saga.nextAttemptAt().isAfter(now) && saga.lastError() == null) {
                return saga; // another driver holds the lease
            }
            try {
                saga = store.save(saga.leased(now.plus(LEASE)));
            } catch (CheckoutStore.StaleCheckoutSaga e) {
                return store.find(id).orElseThrow();
            }
        }
        while (saga.state().isDrivable()) {
            CheckoutState state = saga.state();
            try {
                saga = steps.get(state).apply(saga);
                if (ordersPlaced != null && state == PLACING_ORDERS) {
                    ordersPlaced.accept(saga);
                    ordersPlaced = null;
                }
            } catch (CheckoutStore.StaleCheckoutSaga e) {
                return store.find(id).orElseThrow();
            } catch (CompensationFailed e) {
                return retryLater(e.saga, (RuntimeException) e.getCause());
            } catch (ProblemException e) {
                if (e.status() >= 500 || !refusable(state)) {
                    saga = retryLater(saga, e);
                    return saga;
                }
                log.info("checkout {} refused at {}: {}", id, state, e.getMessage());
                saga = record(saga.failing(new CheckoutSagaRow.StoredProblem(e.status(), e.type(), e.getMessage(),
                        e.properties()), saga.nextAttemptAt()));
            } catch (RuntimeException e) {
                saga = retryLater(saga, e);
                return saga;
            }
        }
        return saga;
    }

    private static boolean refusable(CheckoutState state) {
        return state.ordinal() <= OPENING_PAYMENT.ordinal();
    }

    private CheckoutSagaRow retryLater(CheckoutSagaRow saga, RuntimeException e) {
        int attempt = saga.attempts() + 1;
        Duration backoff = Duration.ofMillis(Math.min(MAX_BACKOFF.toMillis(), 500L << Math.min(attempt, 10)));
        log.warn("checkout {} at {} failed (attempt {}), retrying in {} ms: {}", saga.id(), saga.state(), attempt,
                backoff.toMillis(), e.toString());
        try {
            return store.save(saga.retryLater(String.valueOf(e.getMessage()), clock.instant().plus(backoff)));
        } catch (RuntimeException saveFailed) {
            // the database is away too: the lease runs out and the resume job takes the saga up again
            log.warn("checkout {}: recording the failure failed too: {}", saga.id(), saveFailed.toString());
            return saga.retryLater(String.valueOf(e.getMessage()), saga.nextAttemptAt());
        }
    }

    private Instant lease() {
        return clock.instant().plus(LEASE);
    }

    private CheckoutSagaRow move(CheckoutSagaRow saga, CheckoutState to, CheckoutData data) {
        return record(saga.moved(to, data, saga.nextAttemptAt()));
    }

    /**
     * Writes the moved saga when it stops here (waits or ends) or when half of the lease taken at the last record
     * is spent (the write renews it); otherwise keeps it in memory, its {@code nextAttemptAt} still the lease's end.
     */
    private CheckoutSagaRow record(CheckoutSagaRow moved) {
        Instant now = clock.instant();
        if (moved.state().isDrivable() && now.isBefore(moved.nextAttemptAt().minus(LEASE.dividedBy(2)))) {
            return moved;
        }
        return store.save(moved.leased(moved.state().isDrivable() ? now.plus(LEASE) : now));
    }

    // ---- events while the saga waits

    /** Moves a waiting saga on, leased to the caller, who drives it next with {@link #driveAsOwner}. */
    private void due(CheckoutSagaRow saga, CheckoutState to, CheckoutData data) {
        store.save(saga.moved(to, data, lease()));
    }

    /**
     * The payment was captured. False when the saga is not ready for it yet (the event is to be delivered again);
     * true when it was taken (or there is no such checkout: nothing to do).
     */
    public boolean paymentCaptured(CheckoutId checkoutId) {
        CheckoutSagaRow saga = store.find(checkoutId).orElse(null);
        if (saga == null) {
            // every payment is opened by a saga whose row exists first: a stranger's event, nothing to do
            log.warn("a capture for checkout {}, which does not exist; nothing to do", checkoutId);
            return true;
        }
        if (saga.state() == CLEARING_CART) {
            // the orders exist and their driver is taking the lines off the cart: the cart step goes on to the capture
            // (a cancellation asked meanwhile finds the capture when it cancels the payment)
            if (saga.data().afterCart() == null) {
                due(saga, CLEARING_CART, saga.data().afterCart(CONFIRMING_STOCK));
            }
            return true;
        }
        if (saga.state().ordinal() < AWAITING_PAYMENT.ordinal() && saga.state() != FAILING) {
            return false;
        }
        if (saga.state() == AWAITING_PAYMENT) {
            due(saga, CONFIRMING_STOCK, saga.data());
        } else {
            // FAILING or CANCELLING_PAYMENT find the capture when they cancel the payment; anything else is a repeat
            log.info("checkout {} is {}; the capture changes nothing here", checkoutId, saga.state());
        }
        return true;
    }

    /** The payment was declined or abandoned at the gateway. False when the saga is not ready for it yet. */
    public boolean paymentFailed(CheckoutId checkoutId) {
        CheckoutSagaRow saga = store.find(checkoutId).orElse(null);
        if (saga == null) {
            log.warn("a failed payment for checkout {}, which does not exist; nothing to do", checkoutId);
            return true;
        }
        if (saga.state() == CLEARING_CART) {
            if (saga.data().afterCart() == null) {
                due(saga, CLEARING_CART, saga.data().afterCart(CANCELLING).because("the payment was declined"));
            }
            return true;
        }
        if (saga.state().ordinal() < AWAITING_PAYMENT.ordinal() && saga.state() != FAILING) {
            return false;
        }
        if (saga.state() == AWAITING_PAYMENT) {
            due(saga, CANCELLING, saga.data().because("the payment was declined"));
        }
        return true;
    }

    /**
     * Starts cancelling a checkout that waits for its payment (the customer, or the unpaid timeout): the
     * payment is cancelled first, so that it can no longer be captured. False when it is not waiting.
     */
    public boolean cancel(CheckoutId checkoutId, String reason) {
        CheckoutSagaRow saga = store.find(checkoutId).orElse(null);
        if (saga != null && saga.state() == CLEARING_CART && saga.data().afterCart() == null) {
            // asked while the bought lines are being taken off the cart: the cart step goes on to the cancellation
            due(saga, CLEARING_CART, saga.data().afterCart(CANCELLING_PAYMENT).because(reason));
            return true;
        }
        if (saga == null || saga.state() != AWAITING_PAYMENT) {
            return false;
        }
        due(saga, CANCELLING_PAYMENT, saga.data().because(reason));
        return true;
    }

    // ---- the forward steps

    private CheckoutSagaRow price(CheckoutSagaRow saga) {
        CheckoutData data = saga.data();
        if (data.kind() == CheckoutData.Kind.FLASH) {
            var sku = participants.sku(data.flashSkuId()).filter(s -> s.purchasable())
                    .orElseThrow(() -> new UnprocessableException("not-on-sale", "SKU " + data.flashSkuId() + " is no longer on sale"));
            return move(saga, HOLDING_PROMOTIONS, data.priced(List.of(new CheckoutData.Item(sku.skuId(), sku.productId(),
                    sku.productName(), sku.merchantId(), sku.attributes(), sku.categoryIds(), data.flashQuantity(), sku.price())),
                    Map.of()));
        }
        CartView cart = participants.cart(saga.customerId());
        if (cart.lines().isEmpty()) {
            throw new UnprocessableException("empty-cart", "the cart is empty");
        }
        // Stock is for the reservation to decide (409); anything else that is not for sale is refused here.
        List<String> problems = cart.lines().stream().filter(l -> !l.onSale())
                .map(l -> (l.productName() == null ? l.skuId() : l.productName()) + ": " + l.problem()).toList();
        if (!problems.isEmpty()) {
            throw new UnprocessableException("cart-not-ready", "some items cannot be bought now: " + String.join("; ", problems),
                    Map.of("problems", problems));
        }
        List<CheckoutData.Item> items = cart.lines().stream().map(l -> new CheckoutData.Item(l.skuId(), l.productId(),
                l.productName(), l.merchantId(), l.attributes(), l.categoryIds(), l.quantity(), l.unitPrice())).toList();
        Map<String, Integer> bought = new LinkedHashMap<>();
        cart.lines().forEach(l -> bought.merge(l.skuId(), l.quantity(), Integer::sum));
        return move(saga, HOLDING_PROMOTIONS, data.priced(items, bought));
    }

    private CheckoutSagaRow holdPromotions(CheckoutSagaRow saga) {
        CheckoutData data = saga.data();
        PriceQuote quote = participants.holdPromotions(saga.id(), new PricingRequest(saga.customerId().value(),
                data.items().stream().map(i -> new PricingRequest.Item(i.skuId(), i.productId(), i.merchantId(),
                        i.categoryIds(), i.quantity(), i.listPrice())).toList(), data.couponCodes()));
        return move(saga, RESERVING, data.held(quote));
    }

    private CheckoutSagaRow reserveStock(CheckoutSagaRow saga) {
        CheckoutData data = saga.data();
        // the hold outlives the payment timeout, so that an order cancelled for it releases the stock first
        participants.reserveStock(saga.id(), new ReserveStock(saga.id().value(), data.quote().lines().stream()
                .map(l -> new ReserveStock.Line(l.skuId(), (long) l.quantity(), l.pool())).toList(),
                saga.createdAt().plus(paymentTimeout).plus(Duration.ofMinutes(5))));
        return move(saga, OPENING_PAYMENT, data.reserved());
    }

    private CheckoutSagaRow openPayment(CheckoutSagaRow saga) {
        PaymentView payment = participants.openPayment(saga.id(),
                new NewPayment(saga.customerId().value(), saga.data().quote().total()));
        return move(saga, PLACING_ORDERS, saga.data().paymentOpened(payment.id()));
    }

    private CheckoutSagaRow placeOrders(CheckoutSagaRow saga) {
        CheckoutData data = saga.data();
        PriceQuote quote = data.quote();
        Instant now = clock.instant();
        Map<String, List<OrderLine>> byMerchant = new LinkedHashMap<>();
        for (int i = 0; i < data.items().size(); i++) {
            CheckoutData.Item item = data.items().get(i);
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
            placed.add(Order.place(OrderId.newId(), saga.id(), saga.customerId(), new MerchantId(merchant.getKey()),
                    merchant.getValue(), shipping, data.shipTo(), data.payment(), now));
        }
        Money total = placed.stream().map(Order::total).reduce(Money::plus).orElseThrow();
        if (total.compareTo(quote.total()) != 0) {
            throw new IllegalStateException("orders add up to " + total + " but the quote to " + quote.total());
        }
        CheckoutView view = new CheckoutView(saga.id().value(), placed.stream()
                .map(io.emporium.order.application.OrderViews::view).toList(),
                new CheckoutView.Payment(data.paymentId(), "PENDING", total), total,
                io.emporium.order.application.OrderViews.pricing(quote));
        CheckoutState next = data.kind() == CheckoutData.Kind.CART ? CLEARING_CART : AWAITING_PAYMENT;
        return store.placeOrders(saga.moved(next, data.placed(view), next.isDrivable() ? lease() : now), placed);
    }

    private CheckoutSagaRow clearCart(CheckoutSagaRow saga) {
        try {
            participants.takeOffCart(saga.customerId(), saga.id(), saga.data().bought());
        } catch (ProblemException e) {
            if (e.status() >= 500) {
                throw e;
            }
            // the orders stand; a cart that cannot be tidied is no reason to undo them
            log.warn("checkout {}: taking the bought lines off the cart was refused: {}", saga.id(), e.getMessage());
        }
        CheckoutState next = saga.data().afterCart() == null ? AWAITING_PAYMENT : saga.data().afterCart();
        return move(saga, next, saga.data());
    }

    private CheckoutSagaRow confirmStock(CheckoutSagaRow saga) {
        try {
            participants.confirmStock(saga.id());
        } catch (ConflictException e) {
            // the hold ended before the money arrived (expired or released): give the money back
            log.warn("checkout {} was paid after its stock hold ended; refunding: {}", saga.id(), e.getMessage());
            return move(saga, REFUNDING, saga.data().stockHoldEnded()
                    .because("paid after the stock hold ended; the payment is refunded"));
        }
        return move(saga, REDEEMING_PROMOTIONS, saga.data());
    }

    private CheckoutSagaRow redeemPromotions(CheckoutSagaRow saga) {
        participants.redeemPromotions(saga.id());
        return move(saga, MARKING_PAID, saga.data());
    }

    private CheckoutSagaRow markPaid(CheckoutSagaRow saga) {
        return store.markPaid(saga.moved(PAID, saga.data(), clock.instant()), clock.instant());
    }

    // ---- cancellation and compensation

    private CheckoutSagaRow cancelPayment(CheckoutSagaRow saga) {
        try {
            participants.cancelPayment(saga.data().payment());
        } catch (ConflictException e) {
            // captured meanwhile: the checkout is paid, not cancelled (its capture event may have come already)
            log.info("checkout {} not cancelled, its payment was captured: {}", saga.id(), e.getMessage());
            return move(saga, CONFIRMING_STOCK, saga.data().because(null));
        }
        return move(saga, CANCELLING, saga.data());
    }

    private CheckoutSagaRow refundLatePayment(CheckoutSagaRow saga) {
        CheckoutData data = saga.data();
        participants.refundPayment(data.payment(), "stock-released", data.view().total());
        return move(saga, CANCELLING, data);
    }

    private CheckoutSagaRow cancel(CheckoutSagaRow saga) {
        saga = compensate(saga, false);
        return store.cancelOrders(saga.moved(CANCELLED, saga.data(), clock.instant()), saga.data().reason(), clock.instant());
    }

    private CheckoutSagaRow undo(CheckoutSagaRow saga) {
        saga = compensate(saga, true);
        return move(saga, FAILED, saga.data());
    }

    /**
     * Every compensation the saga's data calls for, each on its own: one that fails is recorded and the
     * others are still tried; the saga then stays where it is, due again, until all have succeeded.
     */
    private CheckoutSagaRow compensate(CheckoutSagaRow saga, boolean cancelPayment) {
        CheckoutData data = saga.data();
        List<Compensation> compensations = new ArrayList<>();
        if (cancelPayment) {
            compensations.add(new Compensation("payment", () -> {
                // a saga resumed from an earlier record may not know the payment a lost step opened: ask
                PaymentView payment = data.paymentId() != null ? null : participants.paymentOf(saga.id()).orElse(null);
                PaymentId paymentId = data.paymentId() != null ? data.payment()
                        : payment == null ? null : new PaymentId(payment.id());
                if (paymentId == null) {
                    return; // none was opened
                }
                try {
                    participants.cancelPayment(paymentId);
                } catch (ConflictException captured) {
                    // the customer paid a checkout that failed: the money goes back
                    Money amount = data.quote() != null ? data.quote().total() : payment.amount();
                    participants.refundPayment(paymentId, "checkout-failed", amount);
                }
            }));
        }
        // released by checkout id whether or not this run reserved (a lost step may have): none is a refusal
        compensations.add(new Compensation("stock", () -> participants.releaseStock(saga.id())));
        compensations.add(new Compensation("promotions", () -> participants.releasePromotions(saga.id())));
        RuntimeException failed = null;
        CheckoutData progress = data;
        for (Compensation compensation : compensations) {
            if (progress.undone().contains(compensation.name())) {
                continue;
            }
            try {
                compensation.action().run();
                progress = progress.undid(compensation.name());
            } catch (ProblemException e) {
                if (e.status() >= 500) {
                    failed = firstFailure(saga, compensation, failed, e);
                } else {
                    // a refusal means there is nothing left to undo there (released already, or never taken)
                    log.info("checkout {}: {} compensation refused, nothing to undo: {}", saga.id(), compensation.name(),
                            e.getMessage());
                    progress = progress.undid(compensation.name());
                }
            } catch (RuntimeException e) {
                failed = firstFailure(saga, compensation, failed, e);
            }
        }
        // recorded by the next move (or, when one failed, with the failure): a crash before repeats them, idempotent
        CheckoutSagaRow progressed = progress.equals(data) ? saga : saga.withData(progress);
        if (failed != null) {
            throw new CompensationFailed(progressed, failed);
        }
        return progressed;
    }

    /** Logs every failed compensation (the saga records only the first with its retry), keeps the first. */
    private static RuntimeException firstFailure(CheckoutSagaRow saga, Compensation compensation, RuntimeException first,
            RuntimeException e) {
        if (first != null) {
            log.warn("checkout {}: the {} compensation failed too, retried with the others: {}", saga.id(), compensation.name(),
                    e.toString());
            return first;
        }
        return e;
    }

    private record Compensation(String name, Runnable action) {
    }

    /** A compensation failed; the others that succeeded are noted in {@link #saga}, to be recorded with the failure. */
    static final class CompensationFailed extends RuntimeException {
        final transient CheckoutSagaRow saga;

        CompensationFailed(CheckoutSagaRow saga, RuntimeException cause) {
            super(cause.toString(), cause);
            this.saga = saga;
        }
    }
}
