package io.emporium.payment.application;

import io.emporium.kernel.Money;

/**
 * The port a payment gateway adapter implements. Requests are asynchronous: the gateway
 * answers later with a signed callback (captured, failed, refund succeeded), possibly more
 * than once and possibly out of order.
 */
public interface PaymentGateway {

    /** The customer authorised the payment at the gateway: capture {@code amount}. */
    void requestCapture(String paymentId, Money amount);

    /** The customer declined at the gateway (or the card was refused). */
    void requestDecline(String paymentId, Money amount);

    void requestRefund(String paymentId, String refundId, Money amount);
}
