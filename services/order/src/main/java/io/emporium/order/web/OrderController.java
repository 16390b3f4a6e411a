package io.emporium.order.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.emporium.kernel.CheckoutId;
import io.emporium.kernel.OrderId;
import io.emporium.kernel.Page;
import io.emporium.kernel.PageRequest;
import io.emporium.order.api.CheckoutProgress;
import io.emporium.order.api.CheckoutRequest;
import io.emporium.order.api.CheckoutView;
import io.emporium.order.api.OrderView;
import io.emporium.order.api.RefundDecision;
import io.emporium.order.api.RefundRequestBody;
import io.emporium.order.api.ShipmentRequest;
import io.emporium.order.application.CheckoutService;
import io.emporium.order.application.OrderService;
import io.emporium.order.domain.OrderStatus;
import io.emporium.platform.problem.BadRequestException;
import io.emporium.platform.security.Caller;
import io.emporium.platform.security.CurrentCaller;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Checkout and orders: customers see and act on their own, merchants on theirs, admins see all. */
@RestController
@RequestMapping("/api/orders")
public class OrderController {

    private final CheckoutService checkouts;
    private final OrderService orders;
    public OrderController(CheckoutService checkouts, OrderService orders) {
        this.checkouts = checkouts;
        this.orders = orders;
    }

    /** The price breakdown of the caller's cart with the coupons given, holding nothing. */
    @Operation(operationId = "quoteCheckout", summary = "Price the cart with the coupons given, holding nothing")
    @PostMapping("/checkout-quotes")
    public io.emporium.order.api.Pricing quote(@Valid @RequestBody(required = false) QuoteRequest request) {
        return checkouts.quote(CurrentCaller.get().requireCustomer(), request == null ? List.of() : request.couponCodes());
    }

    @Schema(name = "CheckoutQuoteRequest")
    public record QuoteRequest(@jakarta.validation.constraints.Size(max = 5)
            List<@jakarta.validation.constraints.NotBlank @jakarta.validation.constraints.Size(max = 64) String> couponCodes) {
    }

    @Operation(operationId = "checkout", summary = "Check out the cart: one order per merchant and one payment",
            description = "Pay at the sandbox with POST /api/payments/{paymentId}/sandbox/approve; the orders become PAID"
                    + " when the gateway's capture arrives. Repeating the request with the same Idempotency-Key answers the"
                    + " first checkout again (Idempotent-Replayed: true); the same key with a different body is refused (422).")
    @Parameter(name = "Idempotency-Key", in = ParameterIn.HEADER, required = true,
            description = "one key per checkout attempt, repeated on retries", schema = @Schema(type = "string", pattern = "^[A-Za-z0-9_.:-]{8,128}$"))
    @ApiResponse(responseCode = "201", description = "The checkout was placed (or, for a repeated key, is the one placed before)",
            headers = {@Header(name = "Location", description = "the first order", schema = @Schema(type = "string")),
                    @Header(name = "Idempotent-Replayed", description = "true when this answers an earlier request with the same key",
                            schema = @Schema(type = "boolean"))})
    @ApiResponse(responseCode = "202", description = "The checkout goes on without this request (a service it needs is slow"
            + " or away). No body: follow Location (GET /api/orders/checkouts/{checkoutId}) until the checkout has its orders"
            + " (or its refusal); repeating this request with the same Idempotency-Key answers 201 once they exist",
            headers = {@Header(name = "Location", description = "the checkout", schema = @Schema(type = "string")),
                    @Header(name = "Idempotent-Replayed", schema = @Schema(type = "boolean"))},
            content = @io.swagger.v3.oas.annotations.media.Content)
    @PostMapping("/checkouts")
    public ResponseEntity<CheckoutView> checkout(@RequestHeader(name = "Idempotency-Key", required = false) String key,
            @Valid @RequestBody CheckoutRequest request) {
        Caller caller = CurrentCaller.get();
        CheckoutService.Result result = checkouts.checkout(caller.requireCustomer(), key, request);
        if (!result.placed()) {
            return ResponseEntity.accepted().location(URI.create("/api/orders/checkouts/" + result.progress().checkoutId()))
                    .header("Idempotent-Replayed", Boolean.toString(result.replayed())).build();
        }
        return ResponseEntity.created(URI.create("/api/orders/" + result.checkout().orders().getFirst().id()))
                .header("Idempotent-Replayed", Boolean.toString(result.replayed()))
                .body(result.checkout());
    }

