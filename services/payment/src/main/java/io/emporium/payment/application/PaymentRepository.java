package io.emporium.payment.application;

import io.emporium.kernel.CheckoutId;
import io.emporium.kernel.Money;
import io.emporium.kernel.PaymentId;
import io.emporium.payment.domain.PaymentIntent;
import java.time.Instant;
import java.util.Optional;

/** Payment intents, their refunds and the gateway's events, as the use cases need them (JdbcPaymentRepository stores them). */
public interface PaymentRepository {

    record Refund(String id, Money amount, String status) {
    }

    /** Inserts the intent unless its checkout has one; false then. */
    boolean insert(PaymentIntent intent);

    Optional<PaymentIntent> find(PaymentId id, boolean lock);

    Optional<PaymentIntent> findByCheckout(CheckoutId checkoutId);

    /** Records the first answer at the gateway; false if one was recorded already. */
    boolean markCaptureRequested(PaymentId id, Instant now);

    void update(PaymentIntent intent);

    /** Records a callback; false if one with this event id was recorded before (a duplicate). */
    boolean recordGatewayEvent(String eventId, String paymentId, String type, String outcome, String detail,
            Instant now);

    boolean gatewayEventSeen(String eventId);

    /** Keeps a refused callback on record, apart from gateway_event: its event id stays free. */
    void recordRefusal(String eventId, String paymentId, String type, String outcome, String detail, Instant now);

    void setGatewayEventOutcome(String eventId, String outcome, String detail);

    Optional<Refund> findRefund(String paymentId, String refundId, String currency);

    /** The sum of every refund requested so far for a payment, succeeded or not. */
    Money requestedRefunds(PaymentIntent intent);

    void insertRefund(String paymentId, String refundId, Money amount, Instant now);

    void completeRefund(String paymentId, String refundId, Instant now);
}
