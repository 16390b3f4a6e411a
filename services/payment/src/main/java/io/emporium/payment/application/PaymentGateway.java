package io.emporium.payment.application;

import io.emporium.kernel.Money;

/**
 * The port a payment gateway adapter implements. Every request carries an idempotency key, the
 * same on every attempt: the gateway acts on a key once and answers a repeat with the first
 * outcome, so a request may be sent again whenever its answer is in doubt. A method returns when
 * the gateway has accepted the request and throws when it could not be sent or was not accepted.
 * The outcome arrives later with a signed callback (captured, failed, refund succeeded), possibly
 * more than once and possibly out of order.
 */
public interface PaymentGateway {

    /** The customer authorised the payment at the gateway: capture {@code amount}. */
    void requestCapture(String idempotencyKey, String paymentId, Money amount);

    /** The customer declined at the gateway (or the card was refused). */
    void requestDecline(String idempotencyKey, String paymentId, Money amount);

    void requestRefund(String idempotencyKey, String paymentId, String refundId, Money amount);
}