    @Operation(operationId = "getCheckout", summary = "Where a checkout of the caller stands (after a 202)")
    @GetMapping("/checkouts/{checkoutId}")
    public CheckoutProgress checkoutProgress(@PathVariable String checkoutId) {
        return checkouts.progress(CurrentCaller.get().requireCustomer(), new CheckoutId(checkoutId));
    }

    @Operation(operationId = "listOrders", summary = "Orders: a customer's own, a merchant's, or (admins) all; newest first")
    @Parameter(name = "status", schema = @Schema(allowableValues = {"PENDING_PAYMENT", "PAID", "SHIPPED", "DELIVERED", "COMPLETED",
            "CANCELLED", "REFUND_REQUESTED", "REFUNDED"}))
    @Parameter(name = "page", description = "0 for the first page", schema = @Schema(type = "integer", minimum = "0", defaultValue = "0"))
    @Parameter(name = "size", schema = @Schema(type = "integer", minimum = "1", maximum = "100", defaultValue = "20"))
    @GetMapping
    public Page<OrderView> list(@RequestParam Optional<String> status, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        Optional<OrderStatus> filter = status.map(s -> {
            try {
                return OrderStatus.valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("invalid-request", "status must be one of " + java.util.Arrays.toString(OrderStatus.values()));
            }
        });
        return orders.list(CurrentCaller.get(), filter, new PageRequest(page, size));
    }

    @Operation(operationId = "getOrder", summary = "An order (its customer, its merchant, admins)")
    @GetMapping("/{orderId}")
    public OrderView order(@PathVariable String orderId) {
        return orders.order(new OrderId(orderId), CurrentCaller.get());
    }

    @Operation(operationId = "cancelOrder", summary = "Cancel an unpaid order (its customer)")
    @PostMapping("/{orderId}/cancellation")
    public OrderView cancel(@PathVariable String orderId) {
        return orders.cancelByCustomer(new OrderId(orderId), CurrentCaller.get());
    }

    @Operation(operationId = "shipOrder", summary = "Ship a paid order (its merchant)")
    @PostMapping("/{orderId}/shipment")
    public OrderView ship(@PathVariable String orderId, @Valid @RequestBody ShipmentRequest shipment) {
        Caller caller = merchant();
        return orders.ship(new OrderId(orderId), caller, shipment.carrier(), shipment.trackingNumber());
    }

    @Operation(operationId = "confirmDelivery", summary = "Confirm that a shipped order arrived (its customer)")
    @PostMapping("/{orderId}/delivery-confirmation")
    public OrderView confirmDelivery(@PathVariable String orderId) {
        return orders.confirmDelivery(new OrderId(orderId), CurrentCaller.get());
    }

    @Operation(operationId = "requestRefund", summary = "Ask for a refund of a paid or delivered order (its customer)")
    @PostMapping("/{orderId}/refund-request")
    public OrderView requestRefund(@PathVariable String orderId, @Valid @RequestBody RefundRequestBody request) {
        return orders.requestRefund(new OrderId(orderId), CurrentCaller.get(), request.reason());
    }

    @Operation(operationId = "decideRefund", summary = "Approve or refuse a refund request (its merchant)")
    @PostMapping("/{orderId}/refund-decision")
    public OrderView decideRefund(@PathVariable String orderId, @Valid @RequestBody RefundDecision decision) {
        Caller caller = merchant();
        return orders.decideRefund(new OrderId(orderId), caller, decision.approve(), decision.note());
    }

    /** The caller if merchant staff, checked before the order id is read: anyone else hears 403 whatever the id, as before. */
    private static Caller merchant() {
        Caller caller = CurrentCaller.get();
        caller.requireMerchant();
        return caller;
    }
}
