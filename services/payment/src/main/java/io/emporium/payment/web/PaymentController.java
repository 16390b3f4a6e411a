package io.emporium.payment.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.emporium.coordination.CoordinationException;
import io.emporium.coordination.DistributedLocks;
import io.emporium.coordination.LockHandle;
import io.emporium.kernel.PaymentId;
import io.emporium.kernel.Identifiers;
import io.emporium.kernel.Money;
import io.emporium.platform.problem.ServiceUnavailableException;
import java.time.Duration;
import java.util.Optional;
import io.emporium.payment.api.PaymentView;
import io.emporium.payment.application.CallbackSignature;
import io.emporium.payment.application.GatewayCallback;
import io.emporium.payment.application.PaymentService;
import io.emporium.platform.problem.BadRequestException;
import io.emporium.platform.problem.Problems;
import io.emporium.platform.problem.UnauthenticatedException;
import io.emporium.platform.security.CurrentCaller;
import java.time.Instant;
import java.util.Optional;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Customers' view of their payments, their actions at the sandbox gateway, and the gateway's callbacks. */
@RestController
@RequestMapping("/api/payments")
public class PaymentController {

    private static final Duration CALLBACK_LEASE = Duration.ofSeconds(30);
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PaymentController.class);

    private final PaymentService payments;
    private final CallbackSignature signature;
    private final JsonMapper json;
    private final DistributedLocks locks;

    public PaymentController(PaymentService payments, CallbackSignature signature, JsonMapper json, DistributedLocks locks) {
        this.payments = payments;
        this.signature = signature;
        this.json = json;
        this.locks = locks;
    }

    private static ServiceUnavailableException busy(String why) {
        return new ServiceUnavailableException("payment-busy", "the callback cannot be handled now (" + why + "); send it again",
                java.util.Map.of("retryAfterSeconds", 1));
    }

    @Operation(operationId = "getPayment", summary = "A payment (its customer, admins)")
    @GetMapping("/{paymentId}")
    public PaymentView payment(@PathVariable String paymentId) {
        return payments.payment(new PaymentId(paymentId), Optional.of(CurrentCaller.get()));
    }

    @Operation(operationId = "approveAtSandbox", summary = "Approve the payment at the sandbox gateway (its customer)",
            description = "The gateway captures the payment and reports it with a signed callback moments later; the orders"
                    + " become PAID then. Poll GET /api/orders/{orderId}.")
    @ApiResponse(responseCode = "202", description = "The gateway accepted the approval; the capture follows")
    @PostMapping("/{paymentId}/sandbox/approve")
    public ResponseEntity<PaymentView> approve(@PathVariable String paymentId) {
        return ResponseEntity.accepted().body(payments.approveAtGateway(new PaymentId(paymentId), CurrentCaller.get(), true));
    }

    @Operation(operationId = "declineAtSandbox", summary = "Decline the payment at the sandbox gateway (its customer)")
    @ApiResponse(responseCode = "202", description = "The gateway accepted the decline; the failure follows")
    @PostMapping("/{paymentId}/sandbox/decline")
    public ResponseEntity<PaymentView> decline(@PathVariable String paymentId) {
        return ResponseEntity.accepted().body(payments.approveAtGateway(new PaymentId(paymentId), CurrentCaller.get(), false));
    }

    /** The gateway's callback; only a correctly signed body has any effect. */
    @Operation(operationId = "receiveGatewayCallback", summary = "The sandbox gateway's signed callback",
            description = "Only a body whose signature header verifies has any effect.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @io.swagger.v3.oas.annotations.media.Content(
                    mediaType = "application/json", schema = @Schema(implementation = GatewayCallbackBody.class))))
    @Parameter(name = CallbackSignature.HEADER, in = ParameterIn.HEADER, required = true,
            description = "the gateway's signature of the body", schema = @Schema(type = "string"))
    @ApiResponse(responseCode = "200", description = "The callback was handled (or recognised as a duplicate)",
            content = @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/json",
                    schema = @Schema(implementation = CallbackOutcomeView.class)))
    @ApiResponse(responseCode = "401", description = "The signature is missing, wrong or too old")
    @ApiResponse(responseCode = "422", description = "The callback names no payment we know, or its amount does not match")
    @PostMapping("/sandbox/callbacks")
    public ResponseEntity<?> callback(@RequestHeader(name = CallbackSignature.HEADER, required = false) String header,
            @RequestBody String body) {
        if (!signature.verify(header, body)) {
            throw new UnauthenticatedException("bad-signature", "the callback signature is missing, wrong or too old");
        }
        GatewayCallback callback = parse(body);
        if (!Identifiers.isValid(callback.paymentId())) {
            throw new BadRequestException("malformed-callback", "the callback's paymentId is not a valid id");
        }
        PaymentService.CallbackOutcome outcome;
        // One callback per payment at a time across processes, fenced. The lock is for efficiency: without
        // ZooKeeper the callback is still applied, under the database's guarantees (the payment row is
        // locked and the event id is unique), because a capture the gateway reports is money taken.
        Optional<LockHandle> lock;
        try {
            lock = locks.lock("payment-" + callback.paymentId(), CALLBACK_LEASE).acquire(Duration.ofSeconds(5));
            if (lock.isEmpty()) {
                throw busy("another callback for this payment is being handled");
            }
        } catch (CoordinationException e) {
            log.warn("handling callback {} without the payment's lock: {}", callback.eventId(), e.getMessage());
            lock = Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy("interrupted");
        }
        try {
            outcome = payments.handle(callback, lock);
        } finally {
            lock.ifPresent(LockHandle::close);
        }
        return switch (outcome) {
            case REJECTED_AMOUNT -> ResponseEntity.unprocessableContent().body(problem("amount-mismatch",
                    "the callback's amount or currency does not match the payment; it was recorded and not applied"));
            case REJECTED_UNKNOWN -> ResponseEntity.unprocessableContent().body(problem("unknown-payment-or-refund",
                    "the callback names no payment or refund we know; it was recorded and not applied"));
            default -> ResponseEntity.ok(java.util.Map.of("outcome", outcome.name()));
        };
    }

    private GatewayCallback parse(String body) {
        try {
            JsonNode node = json.readTree(body);
            String eventId = text(node, "eventId");
            String paymentId = text(node, "paymentId");
            String type = text(node, "type");
            JsonNode amount = node.path("amount");
            Money money = Money.of(text(amount, "amount"), text(amount, "currency"));
            String refundId = node.hasNonNull("refundId") ? node.get("refundId").asString() : null;
            Instant occurredAt = node.hasNonNull("occurredAt") ? Instant.parse(node.get("occurredAt").asString()) : Instant.now();
            return new GatewayCallback(eventId, paymentId, type, money, refundId,
                    node.path("gatewayReference").asString(null), occurredAt);
        } catch (JacksonException | java.time.format.DateTimeParseException e) {
            throw new BadRequestException("malformed-callback", "the callback is not valid JSON of the expected shape");
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isString() || value.asString().isBlank()) {
            throw new BadRequestException("malformed-callback", "the callback has no '" + field + "'");
        }
        return value.asString();
    }

    private static ProblemDetail problem(String type, String detail) {
        return Problems.of(422, type, detail);
    }
}
