package io.emporium.order.application;

import io.emporium.coordination.Fence;
import io.emporium.coordination.LeaderToken;
import io.emporium.inventory.api.InventoryApi;
import io.emporium.inventory.api.ReserveStock;
import io.emporium.inventory.api.StockReturn;
import io.emporium.kernel.CheckoutId;
import io.emporium.kernel.CustomerId;
import io.emporium.kernel.Identifiers;
import io.emporium.kernel.MerchantId;
import io.emporium.kernel.OrderId;
import io.emporium.kernel.PaymentId;
import io.emporium.kernel.Page;
import io.emporium.kernel.PageRequest;
import io.emporium.order.api.OrderView;
import io.emporium.order.domain.IllegalOrderTransition;
import io.emporium.order.domain.Order;
import io.emporium.order.domain.OrderStatus;
import io.emporium.payment.api.PaymentApi;
import io.emporium.payment.api.RefundRequest;
import io.emporium.order.saga.CheckoutSaga;
import io.emporium.order.saga.CheckoutSagaRow;
import io.emporium.order.saga.CheckoutState;
import io.emporium.platform.problem.NotFoundException;
import io.emporium.platform.security.Caller;
import io.emporium.platform.security.Role;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The order center's steps after checkout. Each step runs in one order transaction together with
 * the events it publishes (outbox); calls to inventory and payment are idempotent, so a step
 * that is retried after a failure never has a second effect there.
 */
@Service
public class OrderService {

    private static final Logger log = LoggerFactory.getLogger(OrderService.class);
    static final String SCHEMA = "orders";

    private final OrderRepository orders;
    private final InventoryApi inventory;
    private final PaymentApi payments;
    private final CheckoutSaga saga;
    private final CheckoutService checkouts;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Fence fence;

    public OrderService(OrderRepository orders, InventoryApi inventory, PaymentApi payments, Clock clock,
            Fence fence, CheckoutSaga saga, CheckoutService checkouts, TransactionTemplate transactions) {
        this.saga = saga;
        this.checkouts = checkouts;
        this.transactions = transactions;
        this.orders = orders;
        this.inventory = inventory;
        this.payments = payments;
        this.clock = clock;
        this.fence = fence;
    }

    // ---- reads

    @Transactional(readOnly = true)
    public OrderView order(OrderId orderId, Caller caller) {
        return OrderViews.view(visible(orderId, caller, false));
    }

    @Transactional(readOnly = true)
    public Page<OrderView> list(Caller caller, Optional<OrderStatus> status, PageRequest page) {
        Optional<CustomerId> customer = caller.is(Role.CUSTOMER) ? Optional.of(caller.requireCustomer()) : Optional.empty();
        Optional<MerchantId> merchant = caller.is(Role.MERCHANT) ? Optional.of(caller.requireMerchant()) : Optional.empty();
        if (!caller.is(Role.CUSTOMER) && !caller.is(Role.MERCHANT) && !caller.is(Role.ADMIN)) {
            throw new io.emporium.platform.problem.ForbiddenException("no-orders", "this account has no orders");
        }
        return orders.list(customer, merchant, status, page).map(OrderViews::view);
    }

    // ---- the customer's and the merchant's actions

    /**
     * Cancels an unpaid checkout: every order of it, since one payment covers them all. Not in a
     * transaction: the saga cancels the payment first (outside any transaction), then gives back what
     * the checkout held, and this request drives it.
     */
    public OrderView cancelByCustomer(OrderId orderId, Caller caller) {
        Order order = visible(orderId, caller, false);
        caller.requireCustomer();
        if (order.status() != OrderStatus.PENDING_PAYMENT || !saga.cancel(order.checkoutId(), "cancelled by the customer")) {
            Order now = orders.find(orderId, false).orElseThrow();
            throw new IllegalOrderTransition(now.id(), now.status(), OrderStatus.CANCELLED);
        }
        CheckoutSagaRow after = saga.driveAsOwner(order.checkoutId());
        if (after.state().ordinal() >= CheckoutState.CONFIRMING_STOCK.ordinal() && after.state().ordinal() <= CheckoutState.PAID.ordinal()) {
            // the payment was captured before it could be cancelled: the checkout is paid
            throw new IllegalOrderTransition(order.id(), OrderStatus.PAID, OrderStatus.CANCELLED);
        }
        return OrderViews.view(orders.find(orderId, false).orElseThrow());
    }

    @Transactional
    public OrderView ship(OrderId orderId, Caller caller, String carrier, String trackingNumber) {
        Order order = ownedByMerchant(orderId, caller);
        order.ship(carrier.trim(), trackingNumber, clock.instant());
        orders.update(order);
        return OrderViews.view(order);
    }

    @Transactional
    public OrderView confirmDelivery(OrderId orderId, Caller caller) {
        Order order = visible(orderId, caller, true);
        caller.requireCustomer();
        order.confirmDelivery(clock.instant(), "delivery confirmed by the customer");
        orders.update(order);
        return OrderViews.view(order);
    }

    @Transactional
    public OrderView requestRefund(OrderId orderId, Caller caller, String reason) {
        Order order = visible(orderId, caller, true);
        caller.requireCustomer();
        order.requestRefund(clock.instant(), reason.trim());
        orders.update(order);
        return OrderViews.view(order);
    }

