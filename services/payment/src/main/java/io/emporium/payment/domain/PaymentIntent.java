package io.emporium.payment.domain;

import io.emporium.kernel.CheckoutId;
import io.emporium.kernel.CustomerId;
import io.emporium.kernel.Money;
import io.emporium.kernel.PaymentId;
import io.emporium.kernel.RuleViolation;
import java.time.Instant;
import java.util.Objects;

/**
 * One payment for one checkout. At most one capture ever takes effect: capturing is only
 * possible from PENDING. A capture that arrives after the intent was cancelled or failed is
 * money taken by mistake: the intent goes to REVERSING and the money is given back.
 */
public final class PaymentIntent {

    public enum CaptureOutcome { CAPTURED, ALREADY_CAPTURED, MUST_REVERSE }

    private final PaymentId id;
    private final CheckoutId checkoutId;
    private final CustomerId customerId;
    private final Money amount;
    private final Instant createdAt;
    private PaymentStatus status;
    private Money refunded;
    private String gatewayReference;
    private Instant updatedAt;

    public PaymentIntent(PaymentId id, CheckoutId checkoutId, CustomerId customerId, Money amount, PaymentStatus status, Money refunded,
            String gatewayReference, Instant createdAt, Instant updatedAt) {
        this.id = Objects.requireNonNull(id);
        this.checkoutId = Objects.requireNonNull(checkoutId);
        this.customerId = Objects.requireNonNull(customerId);
        this.amount = Objects.requireNonNull(amount);
        this.status = Objects.requireNonNull(status);
        this.refunded = Objects.requireNonNull(refunded);
        this.gatewayReference = gatewayReference;
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
        if (!amount.isPositive()) {
            throw new RuleViolation("invalid-amount", "a payment must be for more than zero");
        }
    }

    public static PaymentIntent open(PaymentId id, CheckoutId checkoutId, CustomerId customerId, Money amount, Instant now) {
        return new PaymentIntent(id, checkoutId, customerId, amount, PaymentStatus.PENDING, Money.zero(amount.currency()), null,
                now, now);
    }

    public CaptureOutcome capture(String reference, Instant now) {
        switch (status) {
            case PENDING -> {
                status = PaymentStatus.CAPTURED;
                gatewayReference = reference;
                updatedAt = now;
                return CaptureOutcome.CAPTURED;
            }
            case CANCELLED, FAILED -> {
                status = PaymentStatus.REVERSING;
                gatewayReference = reference;
                updatedAt = now;
                return CaptureOutcome.MUST_REVERSE;
            }
            default -> {
                return CaptureOutcome.ALREADY_CAPTURED;
            }
        }
    }

    /** PENDING → FAILED; false (no change) when the payment already left PENDING. */
    public boolean fail(Instant now) {
        if (status != PaymentStatus.PENDING) {
            return false;
        }
        status = PaymentStatus.FAILED;
        updatedAt = now;
        return true;
    }

    /**
     * PENDING → CANCELLED. Idempotent, and a no-op for a payment that will not be paid anyway (failed,
     * or a late capture being given back); refused once money was taken and kept.
     */
    public boolean cancel(Instant now) {
        if (status == PaymentStatus.CANCELLED || status == PaymentStatus.FAILED || status == PaymentStatus.REVERSING
                || status == PaymentStatus.REVERSED) {
            return false;
        }
        if (status != PaymentStatus.PENDING) {
            throw new IllegalPaymentTransition(id, status, "cancelled");
        }
        status = PaymentStatus.CANCELLED;
        updatedAt = now;
        return true;
    }

    /** Checks that a refund of {@code requested} fits in what was captured, counting refunds still under way. */
    public void checkRefundable(Money requested, Money alreadyRequested) {
        if (status != PaymentStatus.CAPTURED && status != PaymentStatus.PARTIALLY_REFUNDED) {
            throw new IllegalPaymentTransition(id, status, "refunded");
        }
        if (!requested.isPositive() || alreadyRequested.plus(requested).compareTo(amount) > 0) {
            throw new RuleViolation("refund-too-large",
                    "refunds may not exceed the captured " + amount + " (" + alreadyRequested + " already requested)");
        }
    }

    public void refunded(Money refundAmount, Instant now) {
        refunded = refunded.plus(refundAmount);
        status = refunded.compareTo(amount) >= 0 ? PaymentStatus.REFUNDED : PaymentStatus.PARTIALLY_REFUNDED;
        updatedAt = now;
    }

    public void reversed(Instant now) {
        if (status != PaymentStatus.REVERSING) {
            throw new IllegalPaymentTransition(id, status, "reversed");
        }
        status = PaymentStatus.REVERSED;
        updatedAt = now;
    }

    public boolean ownedBy(CustomerId customer) {
        return customerId.equals(customer);
    }

    public PaymentId id() { return id; }
    public CheckoutId checkoutId() { return checkoutId; }
    public CustomerId customerId() { return customerId; }
    public Money amount() { return amount; }
    public PaymentStatus status() { return status; }
    public Money refunded() { return refunded; }
    public String gatewayReference() { return gatewayReference; }
    public Instant createdAt() { return createdAt; }
    public Instant updatedAt() { return updatedAt; }
}
