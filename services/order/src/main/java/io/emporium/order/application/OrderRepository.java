package io.emporium.order.application;

import io.emporium.kernel.CheckoutId;
import io.emporium.kernel.CustomerId;
import io.emporium.kernel.MerchantId;
import io.emporium.kernel.Money;
import io.emporium.kernel.OrderId;
import io.emporium.kernel.PaymentId;
import io.emporium.kernel.Page;
import io.emporium.kernel.PageRequest;
import io.emporium.order.domain.Order;
import io.emporium.order.domain.OrderStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Orders, as the use cases need them (JdbcOrderRepository stores them, with their events in the outbox). */
public interface OrderRepository {

    record StoredCheckout(CheckoutId id, String requestHash, String response) {
    }

    Optional<StoredCheckout> findCheckout(CustomerId customerId, String idempotencyKey);

    void insertCheckout(CheckoutId id, CustomerId customerId, String key, String hash, PaymentId paymentId, Money total,
            String response, Instant now);

    void insert(Order order);

    /** Saves a changed order, refusing to overwrite a change made since it was loaded. */
    void update(Order order);

    Optional<Order> find(OrderId id, boolean lock);

    /** The orders of a checkout, locked, in a stable order. */
    List<Order> ofCheckout(CheckoutId checkoutId);

    Page<Order> list(Optional<CustomerId> customerId, Optional<MerchantId> merchantId, Optional<OrderStatus> status,
            PageRequest page);

    /** Checkouts with an order still waiting for payment that was placed before {@code placedBefore}. */
    List<CheckoutId> unpaidCheckouts(Instant placedBefore, int limit);

    /** Orders delivered (last changed) before {@code deliveredBefore}. */
    List<OrderId> deliveredBefore(Instant deliveredBefore, int limit);
}
