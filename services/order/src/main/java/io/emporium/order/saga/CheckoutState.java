package io.emporium.order.saga;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a checkout saga stands: each non-final state names the step to take next. The forward path is
 * PRICING → HOLDING_PROMOTIONS → RESERVING → OPENING_PAYMENT → PLACING_ORDERS → CLEARING_CART →
 * AWAITING_PAYMENT → CONFIRMING_STOCK → REDEEMING_PROMOTIONS → MARKING_PAID → PAID. A refusal before the
 * orders exist leads through FAILING (undo what was taken) to FAILED; a cancellation after it through
 * CANCELLING_PAYMENT (or REFUNDING, for money that came after the stock hold ended) and CANCELLING to
 * CANCELLED.
 */
public enum CheckoutState {
    PRICING, HOLDING_PROMOTIONS, RESERVING, OPENING_PAYMENT, PLACING_ORDERS, CLEARING_CART,
    AWAITING_PAYMENT,
    CONFIRMING_STOCK, REDEEMING_PROMOTIONS, MARKING_PAID, PAID,
    CANCELLING_PAYMENT, REFUNDING, CANCELLING, CANCELLED,
    FAILING, FAILED;

    /** A customer's cart checkout in one of these holds the cart: a second one waits for it (one cart, one checkout at a time). */
    public static final Set<CheckoutState> HOLDING_THE_CART = EnumSet.of(PRICING, HOLDING_PROMOTIONS, RESERVING,
            OPENING_PAYMENT, PLACING_ORDERS, CLEARING_CART, FAILING);

    public boolean isFinal() {
        return this == PAID || this == CANCELLED || this == FAILED;
    }

    /** Waiting for the customer's money (or a cancellation): nothing to drive. */
    public boolean isWaiting() {
        return this == AWAITING_PAYMENT;
    }

    /** A step is to be taken: the driver (the request, or the resume job after a crash or a failure) has work. */
    public boolean isDrivable() {
        return !isFinal() && !isWaiting();
    }

    /** The orders and the payment exist: the request that started the checkout can answer with them. */
    public boolean hasOrders() {
        return ordinal() >= CLEARING_CART.ordinal() && this != FAILING && this != FAILED;
    }
}
