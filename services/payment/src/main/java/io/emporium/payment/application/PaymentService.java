package io.emporium.payment.application;

import io.emporium.coordination.Fence;
import io.emporium.kernel.CheckoutId;
import io.emporium.kernel.CustomerId;
import io.emporium.kernel.Identifiers;
import io.emporium.kernel.PaymentId;
import io.emporium.kernel.Money;
import io.emporium.messaging.Outbox;
import io.emporium.payment.api.PaymentCaptured;
import io.emporium.payment.api.PaymentFailed;
import io.emporium.payment.api.PaymentRefunded;
import io.emporium.payment.api.PaymentView;
import io.emporium.payment.domain.IllegalPaymentTransition;
import io.emporium.payment.domain.PaymentIntent;
import io.emporium.payment.domain.PaymentStatus;
import io.emporium.platform.problem.ConflictException;
import io.emporium.platform.problem.ForbiddenException;
import io.emporium.platform.problem.NotFoundException;
import io.emporium.platform.security.Caller;
import io.emporium.platform.security.Role;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Payment intents and what the gateway tells us about them. Every state change and the event
 * that reports it are written in one transaction (the outbox); so is every request to the gateway
 * the change calls for ({@link GatewayRequestSender}), which is sent after the commit, outside any
 * transaction, until the gateway answers.
 */
@Service
public class PaymentService {

    private static final Logger log = LoggerFactory.getLogger(PaymentService.class);
    static final String SCHEMA = "payment";

    /**
     * What became of a callback. REJECTED_* are answered 422 and kept on record apart from the events
     * taken in, so a refused callback does not use up its event id.
     */
    public enum CallbackOutcome { APPLIED, DUPLICATE, IGNORED, REJECTED_AMOUNT, REJECTED_UNKNOWN }

    private final PaymentRepository payments;
    private final GatewayRequestSender toGateway;
    private final Outbox outbox;
    private final Clock clock;
    private final Fence fence;
    private final GatewayRequestRepository requests;

    public PaymentService(PaymentRepository payments, GatewayRequestSender toGateway, GatewayRequestRepository requests,
            Outbox outbox, Clock clock, Fence fence) {
        this.payments = payments;
        this.requests = requests;
        this.toGateway = toGateway;
        this.outbox = outbox;
        this.clock = clock;
        this.fence = fence;
    }

    @Transactional
    public PaymentView open(CheckoutId checkoutId, CustomerId customerId, Money amount) {
        PaymentIntent intent = PaymentIntent.open(PaymentId.newId(), checkoutId, customerId, amount, clock.instant());
        if (!payments.insert(intent)) {
            PaymentIntent existing = payments.findByCheckout(checkoutId).orElseThrow();
            if (!existing.amount().equals(amount) || !existing.customerId().equals(customerId)) {
                throw new ConflictException("payment-exists", "checkout " + checkoutId + " already has a different payment");
            }
            return view(existing);
        }
        return view(intent);
    }

    @Transactional(readOnly = true)
    public PaymentView intentOf(CheckoutId checkoutId) {
        return view(payments.findByCheckout(checkoutId).orElseThrow(() -> new NotFoundException("unknown-payment",
                "checkout " + checkoutId + " has no payment")));
    }

    @Transactional(readOnly = true)
    public PaymentView payment(PaymentId paymentId, Optional<Caller> caller) {
        PaymentIntent intent = require(paymentId, false);
        caller.ifPresent(c -> requireOwner(c, intent));
        return view(intent);
    }

    @Transactional
    public PaymentView cancel(PaymentId paymentId) {
        PaymentIntent intent = require(paymentId, true);
        if (intent.cancel(clock.instant())) {
            payments.update(intent);
        }
        return view(intent);
    }

    @Transactional
    public PaymentView refund(PaymentId paymentId, String refundId, Money amount) {
        Identifiers.requireValid(refundId, "refund id");
        PaymentIntent intent = require(paymentId, true);
        Optional<PaymentRepository.Refund> earlier = payments.findRefund(paymentId.value(), refundId,
                intent.amount().currency().getCurrencyCode());
        if (earlier.isPresent()) {
            if (!earlier.get().amount().equals(amount)) {
                throw new ConflictException("refund-id-reused", "refund " + refundId + " was requested with another amount");
            }
            // a refund still REQUESTED is being asked for until the gateway answers: nothing more to do
            return view(intent);
        }
        intent.checkRefundable(amount, payments.requestedRefunds(intent));
        payments.insertRefund(paymentId.value(), refundId, amount, clock.instant());
        toGateway.enqueue(new GatewayRequest(Identifiers.newId("gwr"), GatewayRequest.Kind.REFUND, paymentId.value(), refundId, amount, 0));
        return view(intent);
    }

