package io.emporium.payment.web;

import io.swagger.v3.oas.annotations.Operation;
import io.emporium.kernel.CheckoutId;
import io.emporium.kernel.CustomerId;
import io.emporium.kernel.PaymentId;
import io.emporium.payment.api.NewPayment;
import io.emporium.payment.api.PaymentApi;
import io.emporium.payment.api.PaymentView;
import io.emporium.payment.api.RefundRequest;
import io.emporium.payment.application.PaymentService;
import java.util.Optional;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.RestController;

/** Payment's service-to-service API; also its local binding. */
@RestController
@Transactional(propagation = Propagation.NOT_SUPPORTED) // a local call never joins the caller's transaction
public class PaymentInternalController implements PaymentApi {

    private final PaymentService payments;

    public PaymentInternalController(PaymentService payments) {
        this.payments = payments;
    }

    @Override
    @Operation(summary = "Open the payment intent of a checkout (one per checkout, idempotent)")
    public PaymentView open(String checkoutId, NewPayment payment) {
        return payments.open(new CheckoutId(checkoutId), new CustomerId(payment.customerId()), payment.amount());
    }

    @Override
    @Operation(summary = "The payment intent of a checkout; 404 when it opened none")
    public PaymentView intentOf(String checkoutId) {
        return payments.intentOf(new CheckoutId(checkoutId));
    }

    @Override
    @Operation(summary = "A payment")
    public PaymentView payment(String paymentId) {
        return payments.payment(new PaymentId(paymentId), Optional.empty());
    }

    @Override
    @Operation(summary = "Cancel a pending payment; 409 naming the state once captured")
    public PaymentView cancel(String paymentId) {
        return payments.cancel(new PaymentId(paymentId));
    }

    @Override
    @Operation(summary = "Refund part or all of a captured payment (idempotent by refund id)")
    public PaymentView refund(String paymentId, String refundId, RefundRequest refund) {
        return payments.refund(new PaymentId(paymentId), refundId, refund.amount());
    }
}
