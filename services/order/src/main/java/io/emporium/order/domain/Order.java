package io.emporium.order.domain;

import io.emporium.kernel.CheckoutId;
import io.emporium.kernel.CustomerId;
import io.emporium.kernel.MerchantId;
import io.emporium.kernel.OrderId;
import io.emporium.kernel.PaymentId;
import io.emporium.kernel.PostalAddress;
import io.emporium.order.api.OrderCancelled;
import io.emporium.order.api.OrderCompleted;
import io.emporium.order.api.OrderDelivered;
import io.emporium.order.api.OrderPaid;
import io.emporium.order.api.OrderPlaced;
import io.emporium.order.api.OrderRefunded;
import io.emporium.order.api.OrderShipped;

import io.emporium.kernel.Money;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One merchant's part of a checkout. The state machine:
 * PENDING_PAYMENT → PAID → SHIPPED → DELIVERED → COMPLETED; PENDING_PAYMENT → CANCELLED;
 * PAID → REFUND_REQUESTED → REFUNDED, or back to PAID when the merchant rejects the request.
 * Every transition is appended to the timeline; a transition from the wrong state throws
 * {@link IllegalOrderTransition} naming the current state.
 */
public final class Order {

    private final OrderId id;
    private final CheckoutId checkoutId;
    private final CustomerId customerId;
    private final MerchantId merchantId;
    private final List<OrderLine> lines;
    private final PostalAddress shippingAddress;
    private final PaymentId paymentId;
    private final Money shipping;
    private final Instant createdAt;
    private final int version;
    private final List<TimelineEntry> timeline;
    private final List<TimelineEntry> newEntries = new ArrayList<>();
    private final List<Object> newEvents = new ArrayList<>();
    private OrderStatus status;
    private String carrier;
    private String trackingNumber;
    private boolean refundApproved;
    private Instant updatedAt;

    public Order(OrderId id, CheckoutId checkoutId, CustomerId customerId, MerchantId merchantId, List<OrderLine> lines,
            PostalAddress shippingAddress, PaymentId paymentId, OrderStatus status, String carrier, String trackingNumber,
            boolean refundApproved, List<TimelineEntry> timeline, int version, Instant createdAt, Instant updatedAt) {
        this(id, checkoutId, customerId, merchantId, lines, null, shippingAddress, paymentId, status, carrier, trackingNumber,
                refundApproved, timeline, version, createdAt, updatedAt);
    }

    public Order(OrderId id, CheckoutId checkoutId, CustomerId customerId, MerchantId merchantId, List<OrderLine> lines,
            Money shipping, PostalAddress shippingAddress, PaymentId paymentId, OrderStatus status, String carrier,
            String trackingNumber, boolean refundApproved, List<TimelineEntry> timeline, int version, Instant createdAt,
            Instant updatedAt) {
        this.shipping = shipping != null ? shipping
                : lines.isEmpty() ? null : Money.zero(lines.getFirst().unitPrice().currency());
        this.id = Objects.requireNonNull(id);
        this.checkoutId = Objects.requireNonNull(checkoutId);
        this.customerId = Objects.requireNonNull(customerId);
        this.merchantId = Objects.requireNonNull(merchantId);
        this.lines = List.copyOf(lines);
        this.shippingAddress = shippingAddress;
        this.paymentId = paymentId;
        this.status = Objects.requireNonNull(status);
        this.carrier = carrier;
        this.trackingNumber = trackingNumber;
        this.refundApproved = refundApproved;
        this.timeline = new ArrayList<>(timeline);
        this.version = version;
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
        if (this.lines.isEmpty()) {
            throw new IllegalArgumentException("an order has at least one line");
        }
    }

    public static Order place(OrderId id, CheckoutId checkoutId, CustomerId customerId, MerchantId merchantId,
            List<OrderLine> lines, PostalAddress address, PaymentId paymentId, Instant now) {
        return place(id, checkoutId, customerId, merchantId, lines, null, address, paymentId, now);
    }

    public static Order place(OrderId id, CheckoutId checkoutId, CustomerId customerId, MerchantId merchantId,
            List<OrderLine> lines, Money shipping, PostalAddress address, PaymentId paymentId, Instant now) {
        Order order = new Order(id, checkoutId, customerId, merchantId, lines, shipping, address, paymentId,
                OrderStatus.PENDING_PAYMENT, null, null, false, List.of(), 0, now, now);
        order.record(OrderStatus.PENDING_PAYMENT, now, "order placed; waiting for payment");
        order.raise(new OrderPlaced(id.value(), checkoutId.value(), customerId.value(), merchantId.value(), order.total(), now));
        return order;
    }

    /** Goods before discounts. */
    public Money subtotal() {
        Money total = Money.zero(lines.getFirst().unitPrice().currency());
        for (OrderLine line : lines) {
            total = total.plus(line.subtotal());
        }
        return total;
    }

    public Money discount() {
        Money total = Money.zero(lines.getFirst().unitPrice().currency());
        for (OrderLine line : lines) {
            total = total.plus(line.discount());
        }
        return total;
    }

    /** What the customer pays for this order: the lines' totals plus shipping. */
    public Money total() {
        Money total = shipping;
        for (OrderLine line : lines) {
            total = total.plus(line.total());
        }
        return total;
    }

