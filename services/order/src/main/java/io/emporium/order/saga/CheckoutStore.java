package io.emporium.order.saga;

import io.emporium.kernel.CheckoutId;
import io.emporium.kernel.CustomerId;
import io.emporium.order.domain.Order;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where checkout sagas live (the order schema). Every method is one short local transaction; a change
 * to a saga row is refused ({@link StaleCheckoutSaga}) when another driver moved it since it was read.
 */
public interface CheckoutStore {

    enum Insert { INSERTED, KEY_TAKEN, CART_BUSY }

    /** Inserts a new saga; refused when the key was used (KEY_TAKEN) or another checkout holds the customer's cart. */
    Insert insert(CheckoutSagaRow row);

    /** Inserts the saga unless one with its id exists (a redelivered flash purchase); whether it did. */
    boolean insertIfAbsent(CheckoutSagaRow row);

    /** Deletes a FAILED saga so that its key can be used again: a refused checkout changes nothing. */
    void deleteFailed(CheckoutId id);

    Optional<CheckoutSagaRow> find(CheckoutId id);

    Optional<CheckoutSagaRow> findByKey(CustomerId customerId, String idempotencyKey);

    /** Saves a moved saga; returns it as stored (its next version). */
    CheckoutSagaRow save(CheckoutSagaRow row);

    /** Records the orders, the checkout's answer and the saga's new state together. */
    CheckoutSagaRow placeOrders(CheckoutSagaRow row, List<Order> orders);

    /** Marks the checkout's waiting orders PAID (with their OrderPaid events) and saves the saga, together. */
    CheckoutSagaRow markPaid(CheckoutSagaRow row, Instant now);

    /** Cancels the checkout's waiting orders (with their OrderCancelled events) and saves the saga, together. */
    CheckoutSagaRow cancelOrders(CheckoutSagaRow row, String reason, Instant now);

    /** Sagas with a step to take whose next attempt is due, oldest first. */
    List<CheckoutId> due(Instant now, int limit);

    /** Thrown when a saga changed since it was read: another driver has it. */
    final class StaleCheckoutSaga extends RuntimeException {
        public StaleCheckoutSaga(CheckoutId id) {
            super("checkout " + id + " was moved by another driver");
        }
    }
}