    /**
     * The merchant decides. An approval is recorded first; the money is then sent back through the gateway,
     * outside the transaction (idempotent by order id: a merchant who approves again after a failure re-sends it).
     */
    public OrderView decideRefund(OrderId orderId, Caller caller, boolean approve, String note) {
        Order order = transactions.execute(tx -> {
            Order o = ownedByMerchant(orderId, caller);
            Instant now = clock.instant();
            if (approve) {
                if (o.approveRefund(now, note)) {
                    orders.update(o);
                }
            } else {
                o.rejectRefund(now, note);
                orders.update(o);
            }
            return o;
        });
        if (approve) {
            payments.refund(order.paymentId().value(), order.id().value(), new RefundRequest(order.total()));
        }
        return OrderViews.view(order);
    }

    // ---- saga steps driven by payment events and jobs

    /**
     * Payment captured: the saga confirms the stock, redeems the promotions and marks the orders PAID,
     * after this event's transaction commits. Refused (the event comes again) while the checkout's
     * orders do not exist yet.
     */
    public void paymentCaptured(CheckoutId checkoutId, PaymentId paymentId) {
        if (!saga.paymentCaptured(checkoutId)) {
            throw new IllegalStateException("checkout " + checkoutId + " is not waiting for payment " + paymentId + " yet");
        }
        checkouts.driveAfterCommit(checkoutId);
    }

    /** Payment refused: the saga gives the stock and the promotions back and cancels the orders. */
    public void paymentFailed(CheckoutId checkoutId) {
        if (!saga.paymentFailed(checkoutId)) {
            throw new IllegalStateException("checkout " + checkoutId + " is not waiting for its payment yet");
        }
        checkouts.driveAfterCommit(checkoutId);
    }

    /**
     * Refund confirmed by the gateway: the order is REFUNDED (its OrderRefunded follows from the outbox, and
     * {@link #returnRefundedStock} gives its units back to stock after this transaction).
     */
    @Transactional
    public void paymentRefunded(String refundId) {
        Optional<Order> found = Identifiers.isValid(refundId) ? orders.find(new OrderId(refundId), true) : Optional.empty();
        if (found.isEmpty() || found.get().status() == OrderStatus.REFUNDED) {
            return; // a compensation refund of a whole checkout, or a repeat
        }
        Order order = found.get();
        order.refunded(clock.instant());
        orders.update(order);
    }

    /**
     * A refunded order's units go back to available stock: called with the order's OrderRefunded, outside
     * any transaction (inventory is another service); the return id is the order's, so a repeat changes nothing.
     */
    public void returnRefundedStock(OrderId orderId) {
        Order order = orders.find(orderId, false).orElseThrow(() -> new IllegalStateException("no order " + orderId));
        inventory.returnStock(order.checkoutId().value(), "refund-" + order.id(), new StockReturn(order.lines().stream()
                .map(l -> new ReserveStock.Line(l.skuId(), (long) l.quantity())).toList()));
    }

    /**
     * Cancels a checkout that is still unpaid (the leader's timeout job). The saga cancels the payment
     * first: if it was captured meanwhile, the checkout goes on to PAID instead. Returns whether it was cancelled.
     */
    public boolean cancelUnpaid(CheckoutId checkoutId, String reason, LeaderToken leader) {
        // the fence and the saga's move commit together: a leader deposed after its check cannot move it (the
        // new leader's check waits for the fence row this transaction holds); the participants are called after
        Boolean moved = transactions.execute(tx -> {
            fence.check(SCHEMA, "order-timeouts", leader);
            return saga.cancel(checkoutId, reason);
        });
        if (!Boolean.TRUE.equals(moved)) {
            return false;
        }
        return saga.driveAsOwner(checkoutId).state() == CheckoutState.CANCELLED;
    }

    @Transactional
    public boolean complete(OrderId orderId, LeaderToken leader) {
        fence.check(SCHEMA, "order-timeouts", leader);
        Optional<Order> found = orders.find(orderId, true).filter(o -> o.status() == OrderStatus.DELIVERED);
        if (found.isEmpty()) {
            return false;
        }
        Order order = found.get();
        Instant now = clock.instant();
        order.complete(now);
        orders.update(order);
        return true;
    }

    private Order visible(OrderId orderId, Caller caller, boolean lock) {
        Order order = orders.find(orderId, lock).orElseThrow(() -> unknown(orderId));
        if (!canSee(caller, order)) {
            throw unknown(orderId);
        }
        return order;
    }

    private static boolean canSee(Caller caller, Order order) {
        if (caller.is(Role.ADMIN)) {
            return true;
        }
        if (caller.is(Role.CUSTOMER)) {
            return order.customerId().value().equals(caller.accountId());
        }
        return caller.is(Role.MERCHANT) && caller.merchantId().map(order.merchantId()::equals).orElse(false);
    }

    private Order ownedByMerchant(OrderId orderId, Caller caller) {
        caller.requireMerchant();
        return visible(orderId, caller, true);
    }

    private static NotFoundException unknown(OrderId orderId) {
        return new NotFoundException("unknown-order", "order " + orderId + " does not exist");
    }
}