    /**
     * The customer approves (or declines) at the sandbox gateway; the outcome arrives later by
     * callback. Only the first answer is sent to the gateway: approving twice sends one capture.
     */
    @Transactional
    public PaymentView approveAtGateway(PaymentId paymentId, Caller caller, boolean approve) {
        PaymentIntent intent = require(paymentId, true);
        requireOwner(caller, intent);
        if (intent.status() != PaymentStatus.PENDING) {
            throw new IllegalPaymentTransition(paymentId, intent.status(), approve ? "approved" : "declined");
        }
        if (payments.markCaptureRequested(paymentId, clock.instant())) {
            toGateway.enqueue(new GatewayRequest(Identifiers.newId("gwr"),
                    approve ? GatewayRequest.Kind.CAPTURE : GatewayRequest.Kind.DECLINE, paymentId.value(), null, intent.amount(), 0));
        }
        return view(intent);
    }

    /**
     * Applies a verified gateway callback once, whatever the number of deliveries. The caller holds
     * the payment's lock; its token fences this transaction, so a holder that lost the lock (paused
     * past its lease) changes nothing.
     */
    @Transactional
    public CallbackOutcome handle(GatewayCallback callback, java.util.Optional<io.emporium.coordination.LockHandle> lock) {
        lock.ifPresent(held -> fence.check(SCHEMA, held));
        Instant now = clock.instant();
        if (payments.gatewayEventSeen(callback.eventId())) {
            answered(callback, now); // a repeated request's repeated callback answers it too
            return CallbackOutcome.DUPLICATE;
        }
        Optional<PaymentIntent> found = Identifiers.isValid(callback.paymentId())
                ? payments.find(new PaymentId(callback.paymentId()), true) : Optional.empty();
        if (found.isEmpty()) {
            return refuse(callback, CallbackOutcome.REJECTED_UNKNOWN, "no such payment", now);
        }
        PaymentIntent intent = found.get();
        return switch (callback.type()) {
            case GatewayCallback.CAPTURED -> captured(intent, callback, now);
            case GatewayCallback.FAILED -> failed(intent, callback, now);
            case GatewayCallback.REFUNDED -> refunded(intent, callback, now);
            default -> refuse(callback, CallbackOutcome.REJECTED_UNKNOWN, "unknown callback type " + callback.type(), now);
        };
    }

    /**
     * Takes the callback's event id, under the payment's row lock: false if a concurrent delivery of
     * the same event took it first (that one's effect stands).
     */
    private boolean takeIn(GatewayCallback callback, Instant now) {
        if (!payments.recordGatewayEvent(callback.eventId(), callback.paymentId(), callback.type(), "RECEIVED", null, now)) {
            return false;
        }
        answered(callback, now);
        return true;
    }

    private CallbackOutcome captured(PaymentIntent intent, GatewayCallback callback, Instant now) {
        if (!intent.amount().equals(callback.amount())) {
            log.warn("capture callback {} for {} names {} but the payment is {}", callback.eventId(), intent.id(),
                    callback.amount(), intent.amount());
            return refuse(callback, CallbackOutcome.REJECTED_AMOUNT,
                    "amount " + callback.amount() + " does not match " + intent.amount(), now);
        }
        if (!takeIn(callback, now)) {
            return CallbackOutcome.DUPLICATE;
        }
        switch (intent.capture(callback.gatewayReference(), now)) {
            case CAPTURED -> {
                payments.update(intent);
                outbox.append(SCHEMA, intent.id().value(), new PaymentCaptured(intent.id().value(), intent.checkoutId().value(), intent.amount(), now));
                return record(callback, CallbackOutcome.APPLIED, null);
            }
            case MUST_REVERSE -> {
                payments.update(intent);
                String refundId = "reversal";
                payments.insertRefund(intent.id().value(), refundId, intent.amount(), now);
                toGateway.enqueue(new GatewayRequest(Identifiers.newId("gwr"), GatewayRequest.Kind.REFUND, intent.id().value(), refundId,
                        intent.amount(), 0));
                return record(callback, CallbackOutcome.APPLIED, "captured after the payment ended; reversing");
            }
            default -> {
                return record(callback, CallbackOutcome.IGNORED, "already captured");
            }
        }
    }

