package io.emporium.order.application;

import io.emporium.coordination.Fence;
import io.emporium.coordination.LeaderToken;
import io.emporium.inventory.api.InventoryApi;
import io.emporium.inventory.api.ReserveStock;
import io.emporium.inventory.api.StockReturn;
import io.emporium.kernel.Identifiers;
import io.emporium.kernel.Page;
import io.emporium.kernel.PageRequest;
import io.emporium.messaging.Outbox;
import io.emporium.order.api.OrderCancelled;
import io.emporium.order.api.OrderCompleted;
import io.emporium.order.api.OrderPaid;
import io.emporium.order.api.OrderRefunded;
import io.emporium.order.api.OrderView;
import io.emporium.order.domain.IllegalOrderTransition;
import io.emporium.order.domain.Order;
import io.emporium.order.domain.OrderStatus;
import io.emporium.order.infrastructure.OrderRepository;
import io.emporium.payment.api.PaymentApi;
import io.emporium.payment.api.RefundRequest;
import io.emporium.promotion.api.PromotionApi;
import io.emporium.platform.problem.ConflictException;
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
    private final PromotionApi promotions;
    private final Outbox outbox;
    private final Clock clock;
    private final Fence fence;

    public OrderService(OrderRepository orders, InventoryApi inventory, PaymentApi payments, PromotionApi promotions,
            Outbox outbox, Clock clock, Fence fence) {
        this.promotions = promotions;
        this.orders = orders;
        this.inventory = inventory;
        this.payments = payments;
        this.outbox = outbox;
        this.clock = clock;
        this.fence = fence;
    }

    // ---- reads

    @Transactional(readOnly = true)
    public OrderView order(String orderId, Caller caller) {
        return OrderViews.view(visible(orderId, caller, false));
    }

    @Transactional(readOnly = true)
    public Page<OrderView> list(Caller caller, Optional<OrderStatus> status, PageRequest page) {
        Optional<String> customer = caller.is(Role.CUSTOMER) ? Optional.of(caller.accountId()) : Optional.empty();
        Optional<String> merchant = caller.is(Role.MERCHANT) ? Optional.of(caller.requireMerchant().value()) : Optional.empty();
        if (!caller.is(Role.CUSTOMER) && !caller.is(Role.MERCHANT) && !caller.is(Role.ADMIN)) {
            throw new io.emporium.platform.problem.ForbiddenException("no-orders", "this account has no orders");
        }
        return orders.list(customer, merchant, status, page).map(OrderViews::view);
    }

    // ---- the customer's and the merchant's actions

    /** Cancels an unpaid checkout: every order of it, since one payment covers them all. */
    @Transactional
    public OrderView cancelByCustomer(String orderId, Caller caller) {
        Order order = visible(orderId, caller, false);
        caller.requireCustomer();
        orders.ofCheckout(order.checkoutId()); // lock every order of the checkout, in id order, before anything else
        order = orders.find(orderId, false).orElseThrow();
        if (order.status() != OrderStatus.PENDING_PAYMENT) {
            throw new IllegalOrderTransition(order.id(), order.status(), OrderStatus.CANCELLED);
        }
        cancelCheckout(order.checkoutId(), order.paymentId(), "cancelled by the customer");
        return OrderViews.view(orders.find(orderId, false).orElseThrow());
    }

    @Transactional
    public OrderView ship(String orderId, Caller caller, String carrier, String trackingNumber) {
        Order order = ownedByMerchant(orderId, caller);
        order.ship(carrier.trim(), trackingNumber, clock.instant());
        orders.update(order);
        return OrderViews.view(order);
    }

    @Transactional
    public OrderView confirmDelivery(String orderId, Caller caller) {
        Order order = visible(orderId, caller, true);
        caller.requireCustomer();
        order.confirmDelivery(clock.instant(), "delivery confirmed by the customer");
        orders.update(order);
        return OrderViews.view(order);
    }

    @Transactional
    public OrderView requestRefund(String orderId, Caller caller, String reason) {
        Order order = visible(orderId, caller, true);
        caller.requireCustomer();
        order.requestRefund(clock.instant(), reason.trim());
        orders.update(order);
        return OrderViews.view(order);
    }

    /** The merchant decides; an approval sends the money back through the gateway (idempotent by order id). */
    @Transactional
    public OrderView decideRefund(String orderId, Caller caller, boolean approve, String note) {
        Order order = ownedByMerchant(orderId, caller);
        Instant now = clock.instant();
        if (approve) {
            if (order.approveRefund(now, note)) {
                orders.update(order);
            }
            payments.refund(order.paymentId(), order.id(), new RefundRequest(order.total()));
        } else {
            order.rejectRefund(now, note);
            orders.update(order);
        }
        return OrderViews.view(order);
    }

    // ---- saga steps driven by payment events and jobs

    /** Payment captured: the reserved stock is sold and every order of the checkout is PAID. */
    @Transactional
    public void paymentCaptured(String checkoutId, String paymentId) {
        List<Order> placed = orders.ofCheckout(checkoutId);
        List<Order> waiting = placed.stream().filter(o -> o.status() == OrderStatus.PENDING_PAYMENT).toList();
        if (waiting.isEmpty()) {
            log.info("checkout {} has no order waiting for payment; capture {} changes nothing", checkoutId, paymentId);
            return;
        }
        try {
            inventory.confirm(checkoutId);
        } catch (ConflictException e) {
            // the hold ended before the money arrived (expired or released): give the money back
            log.warn("checkout {} was paid after its stock hold ended; refunding: {}", checkoutId, e.getMessage());
            payments.refund(paymentId, "stock-released", new RefundRequest(sum(waiting)));
            promotions.release(checkoutId);
            Instant now = clock.instant();
            for (Order order : waiting) {
                order.cancel(now, "paid after the stock hold ended; the payment is refunded");
                orders.update(order);
                outbox.append(SCHEMA, order.id(), cancelled(order, now));
            }
            return;
        }
        promotions.redeem(checkoutId);
        Instant now = clock.instant();
        for (Order order : waiting) {
            order.markPaid(now);
            orders.update(order);
            outbox.append(SCHEMA, order.id(), new OrderPaid(order.id(), checkoutId, order.customerId(), order.merchantId(), order.total(), now));
        }
    }

    /** Payment refused: the stock goes back and the orders are cancelled. */
    @Transactional
    public void paymentFailed(String checkoutId) {
        List<Order> waiting = orders.ofCheckout(checkoutId).stream()
                .filter(o -> o.status() == OrderStatus.PENDING_PAYMENT).toList();
        if (waiting.isEmpty()) {
            return;
        }
        inventory.release(checkoutId);
        promotions.release(checkoutId);
        Instant now = clock.instant();
        for (Order order : waiting) {
            order.cancel(now, "the payment was declined");
            orders.update(order);
            outbox.append(SCHEMA, order.id(), cancelled(order, now));
        }
    }

    /** Refund confirmed by the gateway: the order's units go back to stock and it is REFUNDED. */
    @Transactional
    public void paymentRefunded(String refundId) {
        Optional<Order> found = Identifiers.isValid(refundId) ? orders.find(refundId, true) : Optional.empty();
        if (found.isEmpty() || found.get().status() == OrderStatus.REFUNDED) {
            return; // a compensation refund of a whole checkout, or a repeat
        }
        Order order = found.get();
        inventory.returnStock(order.checkoutId(), "refund-" + order.id(), new StockReturn(order.lines().stream()
                .map(l -> new ReserveStock.Line(l.skuId(), (long) l.quantity())).toList()));
        Instant now = clock.instant();
        order.refunded(now);
        orders.update(order);
        outbox.append(SCHEMA, order.id(), refunded(order, now));
    }

    /**
     * Cancels a checkout that is still unpaid. The payment is cancelled first: if it was captured
     * meanwhile, the cancellation is refused (409) and the capture's event will mark the orders paid.
     */
    @Transactional
    public boolean cancelUnpaid(String checkoutId, String reason, LeaderToken leader) {
        fence.check(SCHEMA, "order-timeouts", leader);
        List<Order> placed = orders.ofCheckout(checkoutId);
        if (placed.stream().noneMatch(o -> o.status() == OrderStatus.PENDING_PAYMENT)) {
            return false;
        }
        try {
            cancelCheckout(checkoutId, placed.getFirst().paymentId(), reason);
            return true;
        } catch (io.emporium.platform.problem.ProblemException e) {
            log.info("checkout {} not cancelled: {}", checkoutId, e.getMessage());
            return false;
        }
    }

    @Transactional
    public boolean complete(String orderId, LeaderToken leader) {
        fence.check(SCHEMA, "order-timeouts", leader);
        Optional<Order> found = orders.find(orderId, true).filter(o -> o.status() == OrderStatus.DELIVERED);
        if (found.isEmpty()) {
            return false;
        }
        Order order = found.get();
        Instant now = clock.instant();
        order.complete(now);
        orders.update(order);
        outbox.append(SCHEMA, order.id(), completed(order, now));
        return true;
    }

    private void cancelCheckout(String checkoutId, String paymentId, String reason) {
        payments.cancel(paymentId);
        inventory.release(checkoutId);
        promotions.release(checkoutId);
        Instant now = clock.instant();
        for (Order order : orders.ofCheckout(checkoutId)) {
            if (order.status() == OrderStatus.PENDING_PAYMENT) {
                order.cancel(now, reason);
                orders.update(order);
                outbox.append(SCHEMA, order.id(), cancelled(order, now));
            }
        }
    }

    private Order visible(String orderId, Caller caller, boolean lock) {
        Identifiers.requireValid(orderId, "order id");
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
            return order.customerId().equals(caller.accountId());
        }
        return caller.is(Role.MERCHANT) && caller.merchantId().map(m -> m.value().equals(order.merchantId())).orElse(false);
    }

    private Order ownedByMerchant(String orderId, Caller caller) {
        caller.requireMerchant();
        return visible(orderId, caller, true);
    }

    private static NotFoundException unknown(String orderId) {
        return new NotFoundException("unknown-order", "order " + orderId + " does not exist");
    }

    private static io.emporium.kernel.Money sum(List<Order> list) {
        io.emporium.kernel.Money total = io.emporium.kernel.Money.zero(list.getFirst().total().currency());
        for (Order order : list) {
            total = total.plus(order.total());
        }
        return total;
    }

    private static OrderCancelled cancelled(Order o, Instant at) {
        return new OrderCancelled(o.id(), o.checkoutId(), o.customerId(), o.merchantId(), o.total(), at);
    }

    private static OrderRefunded refunded(Order o, Instant at) {
        return new OrderRefunded(o.id(), o.checkoutId(), o.customerId(), o.merchantId(), o.total(), at);
    }

    private static OrderCompleted completed(Order o, Instant at) {
        return new OrderCompleted(o.id(), o.checkoutId(), o.customerId(), o.merchantId(), o.total(), at);
    }
}