    public Money shipping() {
        return shipping;
    }

    public void markPaid(Instant now) {
        move(OrderStatus.PENDING_PAYMENT, OrderStatus.PAID, now, "payment captured");
        raise(new OrderPaid(id.value(), checkoutId.value(), customerId.value(), merchantId.value(), total(), now));
    }

    public void cancel(Instant now, String reason) {
        move(OrderStatus.PENDING_PAYMENT, OrderStatus.CANCELLED, now, reason);
        raise(new OrderCancelled(id.value(), checkoutId.value(), customerId.value(), merchantId.value(), total(), now));
    }

    public void ship(String carrier, String trackingNumber, Instant now) {
        move(OrderStatus.PAID, OrderStatus.SHIPPED, now, "shipped with " + carrier + ", tracking " + trackingNumber);
        this.carrier = carrier;
        this.trackingNumber = trackingNumber;
        raise(new OrderShipped(id.value(), checkoutId.value(), customerId.value(), merchantId.value(), carrier, trackingNumber,
                now));
    }

    public void confirmDelivery(Instant now, String note) {
        move(OrderStatus.SHIPPED, OrderStatus.DELIVERED, now, note);
        raise(new OrderDelivered(id.value(), checkoutId.value(), customerId.value(), merchantId.value(), now));
    }

    public void complete(Instant now) {
        move(OrderStatus.DELIVERED, OrderStatus.COMPLETED, now, "completed");
        raise(new OrderCompleted(id.value(), checkoutId.value(), customerId.value(), merchantId.value(), total(), now));
    }

    public void requestRefund(Instant now, String reason) {
        move(OrderStatus.PAID, OrderStatus.REFUND_REQUESTED, now, "refund requested: " + reason);
        refundApproved = false;
    }

    /** The merchant accepts: the money is sent back; the order is REFUNDED when the gateway confirms. Idempotent. */
    public boolean approveRefund(Instant now, String note) {
        if (status != OrderStatus.REFUND_REQUESTED) {
            throw new IllegalOrderTransition(id, status, OrderStatus.REFUNDED);
        }
        if (refundApproved) {
            return false;
        }
        refundApproved = true;
        updatedAt = now;
        timeline.add(entry(OrderStatus.REFUND_REQUESTED, now, "refund approved by the merchant" + suffix(note)));
        return true;
    }

    public void rejectRefund(Instant now, String note) {
        if (status == OrderStatus.REFUND_REQUESTED && refundApproved) {
            throw new IllegalOrderTransition(id, status, OrderStatus.PAID);
        }
        move(OrderStatus.REFUND_REQUESTED, OrderStatus.PAID, now, "refund rejected by the merchant" + suffix(note));
    }

    public void refunded(Instant now) {
        if (status != OrderStatus.REFUND_REQUESTED || !refundApproved) {
            throw new IllegalOrderTransition(id, status, OrderStatus.REFUNDED);
        }
        move(OrderStatus.REFUND_REQUESTED, OrderStatus.REFUNDED, now, "refund received by the customer");
        raise(new OrderRefunded(id.value(), checkoutId.value(), customerId.value(), merchantId.value(), total(), now));
    }

    private void move(OrderStatus from, OrderStatus to, Instant now, String note) {
        if (status != from) {
            throw new IllegalOrderTransition(id, status, to);
        }
        status = to;
        updatedAt = now;
        record(to, now, note);
    }

    private void record(OrderStatus entered, Instant now, String note) {
        timeline.add(entry(entered, now, note));
    }

    private TimelineEntry entry(OrderStatus entered, Instant now, String note) {
        TimelineEntry entry = new TimelineEntry(entered, now, note);
        newEntries.add(entry);
        return entry;
    }

    private static String suffix(String note) {
        return note == null || note.isBlank() ? "" : ": " + note.trim();
    }

    private void raise(Object event) {
        newEvents.add(event);
    }

    /**
     * The events this order raised since it was loaded (OrderPlaced, OrderPaid, OrderShipped, OrderDelivered,
     * OrderCompleted, OrderCancelled, OrderRefunded), written to the outbox by the repository with the change.
     */
    public List<Object> newEvents() {
        return List.copyOf(newEvents);
    }

    /** Timeline entries added since the order was loaded, to be appended by the repository. */
    public List<TimelineEntry> newTimelineEntries() {
        return List.copyOf(newEntries);
    }

    public OrderId id() { return id; }
    public CheckoutId checkoutId() { return checkoutId; }
    public CustomerId customerId() { return customerId; }
    public MerchantId merchantId() { return merchantId; }
    public List<OrderLine> lines() { return lines; }
    public PostalAddress shippingAddress() { return shippingAddress; }
    public PaymentId paymentId() { return paymentId; }
    public OrderStatus status() { return status; }
    public String carrier() { return carrier; }
    public String trackingNumber() { return trackingNumber; }
    public boolean refundApproved() { return refundApproved; }
    public List<TimelineEntry> timeline() { return List.copyOf(timeline); }
    public int version() { return version; }
    public Instant createdAt() { return createdAt; }
    public Instant updatedAt() { return updatedAt; }
}
