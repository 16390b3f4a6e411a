package io.emporium.payment.api;

import io.emporium.kernel.Idempotent;
import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PostExchange;
import org.springframework.web.service.annotation.PutExchange;

/** What the order center asks of payment. Every command is idempotent. */
@HttpExchange("/api/payments/internal")
public interface PaymentApi {

    /** One intent per checkout: asking again for the same checkout returns the same intent. */
    @PutExchange("/checkouts/{checkoutId}/intent")
    PaymentView open(@PathVariable("checkoutId") String checkoutId, @Valid @RequestBody NewPayment payment);

    /** The intent of a checkout; 404 when the checkout opened none. */
    @GetExchange("/checkouts/{checkoutId}/intent")
    PaymentView intentOf(@PathVariable("checkoutId") String checkoutId);

    @GetExchange("/payments/{paymentId}")
    PaymentView payment(@PathVariable("paymentId") String paymentId);

    /** PENDING → CANCELLED; 409 naming the state when the payment was already captured. */
    @Idempotent
    @PostExchange("/payments/{paymentId}/cancellation")
    PaymentView cancel(@PathVariable("paymentId") String paymentId);

    /** Refunds part or all of a captured payment through the gateway; idempotent by refundId. */
    @PutExchange("/payments/{paymentId}/refunds/{refundId}")
    PaymentView refund(@PathVariable("paymentId") String paymentId, @PathVariable("refundId") String refundId,
            @Valid @RequestBody RefundRequest refund);
}