    private CallbackOutcome failed(PaymentIntent intent, GatewayCallback callback, Instant now) {
        if (!takeIn(callback, now)) {
            return CallbackOutcome.DUPLICATE;
        }
        if (!intent.fail(now)) {
            return record(callback, CallbackOutcome.IGNORED, "payment is " + intent.status());
        }
        payments.update(intent);
        outbox.append(SCHEMA, intent.id().value(), new PaymentFailed(intent.id().value(), intent.checkoutId().value(), "declined at the gateway", now));
        return record(callback, CallbackOutcome.APPLIED, null);
    }

    private CallbackOutcome refunded(PaymentIntent intent, GatewayCallback callback, Instant now) {
        String currency = intent.amount().currency().getCurrencyCode();
        Optional<PaymentRepository.Refund> refund = callback.refundId() == null ? Optional.empty()
                : payments.findRefund(intent.id().value(), callback.refundId(), currency);
        if (refund.isEmpty()) {
            return refuse(callback, CallbackOutcome.REJECTED_UNKNOWN, "no such refund " + callback.refundId(), now);
        }
        if (!refund.get().amount().equals(callback.amount())) {
            return refuse(callback, CallbackOutcome.REJECTED_AMOUNT,
                    "amount " + callback.amount() + " does not match the refund's " + refund.get().amount(), now);
        }
        if (!takeIn(callback, now)) {
            return CallbackOutcome.DUPLICATE;
        }
        if (refund.get().status().equals("SUCCEEDED")) {
            return record(callback, CallbackOutcome.IGNORED, "refund already succeeded");
        }
        payments.completeRefund(intent.id().value(), callback.refundId(), now);
        if (intent.status() == PaymentStatus.REVERSING) {
            intent.reversed(now);
            payments.update(intent);
        } else {
            intent.refunded(callback.amount(), now);
            payments.update(intent);
            outbox.append(SCHEMA, intent.id().value(), new PaymentRefunded(intent.id().value(), intent.checkoutId().value(), callback.refundId(),
                    callback.amount(), now));
        }
        return record(callback, CallbackOutcome.APPLIED, null);
    }

    private CallbackOutcome record(GatewayCallback callback, CallbackOutcome outcome, String detail) {
        payments.setGatewayEventOutcome(callback.eventId(), outcome.name(), detail);
        return outcome;
    }

    /** The request the callback answers needs sending no more. */
    private void answered(GatewayCallback callback, Instant now) {
        if (callback.type().equals(GatewayCallback.REFUNDED) && callback.refundId() != null) {
            requests.refundAnswered(callback.paymentId(), callback.refundId(), now);
        } else if (callback.type().equals(GatewayCallback.CAPTURED) || callback.type().equals(GatewayCallback.FAILED)) {
            requests.paymentAnswered(callback.paymentId(), now);
        }
    }

    /** Keeps a refused callback on record without taking its event id: a corrected one may follow under it. */
    private CallbackOutcome refuse(GatewayCallback callback, CallbackOutcome outcome, String detail, Instant now) {
        payments.recordRefusal(callback.eventId(), callback.paymentId(), callback.type(), outcome.name(), detail, now);
        return outcome;
    }

    private PaymentIntent require(PaymentId paymentId, boolean lock) {
        return payments.find(paymentId, lock)
                .orElseThrow(() -> new NotFoundException("unknown-payment", "payment " + paymentId + " does not exist"));
    }

    private static void requireOwner(Caller caller, PaymentIntent intent) {
        if (caller.role() == Role.ADMIN) {
            return;
        }
        if (caller.role() != Role.CUSTOMER || !intent.ownedBy(new CustomerId(caller.accountId()))) {
            throw new ForbiddenException("not-your-payment", "this payment belongs to another customer");
        }
    }

    static PaymentView view(PaymentIntent p) {
        return new PaymentView(p.id().value(), p.checkoutId().value(), p.customerId().value(), p.status().name(), p.amount(), p.refunded(),
                p.createdAt(), p.updatedAt());
    }
}
